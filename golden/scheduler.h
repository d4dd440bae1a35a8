// The axon scheduler: 16 delivery rows x `axons` bits (docs/ARCHITECTURE.md section 5).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

#include "golden/config.h"

namespace meridian {

class Scheduler {
 public:
  explicit Scheduler(int axons = kMaxAxons)
      : words_((axons + 63) / 64) {}

  int words() const { return words_; }
  void set(int slot, int axon) { rows_[index(slot, axon)] |= bit(axon); }
  bool get(int slot, int axon) const { return (rows_[index(slot, axon)] & bit(axon)) != 0; }
  const uint64_t* row(int slot) const { return &rows_[static_cast<size_t>(slot) * kStride]; }

  // The row read at the start of a tick: copied out and cleared.
  void read_and_clear(int slot, uint64_t* out) {
    uint64_t* r = &rows_[static_cast<size_t>(slot) * kStride];
    for (int w = 0; w < words_; ++w) { out[w] = r[w]; r[w] = 0; }
  }
  void clear() { std::fill(rows_.begin(), rows_.end(), 0); }

 private:
  // Rows have the fixed stride of the largest core, so a write needs nothing from the header
  // (on a full chip that header line is one more cache miss per delivered packet).
  static constexpr int kStride = kMaxAxons / 64;
  static size_t index(int slot, int axon) {
    return static_cast<size_t>(slot) * kStride + static_cast<size_t>(axon / 64);
  }
  static uint64_t bit(int axon) { return uint64_t{1} << (axon % 64); }

  int words_;
  // Inline (not a heap block) so a chip's schedulers are one contiguous array.
  alignas(64) std::array<uint64_t, kDelaySlots * kMaxAxons / 64> rows_{};
};

}  // namespace meridian
