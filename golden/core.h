// One neurosynaptic core: crossbar, neuron parameter and state memories, controller and
// datapath (docs/ARCHITECTURE.md sections 3 and 7.1). State is structure-of-arrays and the
// per-tick work is event-driven over active axons, with loops the compiler vectorises.
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
  int32_t potential(int j) const { return v_[j]; }
  void set_potential(int j, int32_t v) { v_[j] = v; }  // test and fault-injection hook
  bool has_destination(int j) const { return has_dest_[j] != 0; }
  const Destination& destination(int j) const { return dest_[j]; }

 private:
  int axons_, neurons_, padded_, words_;
  uint32_t seed_;
  std::vector<uint8_t> axon_type_;
  std::vector<uint64_t> crossbar_;                  // [axons][words]
  std::vector<uint64_t> enabled_bits_;              // [words]
  std::array<std::vector<uint64_t>, kAxonTypes> stochastic_bits_;  // neurons with b_G set
  std::array<bool, kAxonTypes> any_stochastic_{};
  bool any_stochastic_leak_ = false, any_threshold_mask_ = false;

  // Neuron memories, one entry per neuron (padded to a multiple of 64).
  std::vector<int32_t> v_;
  std::array<std::vector<int32_t>, kAxonTypes> weight_;          // S_G
  std::array<std::vector<int32_t>, kAxonTypes> weight_det_;      // S_G, 0 where b_G = 1
  std::vector<int32_t> leak_, stochastic_leak_, leak_reversal_;
  std::vector<int32_t> alpha_, beta_, mask_, gamma_, kappa_, reset_, enabled_;
  std::vector<uint8_t> has_dest_;
  std::vector<Destination> dest_;

  // Scratch, reused every tick.
  std::vector<int32_t> acc_, events_, leak_term_, eta_, fired_;
  std::vector<uint32_t> draws_;
};

}  // namespace meridian
