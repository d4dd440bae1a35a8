// Distillation: the teacher's logits are its members' mean votes, and a student trained with the
// distillation term follows the teacher, not the labels (checked by giving it wrong labels).
#include <gtest/gtest.h>

#include <stdexcept>

#include "bar_images.h"
#include "eedn_tiny_config.h"
#include "mapper/eedn_inference.h"
#include "mapper/eedn_teacher.h"
#include "mapper/eedn_trainer.h"

using namespace meridian;

namespace {

const EednNetwork& trained_teacher() {
  static const EednNetwork net = [] {
    EednTrainConfig cfg = meridian::test::tiny_eedn_config(7);
    cfg.epochs = 15;
    return train_eedn(cfg, meridian::test::bar_images(768, 1), nullptr).network;
  }();
  return net;
}

// The same images with every label moved to the next class: only a teacher can undo that.
ImageSet with_wrong_labels(ImageSet set) {
  for (uint8_t& l : set.labels) l = static_cast<uint8_t>((l + 1) % set.classes);
  return set;
}

double agreement(const EednNetwork& a, const EednNetwork& b, const ImageSet& set) {
  size_t same = 0;
  for (size_t i = 0; i < set.size(); ++i)
    same += eedn_classify(a, set.image(i)) == eedn_classify(b, set.image(i));
  return static_cast<double>(same) / set.size();
}

}  // namespace

TEST(EednTeacher, LogitsAreTheMembersMeanVotesPerPopulation) {
  const EednNetwork& net = trained_teacher();
  const ImageSet set = meridian::test::bar_images(12, 5);
  std::vector<const uint8_t*> imgs;
  for (size_t i = 0; i < set.size(); ++i) imgs.push_back(set.image(i));
  EednTeacher one({net}, 8.0f, 2);
  EednTeacher two({net, net}, 8.0f, 1);
  const auto l1 = one.logits(imgs), l2 = two.logits(imgs);
  int nonzero = 0;
  for (size_t i = 0; i < set.size(); ++i) {
    const std::vector<int> votes = eedn_votes(net, eedn_run(net, set.image(i)).back());
    for (int k = 0; k < net.classes; ++k) {
      EXPECT_FLOAT_EQ(l1[i][k], 8.0f * votes[k] / net.population()) << "image " << i;
      EXPECT_FLOAT_EQ(l2[i][k], l1[i][k]) << "the mean of two equal members is either one";
      nonzero += votes[k] != 0;
    }
  }
  EXPECT_GT(nonzero, 0);
  // The cache answers repeats with the same values and computes each distinct image once.
  EXPECT_EQ(one.cached(), set.size());
  imgs.push_back(set.image(0));
  const auto again = one.logits(imgs);
  EXPECT_EQ(one.cached(), set.size());
  EXPECT_EQ(again.back(), l1[0]);
  // Without the cache (warping augmentation: every image is new) nothing is kept.
  EednTeacher uncached({net}, 8.0f, 1, false);
  EXPECT_EQ(uncached.logits(imgs), again);
  EXPECT_EQ(uncached.cached(), 0u);
}

TEST(EednTeacher, StudentFollowsTheTeacherNotTheLabels) {
  const EednNetwork& teacher = trained_teacher();
  const ImageSet test = meridian::test::bar_images(300, 2);
  ASSERT_GT(eedn_evaluate(teacher, test).accuracy, 0.8) << "chance is 1/3";
  const ImageSet wrong = with_wrong_labels(meridian::test::bar_images(768, 1));

  EednTrainConfig cfg = meridian::test::tiny_eedn_config(8);
  cfg.epochs = 15;
  cfg.teachers = {teacher};
  cfg.distill_weight = 1.0f;
  cfg.distill_temperature = 2.0f;
  const EednNetwork student = train_eedn(cfg, wrong, nullptr).network;
  EXPECT_GT(agreement(student, teacher, test), 0.8);
  EXPECT_GT(eedn_evaluate(student, test).accuracy, 0.75);

  // Without the teacher the same training learns the wrong labels: the check above can fail.
  cfg.teachers.clear();
  cfg.distill_weight = 0;
  const EednNetwork plain = train_eedn(cfg, wrong, nullptr).network;
  EXPECT_LT(agreement(plain, teacher, test), 0.4);
}

TEST(EednTeacher, ZeroWeightLeavesTrainingUnchanged) {
  const ImageSet train = meridian::test::bar_images(128, 3);
  EednTrainConfig cfg = meridian::test::tiny_eedn_config(9);
  const EednNetwork plain = train_eedn(cfg, train, nullptr).network;
  cfg.teachers = {trained_teacher()};
  cfg.distill_weight = 0;
  const EednNetwork with_teacher = train_eedn(cfg, train, nullptr).network;
  for (size_t l = 0; l < plain.layers.size(); ++l) {
    EXPECT_EQ(plain.layers[l].weights, with_teacher.layers[l].weights) << "layer " << l;
    EXPECT_EQ(plain.layers[l].leak, with_teacher.layers[l].leak) << "layer " << l;
  }
  // A weight that is not zero does change the training (the comparison above can fail).
  cfg.distill_weight = 0.5f;
  const EednNetwork distilled = train_eedn(cfg, train, nullptr).network;
  bool differs = false;
  for (size_t l = 0; l < plain.layers.size(); ++l)
    differs |= plain.layers[l].weights != distilled.layers[l].weights ||
               plain.layers[l].leak != distilled.layers[l].leak;
  EXPECT_TRUE(differs);
}

TEST(EednTeacher, BadDistillationSettingsAreRefusedByName) {
  const ImageSet train = meridian::test::bar_images(32, 4);
  auto message = [&](const EednTrainConfig& cfg) -> std::string {
    try {
      train_eedn(cfg, train, nullptr);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  };
  EednTrainConfig cfg = meridian::test::tiny_eedn_config(1);
  cfg.epochs = 1;
  cfg.distill_weight = 0.5f;
  EXPECT_NE(message(cfg).find("needs teachers"), std::string::npos) << message(cfg);
  cfg.teachers = {trained_teacher()};
  cfg.distill_weight = 1.5f;
  EXPECT_NE(message(cfg).find("distill_weight 1.5"), std::string::npos) << message(cfg);
  EXPECT_NE(message(cfg).find("[0, 1]"), std::string::npos);
  cfg.distill_weight = 0.5f;
  cfg.distill_temperature = 0;
  EXPECT_NE(message(cfg).find("distill_temperature 0"), std::string::npos) << message(cfg);
  cfg.distill_temperature = 2;
  cfg.teachers[0].classes = 4;
  EXPECT_NE(message(cfg).find("the teachers classify 4 classes"), std::string::npos)
      << message(cfg);
}
