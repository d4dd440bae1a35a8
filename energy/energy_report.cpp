#include "energy/energy_report.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace meridian {
namespace {

using Json = nlohmann::ordered_json;

// Shortest text that reads back as the same double, so CSV and JSON carry exact values.
std::string exact(double v) {
  char buf[40];
  for (int digits = 15; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// (name, value, defined) for every scalar of the report, in one place for CSV and text.
std::vector<std::pair<std::string, std::pair<double, bool>>> scalars(const EnergyReport& r) {
  const bool syn = r.synaptic_events > 0;
  return {
      {"ticks", {static_cast<double>(r.ticks), true}},
      {"tick_us", {r.tick_us, true}},
      {"vdd", {r.vdd, true}},
      {"duration_s", {r.duration_s, true}},
      {"cores", {static_cast<double>(r.geometry.cores()), true}},
      {"synaptic_events", {static_cast<double>(r.synaptic_events), true}},
      {"dynamic_pj", {r.dynamic_pj, true}},
      {"leakage_pj", {r.leakage_pj, true}},
      {"total_pj", {r.total_pj, true}},
      {"power_mw", {r.power_mw, true}},
      {"energy_per_tick_pj", {r.energy_per_tick_pj, true}},
      {"ticks_per_frame", {static_cast<double>(r.ticks_per_frame), r.ticks_per_frame > 0}},
      {"energy_per_frame_pj", {r.energy_per_frame_pj, r.ticks_per_frame > 0}},
      {"pj_per_synaptic_event", {r.pj_per_synaptic_event, syn}},
      {"gsops_per_w", {r.gsops_per_w, syn}},
  };
}

}  // namespace

std::string energy_report_text(const EnergyReport& r) {
  std::ostringstream o;
  o << "energy table " << r.table << ", " << r.geometry.width << "x" << r.geometry.height
    << " cores, " << r.ticks << " ticks of " << r.tick_us << " us, " << fixed(r.vdd, 3) << " V\n";
  o << "  total energy       " << fixed(r.total_pj * 1e-6, 6) << " uJ  (dynamic "
    << fixed(r.dynamic_pj * 1e-6, 6) << ", leakage " << fixed(r.leakage_pj * 1e-6, 6) << ")\n";
  o << "  average power      " << fixed(r.power_mw, 4) << " mW\n";
  o << "  energy per tick    " << fixed(r.energy_per_tick_pj * 1e-6, 6) << " uJ\n";
  if (r.ticks_per_frame > 0)
    o << "  energy per frame   " << fixed(r.energy_per_frame_pj * 1e-6, 6) << " uJ ("
      << r.ticks_per_frame << " ticks)\n";
  o << "  synaptic events    " << r.synaptic_events << "\n";
  if (r.synaptic_events > 0) {
    o << "  per synaptic event " << fixed(r.pj_per_synaptic_event, 3) << " pJ (all energy)\n";
    o << "  efficiency         " << fixed(r.gsops_per_w, 3) << " GSOPS/W\n";
  } else {
    o << "  per synaptic event -  (no synaptic events)\n";
  }
  o << "  component   action             count          pJ each        energy uJ   share\n";
  for (const auto& l : r.lines) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "  %-11s %-16s %14.6g %14.6g %16.6f %6.2f%%\n",
                  l.component.c_str(), l.action.c_str(), l.count, l.energy_pj_each,
                  l.energy_pj * 1e-6, r.total_pj > 0 ? 100.0 * l.energy_pj / r.total_pj : 0.0);
    o << buf;
  }
  return o.str();
}

std::string energy_report_json(const EnergyReport& r) {
  Json j;
  j["table"] = r.table;
  j["geometry"] = {{"width", r.geometry.width}, {"height", r.geometry.height},
                   {"axons", r.geometry.axons}, {"neurons", r.geometry.neurons}};
  for (const auto& [name, v] : scalars(r)) {
    if (!v.second) j[name] = nullptr;
    else if (name == "ticks" || name == "cores" || name == "synaptic_events" ||
             name == "ticks_per_frame")
      j[name] = static_cast<uint64_t>(v.first);
    else j[name] = v.first;
  }
  Json lines = Json::array();
  for (const auto& l : r.lines)
    lines.push_back({{"component", l.component}, {"action", l.action}, {"count", l.count},
                     {"energy_pj_each", l.energy_pj_each}, {"energy_pj", l.energy_pj}});
  j["breakdown"] = lines;
  Json cores = Json::array();
  for (size_t k = 0; k < r.core_energy_pj.size(); ++k) {
    const int w = r.geometry.width;
    cores.push_back({{"core", k}, {"x", static_cast<int>(k) % w}, {"y", static_cast<int>(k) / w},
                     {"energy_pj", r.core_energy_pj[k]},
                     {"power_mw", r.core_power_mw(static_cast<int>(k))}});
  }
  j["cores"] = cores;
  return j.dump(1) + "\n";
}

std::string energy_breakdown_csv(const EnergyReport& r) {
  std::ostringstream o;
  o << "component,action,count,energy_pj_each,energy_pj,share\n";
  for (const auto& l : r.lines)
    o << l.component << "," << l.action << "," << exact(l.count) << ","
      << exact(l.energy_pj_each) << "," << exact(l.energy_pj) << ","
      << exact(r.total_pj > 0 ? l.energy_pj / r.total_pj : 0.0) << "\n";
  o << "total,,,," << exact(r.total_pj) << ",1\n";
  return o.str();
}

std::string energy_summary_csv(const EnergyReport& r) {
  std::ostringstream o;
  o << "metric,value\n";
  o << "table," << r.table << "\n";
  for (const auto& [name, v] : scalars(r)) o << name << "," << (v.second ? exact(v.first) : "")
                                             << "\n";
  return o.str();
}

std::string energy_per_core_csv(const EnergyReport& r) {
  std::ostringstream o;
  o << "core,x,y,energy_pj,power_mw\n";
  for (size_t k = 0; k < r.core_energy_pj.size(); ++k) {
    const int w = r.geometry.width;
    o << k << "," << static_cast<int>(k) % w << "," << static_cast<int>(k) / w << ","
      << exact(r.core_energy_pj[k]) << "," << exact(r.core_power_mw(static_cast<int>(k))) << "\n";
  }
  return o.str();
}

}  // namespace meridian
