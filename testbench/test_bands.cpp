// A chip split into bands of rows, exchanging transits as a multi-process run does, gives the
// same spikes, counters and off-chip packets as the whole chip (the basis of sim/mpi).
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "golden/chip.h"
#include "mapper/benchmark_model.h"
#include "mapper/random_model.h"
#include "mapper/splitmix.h"

namespace meridian {
namespace {

// Runs `bands` (row boundaries) in lockstep with the whole chip and compares every tick.
void expect_bands_equal_whole(const ChipConfig& config, const std::vector<int>& cuts, int ticks,
                              uint64_t input_seed) {
  Chip whole(config);
  std::vector<std::unique_ptr<Chip>> bands;
  for (size_t b = 0; b + 1 < cuts.size(); ++b) {
    ChipOptions o;
    o.band_begin = cuts[b];
    o.band_end = cuts[b + 1];
    bands.push_back(std::make_unique<Chip>(config, o));
  }
  const Geometry& g = config.geometry;
  SplitMix64 rng(input_seed);
  for (int t = 0; t < ticks; ++t) {
    for (int k = 0; k < 20; ++k) {
      const InputSpike s{static_cast<uint64_t>(t), static_cast<int>(rng.range(0, g.width - 1)),
                         static_cast<int>(rng.range(0, g.height - 1)),
                         static_cast<int>(rng.range(0, g.axons - 1))};
      whole.inject(s);
      for (auto& b : bands)
        if (s.y >= b->band_begin() && s.y < b->band_end()) b->inject(s);
    }
    whole.step();
    for (auto& b : bands) b->begin_tick();
    // Exchange until no packet is between bands (a packet may cross several).
    for (;;) {
      std::vector<Transit> all;
      for (auto& b : bands) all.insert(all.end(), b->transits().begin(), b->transits().end());
      if (all.empty()) break;
      for (auto& b : bands) b->accept_transits(all);
    }
    for (auto& b : bands) b->end_tick();

    std::vector<Spike> spikes;
    std::vector<OffchipPacket> off;
    std::vector<CoreCounters> counters;
    for (auto& b : bands) {
      spikes.insert(spikes.end(), b->spikes().begin(), b->spikes().end());
      off.insert(off.end(), b->offchip().begin(), b->offchip().end());
      counters.insert(counters.end(), b->counters().begin(), b->counters().end());
    }
    ASSERT_EQ(spikes.size(), whole.spikes().size()) << "tick " << t;
    for (size_t i = 0; i < spikes.size(); ++i) {
      ASSERT_EQ(spikes[i].x, whole.spikes()[i].x);
      ASSERT_EQ(spikes[i].y, whole.spikes()[i].y);
      ASSERT_EQ(spikes[i].neuron, whole.spikes()[i].neuron);
    }
    auto key = [](const OffchipPacket& p) { return std::make_tuple(p.tx, p.ty, p.axon, p.delivery_tick); };
    std::vector<OffchipPacket> ref = whole.offchip();
    auto by_key = [&](const OffchipPacket& a, const OffchipPacket& b) { return key(a) < key(b); };
    std::sort(off.begin(), off.end(), by_key);
    std::sort(ref.begin(), ref.end(), by_key);
    ASSERT_EQ(off.size(), ref.size()) << "tick " << t;
    for (size_t i = 0; i < off.size(); ++i) ASSERT_EQ(key(off[i]), key(ref[i])) << "tick " << t;
    ASSERT_EQ(counters.size(), whole.counters().size());
    for (size_t c = 0; c < counters.size(); ++c)
      for (int f = 0; f < kCounterFields; ++f)
        ASSERT_EQ(counter_value(counters[c], f), counter_value(whole.counters()[c], f))
            << "tick " << t << " core " << c << " " << counter_name(f);
  }
}

TEST(Bands, RandomModelSplitIntoThreeBandsEqualsWholeChip) {
  expect_bands_equal_whole(generate_random_model(4, 5, 31), {0, 1, 3, 5}, 60, 5);
}

TEST(Bands, OneRowPerBandWithPacketsCrossingManyBands) {
  expect_bands_equal_whole(generate_random_model(3, 6, 8), {0, 1, 2, 3, 4, 5, 6}, 60, 9);
}

TEST(Bands, BenchmarkNetworkTwoBands) {
  expect_bands_equal_whole(generate_benchmark_model(6, 6, 50, 64, 2), {0, 3, 6}, 40, 1);
}

TEST(Bands, TimingModeNeedsTheWholeChip) {
  ChipOptions o;
  o.timing = true;
  o.band_end = 1;
  EXPECT_THROW(Chip(generate_random_model(2, 2, 1), o), std::invalid_argument);
}

}  // namespace
}  // namespace meridian
