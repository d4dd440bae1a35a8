// Networks in time (docs/EEDN.md section 8): level neurons that send a count of spikes per frame.
// The golden chip, run with the mapper's frame schedule and host clocks, must send exactly the
// counts of the integer inference (eedn_run), for every neuron copy of every layer and frame, and
// no spike outside a neuron's emission window. The checker is shown to fail on broken schedules.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <random>

#include "bar_images.h"
#include "golden/chip.h"
#include "golden/model_error.h"
#include "mapper/eedn_host_queue.h"
#include "mapper/eedn_inference.h"
#include "mapper/eedn_level_neuron.h"
#include "mapper/eedn_mapping.h"
#include "mapper/eedn_side_by_side.h"
#include "mapper/eedn_trainer.h"

using namespace meridian;

namespace {

ImageSet bars(size_t n, uint64_t seed) { return meridian::test::bar_images(n, seed); }

// Two hidden layers of `levels` levels in time (one with sign-shared inputs), binary class votes;
// with `shallow`, one hidden layer.
EednNetwork tiny_in_time(int levels, uint64_t seed = 5, bool shallow = false) {
  EednTrainConfig c;
  c.classes = 3;
  c.thresholds = {64, 160};
  c.layers = {{3, 1, 1, 1, 8, ""}, {3, 2, 1, 2, 12, "+-"}, {3, 2, 0, 3, 27, ""}};
  if (shallow) c.layers = {{3, 2, 1, 1, 8, ""}, {3, 2, 0, 1, 27, "+-"}};
  for (size_t l = 0; l + 1 < c.layers.size(); ++l) c.layers[l].levels = levels;
  c.levels_in_time = true;
  c.epochs = 2;
  c.batch = 32;
  c.lr = 0.02f;
  c.seed = seed;
  c.progress = false;
  return train_eedn(c, bars(256, 1), nullptr).network;
}

// The same network with the staircases pushed to their corners: steps of 1 to 3, gains of 1 to
// 5 and leaks near both ends of their ranges, so that counts hit 0 and the cap K often and the
// clocks' worst cases (largest pedestal, strongest clear) are exercised.
EednNetwork extremes(EednNetwork net, uint64_t seed) {
  std::mt19937_64 rng(seed);
  int in_levels = 1;
  for (EednLayer& l : net.layers) {
    for (int o = 0; o < l.shape.out_c; ++o) {
      if (l.levels > 1) {
        l.alpha[o] = static_cast<int16_t>(1 + rng() % 3);
        l.gain[o] = static_cast<int16_t>(1 + rng() % 5);
      }
      const int reach = l.gain_of(o) * in_levels * l.shape.fan_in();
      const int a = l.alpha_of(o), lo = a - reach - 1, hi = l.levels * a + reach;
      const int pick = static_cast<int>(rng() % 4);
      l.leak[o] = static_cast<int16_t>(pick == 0 ? hi : pick == 1 ? lo / 2 : l.leak[o] + a * pick);
      l.leak[o] = static_cast<int16_t>(std::clamp<int>(l.leak[o], lo, hi));
    }
    in_levels = l.levels;
  }
  validate_eedn_network(net, "extremes");
  return net;
}

// Runs `frames` images through the golden chip with the mapping's host spikes (filtered by
// `keep`, to break the schedule on purpose) and returns the number of mismatches: per frame and
// layer, a map whose counts differ from eedn_run on any neuron copy, a spike outside its
// neuron's emission window, or class votes that differ.
int in_time_mismatches(const EednMapping& m, const EednNetwork& net, const ImageSet& set,
                       int frames, const std::function<bool(const InputSpike&)>& keep = {}) {
  Chip chip(m.chip);
  const int nl = m.layers, w = m.chip.geometry.width;
  const int period = m.frame_period, stride = m.schedule.stride(), boost = m.schedule.boost_tick();
  // got[frame][layer][chip neuron key] = spikes; copies are compared one by one.
  std::vector<std::vector<std::map<std::pair<int, int>, int>>> got(
      frames, std::vector<std::map<std::pair<int, int>, int>>(nl));
  std::vector<std::vector<int>> votes(frames);
  int stray = 0;
  EednHostQueue host;
  const int ticks = (frames - 1) * period + m.readout_tick + 1;
  for (int t = 0; t < ticks; ++t) {
    if (t % period == 0 && t / period < frames)
      for (const InputSpike& s : eedn_input_spikes(m, net, set.image(t / period), t))
        if (!keep || keep(s)) host.add({s});
    for (const InputSpike& s : host.take(t)) chip.inject(s);
    chip.step();
    for (const Spike& s : chip.spikes()) {
      const int core = s.y * w + s.x;
      const EednNeuronOrigin& o = m.origin[core][s.neuron];
      if (o.layer < 0) continue;
      const int r = t - o.layer * stride - boost;  // ticks since the boost of frame 0's stage
      const int f = r >= 0 ? r / period : -1;
      if (f < 0 || f >= frames || r % period >= net.layers[o.layer].levels) {
        ++stray;
        continue;
      }
      ++got[f][o.layer][{core, s.neuron}];
    }
    if (t >= m.readout_tick && (t - m.readout_tick) % period == 0)
      votes[(t - m.readout_tick) / period] = eedn_chip_votes(m, chip.spikes(), t);
  }
  int bad = stray;
  for (int f = 0; f < frames; ++f) {
    const std::vector<EednMap> want = eedn_run(net, set.image(f));
    for (int l = 0; l < nl; ++l) {
      bool same = true;
      for (size_t c = 0; c < m.origin.size(); ++c)
        for (size_t j = 0; j < m.origin[c].size(); ++j) {
          const EednNeuronOrigin& o = m.origin[c][j];
          if (o.layer != l) continue;
          const auto it = got[f][l].find({static_cast<int>(c), static_cast<int>(j)});
          if ((it == got[f][l].end() ? 0 : it->second) != want[l + 1][o.index]) same = false;
        }
      bad += !same;
    }
    bad += votes[f] != eedn_votes(net, want.back());
  }
  return bad;
}

// Runs `frames` images of `set` through the golden chip of a side-by-side mapping and returns,
// per frame, whether the chip's votes equal the members' summed integer votes.
std::vector<bool> votes_match_summed(const EednMapping& m,
                                     const std::vector<const EednNetwork*>& members,
                                     const ImageSet& set, int frames) {
  Chip chip(m.chip);
  EednHostQueue host;
  const int period = m.frame_period;
  std::vector<bool> match;
  for (int t = 0; t < (frames - 1) * period + m.readout_tick + 1; ++t) {
    if (t % period == 0 && t / period < frames)
      host.add(eedn_input_spikes(m, members, set.image(t / period), t));
    for (const InputSpike& s : host.take(t)) chip.inject(s);
    chip.step();
    if (t < m.readout_tick || (t - m.readout_tick) % period != 0) continue;
    const int f = (t - m.readout_tick) / period;
    match.push_back(eedn_chip_votes(m, chip.spikes(), t) ==
                    eedn_summed_votes(members, set.image(f)));
  }
  return match;
}

// Some counts of the hidden layers reach their cap and some are 0 (the test means something).
void expect_counts_span(const EednNetwork& net, const ImageSet& set, int frames) {
  bool capped = false, zero = false, middle = false;
  for (int f = 0; f < frames; ++f) {
    const std::vector<EednMap> maps = eedn_run(net, set.image(f));
    for (size_t l = 0; l + 1 < net.layers.size(); ++l)
      for (uint8_t v : maps[l + 1]) {
        capped |= v == net.layers[l].levels;
        zero |= v == 0;
        middle |= v > 0 && v < net.layers[l].levels;
      }
  }
  EXPECT_TRUE(capped && zero && middle);
}

}  // namespace

