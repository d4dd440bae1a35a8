// Training-time augmentation of grey images: a random affine warp (translation, rotation, scale)
// around the image centre, optionally followed by an elastic distortion (a smooth random
// displacement field, Simard et al. 2003). With only 8,000 MNIST training digits the wide
// networks overfit (docs/RESULTS.md); small geometric distortions are the classic remedy for
// handwriting.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace meridian {

struct EednAugment {
  int shift = 0;          // translation, uniform integer in [-shift, shift] pixels per axis
  float rotate_deg = 0;   // rotation, uniform in [-rotate_deg, rotate_deg] degrees
  float scale = 0;        // zoom factor, uniform in [1 - scale, 1 + scale]
  // Elastic distortion: per-pixel displacements uniform in [-1, 1] per axis, smoothed by a
  // normalised Gaussian of elastic_sigma pixels, times elastic_alpha pixels. 0 alpha: none.
  float elastic_alpha = 0;
  float elastic_sigma = 4;
  // Cutout (DeVries & Taylor 2017): last, a cutout x cutout square of 0 pixels centred on a
  // uniform random pixel (clipped at the border). 0: none.
  int cutout = 0;
  // Horizontal mirror of half the images (a fair coin per image), last: clothes and shoes look
  // the same mirrored, digits do not. It commutes in distribution with the stages before it (their
  // draws are symmetric left to right), so it mirrors the final image.
  bool mirror = false;

  bool affine() const { return rotate_deg > 0 || scale > 0; }
  bool elastic() const { return elastic_alpha > 0; }
  bool any() const { return shift > 0 || mirror || fresh(); }
  // Rotation, scale or elastic distortion need resampling and cutout draws a square anywhere, so
  // (almost) every augmented image is new; a pure shift (and mirror) copies one of a few images.
  bool fresh() const { return affine() || elastic() || cutout > 0; }
};

// The warp itself: output pixel p samples src bilinearly at c + A^-1 (p - c - (dy, dx)), where c
// is the image centre and A = zoom * rotation(angle_rad); samples outside the image are 0.
void eedn_warp_image(const uint8_t* src, int rows, int cols, double dy, double dx,
                     double angle_rad, double zoom, uint8_t* dst);

// The elastic distortion: output pixel (y, x) samples src bilinearly at (y + fy, x + fx), where
// (fy, fx) is the raw field (rows*cols values each, in [-1, 1]) smoothed by a normalised Gaussian
// of sigma pixels (truncated at 3 sigma; the field is 0 outside the image) and times alpha.
void eedn_elastic_image(const uint8_t* src, int rows, int cols, const float* raw_dy,
                        const float* raw_dx, float alpha, float sigma, uint8_t* dst);

// Writes the augmented copy of src (rows x cols grey pixels) to dst; pixels that come from outside
// the image are 0. Draws from rng in a fixed order: dy, dx, then (if rotating or zooming) angle
// and scale, then (if elastic) the raw field, rows*cols dy values then rows*cols dx values, then
// (if cutout) the square's centre row and column, then (if mirror) the coin, so a shift-only
// augmentation consumes exactly the draws it always did.
// Throws std::invalid_argument naming `where`, the field and its allowed range when a setting is
// out of range (shift [0, 16], rotate_deg [0, 180], scale [0, 0.9], elastic_alpha [0, 100],
// elastic_sigma [1, 10], cutout [0, 28]): a zero sigma would divide by zero.
void validate_eedn_augment(const EednAugment& aug, const std::string& where);

void eedn_augment_image(const uint8_t* src, int rows, int cols, const EednAugment& aug,
                        std::mt19937_64& rng, uint8_t* dst);

}  // namespace meridian
