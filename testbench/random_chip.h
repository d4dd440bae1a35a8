// A random chip configuration exercising every field of the model format, range ends included
// (edge values are picked often), shared by the model-file round-trip tests.
#pragma once

#include <cstdint>
#include <random>

#include "golden/config.h"

namespace meridian::test {

// A random chip exercising every field, range ends included (edge values are picked often).
inline ChipConfig random_chip(uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto uni = [&](long long lo, long long hi) {
    return std::uniform_int_distribution<long long>(lo, hi)(rng);
  };
  auto pick = [&](long long lo, long long hi) {
    const long long r = uni(0, 7);
    return r == 0 ? lo : r == 1 ? hi : uni(lo, hi);
  };
  Geometry g;
  g.width = static_cast<int>(uni(1, 4));
  g.height = static_cast<int>(uni(1, 4));
  g.axons = static_cast<int>(pick(1, kMaxAxons));
  g.neurons = static_cast<int>(pick(1, kMaxNeurons));
  ChipConfig chip = make_empty_chip(g);
  chip.tick_period_cycles = uni(0, 1) ? static_cast<uint32_t>(pick(0, UINT32_MAX)) : 0;
  for (CoreConfig& c : chip.cores) {
    if (uni(0, 3) == 0) continue;  // leave some cores empty
    c.seed = static_cast<uint32_t>(pick(0, UINT32_MAX));
    for (uint8_t& t : c.axon_type) t = static_cast<uint8_t>(uni(0, 3));
    for (int i = 0; i < g.axons; ++i) {
      for (int j = 0; j < g.neurons; ++j) set_crossbar_bit(c, g, i, j, uni(0, 1));
    }
    const int ntypes = static_cast<int>(uni(0, 4));
    for (int k = 0; k < ntypes; ++k) {
      NeuronParams p;
      for (auto& w : p.weight) w = static_cast<int16_t>(pick(-kWeightMax, kWeightMax));
      for (int t = 0; t < kAxonTypes; ++t) p.stochastic_synapse[t] = uni(0, 1);
      p.leak = static_cast<int16_t>(pick(-kWeightMax, kWeightMax));
      p.stochastic_leak = uni(0, 1);
      p.leak_reversal = uni(0, 1);
      p.threshold = static_cast<uint32_t>(pick(0, kThresholdMax));
      p.neg_threshold = static_cast<uint32_t>(pick(0, kThresholdMax));
      p.threshold_mask_bits = static_cast<uint8_t>(pick(0, kThresholdMaskBitsMax));
      p.reset_mode = static_cast<ResetMode>(uni(0, 2));
      p.neg_saturate = uni(0, 1);
      p.reset_potential = static_cast<int32_t>(pick(-kResetPotentialMax, kResetPotentialMax));
      p.initial_potential = static_cast<int32_t>(pick(kPotentialMin, kPotentialMax));
      if (uni(0, 3) == 0) p = NeuronParams{};  // all-default type: every key omitted
      c.neuron_types.push_back(p);
    }
    for (NeuronConfig& n : c.neurons) {
      n.enabled = ntypes > 0 && uni(0, 2) != 0;
      n.type =
          static_cast<uint16_t>(n.enabled ? uni(0, ntypes - 1) : (uni(0, 3) ? 0 : pick(0, 65535)));
      n.has_destination = uni(0, 1);
      if (n.has_destination) {
        n.dest.dx = static_cast<int16_t>(pick(kDxMin, kDxMax));
        n.dest.dy = static_cast<int16_t>(pick(kDxMin, kDxMax));
        n.dest.axon = static_cast<uint8_t>(pick(0, g.axons - 1));
        n.dest.delay = static_cast<uint8_t>(pick(kDelayMin, kDelayMax));
      }
    }
  }
  return chip;
}

}  // namespace meridian::test
