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

  // Starts fetching what step() will touch for these active axons (crossbar rows, potentials,
  // slot maps). A chip of 4,096 cores does not fit in L2, so the chip loop calls this for the
  // next core while stepping the current one: the cache misses then overlap with useful work.
  void prefetch(const uint64_t* active) const;

  // Cache lines at the start of the object holding every scalar and bit set a step reads.
  static constexpr int kHeaderLines = 4;

  // Starts fetching the destinations of these neurons (the chip routes their spikes next).
  void prefetch_destinations(const std::vector<uint16_t>& fired) const {
    for (uint16_t j : fired) __builtin_prefetch(&dest_[j]);
  }

  int neurons() const { return neurons_; }
  int32_t potential(int j) const { return v_[slot(j)]; }
  void set_potential(int j, int32_t v) { v_[slot(j)] = v; }  // test and fault-injection hook
  bool has_destination(int j) const { return (has_dest_bits_[j / 64] >> (j % 64)) & 1; }
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
  std::vector<uint64_t> stochastic_bits_;     // [4][words] by slot; empty if no b_G is set
  std::vector<int16_t> stochastic_weight_;    // [4][padded]: S_G where b_G is set, else 0
  std::array<bool, kAxonTypes> any_stochastic_{};
  // Some group has a nonzero deterministic weight for the type: only then are its per-slot
  // counts needed outside timing mode (the cycle schedule needs every event count).
  std::array<bool, kAxonTypes> counted_type_{};
  bool any_stochastic_leak_ = false, any_threshold_mask_ = false;
  std::vector<Group> groups_;
  bool identity_slots_ = true;                // slot == neuron index for every neuron
  // Everything a tick touches lives inside the object, sized for the largest core: a chip's
  // cores are then one block of memory that can sit on huge pages (Chip advises the kernel),
  // instead of a dozen heap blocks per core, each costing a cache and TLB miss per tick.
  // The per-tick bit sets come first, so they share the header's kHeaderLines cache lines
  // (about 240 bytes in all), which the chip requests well ahead of the step.
  std::array<uint64_t, kMaxAxons / 32> axon_type_bits_{};  // 2 bits per axon
  std::array<uint64_t, kMaxNeurons / 64> enabled_bits_{};  // by slot
  std::array<uint64_t, kMaxNeurons / 64> has_dest_bits_{}; // by neuron index
  std::array<uint16_t, kMaxNeurons> neuron_of_slot_{};  // slot -> neuron index
  std::array<uint16_t, kMaxNeurons> slot_of_{};         // neuron index -> slot
  std::array<Destination, kMaxNeurons> dest_{};         // by neuron index
  alignas(64) std::array<uint64_t, kMaxAxons * kMaxNeurons / 64> crossbar_{};  // [axon][word]
  alignas(64) std::array<int32_t, kMaxNeurons> v_{};       // by slot

  int slot(int j) const { return identity_slots_ ? j : slot_of_[j]; }
  int neuron_of(int k) const { return identity_slots_ ? k : neuron_of_slot_[k]; }
  int axon_type(int i) const {
    return static_cast<int>((axon_type_bits_[i / 32] >> (i % 32 * 2)) & 3);
  }
};

}  // namespace meridian
