#include "apps/run_summary.h"

#include <iomanip>
#include <ostream>
#include <sstream>

#include "apps/peak_memory.h"

namespace meridian {

nlohmann::ordered_json run_summary(const RunTotals& r) {
  const CoreCounters& sum = r.sum;
  const double secs = r.run_seconds;
  const double core_ticks = static_cast<double>(r.ticks) * r.geometry.cores();
  nlohmann::ordered_json j;
  j["model"] = r.model;
  j["engine"] = r.engine;
  j["grid"] = std::to_string(r.geometry.width) + "x" + std::to_string(r.geometry.height);
  j["ticks"] = r.ticks;
  j["threads"] = r.threads;
  j["spikes"] = r.spikes;
  j["synaptic_events"] = sum.synaptic_events;
  j["neuron_updates"] = sum.neuron_updates;
  j["packets"] = sum.packets_sent;
  j["hops"] = sum.hops_north + sum.hops_east + sum.hops_south + sum.hops_west;
  j["offchip_packets"] = r.offchip_packets;
  j["late_packets"] = sum.late_packets;
  j["mean_rate_hz"] =
      sum.neuron_updates ? 1e6 / r.tick_us * r.spikes / double(sum.neuron_updates) : 0.0;
  j["core_cycles"] = sum.core_cycles;
  if (r.min_tick_period_cycles) j["min_tick_period_cycles"] = *r.min_tick_period_cycles;
  if (r.hash) {
    std::ostringstream s;
    s << std::hex << std::setw(16) << std::setfill('0') << *r.hash;
    j["spike_trace_hash"] = s.str();
  } else {
    j["spike_trace_hash"] = "off";
  }
  j["load_seconds"] = r.load_seconds;
  j["run_seconds"] = secs;
  j["ticks_per_second"] = secs > 0 ? r.ticks / secs : 0.0;
  j["core_ticks_per_second"] = secs > 0 ? core_ticks / secs : 0.0;
  j["synaptic_events_per_second"] = secs > 0 ? sum.synaptic_events / secs : 0.0;
  j["neuron_updates_per_second"] = secs > 0 ? sum.neuron_updates / secs : 0.0;
  j["peak_memory_mib"] = peak_resident_bytes() / 1048576.0;
  return j;
}

void print_run_summary(const nlohmann::ordered_json& j, bool json, std::ostream& os) {
  if (json) {
    os << j.dump(2) << "\n";
    return;
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    os << std::left << std::setw(28) << it.key() << " ";
    if (it.value().is_number_float())
      os << std::setprecision(6) << it.value().get<double>();
    else if (it.value().is_string())
      os << it.value().get<std::string>();
    else
      os << it.value();
    os << "\n";
  }
}

}  // namespace meridian
