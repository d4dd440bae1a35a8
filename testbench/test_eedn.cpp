// Eedn trainer, network file and integer inference: hysteresis, determinism, the fold of batch
// norm into integer leaks (integer inference == float forward with quantized weights).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "golden/model_error.h"
#include "mapper/eedn_inference.h"
#include "mapper/eedn_network.h"
#include "bar_images.h"
#include "eedn_sign_shared_config.h"
#include "eedn_tiny_config.h"
#include "mapper/eedn_trainer.h"

using namespace meridian;
namespace fs = std::filesystem;

namespace {

ImageSet synthetic_set(size_t n, uint64_t seed) { return meridian::test::bar_images(n, seed); }

EednTrainConfig tiny_config(uint64_t seed) { return meridian::test::tiny_eedn_config(seed); }

// Writes `text` to `path` and expects load_eedn_network to throw a ModelError holding `needle`
// and the file's name.
void expect_load_error(const fs::path& path, const std::string& text, const std::string& needle) {
  std::ofstream(path) << text;
  try {
    load_eedn_network(path.string());
    ADD_FAILURE() << "no error, expected " << needle;
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
}

// `text` (a saved network) with its first `from` replaced by `to` must fail to load with `needle`.
void expect_edit_refused(const fs::path& path, const std::string& text, const std::string& from,
                         const std::string& to, const std::string& needle) {
  std::string bad = text;
  const size_t at = bad.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  bad.replace(at, from.size(), to);
  expect_load_error(path, bad, needle);
}

}  // namespace

TEST(EednHysteresis, BandsKeepThePreviousValue) {
  const float h = 0.1f;
  // Outside the bands the value is fixed whatever came before.
  for (int8_t prev : {-1, 0, 1}) {
    EXPECT_EQ(eedn_hysteresis(0.6f, prev, h), 1);
    EXPECT_EQ(eedn_hysteresis(0.95f, prev, h), 1);
    EXPECT_EQ(eedn_hysteresis(-0.6f, prev, h), -1);
    EXPECT_EQ(eedn_hysteresis(0.39f, prev, h), 0);
    EXPECT_EQ(eedn_hysteresis(-0.2f, prev, h), 0);
  }
  // Inside the band (0.4 <= |w| < 0.6) the neighbours keep their value...
  EXPECT_EQ(eedn_hysteresis(0.45f, 1, h), 1);
  EXPECT_EQ(eedn_hysteresis(0.55f, 0, h), 0);
  EXPECT_EQ(eedn_hysteresis(-0.45f, -1, h), -1);
  EXPECT_EQ(eedn_hysteresis(-0.55f, 0, h), 0);
  // ...and a jump across zero lands on 0.
  EXPECT_EQ(eedn_hysteresis(0.5f, -1, h), 0);
  EXPECT_EQ(eedn_hysteresis(-0.5f, 1, h), 0);
  // h = 0 is plain rounding at 0.5.
  EXPECT_EQ(eedn_hysteresis(0.5f, 0, 0.0f), 1);
  EXPECT_EQ(eedn_hysteresis(0.49f, 1, 0.0f), 0);
}

TEST(EednTrainer, TrinaryWeightsFollowHiddenWeightsWithHysteresis) {
  const ImageSet set = synthetic_set(64, 3);
  EednTrainConfig cfg = tiny_config(5);
  EednFloatModel model(cfg, set.rows, set.cols);
  std::vector<const uint8_t*> imgs;
  std::vector<int> labels;
  for (size_t i = 0; i < set.size(); ++i) {
    imgs.push_back(set.image(i));
    labels.push_back(set.labels[i]);
  }
  int correct = 0, changed = 0, banded = 0;
  for (int step = 0; step < 20; ++step) {
    std::vector<std::vector<int8_t>> before;
    for (int l = 0; l < 3; ++l) before.push_back(model.trinary_weights(l));
    model.train_step(imgs, labels, 0.05, &correct);
    for (int l = 0; l < 3; ++l) {
      const std::vector<float> hid = model.hidden_weights(l);
      const std::vector<int8_t> now = model.trinary_weights(l);
      for (size_t i = 0; i < hid.size(); ++i) {
        ASSERT_LE(std::fabs(hid[i]), 1.0f) << "hidden weights are clipped to [-1, 1]";
        ASSERT_EQ(now[i], eedn_hysteresis(hid[i], before[l][i], cfg.hysteresis));
        changed += now[i] != before[l][i];
        // A weight in the band that kept a value plain rounding would change shows hysteresis.
        banded += now[i] != eedn_hysteresis(hid[i], 0, 0.0f);
      }
    }
  }
  EXPECT_GT(changed, 0) << "training never changed a trinary weight";
  EXPECT_GT(banded, 0) << "hysteresis never held a weight against plain rounding";
}

TEST(EednTrainer, SameSeedGivesIdenticalNetworksWhateverTheThreads) {
  const ImageSet set = synthetic_set(192, 11);
  EednTrainConfig a = tiny_config(42);
  EednTrainConfig b = a;
  b.threads = 2;
  EednTrainConfig c = a;
  c.seed = 43;
  const EednNetwork na = train_eedn(a, set, nullptr).network;
  const EednNetwork nb = train_eedn(b, set, nullptr).network;
  const EednNetwork nc = train_eedn(c, set, nullptr).network;
  ASSERT_EQ(na.layers.size(), nb.layers.size());
  bool differs_c = false;
  for (size_t l = 0; l < na.layers.size(); ++l) {
    EXPECT_EQ(na.layers[l].weights, nb.layers[l].weights) << "layer " << l;
    EXPECT_EQ(na.layers[l].leak, nb.layers[l].leak) << "layer " << l;
    differs_c |= na.layers[l].weights != nc.layers[l].weights;
  }
  EXPECT_TRUE(differs_c) << "a different seed should give different weights";
}

TEST(EednTrainer, LearnsTheSyntheticTask) {
  const ImageSet train = synthetic_set(768, 1), test = synthetic_set(300, 2);
  EednTrainConfig cfg = tiny_config(7);
  cfg.epochs = 15;
  const EednTrainResult r = train_eedn(cfg, train, &test);
  EXPECT_GT(r.log.back().test_accuracy, 0.8) << "chance is 1/3";
}

TEST(EednInference, IntegerInferenceEqualsQuantizedFloatForward) {
  const ImageSet train = synthetic_set(256, 21), test = synthetic_set(40, 22);
  EednTrainConfig cfg = tiny_config(9);
  EednFloatModel model(cfg, train.rows, train.cols);
  meridian::test::train_float_model(model, train, 30);
  EednNetwork net = model.export_network();
  size_t compared = 0, spikes = 0;
  for (size_t i = 0; i < test.size(); ++i) {
    const std::vector<EednMap> f = model.forward_eval(test.image(i));
    const std::vector<EednMap> n = eedn_run(net, test.image(i));
    ASSERT_EQ(f.size(), n.size());
    for (size_t l = 0; l < f.size(); ++l) {
      ASSERT_EQ(f[l], n[l]) << "image " << i << " map " << l;
      compared += f[l].size();
      for (uint8_t v : n[l]) spikes += v;
    }
  }
  EXPECT_GT(spikes, compared / 20) << "maps should not be all silent";
  EXPECT_LT(spikes, compared * 19 / 20) << "maps should not be all firing";
  // The comparison can fail: one leak moved by one changes some spike on these images.
  bool detected = false;
  for (int o = 0; o < net.layers[0].shape.out_c && !detected; ++o) {
    EednNetwork broken = net;
    broken.layers[0].leak[o] += 1;
    for (size_t i = 0; i < test.size() && !detected; ++i)
      detected = eedn_run(broken, test.image(i))[1] != model.forward_eval(test.image(i))[1];
  }
  EXPECT_TRUE(detected);
}

TEST(EednInference, LayerSumsByHand) {
  // 3x3 single-channel input, one 2x2 kernel, stride 1, pad 0 -> 2x2 outputs.
  EednLayer l;
  l.shape.in_h = l.shape.in_w = 3;
  l.shape.in_c = 1;
  l.shape.kernel_h = l.shape.kernel_w = 2;
  l.shape.out_c = 1;
  l.weights = {1, -1, 0, 1};  // [ky][kx]: (0,0)=+1 (0,1)=-1 (1,0)=0 (1,1)=+1
  l.leak = {0};
  const EednMap in = {1, 0, 1,   //
                      1, 1, 0,   //
                      0, 1, 1};  //
  // (0,0): 1*1 - 0 + 0 + 1*1 = 2; (0,1): 0 - 1 + 0 + 0 = -1; (1,0): 1 - 1 + 0 + 1 = 1;
  // (1,1): 1 - 0 + 0 + 1 = 2.
  EXPECT_EQ(eedn_layer_sums(l, in), (std::vector<int32_t>{2, -1, 1, 2}));
  // Spike iff sum + leak >= 1.
  EXPECT_EQ(eedn_layer_spikes(l, in), (EednMap{1, 0, 1, 1}));
  l.leak = {-1};
  EXPECT_EQ(eedn_layer_spikes(l, in), (EednMap{1, 0, 0, 1}));
}

TEST(EednNetworkFile, RoundTripAndErrors) {
  const ImageSet train = synthetic_set(64, 31);
  EednTrainConfig cfg = tiny_config(1);
  cfg.epochs = 1;
  const EednNetwork net = train_eedn(cfg, train, nullptr).network;
  const fs::path p = fs::temp_directory_path() / "meridian_test_eedn_net.eedn.json";
  save_eedn_network(net, p.string());
  const EednNetwork back = load_eedn_network(p.string());
  ASSERT_EQ(back.layers.size(), net.layers.size());
  for (size_t l = 0; l < net.layers.size(); ++l) {
    EXPECT_EQ(back.layers[l].weights, net.layers[l].weights);
    EXPECT_EQ(back.layers[l].leak, net.layers[l].leak);
  }
  EXPECT_EQ(back.provenance.seed, 1u);
  // A bad weight character and an out-of-range leak are named by JSON path.
  std::ifstream in(p);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto expect_error = [&](const std::string& bad, const std::string& needle) {
    expect_load_error(p, bad, needle);
  };
  std::string bad = text;
  const size_t w = bad.find("\"weights\"");
  const size_t q = bad.find('"', bad.find('[', w)) + 1;
  bad[q] = 'x';
  expect_error(bad, "/layers/0/weights/0: character 0 is 'x'");
  bad = text;
  const size_t lk = bad.find('[', bad.find("\"leak\"")) + 1;
  bad.insert(lk, "300");
  bad.erase(lk + 3, bad.find_first_of(",]", lk + 3) - (lk + 3));
  expect_error(bad, "/layers/0/leak/0: value 300 out of range");
  fs::remove(p);
}

TEST(EednNetworkFile, WrongTypesHugeIntegersAndRaggedRowsAreRefusedByPath) {
  // Each case edits one value of a valid file. Before these checks a wrongly typed field gave a
  // bare "[json.exception.type_error.302] ...", integers past 2^31 wrapped (threshold 4294967488
  // loaded as 192) and rows of wrong lengths whose total matched were accepted.
  EednTrainConfig cfg = tiny_config(1);
  EednNetwork net = EednFloatModel(cfg, 12, 12).export_network();  // untrained is enough
  net.provenance.seed = 7;
  const fs::path p = fs::temp_directory_path() / "meridian_test_eedn_types.eedn.json";
  save_eedn_network(net, p.string());
  std::ifstream in(p);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  auto expect_error = [&](const std::string& from, const std::string& to,
                          const std::string& needle) { expect_edit_refused(p, text, from, to, needle); };
  expect_error("\"seed\": 7", "\"seed\": \"7\"",
               "/provenance/seed: expected unsigned integer, got string");
  expect_error("\"seed\": 7", "\"seed\": -7", "/provenance/seed: value -7 out of range");
  expect_error("\"format\": \"meridian-eedn\"", "\"format\": 5",
               "/format: expected string, got number");
  expect_error("\"epochs\": 0", "\"epochs\": \"0\"",
               "/provenance/epochs: expected integer in [0, 1000000], got string");
  expect_error("\"test_accuracy\": -1.0", "\"test_accuracy\": \"x\"",
               "/provenance/test_accuracy: expected number, got string");
  expect_error("\"version\": 1", "\"version\": 1, \"offchip\": true", ": unknown field 'offchip'");
  // 2^32 + 160 and 2^32 + 12: both wrapped to valid values.
  const std::string thr = text.substr(text.find("\"thresholds\""));
  const std::string thr_list = thr.substr(0, thr.find(']') + 1);
  std::string wrapped = thr_list;
  wrapped.replace(wrapped.find("160"), 3, "4294967456");
  expect_error(thr_list, wrapped, "/input/thresholds/1: value 4294967456 out of range [1, 255]");
  const std::string in0 = text.substr(text.find("\"in\""));
  const std::string in_list = in0.substr(0, in0.find(']') + 1);  // "in": [ 12, 12, 2 ]
  std::string in_wrapped = in_list;
  in_wrapped.replace(in_wrapped.find("12"), 2, "4294967308");
  expect_error(in_list, in_wrapped, "/layers/0/in/0: value 4294967308 out of range [1, 1024]");
  std::string ker = text.substr(text.find("\"kernel\""));
  ker = ker.substr(0, ker.find(']') + 1);
  std::string ker_wrapped = ker;
  ker_wrapped.replace(ker_wrapped.find('3'), 1, "4294967299");
  expect_error(ker, ker_wrapped, "/layers/0/kernel/0: value 4294967299 out of range [1, 1024]");
  // Layer 0's first two rows (fan-in 18 each), one character moved from row 1 to row 0: the
  // total still matches.
  const size_t w = text.find("\"weights\"");
  const size_t r0 = text.find('"', text.find('[', w)) + 1;
  const size_t r0_end = text.find('"', r0);
  const size_t r1 = text.find('"', r0_end + 1) + 1;
  ASSERT_EQ(r0_end - r0, 18u);
  std::string ragged = text;
  ragged.insert(r0_end, 1, ragged[r1]);  // row 0 gains row 1's first character
  ragged.erase(r1 + 1, 1);               // which row 1 loses
  expect_load_error(p, ragged, "/layers/0/weights/0: 19 characters, expected the fan-in 18 "
                               "(kernel 3x3 x in_c/groups 2)");
  fs::remove(p);
  // A directory is named as such, not as "basic_filebuf::underflow error reading the file".
  try {
    load_eedn_network(fs::temp_directory_path().string());
    ADD_FAILURE() << "a directory must be refused";
  } catch (const ModelError& e) {
    EXPECT_EQ(std::string(e.what()), fs::temp_directory_path().string() +
                                         ": is a directory, expected an Eedn network file");
  }
}

TEST(EednInput, BitPlanesAreTheBitsOfEachPixel) {
  EednInput in;
  in.rows = 1;
  in.cols = 2;
  in.bit_planes = {7, 5, 4, 1, 0};
  const uint8_t image[2] = {0xB1, 0x4E};  // 1011'0001, 0100'1110
  EXPECT_EQ(eedn_transduce(in, image), (EednMap{1, 1, 1, 0, 1, /**/ 0, 0, 0, 1, 0}));
  in.bit_planes.clear();
  in.thresholds = {0x4E, 0x4F, 0xB1, 0xB2};  // the thermometer code of the same pixels
  EXPECT_EQ(eedn_transduce(in, image), (EednMap{1, 1, 1, 0, /**/ 1, 0, 0, 0}));
}

TEST(EednNetworkFile, BitPlaneInputRoundTripAndErrors) {
  const ImageSet train = synthetic_set(64, 32);
  EednTrainConfig cfg = tiny_config(1);
  cfg.epochs = 1;
  cfg.bit_planes = {7, 6, 3};
  const EednNetwork net = train_eedn(cfg, train, nullptr).network;
  ASSERT_EQ(net.input.bit_planes, (std::vector<int>{7, 6, 3}));
  ASSERT_TRUE(net.input.thresholds.empty());
  const fs::path p = fs::temp_directory_path() / "meridian_test_eedn_bitplanes.eedn.json";
  save_eedn_network(net, p.string());
  EXPECT_TRUE(load_eedn_network(p.string()).input == net.input);
  std::ifstream in(p);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto expect_error = [&](const std::string& from, const std::string& to,
                          const std::string& needle) { expect_edit_refused(p, text, from, to, needle); };
  const std::string planes = text.substr(text.find("\"bit_planes\""));
  const std::string list = planes.substr(0, planes.find(']') + 1);  // "bit_planes": [ 7, 6, 3 ]
  std::string up = list, high = list;
  up.replace(up.rfind('3'), 1, "6");
  high.replace(high.find('7'), 1, "8");
  expect_error(list, up, "/input/bit_planes/2");           // not descending
  expect_error(list, high, "/input/bit_planes/0: value 8 out of range");
  expect_error(list, "\"bit_planes\": []", "/input: needs \"thresholds\" or \"bit_planes\"");
  fs::remove(p);
}

TEST(EednTrainer, BadInputCodeIsRefusedBeforeTraining) {
  // Found when the model is built, not at export after the last epoch.
  EednTrainConfig cfg = tiny_config(1);
  cfg.bit_planes = {9, 3};
  try {
    EednFloatModel model(cfg, 12, 12);
    ADD_FAILURE() << "bit plane 9 must be refused";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("/input/bit_planes/0: value 9 out of range [0, 7]"),
              std::string::npos) << e.what();
  }
  cfg.bit_planes.clear();
  cfg.thresholds = {128, 64};
  EXPECT_THROW(EednFloatModel(cfg, 12, 12), ModelError);
}

