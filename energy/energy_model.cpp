#include "energy/energy_model.h"

#include <cmath>
#include <cstdio>

#include "golden/model_error.h"

namespace meridian {
namespace {

uint64_t counter_by_name(const std::string& name, const CoreCounters& c, uint64_t ticks) {
  if (name == kCoreTicksCount) return ticks;
  for (int i = 0; i < kCounterFields; ++i)
    if (name == counter_name(i)) return counter_value(c, i);
  throw ModelError("energy model: unknown counter name \"" + name + "\"");
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

uint64_t action_count(const EnergyAction& action, const CoreCounters& c, uint64_t ticks) {
  uint64_t n = 0;
  for (const auto& name : action.counts) n += counter_by_name(name, c, ticks);
  return n;
}

EnergyReport compute_energy(const EnergyTable& table,
                            const std::vector<CoreCounters>& per_core, uint64_t ticks,
                            double tick_us, const Geometry& g, const EnergyOptions& opt) {
  if (per_core.size() != static_cast<size_t>(g.cores()))
    throw ModelError("energy model: " + std::to_string(per_core.size()) +
                     " core counter sets for a " + std::to_string(g.width) + "x" +
                     std::to_string(g.height) + " chip (need " + std::to_string(g.cores()) + ")");
  if (ticks == 0) throw ModelError("energy model: ticks must be at least 1");
  if (!(tick_us > 0) || !std::isfinite(tick_us))
    throw ModelError("energy model: tick period " + num(tick_us) + " us must be positive and finite");
  EnergyReport r;
  r.table = table.name;
  r.geometry = g;
  r.ticks = ticks;
  r.tick_us = tick_us;
  // Only 0 means "nominal": NaN or a negative supply reaches the range check below.
  r.vdd = opt.vdd == 0 ? table.nominal_vdd : opt.vdd;
  r.duration_s = static_cast<double>(ticks) * tick_us * 1e-6;
  const double scale = table.dynamic_scale(r.vdd);
  const double leak_mw = table.leakage_mw_per_core(r.vdd);  // throws outside the range

  r.core_energy_pj.assign(per_core.size(), 0.0);
  for (const auto& a : table.actions) {
    EnergyLine line{a.component, a.action, 0, a.energy_pj * (a.scales_with_vdd ? scale : 1.0), 0};
    uint64_t total = 0;
    for (size_t k = 0; k < per_core.size(); ++k) {
      const uint64_t n = action_count(a, per_core[k], ticks);
      total += n;
      r.core_energy_pj[k] += static_cast<double>(n) * line.energy_pj_each;
    }
    line.count = static_cast<double>(total);
    line.energy_pj = line.count * line.energy_pj_each;
    r.dynamic_pj += line.energy_pj;
    r.lines.push_back(line);
  }
  // mW x s = mJ = 1e9 pJ.
  const double leak_core_pj = leak_mw * r.duration_s * 1e9;
  for (double& e : r.core_energy_pj) e += leak_core_pj;
  EnergyLine leak{"leakage", "static", static_cast<double>(g.cores()) * r.duration_s,
                  leak_mw * 1e9, 0};
  leak.energy_pj = leak_core_pj * g.cores();
  r.leakage_pj = leak.energy_pj;
  r.lines.push_back(leak);

  for (const auto& c : per_core) r.synaptic_events += c.synaptic_events;
  r.total_pj = r.dynamic_pj + r.leakage_pj;
  r.power_mw = r.total_pj / r.duration_s * 1e-9;
  r.energy_per_tick_pj = r.total_pj / static_cast<double>(ticks);
  r.ticks_per_frame = opt.ticks_per_frame;
  if (opt.ticks_per_frame > 0)
    r.energy_per_frame_pj = r.energy_per_tick_pj * static_cast<double>(opt.ticks_per_frame);
  if (r.synaptic_events > 0 && r.total_pj > 0) {
    const double events = static_cast<double>(r.synaptic_events);
    r.pj_per_synaptic_event = r.total_pj / events;
    // (events / s) / W / 1e9 = events / J / 1e9 = events / (total_pj * 1e-12) / 1e9.
    r.gsops_per_w = events / r.total_pj * 1e3;
  }
  return r;
}

}  // namespace meridian
