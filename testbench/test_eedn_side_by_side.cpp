// Side-by-side ensembles: networks of different layouts and input codes mapped next to each
// other on one mesh vote together exactly as their summed integer inference; the list file's
// errors name the member.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "bar_images.h"
#include "eedn_sign_shared_config.h"
#include "eedn_tiny_config.h"
#include "golden/chip.h"
#include "golden/model_error.h"
#include "golden/model_file.h"
#include "mapper/eedn_inference.h"
#include "mapper/eedn_mapping.h"
#include "mapper/eedn_side_by_side.h"
#include "mapper/eedn_trainer.h"

using namespace meridian;
namespace fs = std::filesystem;

namespace {

// A free-sign thermometer network and a sign-shared bit-plane network: different layouts and
// input codes, both with 3 layers and 3 classes.
std::vector<EednNetwork> two_members() {
  const ImageSet train = meridian::test::bar_images(256, 1);
  EednTrainConfig a = meridian::test::tiny_eedn_config(3);
  a.epochs = 2;
  EednTrainConfig b = meridian::test::sign_shared_eedn_config(4);
  b.epochs = 2;
  b.bit_planes = {7, 6, 5};
  return {train_eedn(a, train, nullptr).network, train_eedn(b, train, nullptr).network};
}

// Frames whose chip votes differ from the summed integer inference. The host writes the input
// spikes that `host` (the mapping itself, or a copy with some targets removed) gives.
int vote_mismatches(const EednMapping& m, const EednMapping& host,
                    const std::vector<const EednNetwork*>& members, const ImageSet& set,
                    int frames) {
  Chip chip(m.chip);
  int bad = 0;
  for (int t = 0; t < frames + m.layers - 1; ++t) {
    if (t < frames)
      for (const InputSpike& s : eedn_input_spikes(host, members, set.image(t), t)) chip.inject(s);
    chip.step();
    const int f = t - (m.layers - 1);
    if (f >= 0) bad += eedn_chip_votes(m, chip.spikes(), t) != eedn_summed_votes(members, set.image(f));
  }
  return bad;
}

}  // namespace

TEST(EednSideBySide, MembersOfDifferentLayoutsVoteTogetherOnOneMesh) {
  const std::vector<EednNetwork> nets = two_members();
  ASSERT_NE(nets[0].layers[1].shape.fan_in(), nets[1].layers[1].shape.fan_in());
  ASSERT_FALSE(nets[0].input == nets[1].input);
  const std::vector<const EednNetwork*> members = {&nets[0], &nets[1]};
  const EednMapping m = map_eedn_networks(members);
  validate_model(m.chip, "side by side");
  const EednMapping a = map_eedn_network(nets[0]), b = map_eedn_network(nets[1]);
  EXPECT_EQ(m.stats.cores, a.stats.cores + b.stats.cores);
  EXPECT_EQ(m.stats.neurons, a.stats.neurons + b.stats.neurons);
  // Every chip neuron names its network: each member owns exactly its own mapping's neurons.
  std::vector<size_t> owned(2, 0);
  for (const auto& core : m.origin)
    for (const EednNeuronOrigin& o : core)
      if (o.layer >= 0) {
        ASSERT_TRUE(o.member == 0 || o.member == 1) << o.member;
        ++owned[o.member];
      }
  EXPECT_EQ(owned[0], a.stats.neurons);
  EXPECT_EQ(owned[1], b.stats.neurons);
  const ImageSet set = meridian::test::bar_images(16, 95);
  EXPECT_EQ(vote_mismatches(m, m, members, set, 16), 0);
  // Summed votes differ from either member's own on some frame, so the check sees both.
  int differ = 0;
  for (int f = 0; f < 16; ++f)
    differ += eedn_summed_votes(members, set.image(f)) !=
              eedn_votes(nets[0], eedn_run(nets[0], set.image(f)).back());
  EXPECT_GT(differ, 0);
  // The check can fail: without member 1's input spikes the chip's votes are member 0's only.
  EednMapping member0_fed = m;
  for (size_t i = m.input_offset[1]; i < m.input_targets.size(); ++i)
    member0_fed.input_targets[i].clear();
  EXPECT_GT(vote_mismatches(m, member0_fed, members, set, 16), 0);
}

// tiny_eedn_config's network with `extra` more 1x1 layers after the first: a deeper member.
EednTrainConfig deeper_config(uint64_t seed, int extra) {
  EednTrainConfig c = meridian::test::tiny_eedn_config(seed);
  for (int i = 0; i < extra; ++i) c.layers.insert(c.layers.begin() + 1, {1, 1, 0, 1, 8, ""});
  return c;
}

