// One neurosynaptic core: crossbar, neuron parameter and state memories, controller and
// datapath (docs/ARCHITECTURE.md sections 3 and 7.1).
//
// Layout for speed. Neurons that share parameters (a "group", usually one neuron type) are
// stored next to each other in an internal order, so a group's parameters are loop constants
// and the only per-neuron memory touched every tick is the membrane potential. Integration is
// event-driven over active axons and only counts, per axon type, how many active synapses each
// neuron has; weights are applied once per neuron in the update. The internal order is invisible
// outside: every accessor and result uses the neuron's real index.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "golden/config.h"
#include "golden/counters.h"

namespace meridian {

struct CoreTickResult {
  std::vector<uint16_t> fired;        // neurons that spiked, ascending
  std::vector<uint32_t> fire_cycle;   // UPDATE cycle u_j of each fired neuron (timing only)
  CoreCounters counters;              // core-side counters of this tick
};

class Core {
 public:
  Core(const Geometry& g, const CoreConfig& c);

  // Runs tick `tick` with the active-axon bits `active` (ceil(axons/64) words).
  void step(uint32_t tick, const uint64_t* active, bool timing, CoreTickResult& out);

  int neurons() const { return neurons_; }
  int32_t potential(int j) const { return v_[slot_of_[j]]; }
  void set_potential(int j, int32_t v) { v_[slot_of_[j]] = v; }  // test and fault-injection hook
  bool has_destination(int j) const { return has_dest_[j] != 0; }
  const Destination& destination(int j) const { return dest_[j]; }

 private:
  // Parameters shared by the neurons of slots [begin, end).
  struct Group {
    int begin = 0, end = 0;
    std::array<int32_t, kAxonTypes> weight_det{};  // S_G, or 0 where b_G is set
    std::array<int32_t, kAxonTypes> weight{};      // S_G (stochastic path)
    std::array<bool, kAxonTypes> stochastic_synapse{};
    int32_t leak = 0, alpha = 0, beta = 0, mask = 0, gamma = 0, reset = 0;
    bool stochastic_leak = false, leak_reversal = false, kappa = false;
  };

  int axons_, neurons_, padded_, words_;
  int enabled_count_ = 0;         // slots [0, enabled_count_) hold enabled neurons
  uint32_t seed_;
  std::vector<uint8_t> axon_type_;
  std::vector<uint64_t> crossbar_;            // [axons][words], bit k = slot k
  std::vector<uint64_t> enabled_bits_;        // [words], by slot
  std::vector<uint64_t> stochastic_bits_;     // [4][words] by slot; empty if no b_G is set
  std::vector<int16_t> group_of_slot_;        // only with stochastic synapses
  std::array<bool, kAxonTypes> any_stochastic_{};
  bool any_stochastic_leak_ = false, any_threshold_mask_ = false;
  std::vector<Group> groups_;
  std::vector<int32_t> v_;                    // [padded] by slot
  std::vector<uint16_t> neuron_of_slot_;      // slot -> neuron index
  std::vector<uint16_t> slot_of_;             // neuron index -> slot
  std::vector<uint8_t> has_dest_;             // by neuron index
  std::vector<Destination> dest_;             // by neuron index
};

}  // namespace meridian
