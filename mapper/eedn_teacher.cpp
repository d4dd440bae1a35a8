#include "mapper/eedn_teacher.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <thread>

#include "mapper/dataset.h"
#include "mapper/eedn_inference.h"

namespace meridian {

EednTeacher::EednTeacher(std::vector<EednNetwork> members, float logit_scale, int threads,
                         bool cache)
    : members_(std::move(members)),
      logit_scale_(logit_scale),
      threads_(std::max(1, threads)),
      use_cache_(cache) {
  if (members_.empty()) throw std::invalid_argument("EednTeacher: no teacher networks");
  const EednNetwork& m0 = members_[0];
  classes_ = m0.classes;
  rows_ = m0.input.rows;
  cols_ = m0.input.cols;
  for (size_t k = 1; k < members_.size(); ++k) {
    const EednNetwork& m = members_[k];
    if (m.classes != classes_ || m.input.rows != rows_ || m.input.cols != cols_)
      throw std::invalid_argument("EednTeacher: teacher " + std::to_string(k) + " (" + m.name +
                                  ") has " + std::to_string(m.classes) + " classes of " +
                                  std::to_string(m.input.rows) + "x" +
                                  std::to_string(m.input.cols) + " images, teacher 0 (" +
                                  m0.name + ") " + std::to_string(classes_) + " of " +
                                  std::to_string(rows_) + "x" + std::to_string(cols_));
  }
}

std::vector<float> EednTeacher::compute(const uint8_t* image) const {
  std::vector<float> logit(classes_, 0.0f);
  for (const EednNetwork& m : members_) {
    const std::vector<int> votes = eedn_votes(m, eedn_run(m, image).back());
    const float per_vote = logit_scale_ / (static_cast<float>(m.population()) * members_.size());
    for (int k = 0; k < classes_; ++k) logit[k] += per_vote * votes[k];
  }
  return logit;
}

std::vector<std::vector<float>> EednTeacher::logits(const std::vector<const uint8_t*>& images) {
  const size_t bytes = static_cast<size_t>(rows_) * cols_;
  std::vector<std::vector<float>> out(images.size());
  std::vector<uint64_t> keys(images.size());
  std::vector<size_t> missing;
  for (size_t i = 0; i < images.size(); ++i) {
    // The cache key: FNV-1a of the (augmented) image's grey bytes.
    keys[i] = fnv1a64(std::string(reinterpret_cast<const char*>(images[i]), bytes));
    const auto it = use_cache_ ? cache_.find(keys[i]) : cache_.end();
    if (it != cache_.end())
      out[i] = it->second;
    else
      missing.push_back(i);
  }
  // Each thread fills its own slots of `out`; the cache is only touched afterwards.
  auto work = [&](size_t t) {
    for (size_t j = t; j < missing.size(); j += threads_) out[missing[j]] = compute(images[missing[j]]);
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads_; ++t) pool.emplace_back(work, t);
  work(0);
  for (std::thread& th : pool) th.join();
  if (use_cache_)
    for (size_t i : missing) cache_.emplace(keys[i], out[i]);
  return out;
}

}  // namespace meridian
