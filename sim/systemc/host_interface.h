// The chip's host interface as a TLM-2.0 target: blocking b_transport of 32-bit words on two
// sockets. `host` carries everything the host writes (configuration, input spikes, tick and reset
// commands); `readout` returns the spikes of the last tick, one word per read.
//
// Address map of `host` (writes; docs/SYSTEMC.md):
//   0x0000_0000-0x7FFF_FFFF  configuration write; the address is the chip's cfg address (RTL.md)
//   0x8000_0000              input spike: data = {core[31:16], row[11:8], axon[7:0]}
//   0xC000_0000              run one tick (returns after the tick's done cycle)
//   0xC000_0004              reset the chip (two cycles)
// and reads: 0xC000_0008 tick_cycles of the last tick.
// Address map of `readout` (reads): 0x0 next spike of the last tick,
//   {valid[31], x[23:16], y[15:8], neuron[7:0]}, valid = 0 once all were read.
#pragma once

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <deque>

#include "sim/systemc/chip_top.h"

namespace meridian {

namespace host_map {
constexpr uint64_t kConfigEnd = 0x8000'0000;
constexpr uint64_t kInputSpike = 0x8000'0000;
constexpr uint64_t kRunTick = 0xC000'0000;
constexpr uint64_t kReset = 0xC000'0004;
constexpr uint64_t kTickCycles = 0xC000'0008;
constexpr uint64_t kNextSpike = 0x0;
constexpr uint32_t kSpikeValid = 0x8000'0000u;

inline uint32_t input_spike_word(const chip_protocol::HostWrite& w) {
  return static_cast<uint32_t>(w.core) << 16 | static_cast<uint32_t>(w.row) << 8 |
         static_cast<uint32_t>(w.axon);
}
}  // namespace host_map

class HostInterface : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<HostInterface> host;
  tlm_utils::simple_target_socket<HostInterface> readout;

  HostInterface(const sc_core::sc_module_name& name, ChipTopBase& chip);

  // Notified (immediately) when a tick's spikes are ready in the read-out queue.
  const sc_core::sc_event& tick_done() const { return tick_done_; }
  uint64_t ticks_run() const { return ticks_; }
  void set_tick(uint64_t t) { ticks_ = t; }

 private:
  void host_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  void readout_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);

  ChipTopBase& chip_;
  uint64_t ticks_ = 0;
  std::deque<uint32_t> spike_words_;
  sc_core::sc_event tick_done_;
};

}  // namespace meridian
