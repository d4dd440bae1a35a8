// Ensembles stacked into one network: the stacked network's votes are the members' summed votes
// on every image, it maps onto the chip like any network, and mismatched members are refused.
#include <gtest/gtest.h>

#include <random>
#include <stdexcept>

#include "bar_images.h"
#include "eedn_sign_shared_config.h"
#include "eedn_tiny_config.h"
#include "mapper/eedn_ensemble.h"
#include "mapper/eedn_inference.h"
#include "mapper/eedn_trainer.h"

using namespace meridian;

namespace {

EednNetwork trained_member(uint64_t seed, std::vector<int> bit_planes = {}) {
  EednTrainConfig c = meridian::test::tiny_eedn_config(seed);
  c.bit_planes = std::move(bit_planes);
  c.epochs = 2;
  c.recalib_images = 128;
  const ImageSet train = meridian::test::bar_images(128, seed);
  return train_eedn(c, train, nullptr).network;
}

}  // namespace

TEST(EednEnsemble, VotesAreTheMembersSummedVotes) {
  const std::vector<EednNetwork> members = {trained_member(1), trained_member(2),
                                            trained_member(3)};
  const EednNetwork net = stack_eedn_ensemble(members, "ens");
  validate_eedn_network(net, "stacked");
  EXPECT_EQ(net.layers[1].shape.groups, 3 * members[0].layers[1].shape.groups);
  EXPECT_EQ(net.population(), 3 * members[0].population());
  const ImageSet test = meridian::test::bar_images(30, 99);
  int nonzero = 0;
  for (size_t i = 0; i < test.size(); ++i) {
    std::vector<int> want(3, 0);
    for (const EednNetwork& m : members) {
      const std::vector<int> v = eedn_votes(m, eedn_run(m, test.image(i)).back());
      for (int c = 0; c < 3; ++c) want[c] += v[c];
    }
    const std::vector<int> got = eedn_votes(net, eedn_run(net, test.image(i)).back());
    ASSERT_EQ(got, want) << "image " << i;
    for (int v : got) nonzero += v != 0;
  }
  EXPECT_GT(nonzero, 0) << "the comparison needs some votes";
  // The check can fail: a member's weight block placed in the wrong group changes the votes.
  EednNetwork broken = net;
  const size_t block = members[0].layers[1].weights.size();
  std::swap_ranges(broken.layers[1].weights.begin(), broken.layers[1].weights.begin() + block,
                   broken.layers[1].weights.begin() + block);
  bool detected = false;
  for (size_t i = 0; i < test.size() && !detected; ++i)
    detected = eedn_run(broken, test.image(i)).back() != eedn_run(net, test.image(i)).back();
  EXPECT_TRUE(detected);
}

// The summed votes of `members` on every test image equal the stacked network's.
void expect_summed_votes(const std::vector<EednNetwork>& members, const EednNetwork& net) {
  const ImageSet test = meridian::test::bar_images(30, 99);
  int nonzero = 0;
  for (size_t i = 0; i < test.size(); ++i) {
    std::vector<int> want(net.classes, 0);
    for (const EednNetwork& m : members) {
      const std::vector<int> v = eedn_votes(m, eedn_run(m, test.image(i)).back());
      for (int c = 0; c < net.classes; ++c) want[c] += v[c];
    }
    const std::vector<int> got = eedn_votes(net, eedn_run(net, test.image(i)).back());
    ASSERT_EQ(got, want) << "image " << i;
    for (int v : got) nonzero += v != 0;
  }
  EXPECT_GT(nonzero, 0) << "the comparison needs some votes";
}

TEST(EednEnsemble, MembersWithDifferentInputCodesStackIntoTwoInputGroups) {
  // Thermometer members (2 levels) and bit-plane members (4 planes), given interleaved.
  const std::vector<EednNetwork> members = {trained_member(1), trained_member(2, {7, 6, 5, 4}),
                                            trained_member(3), trained_member(4, {7, 6, 5, 4})};
  const EednNetwork net = stack_eedn_ensemble(members, "mixed");
  validate_eedn_network(net, "stacked");
  const int levels = static_cast<int>(members[0].input.thresholds.size());
  ASSERT_EQ(levels, 2);
  // The thermometer is padded with two unused levels to the 4 bit planes.
  EXPECT_EQ(net.input.thresholds.size(), 4u);
  EXPECT_EQ(net.input.thresholds[2], 254);
  EXPECT_EQ(net.input.thresholds[3], 255);
  EXPECT_EQ(net.input.bit_planes, (std::vector<int>{7, 6, 5, 4}));
  EXPECT_EQ(net.layers[0].shape.groups, 2);
  EXPECT_EQ(net.layers[0].shape.in_c, 8);
  expect_summed_votes(members, net);
  // The check can fail: reading the bit-plane group as thermometer levels changes the votes.
  EednNetwork broken = net;
  broken.input.bit_planes = {3, 2, 1, 0};
  bool detected = false;
  const ImageSet test = meridian::test::bar_images(30, 99);
  for (size_t i = 0; i < test.size() && !detected; ++i)
    detected = eedn_run(broken, test.image(i)).back() != eedn_run(net, test.image(i)).back();
  EXPECT_TRUE(detected);
  // Unequal numbers of members per code cannot share one grouped first layer.
  try {
    stack_eedn_ensemble({members[0], members[1], members[2]}, "odd");
    FAIL() << "2 thermometer + 1 bit-plane members must be refused";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("as many thermometer as bit-plane members"),
              std::string::npos) << e.what();
  }
}

TEST(EednEnsemble, MismatchedMembersAreRefusedByName) {
  EednNetwork a = trained_member(1), b = trained_member(2);
  b.input.thresholds = {64};
  try {
    stack_eedn_ensemble({a, b}, "ens");
    FAIL() << "different inputs must be refused";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("member 1"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("thresholds"), std::string::npos) << e.what();
  }
  EednNetwork c = trained_member(3);
  c.layers[2].shape.out_c = 24;
  EXPECT_THROW(stack_eedn_ensemble({a, c}, "ens"), std::invalid_argument);
}

TEST(EednEnsemble, SignSharedMembersStackAndKeepTheirInputSigns) {
  auto member = [](uint64_t seed) {
    EednTrainConfig c = meridian::test::sign_shared_eedn_config(seed);
    c.epochs = 2;
    c.recalib_images = 128;
    return train_eedn(c, meridian::test::bar_images(128, seed), nullptr).network;
  };
  const std::vector<EednNetwork> members = {member(1), member(2)};
  const EednNetwork net = stack_eedn_ensemble(members, "ens");
  validate_eedn_network(net, "stacked");  // weights still obey the (shared) input signs
  EXPECT_EQ(net.layers[1].input_signs, members[0].layers[1].input_signs);
  expect_summed_votes(members, net);
  // Members whose input signs differ cannot share a layer: refused by layer.
  std::vector<EednNetwork> flipped = members;
  for (int8_t& t : flipped[1].layers[1].input_signs) t = static_cast<int8_t>(-t);
  for (int8_t& w : flipped[1].layers[1].weights) w = static_cast<int8_t>(-w);
  try {
    stack_eedn_ensemble(flipped, "ens");
    FAIL() << "different input signs must be refused";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("member 1: layers[1].input_signs differ"),
              std::string::npos) << e.what();
  }
}