TEST(EednInTime, ExportKeepsOneNeuronPerChannel) {
  const EednNetwork net = tiny_in_time(4);
  ASSERT_TRUE(net.in_time());
  EXPECT_EQ(net.layers[0].levels, 4);
  EXPECT_EQ(net.layers[0].shape.out_c, 8);       // not 8 x 4 copies
  EXPECT_EQ(net.layers[1].shape.fan_in(), 9 * 4);  // 3x3 over 8 / 2 groups, one input each
  EXPECT_EQ(net.layers[2].levels, 1);
  EXPECT_EQ(net.layers[0].alpha.size(), 8u);
  EXPECT_EQ(net.layers[0].gain.size(), 8u);
  EXPECT_TRUE(net.layers[2].alpha.empty());
  EXPECT_TRUE(net.layers[2].gain.empty());
}

TEST(EednInTime, ExportMatchesTheExactThresholds) {
  // Gains let the equal-step staircase hit every exact integer threshold of the float model:
  // the in-time export classifies like the binary-copy export with the exact thresholds.
  EednTrainConfig c;
  c.classes = 3;
  c.thresholds = {64, 160};
  c.layers = {{3, 1, 1, 1, 8, ""}, {3, 2, 1, 2, 12, "+-"}, {3, 2, 0, 3, 27, ""}};
  c.layers[0].levels = c.layers[1].levels = 6;
  c.levels_in_time = true;
  c.epochs = 3;
  c.batch = 32;
  c.lr = 0.02f;
  c.seed = 7;
  c.progress = false;
  const ImageSet train = bars(256, 1), test = bars(200, 2);
  const EednTrainResult r = train_eedn(c, train, &test);
  EXPECT_EQ(r.exact_levels_test_accuracy, r.log.back().test_accuracy);
  bool geared = false;  // some channel needed a gain above 1
  for (const EednLayer& l : r.network.layers)
    for (int16_t g : l.gain) geared |= g > 1;
  EXPECT_TRUE(geared);
  // With gains forbidden (a budget no neuron meets), thresholds are rounded and some move.
  c.level_clock_axons = 2;
  const EednTrainResult plain = train_eedn(c, train, &test);
  int moved = 0;
  for (size_t l = 0; l < plain.network.layers.size(); ++l)
    moved += plain.network.layers[l].leak != r.network.layers[l].leak;
  EXPECT_GT(moved, 0);
}

