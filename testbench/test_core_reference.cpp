// The fast core (SoA, vectorised, event-driven) against a plain one-neuron-at-a-time reference
// written from docs/ARCHITECTURE.md section 3 with the datapath functions the RTL mirrors, on
// random models that use every mode. Also checks that the reference would notice a fault.
#include <gtest/gtest.h>

#include <iostream>
#include <gtest/gtest-spi.h>

#include <hwy/targets.h>

#include <functional>

#include "golden/chip.h"
#include "golden/core_kernels.h"
#include "golden/neuron_datapath.h"
#include "golden/prng.h"
#include "mapper/benchmark_model.h"
#include "mapper/random_model.h"
#include "mapper/splitmix.h"

namespace meridian {
namespace {

// One core, one neuron at a time, axons in ascending order, exactly as the controller walks.
struct ReferenceCore {
  const CoreConfig& cfg;
  const Geometry& g;
  std::vector<int32_t> v;
  ReferenceCore(const CoreConfig& c, const Geometry& geo) : cfg(c), g(geo) {
    for (const NeuronConfig& n : c.neurons)
      v.push_back(c.neuron_types.empty() ? 0 : c.neuron_types[n.type].initial_potential);
  }
  std::vector<int> step(uint32_t tick, const std::vector<bool>& active, uint64_t& cycles) {
    std::vector<int> fired;
    cycles = 1;
    for (int j = 0; j < g.neurons; ++j) {
      const NeuronConfig& n = cfg.neurons[j];
      if (!n.enabled) continue;
      const NeuronParams& p = cfg.neuron_types[n.type];
      int64_t acc = v[j];
      cycles += 2;
      uint32_t k = 0;  // stochastic events so far: the next one uses stream byte 4 + k
      for (int i = 0; i < g.axons; ++i) {
        if (!active[i] || !crossbar_bit(cfg, g, i, j)) continue;
        ++cycles;
        const int type = cfg.axon_type[i];
        uint32_t rho = 0;
        if (p.stochastic_synapse[type])
          rho = prng_stream_byte(cfg.seed, tick, j, kStreamFirstEvent + k++);
        acc += synaptic_term(p, type, rho);
      }
      const NeuronUpdate u = neuron_finish(p, acc, prng_update_word(cfg.seed, tick, j));
      v[j] = u.v;
      if (u.spike) fired.push_back(j);
    }
    return fired;
  }
};

using MakeCore = std::function<ChipConfig(uint64_t seed)>;

ChipConfig random_core(uint64_t seed) { return generate_random_model(1, 1, seed * 7919); }

// Every stochastic mode at once on dense rows: the vectorised stochastic-synapse kernel sees
// whole vectors of set bits, unlike the sparse random models.
ChipConfig stochastic_benchmark_core(uint64_t seed) {
  return generate_benchmark_model(1, 1, 20, 128, seed, true);
}

void compare_on_cores(uint64_t seeds, uint64_t ticks, int corrupt_tick, bool& diverged,
                      const MakeCore& make = random_core) {
  diverged = false;
  for (uint64_t seed = 1; seed <= seeds; ++seed) {
    const ChipConfig config = make(seed);
    const Geometry& g = config.geometry;
    Core fast(g, config.cores[0]);
    ReferenceCore ref(config.cores[0], g);
    SplitMix64 rng(seed);
    CoreTickResult out;
    for (uint64_t t = 0; t < ticks; ++t) {
      std::vector<bool> active(g.axons);
      std::vector<uint64_t> bits((g.axons + 63) / 64, 0);
      const double rate = rng.uniform() * 0.5;
      for (int i = 0; i < g.axons; ++i)
        if (rng.chance(rate)) { active[i] = true; bits[i / 64] |= uint64_t{1} << (i % 64); }
      fast.step(static_cast<uint32_t>(t), bits.data(), false, out);
      uint64_t cycles = 0;
      const std::vector<int> fired = ref.step(static_cast<uint32_t>(t), active, cycles);
      if (static_cast<int>(t) == corrupt_tick) ref.v[3] += 1;  // deliberate fault
      std::vector<int> fast_fired(out.fired.begin(), out.fired.end());
      if (fired != fast_fired || cycles != out.counters.core_cycles) { diverged = true; return; }
      for (int j = 0; j < g.neurons; ++j)
        if (fast.potential(j) != ref.v[j]) {
          diverged = true;
          ADD_FAILURE() << "seed " << seed << " tick " << t << " neuron " << j << " fast "
                        << fast.potential(j) << " reference " << ref.v[j];
          return;
        }
    }
  }
}

TEST(CoreReference, FastCoreEqualsOneNeuronAtATimeReference) {
  bool diverged = true;
  compare_on_cores(40, 60, -1, diverged);
  EXPECT_FALSE(diverged);
}

TEST(CoreReference, StochasticBenchmarkCoreEqualsTheReference) {
  bool diverged = true;
  compare_on_cores(4, 60, -1, diverged, stochastic_benchmark_core);
  EXPECT_FALSE(diverged);
}

TEST(CoreReference, EverySimdTargetOfThisCpuEqualsTheReference) {
  // Highway dispatches to the best instruction set; force each supported one in turn.
  const int64_t supported = hwy::SupportedTargets() & HWY_TARGETS;  // those compiled in
  int tested = 0;
  for (int64_t bits = supported; bits != 0; bits &= bits - 1) {
    const int64_t target = bits & -bits;
    hwy::SetSupportedTargetsForTest(target);
    bool diverged = true;
    compare_on_cores(8, 30, -1, diverged);
    EXPECT_FALSE(diverged) << hwy::TargetName(target);
    compare_on_cores(2, 30, -1, diverged, stochastic_benchmark_core);
    EXPECT_FALSE(diverged) << hwy::TargetName(target) << ", stochastic benchmark core";
    ++tested;
  }
  hwy::SetSupportedTargetsForTest(0);  // back to normal dispatch
  EXPECT_GE(tested, 1);
  std::cout << "tested " << tested << " SIMD targets; dispatching to " << kernel_target_name() << "\n";
}

TEST(CoreReference, ComparisonCatchesASingleCorruptedPotential) {
  bool diverged = false;
  ::testing::TestPartResultArray failures;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
    compare_on_cores(1, 10, 4, diverged);
  }
  EXPECT_TRUE(diverged);
}

}  // namespace
}  // namespace meridian
