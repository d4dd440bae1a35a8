#include "sim/systemc/host_interface.h"

#include <cstring>

namespace meridian {
namespace {

bool word_access(tlm::tlm_generic_payload& gp, uint32_t& word) {
  if (gp.get_data_length() != 4 || gp.get_byte_enable_ptr() != nullptr) {
    gp.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return false;
  }
  if (gp.is_write()) std::memcpy(&word, gp.get_data_ptr(), 4);
  return true;
}

}  // namespace

HostInterface::HostInterface(const sc_core::sc_module_name& name, ChipTopBase& chip)
    : sc_core::sc_module(name), host("host"), readout("readout"), chip_(chip) {
  host.register_b_transport(this, &HostInterface::host_transport);
  readout.register_b_transport(this, &HostInterface::readout_transport);
}

// The chip is cycle-accurate, so a transaction takes its time by waiting on the clock: the
// annotated delay stays zero.
void HostInterface::host_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time&) {
  uint32_t word = 0;
  if (!word_access(gp, word)) return;
  const uint64_t addr = gp.get_address();
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
  if (gp.is_read()) {
    if (addr != host_map::kTickCycles) {
      gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
      return;
    }
    word = static_cast<uint32_t>(chip_.tick_cycles());
    std::memcpy(gp.get_data_ptr(), &word, 4);
    return;
  }
  if (addr < host_map::kConfigEnd) {
    chip_.config_write(static_cast<uint32_t>(addr), word);
  } else if (addr == host_map::kInputSpike) {
    chip_.host_write(chip_protocol::HostWrite{static_cast<int>(word >> 16),
                                              static_cast<int>(word >> 8 & 0xF),
                                              static_cast<int>(word & 0xFF)});
  } else if (addr == host_map::kRunTick) {
    if (!chip_.run_tick(ticks_)) {
      gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
      return;
    }
    ++ticks_;
    spike_words_.clear();  // here, not at the start: the sink reads while the next tick runs
    for (const Spike& s : chip_.collector().spikes()) {
      spike_words_.push_back(host_map::kSpikeValid | static_cast<uint32_t>(s.x) << 16 |
                             static_cast<uint32_t>(s.y) << 8 | static_cast<uint32_t>(s.neuron));
    }
    tick_done_.notify();
  } else if (addr == host_map::kReset) {
    chip_.reset();
  } else {
    gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
  }
}

void HostInterface::readout_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time&) {
  uint32_t word = 0;
  if (!word_access(gp, word)) return;
  if (!gp.is_read() || gp.get_address() != host_map::kNextSpike) {
    gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  if (!spike_words_.empty()) {
    word = spike_words_.front();
    spike_words_.pop_front();
  }
  std::memcpy(gp.get_data_ptr(), &word, 4);
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

}  // namespace meridian
