// Multi-level hidden activations (EednLayerSpec::levels, docs/EEDN.md section 7): a K-level
// neuron's output is the count of the thresholds 0, step, ..., (K-1) step its batch-normed sum
// reaches, and the export turns it into K binary neurons, channel o -> o * K + k, whose next-layer
// weights are repeated over the copies. The exported network must compute exactly what the float
// model computes, copy by copy.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "bar_images.h"
#include "eedn_tiny_config.h"
#include "mapper/eedn_inference.h"
#include "mapper/eedn_network.h"
#include "mapper/eedn_trainer.h"

using namespace meridian;

namespace {

// The tiny set-up with 3 levels in layer 0 and 2 in layer 1: the exported fan-ins are
// 9 * 4 * 3 = 108 (layer 1) and 9 * 4 * 2 = 72 (layer 2), both within the 128 of free weights.
EednTrainConfig levels_config(uint64_t seed) {
  EednTrainConfig c = meridian::test::tiny_eedn_config(seed);
  c.layers[0].levels = 3;
  c.layers[1].levels = 2;
  return c;
}

std::string config_error(const EednTrainConfig& c) {
  try {
    EednFloatModel model(c, 12, 12);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(EednLevels, ExportExpandsEachNeuronIntoItsLevelCopies) {
  const EednTrainConfig cfg = levels_config(5);
  const EednNetwork net = EednFloatModel(cfg, 12, 12).export_network();
  ASSERT_EQ(net.layers.size(), 3u);
  EXPECT_EQ(net.layers[0].shape.out_c, 8 * 3);
  EXPECT_EQ(net.layers[1].shape.in_c, 8 * 3);
  EXPECT_EQ(net.layers[1].shape.out_c, 12 * 2);
  EXPECT_EQ(net.layers[1].shape.fan_in(), 9 * 4 * 3);
  EXPECT_EQ(net.layers[2].shape.in_c, 12 * 2);
  EXPECT_EQ(net.layers[2].shape.out_c, 27) << "the class layer stays binary";
  EXPECT_NO_THROW(validate_eedn_network(net, "levels"));
  // The copies of a neuron share its weights, and an input's copies share one weight: layer 1's
  // channel o, copy k, sees input channel ci's copies j with the same weight for every (k, j).
  const EednLayer& l = net.layers[1];
  const int cg = l.shape.in_c_per_group();  // 12 = 4 hidden channels x 3 copies
  for (int o = 0; o < 12; ++o)
    for (int ky = 0; ky < 3; ++ky)
      for (int kx = 0; kx < 3; ++kx)
        for (int ci = 0; ci < cg; ci += 3) {
          const int8_t w = l.weight(o * 2, ky, kx, ci);
          for (int k = 0; k < 2; ++k)
            for (int j = 0; j < 3; ++j)
              ASSERT_EQ(l.weight(o * 2 + k, ky, kx, ci + j), w)
                  << "o " << o << " k " << k << " ci " << ci << " j " << j;
        }
}

TEST(EednLevels, IntegerInferenceEqualsTheFloatForwardCopyByCopy) {
  const ImageSet train = meridian::test::bar_images(256, 41);
  const ImageSet test = meridian::test::bar_images(40, 42);
  EednFloatModel model(levels_config(9), train.rows, train.cols);
  meridian::test::train_float_model(model, train, 30);
  const EednNetwork net = model.export_network();
  size_t between = 0;  // neurons whose count is strictly between 0 and K (the levels are used)
  for (size_t i = 0; i < test.size(); ++i) {
    const std::vector<EednMap> f = model.forward_eval(test.image(i));
    const std::vector<EednMap> n = eedn_run(net, test.image(i));
    ASSERT_EQ(f.size(), n.size());
    for (size_t m = 0; m < f.size(); ++m) ASSERT_EQ(f[m], n[m]) << "image " << i << " map " << m;
    // Copies form a thermometer: copy k fires only if copy k - 1 does.
    for (int layer = 0; layer < 2; ++layer) {
      const int k = layer == 0 ? 3 : 2;
      const EednMap& map = n[layer + 1];
      for (size_t c = 0; c < map.size(); c += k) {
        int count = 0;
        for (int j = 0; j < k; ++j) {
          if (j > 0) {
            ASSERT_LE(map[c + j], map[c + j - 1]) << "image " << i << " layer " << layer;
          }
          count += map[c + j];
        }
        between += count > 0 && count < k;
      }
    }
  }
  EXPECT_GT(between, 100u) << "intermediate levels should occur";
  // The comparison can fail: storing layer 0's copies copy-major (k * out_c + o) instead of
  // channel-minor changes its map, and layer 1 then reads the wrong inputs.
  EednNetwork broken = net;
  EednLayer& l0 = broken.layers[0];
  const int out_c = 8, fan = l0.shape.fan_in();
  for (int o = 0; o < out_c; ++o)
    for (int k = 0; k < 3; ++k) {
      const int from = o * 3 + k, to = k * out_c + o;
      l0.leak[to] = net.layers[0].leak[from];
      std::copy_n(net.layers[0].weights.begin() + static_cast<ptrdiff_t>(from) * fan, fan,
                  l0.weights.begin() + static_cast<ptrdiff_t>(to) * fan);
    }
  bool detected = false;
  for (size_t i = 0; i < test.size() && !detected; ++i)
    detected = eedn_run(broken, test.image(i))[2] != model.forward_eval(test.image(i))[2];
  EXPECT_TRUE(detected);
}

TEST(EednLevels, BinaryLayersAreUnchanged) {
  // levels = 1 everywhere must give the network of a config that never mentions levels, bit for
  // bit: the shipped models retrain identically.
  const ImageSet train = meridian::test::bar_images(128, 51);
  EednTrainConfig a = meridian::test::tiny_eedn_config(4);
  a.epochs = 2;
  EednTrainConfig b = a;
  b.level_step = 1.5f;  // unused without levels
  const EednNetwork na = train_eedn(a, train, nullptr).network;
  const EednNetwork nb = train_eedn(b, train, nullptr).network;
  for (size_t l = 0; l < na.layers.size(); ++l) {
    EXPECT_EQ(na.layers[l].weights, nb.layers[l].weights) << "layer " << l;
    EXPECT_EQ(na.layers[l].leak, nb.layers[l].leak) << "layer " << l;
  }
  // ... while levels do change the result (so the comparison above can fail).
  EednTrainConfig c = a;
  c.layers[0].levels = 2;
  const EednNetwork nc = train_eedn(c, train, nullptr).network;
  EXPECT_NE(nc.layers[0].shape.out_c, na.layers[0].shape.out_c);
  EXPECT_TRUE(nc.layers[1].leak != na.layers[1].leak || nc.layers[2].leak != na.layers[2].leak ||
              nc.layers[2].weights != na.layers[2].weights)
      << "training with 2 levels in layer 0 should change the later layers";
}

TEST(EednLevels, LearnsTheSyntheticTask) {
  const ImageSet train = meridian::test::bar_images(768, 1);
  const ImageSet test = meridian::test::bar_images(300, 2);
  EednTrainConfig cfg = levels_config(7);
  cfg.epochs = 15;
  const EednTrainResult r = train_eedn(cfg, train, &test);
  EXPECT_GT(r.log.back().test_accuracy, 0.8) << "chance is 1/3";
}

TEST(EednLevels, OutOfRangeSettingsAreRefusedByName) {
  EednTrainConfig c = levels_config(1);
  EXPECT_EQ(config_error(c), "");
  c.layers[2].levels = 2;
  EXPECT_NE(config_error(c).find("layers[2].levels 2 is outside [1, 1]"), std::string::npos)
      << config_error(c);
  c = levels_config(1);
  c.layers[0].levels = 0;
  EXPECT_NE(config_error(c).find("layers[0].levels 0 is outside [1, 16]"), std::string::npos)
      << config_error(c);
  c = levels_config(1);
  c.level_step = 0;
  EXPECT_NE(config_error(c).find("level_step 0.000000 is outside (0, 4]"), std::string::npos)
      << config_error(c);
  // The fan-in limit counts every copy: 36 inputs of 3 levels fit 128, of 4 levels do not.
  c = levels_config(1);
  c.layers[0].levels = 4;
  EXPECT_NE(config_error(c).find("layer 1 (in 6x6x8, kernel 3, groups 2, out_c 12, inputs of 4 "
                                 "levels) is invalid"),
            std::string::npos)
      << config_error(c);
  c.layers[1].input_signs = "+-";  // sign-shared: 144 fits 254
  EXPECT_EQ(config_error(c), "");
}