TEST(EednInTime, ChipSendsTheIntegerCountsFrameByFrame) {
  const EednNetwork net = tiny_in_time(4);
  const EednMapping m = map_eedn_network(net);
  ASSERT_TRUE(m.in_time);
  EXPECT_EQ(m.schedule.window, 4);
  EXPECT_EQ(m.frame_period, m.schedule.period());
  EXPECT_GT(m.stats.cores_per_layer[0], 1);
  EXPECT_GT(m.stats.copies, 0u);
  const ImageSet set = bars(10, 31);
  EXPECT_EQ(in_time_mismatches(m, net, set, 10), 0);
}

TEST(EednInTime, ExtremeStaircasesStayExact) {
  for (int levels : {2, 7}) {
    const EednNetwork net = extremes(tiny_in_time(levels), 11 + levels);
    const ImageSet set = bars(10, 41);
    expect_counts_span(net, set, 10);
    const EednMapping m = map_eedn_network(net);
    EXPECT_EQ(in_time_mismatches(m, net, set, 10), 0) << "levels " << levels;
  }
}

TEST(EednInTime, CheckerCatchesBrokenSchedules) {
  const EednNetwork net = extremes(tiny_in_time(4), 21);
  const EednMapping m = map_eedn_network(net);
  const ImageSet set = bars(8, 51);
  ASSERT_EQ(in_time_mismatches(m, net, set, 8), 0);
  auto on = [&](const EednCoreClock& c, int first, int count, const InputSpike& s) {
    return s.y * m.chip.geometry.width + s.x == c.core && s.axon >= first && s.axon < first + count;
  };
  auto clock_of = [&](const InputSpike& s) -> const EednCoreClock* {
    for (const EednCoreClock& c : m.clocks)
      if (s.y * m.chip.geometry.width + s.x == c.core) return &c;
    return nullptr;
  };
  // No clear: potentials carry over into the next frame.
  EXPECT_GT(in_time_mismatches(m, net, set, 8, [&](const InputSpike& s) {
              const EednCoreClock* c = clock_of(s);
              return !(c && on(*c, c->clear_axon, c->clear_axons, s));
            }),
            0);
  // No pedestal (only the boost-tick firing of the boost axons): negative sums hit the floor.
  EXPECT_GT(in_time_mismatches(m, net, set, 8, [&](const InputSpike& s) {
              const EednCoreClock* c = clock_of(s);
              return !(c && on(*c, c->boost_axon, c->boost_axons, s) &&
                       (s.tick % static_cast<uint64_t>(m.frame_period)) ==
                           static_cast<uint64_t>(c->stage % m.frame_period));
            }),
            0);
  // One boost axon fewer on every core: the boost falls 255 short.
  EednMapping weak = m;
  for (const EednCoreClock& c : weak.clocks)
    for (int j = 0; j < weak.chip.geometry.neurons; ++j)
      set_crossbar_bit(weak.chip.cores[c.core], weak.chip.geometry, c.boost_axon, j, false);
  EXPECT_GT(in_time_mismatches(weak, net, set, 8), 0);
  // Spikes delivered a window late: counts land after the boost.
  EednMapping late = m;
  for (CoreConfig& core : late.chip.cores)
    for (NeuronConfig& n : core.neurons)
      if (n.enabled && n.has_destination)
        n.dest.delay = static_cast<uint8_t>(1 + m.schedule.window);
  EXPECT_GT(in_time_mismatches(late, net, set, 8), 0);
}