TEST(EednSideBySide, MembersOfDifferentDepthsAreReadAtOneTick) {
  const ImageSet train = meridian::test::bar_images(256, 1);
  EednTrainConfig cfg = deeper_config(5, 2);
  cfg.epochs = 2;
  std::vector<EednNetwork> nets = two_members();
  nets.push_back(train_eedn(cfg, train, nullptr).network);  // 5 layers against 3
  const std::vector<const EednNetwork*> members = {&nets[0], &nets[2]};
  const EednMapping m = map_eedn_networks(members);
  EXPECT_EQ(m.layers, 5);
  EXPECT_EQ(m.input_delay, (std::vector<int>{2, 0}));
  const ImageSet set = meridian::test::bar_images(16, 94);
  EXPECT_EQ(vote_mismatches(m, m, members, set, 16), 0);
  // The check can fail: written without its delay, the shallow member votes two ticks early.
  EednMapping undelayed = m;
  undelayed.input_delay = {0, 0};
  EXPECT_GT(vote_mismatches(m, undelayed, members, set, 16), 0);
}

TEST(EednSideBySide, MembersMustShareClassesAndDepthsWithinTheDelayWindow) {
  std::vector<EednNetwork> nets = two_members();
  nets[1].classes = 1;  // keeps the network valid (27 channels vote for one class)
  try {
    map_eedn_networks({&nets[0], &nets[1]});
    ADD_FAILURE() << "a network with other classes must be refused";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("network 1 has 1 classes, network 0 has 3"),
              std::string::npos) << e.what();
  }
  // An untrained 19-layer network: 16 layers deeper than the 3-layer one.
  const EednTrainConfig cfg = deeper_config(6, 16);
  const EednNetwork deep = EednFloatModel(cfg, 12, 12).export_network();
  try {
    map_eedn_networks({&nets[0], &deep});
    ADD_FAILURE() << "depths 16 apart must be refused";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("3 to 19 layers; depths may differ by at most 15"),
              std::string::npos) << e.what();
  }
}

TEST(EednSideBySide, ListFileLoadsMembersRelativeToItselfAndNamesBadOnes) {
  const std::vector<EednNetwork> nets = two_members();
  const fs::path dir = fs::temp_directory_path() / "meridian_test_side_by_side";
  fs::create_directories(dir / "sub");
  save_eedn_network(nets[0], (dir / "sub" / "a.eedn.json").string());
  save_eedn_network(nets[1], (dir / "b.eedn.json").string());
  const fs::path list = dir / "pair.eedn-list.json";
  auto write = [&](const std::string& members) {
    std::ofstream(list) << "{\"format\": \"meridian-eedn-side-by-side\", \"version\": 1, "
                           "\"name\": \"pair\", \"members\": [" << members << "]}";
  };
  write("\"sub/a.eedn.json\", \"b.eedn.json\"");
  const EednSideBySide s = load_eedn_models(list.string());
  EXPECT_EQ(s.name, "pair");
  ASSERT_EQ(s.members.size(), 2u);
  EXPECT_EQ(s.members[1].layers[1].input_signs, nets[1].layers[1].input_signs);
  // A plain network file is a list of one.
  EXPECT_EQ(load_eedn_models((dir / "b.eedn.json").string()).members.size(), 1u);
  auto expect_error = [&](const std::string& members, const std::string& needle) {
    write(members);
    try {
      load_eedn_models(list.string());
      ADD_FAILURE() << "expected " << needle;
    } catch (const ModelError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(list.string()), std::string::npos) << e.what();
    }
  };
  expect_error("\"sub/a.eedn.json\", \"missing.eedn.json\"", "/members/1: ");
  expect_error("\"sub/a.eedn.json\", \"missing.eedn.json\"", "cannot open Eedn network file");
  expect_error("", "/members: expected a non-empty array");
  expect_error("\"sub/a.eedn.json\", 7", "/members/1: expected a file path string");
  EednNetwork other = nets[1];
  other.input.rows = other.input.cols = 10;
  other.layers[0].shape.in_h = other.layers[0].shape.in_w = 10;
  for (size_t l = 1; l < other.layers.size(); ++l) {
    const EednConvShape& p = other.layers[l - 1].shape;
    other.layers[l].shape.in_h = p.out_h();
    other.layers[l].shape.in_w = p.out_w();
  }
  save_eedn_network(other, (dir / "c.eedn.json").string());
  expect_error("\"sub/a.eedn.json\", \"c.eedn.json\"",
               "/members/1: input rows 10 differs from member 0's 12");
  save_eedn_network(EednFloatModel(deeper_config(6, 16), 12, 12).export_network(),
                    (dir / "deep.eedn.json").string());
  expect_error("\"deep.eedn.json\", \"sub/a.eedn.json\"",
               "/members/1: 3 layers, member 0 has 19; depths may differ by at most 15");
  // A directory as a member: named, not "basic_filebuf::underflow error reading the file".
  expect_error("\"sub/a.eedn.json\", \".\"", "/members/1: " + (dir / ".").string() +
                                                ": is a directory, expected an Eedn network file");
  // Wrongly typed or unknown fields of the list itself, by JSON path instead of a bare
  // "[json.exception.type_error.302] type must be string, but is number".
  auto expect_list_error = [&](const std::string& text, const std::string& needle) {
    std::ofstream(list) << text;
    try {
      load_eedn_models(list.string());
      ADD_FAILURE() << "expected " << needle;
    } catch (const ModelError& e) {
      EXPECT_EQ(std::string(e.what()), list.string() + ": " + needle);
    }
  };
  const std::string members = "\"members\": [\"b.eedn.json\"]";
  expect_list_error("{\"format\": 5, \"version\": 1, \"name\": \"p\", " + members + "}",
                    "/format: expected string, got number");
  expect_list_error("{\"format\": \"meridian-eedn-side-by-side\", \"version\": \"1\", "
                    "\"name\": \"p\", " + members + "}",
                    "/version: expected integer in [1, 1], got string");
  expect_list_error("{\"format\": \"meridian-eedn-side-by-side\", \"version\": 1, "
                    "\"name\": \"p\", \"member\": [], " + members + "}",
                    "unknown field 'member' (allowed: format, version, name, members)");
  expect_list_error("[1, 2]", "expected object, got array");
  fs::remove_all(dir);
}

