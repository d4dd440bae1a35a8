#include "sim/systemc/spike_sink.h"

#include "golden/spike_io.h"

namespace meridian {

SpikeSink::SpikeSink(const sc_core::sc_module_name& name, const HostInterface& host)
    : sc_core::sc_module(name), socket("socket"), host_(host) {
  SC_HAS_PROCESS(SpikeSink);
  SC_THREAD(run);
}

void SpikeSink::run() {
  std::vector<Spike> spikes;
  for (;;) {
    wait(host_.tick_done());
    if (out_ == nullptr) continue;
    spikes.clear();
    for (;;) {
      uint32_t word = 0;
      tlm::tlm_generic_payload gp;
      gp.set_command(tlm::TLM_READ_COMMAND);
      gp.set_address(host_map::kNextSpike);
      gp.set_data_ptr(reinterpret_cast<unsigned char*>(&word));
      gp.set_data_length(4);
      gp.set_streaming_width(4);
      sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
      socket->b_transport(gp, delay);
      if (gp.is_response_error() || !(word & host_map::kSpikeValid)) break;
      spikes.push_back(Spike{host_.ticks_run() - 1, static_cast<int>(word >> 16 & 0xFF),
                             static_cast<int>(word >> 8 & 0xFF), static_cast<int>(word & 0xFF)});
    }
    write_spikes(*out_, spikes);
    written_ += spikes.size();
  }
}

}  // namespace meridian