TEST(EednInTime, SpareAxonsShortenTheClear) {
  // The staircases' corners make clears of several ticks with the fewest clear axons; the
  // cores' spare axons as clear axons make the frame shorter, and still exact.
  const EednNetwork net = extremes(tiny_in_time(4), 21);
  EednMapOptions fewest;
  fewest.spare_clear_axons = false;
  const EednMapping lean = map_eedn_network(net, fewest), m = map_eedn_network(net);
  ASSERT_GT(lean.schedule.clear_ticks, 1);
  EXPECT_LT(m.schedule.clear_ticks, lean.schedule.clear_ticks);
  EXPECT_EQ(m.frame_period, m.schedule.period());
  EXPECT_LT(m.frame_period, lean.frame_period);
  const ImageSet set = bars(8, 61);
  EXPECT_EQ(in_time_mismatches(lean, net, set, 8), 0);
  EXPECT_EQ(in_time_mismatches(m, net, set, 8), 0);
  // The extra clear axons do the work: fired on the first clear axon only, the shorter clear
  // leaves potentials above the floor and the next frame's counts change.
  int extra = 0;
  for (const EednCoreClock& c : m.clocks) extra = std::max(extra, c.clear_axons);
  ASSERT_GT(extra, 1);
  const int w = m.chip.geometry.width;
  EXPECT_GT(in_time_mismatches(m, net, set, 8, [&](const InputSpike& s) {
              for (const EednCoreClock& c : m.clocks)
                if (s.y * w + s.x == c.core)
                  return !(s.axon > c.clear_axon && s.axon < c.clear_axon + c.clear_axons);
              return true;
            }),
            0);
}

TEST(EednInTime, LevelNeuronRefusesTooFewClockAxons) {
  // Sums reach 40 + 8 x 60 = 520 and -8 x 70 = -560.
  const EednLevelNeeds need = eedn_level_needs(8, 1, 5, 40, 8, 60, 70);
  EXPECT_EQ(need.boost_axons, 3);  // 255 x 3 >= 560 (and > 520 - 5)
  EXPECT_EQ(eedn_level_needs(8, 1, 5, 40, 8, 60, 10).boost_axons, 3);  // 255 x 2 <= 515
  EXPECT_EQ(eedn_level_needs(8, 1, 5, 40, 8, 20, 10).boost_axons, 1);
  EXPECT_EQ(eedn_level_needs(8, 2, 5, 40, 8, 20, 10).boost_axons, 2);  // 40 + 320 - 5 >= 255
  // After 8 spikes of 5 the top leaves 480 - 1 - 255 >= 5: two clear axons.
  EXPECT_EQ(need.clear_axons, 2);
  EXPECT_THROW(eedn_level_neuron(8, 1, 5, 40, 8, 60, 70, need.boost_axons - 1, need.clear_axons),
               std::invalid_argument);
  EXPECT_THROW(eedn_level_neuron(8, 1, 5, 40, 8, 60, 70, need.boost_axons, need.clear_axons - 1),
               std::invalid_argument);
  const EednLevelNeuron n =
      eedn_level_neuron(8, 1, 5, 40, 8, 60, 70, need.boost_axons, need.clear_axons);
  EXPECT_EQ(n.params.neg_threshold, 2u * 255 * 3 - 40);
  EXPECT_EQ(eedn_level_neuron(8, 3, 5, 40, 1, 60, 70, 2, 1).params.weight[1], -3);
  EXPECT_EQ(n.params.reset_mode, ResetMode::kLinear);
  EXPECT_EQ(n.params.initial_potential, -static_cast<int32_t>(n.params.neg_threshold));
}

