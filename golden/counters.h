// Per-core, per-tick action counts (docs/ARCHITECTURE.md section 8). Every engine produces the
// same values; the energy model consumes them.
#pragma once

#include <cstdint>

namespace meridian {

struct CoreCounters {
  uint64_t active_axons = 0;      // set bits of the scheduler row read this tick
  uint64_t synaptic_events = 0;   // active axon x set crossbar bit x enabled neuron
  uint64_t neuron_updates = 0;    // enabled neurons updated (all of them, every tick)
  uint64_t spikes = 0;            // neurons of this core that fired
  uint64_t packets_sent = 0;      // spikes with a destination, handed to this core's router
  uint64_t local_deliveries = 0;  // packets leaving this router through its local port (late ones too)
  uint64_t hops_north = 0;        // packets leaving this router through each port, including
  uint64_t hops_east = 0;         //   packets leaving the chip through an edge port
  uint64_t hops_south = 0;
  uint64_t hops_west = 0;
  uint64_t offchip_out = 0;       // packets that left the chip through this router
  uint64_t host_in = 0;           // input spikes the host wrote into this core's scheduler
  uint64_t late_packets = 0;      // packets for this core that arrived after their tick began
  uint64_t core_cycles = 0;       // controller cycles of this tick (cycle model, section 7)

  CoreCounters& operator+=(const CoreCounters& o) {
    active_axons += o.active_axons; synaptic_events += o.synaptic_events;
    neuron_updates += o.neuron_updates; spikes += o.spikes; packets_sent += o.packets_sent;
    local_deliveries += o.local_deliveries; hops_north += o.hops_north; hops_east += o.hops_east;
    hops_south += o.hops_south; hops_west += o.hops_west; offchip_out += o.offchip_out;
    host_in += o.host_in; late_packets += o.late_packets; core_cycles += o.core_cycles;
    return *this;
  }
};

// Field names in a fixed order: used by divergence reports, JSON and CSV output.
constexpr int kCounterFields = 14;
inline const char* counter_name(int i) {
  static const char* const names[kCounterFields] = {
      "active_axons", "synaptic_events", "neuron_updates", "spikes", "packets_sent",
      "local_deliveries", "hops_north", "hops_east", "hops_south", "hops_west",
      "offchip_out", "host_in", "late_packets", "core_cycles"};
  return names[i];
}
inline uint64_t counter_value(const CoreCounters& c, int i) {
  const uint64_t v[kCounterFields] = {
      c.active_axons, c.synaptic_events, c.neuron_updates, c.spikes, c.packets_sent,
      c.local_deliveries, c.hops_north, c.hops_east, c.hops_south, c.hops_west,
      c.offchip_out, c.host_in, c.late_packets, c.core_cycles};
  return v[i];
}

}  // namespace meridian
