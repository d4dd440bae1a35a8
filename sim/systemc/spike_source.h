// Stimulus from a spike file (docs/MODEL_FORMAT.md section 3): before each tick, the input spikes
// of that tick go to the host bridge as host-port writes, followed by the tick command.
#pragma once

#include <systemc>

#include <cstdint>
#include <vector>

#include "golden/config.h"
#include "golden/spike.h"
#include "sim/systemc/host_bridge.h"

namespace meridian {

class SpikeSource : public sc_core::sc_module {
 public:
  SpikeSource(const sc_core::sc_module_name& name, HostBridge& bridge);

  // Run ticks [first_tick, first_tick + ticks) with `spikes` (ticks non-decreasing, as
  // load_input_spikes returns them; spikes outside the window are ignored).
  void play(std::vector<InputSpike> spikes, const Geometry& g, uint64_t first_tick,
            uint64_t ticks);
  bool finished() const { return next_tick_ >= end_tick_; }

 private:
  void run();

  HostBridge& bridge_;
  Geometry geometry_;
  std::vector<InputSpike> spikes_;
  size_t next_spike_ = 0;
  uint64_t next_tick_ = 0, end_tick_ = 0;
};

}  // namespace meridian