TEST(EednInTime, NetworkFileKeepsLevelsAndRejectsBadOnes) {
  const EednNetwork net = tiny_in_time(3);
  const std::string path = ::testing::TempDir() + "in_time.eedn.json";
  save_eedn_network(net, path);
  const EednNetwork back = load_eedn_network(path);
  for (size_t l = 0; l < net.layers.size(); ++l) {
    EXPECT_EQ(back.layers[l].levels, net.layers[l].levels);
    EXPECT_EQ(back.layers[l].alpha, net.layers[l].alpha);
    EXPECT_EQ(back.layers[l].gain, net.layers[l].gain);
    EXPECT_EQ(back.layers[l].leak, net.layers[l].leak);
  }
  auto message = [](const EednNetwork& n) {
    try {
      validate_eedn_network(n, "n.json");
    } catch (const ModelError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EednNetwork no_alpha = net;
  no_alpha.layers[0].alpha.clear();
  EXPECT_NE(message(no_alpha).find("/layers/0/alpha: 0 steps, expected out_c = 8"),
            std::string::npos)
      << message(no_alpha);
  EednNetwork zero_alpha = net;
  zero_alpha.layers[1].alpha[2] = 0;
  EXPECT_NE(message(zero_alpha).find("/layers/1/alpha/2"), std::string::npos);
  EednNetwork too_many = net;
  too_many.layers[0].levels = kEednMaxTimeLevels + 1;
  EXPECT_NE(message(too_many).find("/layers/0/levels"), std::string::npos);
  EednNetwork high_leak = net;
  // Layer 1 reads counts of 3: its scaled sums reach gain x 3 x fan-in.
  const int reach = net.layers[1].gain_of(0) * 3 * net.layers[1].shape.fan_in();
  high_leak.layers[1].leak[0] =
      static_cast<int16_t>(net.layers[1].levels * net.layers[1].alpha[0] + reach + 1);
  EXPECT_NE(message(high_leak).find("/layers/1/leak/0"), std::string::npos);
  EednNetwork big_gain = net;
  big_gain.layers[0].gain[1] = kEednMaxLevelGain + 1;
  EXPECT_NE(message(big_gain).find("/layers/0/gain/1"), std::string::npos);
  EednNetwork binary_gain = net;
  binary_gain.layers[2].gain.assign(binary_gain.layers[2].shape.out_c, 1);
  EXPECT_NE(message(binary_gain).find("/layers/2/gain: given for a layer of levels 1"),
            std::string::npos);
}

TEST(EednInTime, SideBySideMembersVoteTogether) {
  // Two members of different depths and levels on one mesh: the shallower one's frame enters a
  // stage stride later, and all class spikes arrive on the same readout tick.
  const EednNetwork a = tiny_in_time(4, 5), b = tiny_in_time(3, 6, true);
  const std::vector<const EednNetwork*> members = {&a, &b};
  const EednMapping m = map_eedn_networks(members);
  ASSERT_TRUE(m.in_time);
  EXPECT_EQ(m.schedule.window, 4);
  EXPECT_EQ(m.input_delay, (std::vector<int>{0, m.schedule.stride()}));
  const ImageSet set = bars(10, 61);
  EXPECT_EQ(votes_match_summed(m, members, set, 10), std::vector<bool>(10, true));
  int differ = 0;  // b's votes take part
  for (size_t f = 0; f < set.size(); ++f)
    differ += eedn_summed_votes(members, set.image(f)) !=
              eedn_votes(a, eedn_run(a, set.image(f)).back());
  EXPECT_GT(differ, 0);
}

TEST(EednInTime, BinaryMembersRunInTheFrameSchedule) {
  // A binary network next to one in time: its neurons become level neurons of one level, and
  // the chip's votes are still the members' summed integer votes, frame by frame.
  EednTrainConfig c;
  c.classes = 3;
  c.thresholds = {64, 160};
  c.layers = {{3, 1, 1, 1, 8, ""}, {3, 2, 1, 2, 12, "+-"}, {3, 2, 0, 3, 27, ""}};
  c.epochs = 2;
  c.batch = 32;
  c.lr = 0.02f;
  c.seed = 9;
  c.progress = false;
  const EednNetwork binary = train_eedn(c, bars(256, 1), nullptr).network;
  ASSERT_FALSE(binary.in_time());
  const EednNetwork timed = tiny_in_time(4);
  const std::vector<const EednNetwork*> members = {&binary, &timed};
  const EednMapping m = map_eedn_networks(members);
  ASSERT_TRUE(m.in_time);
  const ImageSet set = bars(10, 71);
  EXPECT_EQ(votes_match_summed(m, members, set, 10), std::vector<bool>(10, true));
  // Alone, the binary network keeps one frame per tick.
  EXPECT_FALSE(map_eedn_network(binary).in_time);
}

TEST(EednInTime, RefitKeepsCountsOrTradesGainsForAxons) {
  const EednNetwork net = tiny_in_time(6);
  // A budget every neuron meets: the staircases' own thresholds are met again, so every count
  // is unchanged.
  const EednNetwork same = refit_eedn_levels(net, 64);
  // The smallest budget: no neuron that needs more than 2 clock axons keeps a gain above 1.
  const EednNetwork lean = refit_eedn_levels(net, 2);
  const ImageSet set = bars(20, 81);
  int changed = 0;
  for (size_t i = 0; i < set.size(); ++i) {
    const std::vector<EednMap> a = eedn_run(net, set.image(i)), b = eedn_run(same, set.image(i)),
                               c = eedn_run(lean, set.image(i));
    EXPECT_EQ(a, b) << "image " << i;
    changed += a != c;
  }
  int geared = 0, lean_geared = 0;
  for (size_t l = 0; l < net.layers.size(); ++l)
    for (int o = 0; o < static_cast<int>(net.layers[l].gain.size()); ++o) {
      geared += net.layers[l].gain[o] > 1;
      lean_geared += lean.layers[l].gain[o] > 1;
    }
  EXPECT_GT(geared, 0);
  EXPECT_LT(lean_geared, geared);
  EXPECT_GT(changed, 0);
  EXPECT_THROW(refit_eedn_levels(net, 1), std::invalid_argument);
}

TEST(EednInTime, RefitGivesConstantChannelsTheFewestClockAxons) {
  // A channel at K for every reachable sum, written the way a tiny batch-norm scale exports it
  // (a wide step: alpha 1000, leak K x 1000 + reach), needs a boost far above the others'. Its
  // counts do not depend on alpha, so the refit gives it alpha 1 and the lowest leak that keeps
  // it at K: the same counts with a handful of boost axons.
  EednNetwork net = tiny_in_time(4);
  EednLayer& l = net.layers[0];
  l.gain[0] = 1;
  const int reach = l.shape.fan_in();  // gain 1 over binary inputs
  l.alpha[0] = 1000;
  l.leak[0] = static_cast<int16_t>(l.levels * 1000 + reach);
  validate_eedn_network(net, "constant channel");
  const auto [positive, negative] = l.signed_weights(0);
  auto boost = [&](const EednLayer& x) {
    return eedn_level_needs(x.levels, x.gain_of(0), x.alpha_of(0), x.leak[0], 1, positive, negative)
        .boost_axons;
  };
  const EednNetwork refit = refit_eedn_levels(net, 64);
  EXPECT_EQ(refit.layers[0].alpha[0], 1);
  EXPECT_EQ(refit.layers[0].leak[0], l.levels + reach);
  EXPECT_GE(boost(l), 12);  // (4018 + 18 - 1000) / 255
  EXPECT_LE(boost(refit.layers[0]), 2);
  const ImageSet set = bars(20, 91);
  for (size_t i = 0; i < set.size(); ++i) {
    const std::vector<EednMap> a = eedn_run(net, set.image(i)), b = eedn_run(refit, set.image(i));
    EXPECT_EQ(a, b) << "image " << i;
    for (size_t n = 0; n < a[1].size(); n += l.shape.out_c) EXPECT_EQ(a[1][n], l.levels);
  }
}
