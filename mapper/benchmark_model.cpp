#include "mapper/benchmark_model.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "mapper/splitmix.h"

namespace meridian {

namespace {
template <class T>
void shuffle(std::vector<T>& v, SplitMix64& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.range(0, static_cast<int64_t>(i) - 1)]);
}
}  // namespace

ChipConfig generate_benchmark_model(int width, int height, double rate_hz, int synapses,
                                    uint64_t seed, bool stochastic) {
  if (!(rate_hz >= 0 && rate_hz <= 1000))  // written so that NaN fails too
    throw std::invalid_argument("rate " + std::to_string(rate_hz) + " Hz out of range [0, 1000]");
  if (synapses < 0 || synapses > kMaxAxons)
    throw std::invalid_argument("synapses " + std::to_string(synapses) + " out of range [0, 256]");
  Geometry g;
  g.width = width;
  g.height = height;
  ChipConfig chip = make_empty_chip(g);
  SplitMix64 rng(seed);

  // lambda / alpha = rate / 1000 with lambda <= 255 chosen for the closest ratio.
  NeuronParams p;
  p.weight = {1, -1, 0, 0};
  p.reset_mode = ResetMode::kLinear;
  p.neg_saturate = true;
  p.neg_threshold = 2000;  // a far floor: balanced input rarely reaches it
  if (rate_hz <= 0) {
    p.leak = 0;
    p.threshold = kThresholdMax;
  } else if (stochastic) {
    // Mean leak 255/256 per tick against a mean threshold alpha + 1.5.
    const double a = std::round(255.0 / 256.0 * 1000.0 / rate_hz - 1.5);
    if (a < 1 || a > kThresholdMax)
      throw std::invalid_argument("rate " + std::to_string(rate_hz) +
                                  " Hz has no stochastic threshold in range");
    p.leak = 255;
    p.threshold = static_cast<uint32_t>(a);
  } else {
    double best = 1e9;
    for (int lam = 1; lam <= kWeightMax; ++lam) {
      const double a = std::round(lam * 1000.0 / rate_hz);
      if (a < 1 || a > kThresholdMax) continue;
      const double err = std::fabs(lam / a - rate_hz / 1000.0);
      if (err < best - 1e-12) { best = err; p.leak = static_cast<int16_t>(lam); p.threshold = static_cast<uint32_t>(a); }
    }
  }

  if (stochastic) {
    p.weight = {255, -255, 0, 0};
    p.stochastic_synapse = {true, true, false, false};
    p.stochastic_leak = rate_hz > 0;
    p.threshold_mask_bits = 2;
  }

  std::vector<int> target(g.cores());
  std::iota(target.begin(), target.end(), 0);
  shuffle(target, rng);

  std::vector<int> even, odd, perm(g.neurons);
  for (int i = 0; i < g.axons; ++i) (i % 2 == 0 ? even : odd).push_back(i);
  for (int c = 0; c < g.cores(); ++c) {
    CoreConfig& core = chip.cores[c];
    core.seed = static_cast<uint32_t>(rng.next());
    for (int i = 0; i < g.axons; ++i) core.axon_type[i] = static_cast<uint8_t>(i % 2);
    core.neuron_types.assign(1, p);
    const int x = c % width, y = c / width;
    const int tx = target[c] % width, ty = target[c] / width;
    std::iota(perm.begin(), perm.end(), 0);
    shuffle(perm, rng);
    for (int j = 0; j < g.neurons; ++j) {
      // `synapses` distinct axons, (s+1)/2 excitatory (even) and s/2 inhibitory (odd), by a
      // partial Fisher-Yates draw over each half.
      for (int half = 0; half < 2; ++half) {
        const int want = half == 0 ? (synapses + 1) / 2 : synapses / 2;
        int* pool = half == 0 ? even.data() : odd.data();
        const int size = half == 0 ? static_cast<int>(even.size()) : static_cast<int>(odd.size());
        for (int k = 0; k < want && k < size; ++k) {
          std::swap(pool[k], pool[rng.range(k, size - 1)]);
          set_crossbar_bit(core, g, pool[k], j, true);
        }
      }
      NeuronConfig& n = core.neurons[j];
      n.enabled = true;
      n.type = 0;
      n.has_destination = true;
      n.dest.dx = static_cast<int16_t>(tx - x);
      n.dest.dy = static_cast<int16_t>(ty - y);
      n.dest.axon = static_cast<uint8_t>(perm[j]);
      n.dest.delay = 1;
    }
  }
  // Spread initial phases so the network does not fire in lockstep: one type per phase would
  // be wasteful, so phases come from a per-neuron initial potential via a few types instead.
  constexpr int kPhases = 16;
  for (int c = 0; c < g.cores(); ++c) {
    CoreConfig& core = chip.cores[c];
    core.neuron_types.assign(kPhases, p);
    for (int k = 0; k < kPhases; ++k)
      core.neuron_types[k].initial_potential = static_cast<int32_t>(p.threshold * k / kPhases);
    for (int j = 0; j < g.neurons; ++j) core.neurons[j].type = static_cast<uint16_t>(rng.range(0, kPhases - 1));
  }
  return chip;
}

}  // namespace meridian
