// The host side of a classification run: frame f (one image) enters at tick f * frame_period of
// an EednMapping and brings host spikes for up to readout_tick ticks ahead (its input, and for a
// network in time every core's clocks), more than the chip's 16-slot scheduler takes at once.
// The queue holds them until their tick.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "golden/spike.h"

namespace meridian {

class EednHostQueue {
 public:
  void add(const std::vector<InputSpike>& spikes) {
    for (const InputSpike& s : spikes) due_[s.tick].push_back(s);
  }
  // The spikes of `tick`, removed from the queue.
  std::vector<InputSpike> take(uint64_t tick) {
    const auto it = due_.find(tick);
    if (it == due_.end()) return {};
    std::vector<InputSpike> out = std::move(it->second);
    due_.erase(it);
    return out;
  }
  bool empty() const { return due_.empty(); }

 private:
  std::map<uint64_t, std::vector<InputSpike>> due_;
};

}  // namespace meridian
