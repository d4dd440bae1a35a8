// Same model and seed give the same spike-trace hash and counters with 1 and 2 threads, and a
// different core seed changes a stochastic network's trace (so the hash is not vacuous).
#include <gtest/gtest.h>

#include "golden/chip.h"
#include "golden/spike_io.h"
#include "mapper/benchmark_model.h"
#include "mapper/random_model.h"

namespace meridian {
namespace {

struct Trace {
  uint64_t hash;
  uint64_t events;
};

Trace run(const ChipConfig& config, int threads, uint64_t ticks) {
  Chip chip(config, {false, threads});
  SpikeTraceHash h;
  uint64_t events = 0;
  for (uint64_t t = 0; t < ticks; ++t) {
    chip.step();
    h.add(chip.spikes());
    for (const CoreCounters& c : chip.counters()) events += c.synaptic_events * 31 + c.hops_east;
  }
  return {h.value(), events};
}

TEST(Determinism, RandomModelSameHashWithOneAndTwoThreads) {
  const ChipConfig config = generate_random_model(4, 4, 2024);
  const Trace one = run(config, 1, 100), two = run(config, 2, 100);
  EXPECT_EQ(one.hash, two.hash);
  EXPECT_EQ(one.events, two.events);
  EXPECT_EQ(one.hash, run(config, 1, 100).hash);
}

TEST(Determinism, BenchmarkNetworkSameHashWithOneAndTwoThreads) {
  const ChipConfig config = generate_benchmark_model(8, 8, 20, 128, 7);
  EXPECT_EQ(run(config, 1, 60).hash, run(config, 2, 60).hash);
}

TEST(Determinism, ChangingACoreSeedChangesAStochasticTrace) {
  ChipConfig config = generate_random_model(2, 2, 99);
  const uint64_t before = run(config, 1, 100).hash;
  for (CoreConfig& c : config.cores) c.seed ^= 1;
  EXPECT_NE(before, run(config, 1, 100).hash);
}

}  // namespace
}  // namespace meridian
