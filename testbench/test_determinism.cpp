// Same model and seed give the same spike-trace hash and every counter of every core with 1, 2
// and 3 threads (3 splits rows between threads), and a different core seed changes a stochastic
// network's trace (so the hash is not vacuous).
#include <gtest/gtest.h>

#include "golden/chip.h"
#include "golden/spike_io.h"
#include "mapper/benchmark_model.h"
#include "mapper/random_model.h"

namespace meridian {
namespace {

struct Trace {
  uint64_t hash;
  uint64_t counters;  // every field of every core and tick, mixed in order
};

Trace run(const ChipConfig& config, int threads, uint64_t ticks) {
  Chip chip(config, {false, threads});
  SpikeTraceHash h;
  uint64_t mix = 0;
  for (uint64_t t = 0; t < ticks; ++t) {
    chip.step();
    h.add(chip.spikes());
    for (const CoreCounters& c : chip.counters())
      for (int f = 0; f < kCounterFields; ++f) mix = mix * 1000003 + counter_value(c, f);
  }
  return {h.value(), mix};
}

TEST(Determinism, RandomModelSameTraceWithOneTwoAndThreeThreads) {
  const ChipConfig config = generate_random_model(4, 4, 2024);
  const Trace one = run(config, 1, 100);
  for (int threads : {2, 3}) {
    const Trace more = run(config, threads, 100);
    EXPECT_EQ(one.hash, more.hash) << threads << " threads";
    EXPECT_EQ(one.counters, more.counters) << threads << " threads";
  }
  EXPECT_EQ(one.hash, run(config, 1, 100).hash);
}

TEST(Determinism, BenchmarkNetworkSameTraceWithOneTwoAndThreeThreads) {
  const ChipConfig config = generate_benchmark_model(8, 8, 20, 128, 7);
  const Trace one = run(config, 1, 60);
  for (int threads : {2, 3}) {
    const Trace more = run(config, threads, 60);
    EXPECT_EQ(one.hash, more.hash) << threads << " threads";
    EXPECT_EQ(one.counters, more.counters) << threads << " threads";
  }
}

TEST(Determinism, ChangingACoreSeedChangesAStochasticTrace) {
  ChipConfig config = generate_random_model(2, 2, 99);
  const uint64_t before = run(config, 1, 100).hash;
  for (CoreConfig& c : config.cores) c.seed ^= 1;
  EXPECT_NE(before, run(config, 1, 100).hash);
}

}  // namespace
}  // namespace meridian
