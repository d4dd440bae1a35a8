// The small Eedn training set-up the trainer tests share: 3 classes of bar images, 12x12 pixels,
// three layers (12 -> 6 -> 3 -> 1 positions), seconds to train.
#pragma once

#include <cstdint>
#include <vector>

#include "mapper/dataset.h"
#include "mapper/eedn_trainer.h"

namespace meridian::test {

inline EednTrainConfig tiny_eedn_config(uint64_t seed) {
  EednTrainConfig c;
  c.name = "tiny";
  c.classes = 3;
  c.thresholds = {64, 160};
  c.layers = {{3, 2, 1, 1, 8, ""}, {3, 2, 1, 2, 12, ""}, {3, 1, 0, 3, 27, ""}};
  c.epochs = 3;
  c.batch = 32;
  c.lr = 0.02f;
  c.seed = seed;
  c.progress = false;
  c.recalib_images = 256;
  return c;
}

// `steps` full-batch training steps on `set` at lr 0.02, then the final batch-norm statistics on
// the same images, as train_eedn leaves a model before export.
inline void train_float_model(EednFloatModel& model, const ImageSet& set, int steps) {
  std::vector<const uint8_t*> imgs;
  std::vector<int> labels;
  for (size_t i = 0; i < set.size(); ++i) {
    imgs.push_back(set.image(i));
    labels.push_back(set.labels[i]);
  }
  int correct = 0;
  for (int s = 0; s < steps; ++s) model.train_step(imgs, labels, 0.02, &correct);
  model.recalibrate(imgs);
}

}  // namespace meridian::test
