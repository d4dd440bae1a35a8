#include "sim/systemc/spike_source.h"

#include <utility>

#include "sim/systemc/host_interface.h"

namespace meridian {

SpikeSource::SpikeSource(const sc_core::sc_module_name& name, HostBridge& bridge)
    : sc_core::sc_module(name), bridge_(bridge) {
  SC_HAS_PROCESS(SpikeSource);
  SC_THREAD(run);
}

void SpikeSource::play(std::vector<InputSpike> spikes, const Geometry& g, uint64_t first_tick,
                       uint64_t ticks) {
  spikes_ = std::move(spikes);
  geometry_ = g;
  next_spike_ = 0;
  next_tick_ = first_tick;
  end_tick_ = first_tick + ticks;
}

// One tick at a time: the next tick's spikes are posted once the bridge has run the last one.
void SpikeSource::run() {
  for (;;) {
    wait(bridge_.idle_event());
    if (finished() || !bridge_.error().empty()) continue;
    while (next_spike_ < spikes_.size() && spikes_[next_spike_].tick < next_tick_) ++next_spike_;
    for (; next_spike_ < spikes_.size() && spikes_[next_spike_].tick == next_tick_; ++next_spike_) {
      const auto w = chip_protocol::host_write_for(spikes_[next_spike_], geometry_);
      bridge_.post_write(host_map::kInputSpike, host_map::input_spike_word(w));
    }
    bridge_.post_write(host_map::kRunTick, 0);
    ++next_tick_;
  }
}

}  // namespace meridian
