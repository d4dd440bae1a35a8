#include "sim/systemc/host_bridge.h"

#include <cstdio>

namespace meridian {

HostBridge::HostBridge(const sc_core::sc_module_name& name, const sc_core::sc_clock& clk)
    : sc_core::sc_module(name), socket("socket"), clk_(clk) {
  SC_HAS_PROCESS(HostBridge);
  SC_THREAD(run);
}

void HostBridge::run() {
  wait(clk_.posedge_event());  // pin sequences start just after a rising edge
  for (;;) {
    while (queue_.empty()) {
      idle_.notify();
      sc_core::sc_pause();
      wait(clk_.posedge_event());
    }
    const Op op = queue_.front();
    queue_.pop_front();
    if (!error_.empty()) continue;
    uint32_t data = op.data;
    tlm::tlm_generic_payload gp;
    gp.set_command(tlm::TLM_WRITE_COMMAND);
    gp.set_address(op.addr);
    gp.set_data_ptr(reinterpret_cast<unsigned char*>(&data));
    gp.set_data_length(4);
    gp.set_streaming_width(4);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    socket->b_transport(gp, delay);
    if (gp.is_response_error()) {
      char addr[24];
      std::snprintf(addr, sizeof addr, "0x%08llx", static_cast<unsigned long long>(op.addr));
      error_ = std::string("host write ") + addr + ": " + gp.get_response_string();
      queue_.clear();
    }
  }
}

}  // namespace meridian
