#include "sim/trace_digest.h"

#include <cstdio>
#include <vector>

namespace meridian {

std::string hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

void TraceDigester::add_tick(const Engine& e, int cores) {
  ++d_.ticks;
  for (const Spike& s : e.spikes()) {
    spikes_.add(static_cast<uint64_t>(s.tick));
    spikes_.add(static_cast<uint32_t>(s.x));
    spikes_.add(static_cast<uint32_t>(s.y));
    spikes_.add(static_cast<uint32_t>(s.neuron));
  }
  d_.spikes += e.spikes().size();
  std::vector<int32_t> v;
  for (int c = 0; c < cores; ++c) {
    e.potentials(c, v);
    potentials_.add_bytes(v.data(), v.size() * sizeof(int32_t));
    const CoreCounters& k = e.counters()[c];
    for (int f = 0; f < kCounterFields; ++f) counters_.add(counter_value(k, f));
    d_.synaptic_events += k.synaptic_events;
  }
  for (const OffchipPacket& p : e.offchip()) {
    offchip_.add(static_cast<uint64_t>(p.tick));
    offchip_.add(static_cast<int32_t>(p.tx));
    offchip_.add(static_cast<int32_t>(p.ty));
    offchip_.add(static_cast<int32_t>(p.axon));
    offchip_.add(static_cast<int32_t>(p.delivery_tick));
  }
  if (d_.timing) {
    cycles_.add(e.tick_cycles());
    for (const DeliveredPacket& p : e.packets()) {
      cycles_.add(static_cast<int32_t>(p.src_core));
      cycles_.add(static_cast<int32_t>(p.src_neuron));
      cycles_.add(p.arrive_cycle);
      cycles_.add(static_cast<uint8_t>(p.late));
    }
  }
}

TraceDigest TraceDigester::digest() const {
  TraceDigest d = d_;
  d.spike_hash = spikes_.value();
  d.potential_hash = potentials_.value();
  d.counter_hash = counters_.value();
  d.offchip_hash = offchip_.value();
  d.cycle_hash = d_.timing ? cycles_.value() : 0;
  return d;
}

std::string first_difference(const TraceDigest& a, const TraceDigest& b) {
  auto num = [](const char* f, uint64_t x, uint64_t y) {
    return std::string(f) + ": expected " + std::to_string(x) + ", got " + std::to_string(y);
  };
  auto hash = [](const char* f, uint64_t x, uint64_t y) {
    return std::string(f) + ": expected " + hex64(x) + ", got " + hex64(y);
  };
  if (a.ticks != b.ticks) return num("ticks", a.ticks, b.ticks);
  if (a.spikes != b.spikes) return num("spikes", a.spikes, b.spikes);
  if (a.spike_hash != b.spike_hash) return hash("spike_hash", a.spike_hash, b.spike_hash);
  if (a.potential_hash != b.potential_hash)
    return hash("potential_hash", a.potential_hash, b.potential_hash);
  if (a.synaptic_events != b.synaptic_events)
    return num("synaptic_events", a.synaptic_events, b.synaptic_events);
  if (a.counter_hash != b.counter_hash) return hash("counter_hash", a.counter_hash, b.counter_hash);
  if (a.offchip_hash != b.offchip_hash) return hash("offchip_hash", a.offchip_hash, b.offchip_hash);
  if (a.timing && b.timing && a.cycle_hash != b.cycle_hash)
    return hash("cycle_hash", a.cycle_hash, b.cycle_hash);
  return "";
}

}  // namespace meridian
