// Distillation teachers: trained Eedn networks whose summed class votes become soft training
// targets for a new network (Hinton et al.'s "knowledge distillation"). On the 8,000 MNIST training
// digits single networks generalise worse than ensembles of them (docs/RESULTS.md); a student that
// also learns how sure the ensemble is of each image, and which classes it confuses, inherits part
// of the ensemble's generalisation at one network's cost in cores.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "mapper/eedn_network.h"

namespace meridian {

class EednTeacher {
 public:
  // members: the teacher networks (any layouts and input codes, as a side-by-side ensemble);
  // logit_scale: the student's (EednTrainConfig::logit_scale), so that teacher and student logits
  // have the same scale; threads: for the integer inference of a batch; cache: remember results
  // per image (off when every training image is new, e.g. under rotation or zoom augmentation,
  // where a cache would only grow).
  EednTeacher(std::vector<EednNetwork> members, float logit_scale, int threads, bool cache = true);

  // The teacher's logits of each image: logit_scale * (mean over members of votes / population),
  // [images][classes]. Integer inference, so exactly what the teachers do on the chip. With the
  // cache, results are remembered per image content: a shift-augmented epoch mostly revisits
  // images seen before.
  std::vector<std::vector<float>> logits(const std::vector<const uint8_t*>& images);

  int classes() const { return classes_; }
  int rows() const { return rows_; }
  int cols() const { return cols_; }
  size_t cached() const { return cache_.size(); }

 private:
  std::vector<float> compute(const uint8_t* image) const;

  std::vector<EednNetwork> members_;
  float logit_scale_;
  int threads_;
  bool use_cache_;
  int classes_ = 0, rows_ = 0, cols_ = 0;
  std::unordered_map<uint64_t, std::vector<float>> cache_;
};

}  // namespace meridian
