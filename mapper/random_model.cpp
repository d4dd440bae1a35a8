#include "mapper/random_model.h"

#include "mapper/splitmix.h"

namespace meridian {

namespace {

NeuronParams random_params(SplitMix64& rng) {
  NeuronParams p;
  // Weights: mostly small so thresholds are reached, sometimes full range to saturate.
  const bool big = rng.chance(0.15);
  for (int g = 0; g < kAxonTypes; ++g) {
    p.weight[g] = static_cast<int16_t>(big ? rng.range(-255, 255) : rng.range(-8, 12));
    p.stochastic_synapse[g] = rng.chance(0.2);
  }
  p.leak = static_cast<int16_t>(rng.chance(0.1) ? rng.range(-255, 255) : rng.range(-4, 6));
  p.stochastic_leak = rng.chance(0.25);
  p.leak_reversal = rng.chance(0.25);
  p.threshold = static_cast<uint32_t>(rng.chance(0.1) ? rng.range(0, kThresholdMax) : rng.range(0, 64));
  p.neg_threshold = static_cast<uint32_t>(rng.chance(0.1) ? rng.range(0, kThresholdMax) : rng.range(0, 64));
  p.threshold_mask_bits = static_cast<uint8_t>(rng.chance(0.3) ? rng.range(1, rng.chance(0.1) ? 18 : 6) : 0);
  p.reset_mode = static_cast<ResetMode>(rng.range(0, 2));
  p.neg_saturate = rng.chance(0.5);
  p.reset_potential = static_cast<int32_t>(rng.chance(0.1) ? rng.range(-kResetPotentialMax, kResetPotentialMax)
                                                           : rng.range(-16, 16));
  p.initial_potential = static_cast<int32_t>(rng.chance(0.1) ? rng.range(kPotentialMin, kPotentialMax)
                                                             : rng.range(-32, 32));
  return p;
}

}  // namespace

ChipConfig generate_random_model(int width, int height, uint64_t seed) {
  Geometry g;
  g.width = width;
  g.height = height;
  ChipConfig chip = make_empty_chip(g);
  SplitMix64 rng(seed);
  for (CoreConfig& core : chip.cores) {
    core.seed = static_cast<uint32_t>(rng.next());
    for (auto& t : core.axon_type) t = static_cast<uint8_t>(rng.range(0, 3));
    const double density = rng.chance(0.1) ? 0.9 : rng.uniform() * 0.3;
    for (int i = 0; i < g.axons; ++i)
      for (int j = 0; j < g.neurons; ++j)
        if (rng.chance(density)) set_crossbar_bit(core, g, i, j, true);
    const int types = static_cast<int>(rng.range(1, 8));
    for (int k = 0; k < types; ++k) core.neuron_types.push_back(random_params(rng));
    const double enabled = rng.chance(0.2) ? rng.uniform() : 0.95;
    for (NeuronConfig& n : core.neurons) {
      n.enabled = rng.chance(enabled);
      n.type = static_cast<uint16_t>(rng.range(0, types - 1));
      n.has_destination = rng.chance(0.85);
      if (n.has_destination) {
        // Mostly inside the grid, sometimes one or a few cores past an edge.
        n.dest.dx = static_cast<int16_t>(rng.range(-width, width));
        n.dest.dy = static_cast<int16_t>(rng.range(-height, height));
        n.dest.axon = static_cast<uint8_t>(rng.range(0, g.axons - 1));
        n.dest.delay = static_cast<uint8_t>(rng.range(kDelayMin, kDelayMax));
      }
    }
  }
  return chip;
}

std::vector<InputSpike> generate_random_inputs(const Geometry& g, uint64_t ticks, double rate,
                                               uint64_t seed) {
  std::vector<InputSpike> out;
  SplitMix64 rng(seed);
  for (uint64_t t = 0; t < ticks; ++t)
    for (int y = 0; y < g.height; ++y)
      for (int x = 0; x < g.width; ++x)
        for (int a = 0; a < g.axons; ++a)
          if (rng.chance(rate)) out.push_back({t, x, y, a});
  return out;
}

}  // namespace meridian
