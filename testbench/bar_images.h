// A small synthetic 3-class problem on 12x12 images for the Eedn tests: a bar that is
// horizontal, vertical or diagonal, at a random place and grey level, with noise. Learnable in a
// few epochs.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "mapper/dataset.h"

namespace meridian::test {

inline ImageSet bar_images(size_t n, uint64_t seed) {
  ImageSet s;
  s.rows = s.cols = 12;
  s.classes = 3;
  std::mt19937_64 rng(seed);
  for (size_t i = 0; i < n; ++i) {
    const int cls = static_cast<int>(rng() % 3);
    const int pos = 2 + static_cast<int>(rng() % 8);
    const int grey = 120 + static_cast<int>(rng() % 136);
    std::vector<uint8_t> img(144);
    for (int p = 0; p < 144; ++p) img[p] = static_cast<uint8_t>(rng() % 60);
    for (int k = 0; k < 12; ++k) {
      const int y = cls == 0 ? pos : k, x = cls == 1 ? pos : (cls == 0 ? k : (k + pos) % 12);
      img[y * 12 + x] = static_cast<uint8_t>(grey);
    }
    s.pixels.insert(s.pixels.end(), img.begin(), img.end());
    s.labels.push_back(static_cast<uint8_t>(cls));
  }
  return s;
}

}  // namespace meridian::test
