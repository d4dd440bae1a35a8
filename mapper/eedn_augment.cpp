#include "mapper/eedn_augment.h"

#include <algorithm>
#include <cmath>

namespace meridian {
namespace {

// Uniform draws from the generator's raw output: std distributions differ between libraries.
uint64_t below(std::mt19937_64& rng, uint64_t n) { return rng() % n; }
double unit(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

void shifted_copy(const uint8_t* src, int rows, int cols, int dy, int dx, uint8_t* dst) {
  for (int y = 0; y < rows; ++y)
    for (int x = 0; x < cols; ++x) {
      const int sy = y - dy, sx = x - dx;
      dst[y * cols + x] = (sy >= 0 && sy < rows && sx >= 0 && sx < cols) ? src[sy * cols + sx] : 0;
    }
}

}  // namespace

void eedn_warp_image(const uint8_t* src, int rows, int cols, double dy, double dx, double angle,
                     double zoom, uint8_t* dst) {
  const double cy = (rows - 1) / 2.0, cx = (cols - 1) / 2.0;
  const double c = std::cos(angle) / zoom, s = std::sin(angle) / zoom;
  auto at = [&](int y, int x) -> double {
    return (y >= 0 && y < rows && x >= 0 && x < cols) ? src[y * cols + x] : 0.0;
  };
  for (int y = 0; y < rows; ++y)
    for (int x = 0; x < cols; ++x) {
      const double py = y - cy - dy, px = x - cx - dx;
      const double sy = cy + c * py - s * px, sx = cx + s * py + c * px;
      const int y0 = static_cast<int>(std::floor(sy)), x0 = static_cast<int>(std::floor(sx));
      const double fy = sy - y0, fx = sx - x0;
      const double v = (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) +
                       fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1));
      dst[y * cols + x] = static_cast<uint8_t>(std::clamp(std::lround(v), 0L, 255L));
    }
}

void eedn_augment_image(const uint8_t* src, int rows, int cols, const EednAugment& aug,
                        std::mt19937_64& rng, uint8_t* dst) {
  int dy = 0, dx = 0;
  if (aug.shift > 0) {
    const uint64_t span = 2 * static_cast<uint64_t>(aug.shift) + 1;
    dy = static_cast<int>(below(rng, span)) - aug.shift;
    dx = static_cast<int>(below(rng, span)) - aug.shift;
  }
  if (!aug.warps()) {
    shifted_copy(src, rows, cols, dy, dx, dst);
    return;
  }
  const double angle = (2 * unit(rng) - 1) * aug.rotate_deg * M_PI / 180.0;
  const double zoom = 1 + (2 * unit(rng) - 1) * aug.scale;
  eedn_warp_image(src, rows, cols, dy, dx, angle, zoom, dst);
}

}  // namespace meridian
