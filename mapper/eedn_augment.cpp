#include "mapper/eedn_augment.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

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

// Bilinear sample at (sy, sx); outside the image is 0.
double bilinear(const uint8_t* src, int rows, int cols, double sy, double sx) {
  auto at = [&](int y, int x) -> double {
    return (y >= 0 && y < rows && x >= 0 && x < cols) ? src[y * cols + x] : 0.0;
  };
  const int y0 = static_cast<int>(std::floor(sy)), x0 = static_cast<int>(std::floor(sx));
  const double fy = sy - y0, fx = sx - x0;
  return (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) +
         fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1));
}

uint8_t to_grey(double v) { return static_cast<uint8_t>(std::clamp(std::lround(v), 0L, 255L)); }

// Separable Gaussian smoothing of a rows x cols field, zero outside, kernel normalised to sum 1.
std::vector<double> smooth(const float* f, int rows, int cols, float sigma) {
  const int r = std::max(1, static_cast<int>(std::ceil(3 * sigma)));
  std::vector<double> k(2 * r + 1);
  double sum = 0;
  for (int i = -r; i <= r; ++i) sum += k[i + r] = std::exp(-0.5 * i * i / (sigma * sigma));
  for (double& v : k) v /= sum;
  std::vector<double> tmp(static_cast<size_t>(rows) * cols, 0.0), out(tmp.size(), 0.0);
  for (int y = 0; y < rows; ++y)
    for (int x = 0; x < cols; ++x)
      for (int i = std::max(-r, -x); i <= std::min(r, cols - 1 - x); ++i)
        tmp[y * cols + x] += k[i + r] * f[y * cols + x + i];
  for (int y = 0; y < rows; ++y)
    for (int x = 0; x < cols; ++x)
      for (int i = std::max(-r, -y); i <= std::min(r, rows - 1 - y); ++i)
        out[y * cols + x] += k[i + r] * tmp[(y + i) * cols + x];
  return out;
}

}  // namespace

void eedn_elastic_image(const uint8_t* src, int rows, int cols, const float* raw_dy,
                        const float* raw_dx, float alpha, float sigma, uint8_t* dst) {
  const std::vector<double> fy = smooth(raw_dy, rows, cols, sigma);
  const std::vector<double> fx = smooth(raw_dx, rows, cols, sigma);
  for (int y = 0; y < rows; ++y)
    for (int x = 0; x < cols; ++x) {
      const int p = y * cols + x;
      dst[p] = to_grey(bilinear(src, rows, cols, y + alpha * fy[p], x + alpha * fx[p]));
    }
}

void eedn_warp_image(const uint8_t* src, int rows, int cols, double dy, double dx, double angle,
                     double zoom, uint8_t* dst) {
  const double cy = (rows - 1) / 2.0, cx = (cols - 1) / 2.0;
  const double c = std::cos(angle) / zoom, s = std::sin(angle) / zoom;
  for (int y = 0; y < rows; ++y)
    for (int x = 0; x < cols; ++x) {
      const double py = y - cy - dy, px = x - cx - dx;
      const double sy = cy + c * py - s * px, sx = cx + s * py + c * px;
      dst[y * cols + x] = to_grey(bilinear(src, rows, cols, sy, sx));
    }
}

void validate_eedn_augment(const EednAugment& aug, const std::string& where) {
  auto check = [&](const char* field, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi))
      throw std::invalid_argument(where + ": augment." + field + " " + std::to_string(v) +
                                  " is outside [" + std::to_string(lo) + ", " +
                                  std::to_string(hi) + "]");
  };
  check("shift", aug.shift, 0, 16);
  check("rotate_deg", aug.rotate_deg, 0, 180);
  check("scale", aug.scale, 0, 0.9);
  check("elastic_alpha", aug.elastic_alpha, 0, 100);
  check("elastic_sigma", aug.elastic_sigma, 1, 10);
  check("cutout", aug.cutout, 0, 28);
}

void eedn_augment_image(const uint8_t* src, int rows, int cols, const EednAugment& aug,
                        std::mt19937_64& rng, uint8_t* dst) {
  int dy = 0, dx = 0;
  if (aug.shift > 0) {
    const uint64_t span = 2 * static_cast<uint64_t>(aug.shift) + 1;
    dy = static_cast<int>(below(rng, span)) - aug.shift;
    dx = static_cast<int>(below(rng, span)) - aug.shift;
  }
  const size_t px = static_cast<size_t>(rows) * cols;
  // The affine stage writes to dst, or to a scratch image when the elastic stage follows.
  std::vector<uint8_t> affine(aug.elastic() ? px : 0);
  uint8_t* stage = aug.elastic() ? affine.data() : dst;
  if (aug.affine()) {
    const double angle = (2 * unit(rng) - 1) * aug.rotate_deg * M_PI / 180.0;
    const double zoom = 1 + (2 * unit(rng) - 1) * aug.scale;
    eedn_warp_image(src, rows, cols, dy, dx, angle, zoom, stage);
  } else {
    shifted_copy(src, rows, cols, dy, dx, stage);
  }
  if (aug.elastic()) {
    std::vector<float> raw(2 * px);
    for (float& v : raw) v = static_cast<float>(2 * unit(rng) - 1);
    eedn_elastic_image(stage, rows, cols, raw.data(), raw.data() + px, aug.elastic_alpha,
                       aug.elastic_sigma, dst);
  }
  if (aug.cutout > 0) {  // in place on dst, whichever stage wrote it last
    const int cy = static_cast<int>(below(rng, static_cast<uint64_t>(rows)));
    const int cx = static_cast<int>(below(rng, static_cast<uint64_t>(cols)));
    const int y0 = cy - aug.cutout / 2, x0 = cx - aug.cutout / 2;
    for (int y = std::max(0, y0); y < std::min(rows, y0 + aug.cutout); ++y)
      for (int x = std::max(0, x0); x < std::min(cols, x0 + aug.cutout); ++x) dst[y * cols + x] = 0;
  }
  if (aug.mirror && (rng() & 1))
    for (uint8_t* row = dst; row < dst + px; row += cols) std::reverse(row, row + cols);
}

}  // namespace meridian