TEST(EednTrainer, OutOfRangeTrainingSettingsAreRefusedByName) {
  // Before this check, batch 0 and epochs -1 crashed train_eedn, and lr <= 0 or a band of 0.5
  // trained a network that never learned, without a word.
  auto error = [](const EednTrainConfig& c) -> std::string {
    try {
      EednFloatModel model(c, 12, 12);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  };
  const EednTrainConfig ok = tiny_config(1);
  EXPECT_EQ(error(ok), "");
  struct Case {
    void (*set)(EednTrainConfig&);
    const char* message;
  };
  const Case bad[] = {
      {[](EednTrainConfig& c) { c.epochs = 0; }, "epochs 0 is outside [1, 10000]"},
      {[](EednTrainConfig& c) { c.batch = 0; }, "batch 0 is outside [1, 4096]"},
      {[](EednTrainConfig& c) { c.batch = 4097; }, "batch 4097 is outside [1, 4096]"},
      {[](EednTrainConfig& c) { c.threads = 0; }, "threads 0 is outside [1, 256]"},
      {[](EednTrainConfig& c) { c.lr = 0; }, "lr 0.000000 is outside (0, 1]"},
      {[](EednTrainConfig& c) { c.lr = std::nanf(""); }, "lr nan is outside (0, 1]"},
      {[](EednTrainConfig& c) { c.hysteresis = 0.5f; }, "hysteresis 0.500000 is outside [0, 0.5)"},
      {[](EednTrainConfig& c) { c.hysteresis = -0.01f; }, "hysteresis -0.010000 is outside"},
      {[](EednTrainConfig& c) { c.logit_scale = 0; }, "logit_scale 0.000000 is outside (0, 1000]"},
  };
  for (const Case& k : bad) {
    EednTrainConfig c = ok;
    k.set(c);
    EXPECT_NE(error(c).find(std::string("EednTrainConfig: ") + k.message), std::string::npos)
        << "expected '" << k.message << "', got '" << error(c) << "'";
  }
  // The bounds themselves are accepted where the range is closed.
  EednTrainConfig edge = ok;
  edge.lr = 1.0f;
  edge.hysteresis = 0;
  edge.batch = 4096;
  edge.threads = 256;
  EXPECT_EQ(error(edge), "");
}

TEST(EednTrainer, BadLayerShapesAreRefusedByFieldBeforeAnyAllocation) {
  // eedn_train --layers: groups 0 and stride 0 divided by zero (SIGFPE), groups -1 or a huge
  // out_c threw std::bad_alloc, and pad -1 or 9 trained to the end and failed only at the save.
  auto error = [](const EednTrainConfig& c) -> std::string {
    try {
      validate_eedn_train_config(c, 12, 12);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "";
  };
  const EednTrainConfig ok = tiny_config(1);  // layer 0's input is 12x12x2
  ASSERT_EQ(error(ok), "");
  ASSERT_EQ(error(meridian::test::sign_shared_eedn_config(1)), "");
  struct Case {
    void (*set)(EednTrainConfig&);
    const char* message;
  };
  const Case bad[] = {
      {[](EednTrainConfig& c) { c.layers[0].groups = 0; },
       "layers[0].groups 0 is outside [1, 2] (the layer's input is 12x12x2)"},
      {[](EednTrainConfig& c) { c.layers[0].groups = -1; },
       "layers[0].groups -1 is outside [1, 2]"},
      {[](EednTrainConfig& c) { c.layers[1].stride = 0; }, "layers[1].stride 0 is outside [1, 64]"},
      {[](EednTrainConfig& c) { c.layers[0].kernel = 0; },
       "layers[0].kernel 0 is outside [1, 1024]"},
      {[](EednTrainConfig& c) { c.layers[0].pad = -1; },
       "layers[0].pad -1 is outside [0, 2] (at most kernel - 1)"},
      {[](EednTrainConfig& c) { c.layers[0].pad = 9; }, "layers[0].pad 9 is outside [0, 2]"},
      {[](EednTrainConfig& c) { c.layers[2].kernel = 6; },
       "layers[2].kernel 6 is outside [1, 3] (the layer's input is 3x3x12): the kernel must fit"},
      {[](EednTrainConfig& c) { c.layers[0].out_c = 65537; },
       "layers[0].out_c 65537 is outside [1, 65536]"},
      {[](EednTrainConfig& c) { c.layers[1].out_c = 13; },
       "layers[1].groups 2 must divide in_c 8 and out_c 13"},
      {[](EednTrainConfig& c) { c.layers[1].input_signs = "+-+-+"; },
       "layers[1].input_signs '+-+-+' has 5 signs, more than the 4 input channels of a group"},
      {[](EednTrainConfig& c) { c.layers[1].input_signs = "+x"; },
       "layers[1].input_signs '+x': character 1 is not '+' or '-'"},
      {[](EednTrainConfig& c) { c.layers[0].levels = 5000; },
       "layers[0].levels 5000 is outside [1, 16]"},
      {[](EednTrainConfig& c) { c.classes = 0; }, "classes 0 is outside [1, 1000]"},
  };
  for (const Case& k : bad) {
    EednTrainConfig c = ok;
    k.set(c);
    const std::string e = error(c);
    EXPECT_NE(e.find(std::string("EednTrainConfig: ") + k.message), std::string::npos)
        << "expected '" << k.message << "', got '" << e << "'";
    // The model's constructor makes the same checks before it allocates anything.
    EXPECT_THROW(EednFloatModel(c, 12, 12), std::exception) << k.message;
  }
  // The bounds themselves are accepted: pad kernel - 1, a kernel filling the padded input.
  EednTrainConfig edge = ok;
  edge.layers[0].pad = 2;
  edge.layers[2].kernel = 3;
  EXPECT_EQ(error(edge), "");
}

TEST(EednSignShared, WeightsKeepTheirInputSignsThroughTrainingFoldAndFile) {
  const ImageSet train = synthetic_set(256, 41), test = synthetic_set(40, 42);
  EednTrainConfig cfg = meridian::test::sign_shared_eedn_config(5);
  const EednTrainResult r = train_eedn(cfg, train, &test);
  const EednNetwork& net = r.network;
  const EednLayer& l = net.layers[1];
  ASSERT_EQ(l.shape.fan_in(), 144);
  ASSERT_EQ(l.input_signs.size(), 16u);
  size_t plus = 0, minus = 0;
  for (size_t i = 0; i < l.weights.size(); ++i) {
    const int8_t t = l.input_signs[i % 16];
    EXPECT_EQ(t, i % 2 == 0 ? 1 : -1) << "pattern \"+-\" repeats over the channels";
    ASSERT_TRUE(l.weights[i] == 0 || l.weights[i] == t) << "weight " << i;
    plus += l.weights[i] > 0;
    minus += l.weights[i] < 0;
  }
  EXPECT_GT(plus, l.weights.size() / 10);
  EXPECT_GT(minus, l.weights.size() / 10);
  EXPECT_TRUE(net.layers[0].input_signs.empty());
  EXPECT_GT(r.log.back().test_accuracy, 0.5) << "chance is 1/3";

  // The fold keeps the weights' signs (gamma stays >= 0), and the file keeps the input signs.
  const fs::path p = fs::temp_directory_path() / "meridian_test_eedn_sign_shared.eedn.json";
  save_eedn_network(net, p.string());
  const EednNetwork back = load_eedn_network(p.string());
  EXPECT_EQ(back.layers[1].input_signs, l.input_signs);
  EXPECT_EQ(back.layers[1].weights, l.weights);
  EXPECT_TRUE(back.layers[0].input_signs.empty());

  // A weight against its input sign, a bad sign character, a wrong sign count, and the fan-in
  // of 144 without input signs are each refused by JSON path.
  std::ifstream in(p);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t layer1 = text.find("\"input_signs\"");
  ASSERT_NE(layer1, std::string::npos);
  const size_t signs = text.find('"', text.find(':', layer1)) + 1;
  ASSERT_EQ(text.substr(signs, 4), "+-+-");
  std::string bad = text;
  bad[signs] = '-';  // channel 0 becomes inhibitory, but its trained weights are '+'
  expect_load_error(p, bad, "but its input channel 0 has input sign '-'");
  bad = text;
  bad[signs] = '0';
  expect_load_error(p, bad, "/layers/1/input_signs: character 0 is '0', allowed '+', '-'");
  bad = text;
  bad.erase(signs, 1);
  expect_load_error(p, bad, "/layers/1/input_signs: 15 signs, expected in_c / groups = 16");
  bad = text;
  bad.erase(layer1, text.find(',', text.find('"', signs)) + 1 - layer1);  // the field and its comma
  expect_load_error(p, bad, "/layers/1/fan_in: value 144 out of range [1, 128]");
  fs::remove(p);

  // The trainer refuses the same layer without input signs before training.
  cfg.layers[1].input_signs.clear();
  try {
    EednFloatModel model(cfg, 12, 12);
    ADD_FAILURE() << "fan-in 144 without input signs must be refused";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("must be <= 128 (254 with sign-shared inputs, 16384 off chip)"),
              std::string::npos) << e.what();
  }
}

TEST(EednSignShared, LargeStepsNeverFoldAChannelIntoNegatedWeights) {
  // At this learning rate some batch-norm gamma of the sign-shared layer would turn negative
  // within 3 epochs; folded, it would negate that channel's weights against their input signs.
  // Training keeps gamma >= 0 there, so the export stays valid.
  EednTrainConfig cfg = meridian::test::sign_shared_eedn_config(5);
  cfg.lr = 0.3f;
  const EednNetwork net = train_eedn(cfg, synthetic_set(256, 41), nullptr).network;
  EXPECT_NO_THROW(validate_eedn_network(net, "large steps"));
}
