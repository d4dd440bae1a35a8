// Ensembles stacked into one network: the stacked network's votes are the members' summed votes
// on every image, it maps onto the chip like any network, and mismatched members are refused.
#include <gtest/gtest.h>

#include <random>
#include <stdexcept>

#include "bar_images.h"
#include "eedn_tiny_config.h"
#include "mapper/eedn_ensemble.h"
#include "mapper/eedn_inference.h"
#include "mapper/eedn_trainer.h"

using namespace meridian;

namespace {

EednNetwork trained_member(uint64_t seed) {
  EednTrainConfig c = meridian::test::tiny_eedn_config(seed);
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