TEST(EednSideBySide, NetworksMustMatchTheDataSetsClassesAndImageSize) {
  // `meridian classify` of a 1-class network reported 100 % (every image votes for class 0,
  // and the first test images are zeros).
  EednSideBySide models;
  EednTrainConfig cfg = meridian::test::tiny_eedn_config(1);  // 3 classes of 12x12 images
  models.members.push_back(EednFloatModel(cfg, 12, 12).export_network());
  ImageSet set = meridian::test::bar_images(4, 1);
  ASSERT_EQ(set.classes, 3);
  ASSERT_EQ(set.rows, 12);
  EXPECT_NO_THROW(check_eedn_models_fit(models, "m.eedn.json", set, "the bar set"));
  auto error = [&] {
    try {
      check_eedn_models_fit(models, "m.eedn.json", set, "the bar set");
    } catch (const ModelError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  set.classes = 10;
  EXPECT_EQ(error(), "m.eedn.json: the network classifies 3 classes of 12x12 images; the bar set "
                     "has 10 classes of 12x12 images");
  set.classes = 3;
  set.cols = 14;
  EXPECT_EQ(error(), "m.eedn.json: the network classifies 3 classes of 12x12 images; the bar set "
                     "has 3 classes of 12x14 images");
}

TEST(EednSideBySide, NetworksMustBeTrainedOnTheRunsDataSet) {
  // MNIST and Fashion-MNIST share classes and image size; provenance alone tells them apart.
  EednSideBySide models;
  EednTrainConfig cfg = meridian::test::tiny_eedn_config(1);
  EednNetwork a = EednFloatModel(cfg, 12, 12).export_network();
  a.name = "a";
  a.provenance.dataset = "mnist";
  EednNetwork b = a;
  b.name = "b";
  models.members = {a};
  models.paths = {"a.eedn.json"};
  auto error = [&](const std::string& dataset) {
    try {
      check_eedn_models_dataset(models, "given.json", dataset);
    } catch (const ModelError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(error("mnist"), "");
  EXPECT_EQ(error("fashion"), "a.eedn.json: /provenance/dataset is \"mnist\": the network was "
                              "trained on mnist, this run uses fashion");
  // In a side-by-side file the message names the member's file and its place in the list.
  b.provenance.dataset = "fashion";
  models.members = {b, a};
  models.paths = {"b.eedn.json", "a.eedn.json"};
  models.listed = true;
  EXPECT_EQ(error("fashion"), "a.eedn.json (given.json: /members/1): /provenance/dataset is "
                              "\"mnist\": the network was trained on mnist, this run uses fashion");
  // A network without a recorded data set (written by hand or by an old trainer) is accepted.
  models.members[1].provenance.dataset.clear();
  EXPECT_EQ(error("fashion"), "");
}
