// The host side of the platform: a TLM-2.0 initiator that issues queued host operations
// (configuration writes, input spikes, ticks) over the host interface, one at a time, from its
// own SC_THREAD. Operations can be posted from outside the simulation (the engine, between
// sc_start calls) or from inside (the spike source). When its queue runs dry the bridge pauses
// the kernel (sc_pause), which hands control back to whoever called sc_start.
#pragma once

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <cstdint>
#include <deque>
#include <string>

namespace meridian {

class HostBridge : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<HostBridge> socket;

  HostBridge(const sc_core::sc_module_name& name, const sc_core::sc_clock& clk);

  void post_write(uint64_t addr, uint32_t data) { queue_.push_back(Op{addr, data}); }
  bool idle() const { return queue_.empty(); }
  // Notified (immediately) each time the queue has been drained.
  const sc_core::sc_event& idle_event() const { return idle_; }
  // First failed transaction, e.g. "write 0xc0000000: TLM_GENERIC_ERROR_RESPONSE"; the queue is
  // dropped after a failure.
  const std::string& error() const { return error_; }

 private:
  struct Op {
    uint64_t addr;
    uint32_t data;
  };
  void run();

  const sc_core::sc_clock& clk_;
  std::deque<Op> queue_;
  sc_core::sc_event idle_;
  std::string error_;
};

}  // namespace meridian
