// Training augmentation: the warp's and the elastic distortion's geometry on hand-checkable
// images, and the draw order that keeps shift-only training bit-identical to the networks trained
// before rotation existed.
#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "mapper/eedn_augment.h"

using namespace meridian;

namespace {
constexpr int kN = 9;  // odd side: the centre is a pixel
std::vector<uint8_t> ramp() {
  std::vector<uint8_t> img(kN * kN);
  for (int i = 0; i < kN * kN; ++i) img[i] = static_cast<uint8_t>(3 * i);
  return img;
}
}  // namespace

TEST(EednAugment, IdentityWarpCopiesTheImage) {
  const std::vector<uint8_t> src = ramp();
  std::vector<uint8_t> dst(src.size());
  eedn_warp_image(src.data(), kN, kN, 0, 0, 0, 1, dst.data());
  EXPECT_EQ(dst, src);
}

TEST(EednAugment, QuarterTurnMovesPixelsAroundTheCentre) {
  const std::vector<uint8_t> src = ramp();
  std::vector<uint8_t> dst(src.size());
  eedn_warp_image(src.data(), kN, kN, 0, 0, M_PI / 2, 1, dst.data());
  // Output (y, x) samples source (cy - (x - cx), cx + (y - cy)) = (kN - 1 - x, y).
  for (int y = 0; y < kN; ++y)
    for (int x = 0; x < kN; ++x)
      ASSERT_EQ(dst[y * kN + x], src[(kN - 1 - x) * kN + y]) << "pixel " << y << "," << x;
  // A wrong sense of rotation is caught: the mirrored expectation fails somewhere.
  bool differs = false;
  for (int y = 0; y < kN; ++y)
    for (int x = 0; x < kN; ++x) differs |= dst[y * kN + x] != src[x * kN + (kN - 1 - y)];
  EXPECT_TRUE(differs);
}

TEST(EednAugment, ShiftAndZoomKeepTheCentreAndFillWithZero) {
  std::vector<uint8_t> dot(kN * kN, 0);
  dot[4 * kN + 4] = 200;
  std::vector<uint8_t> dst(dot.size());
  eedn_warp_image(dot.data(), kN, kN, 0, 0, 0, 2, dst.data());  // zoom about the centre pixel
  EXPECT_EQ(dst[4 * kN + 4], 200);
  eedn_warp_image(dot.data(), kN, kN, 2, -3, 0, 1, dst.data());  // whole-pixel shift
  for (int i = 0; i < kN * kN; ++i) EXPECT_EQ(dst[i], i == 6 * kN + 1 ? 200 : 0) << "pixel " << i;
}

TEST(EednAugment, ShiftOnlyDrawsTwoNumbersAndCopiesPixels) {
  const std::vector<uint8_t> src = ramp();
  std::vector<uint8_t> got(src.size()), want(src.size());
  std::mt19937_64 rng(5), ref(5);
  EednAugment aug;
  aug.shift = 2;
  eedn_augment_image(src.data(), kN, kN, aug, rng, got.data());
  const int dy = static_cast<int>(ref() % 5) - 2, dx = static_cast<int>(ref() % 5) - 2;
  eedn_warp_image(src.data(), kN, kN, dy, dx, 0, 1, want.data());
  EXPECT_EQ(got, want);
  EXPECT_EQ(rng(), ref()) << "shift-only augmentation must consume exactly two draws";
  aug.rotate_deg = 10;  // warping draws two more numbers
  std::mt19937_64 rng2(5), ref2(5);
  eedn_augment_image(src.data(), kN, kN, aug, rng2, got.data());
  for (int i = 0; i < 4; ++i) ref2();
  EXPECT_EQ(rng2(), ref2());
}

TEST(EednAugment, ElasticFieldDisplacesBySmoothedFieldTimesAlpha) {
  const std::vector<uint8_t> src = ramp();
  std::vector<uint8_t> dst(src.size());
  const std::vector<float> zero(src.size(), 0.0f), one(src.size(), 1.0f);
  eedn_elastic_image(src.data(), kN, kN, zero.data(), zero.data(), 30, 1, dst.data());
  EXPECT_EQ(dst, src) << "a zero field must copy the image";
  // A constant field smooths to itself where the 3-sigma kernel lies inside the image (the
  // centre, for sigma 1 on 9x9): the centre pixel samples 2 rows down.
  eedn_elastic_image(src.data(), kN, kN, one.data(), zero.data(), 2, 1, dst.data());
  EXPECT_EQ(dst[4 * kN + 4], src[6 * kN + 4]);
  EXPECT_NE(dst[4 * kN + 4], src[2 * kN + 4]) << "the displacement's sense is checkable";
  // At the border the field outside counts as 0, so the smoothed displacement is smaller there:
  // the corner samples less than 2 rows down, strictly between rows 0 and 2.
  EXPECT_GT(dst[0 * kN + 4], src[0 * kN + 4]);
  EXPECT_LT(dst[0 * kN + 4], src[2 * kN + 4]);
}

TEST(EednAugment, ElasticDrawsTheFieldAfterTheShift) {
  const std::vector<uint8_t> src = ramp();
  const size_t px = src.size();
  std::vector<uint8_t> got(px), shifted(px), want(px);
  EednAugment aug;
  aug.shift = 2;
  aug.elastic_alpha = 8;
  aug.elastic_sigma = 2;
  EXPECT_TRUE(aug.fresh()) << "every elastic image is new: the teacher cache must be off";
  std::mt19937_64 rng(9), ref(9);
  eedn_augment_image(src.data(), kN, kN, aug, rng, got.data());
  const int dy = static_cast<int>(ref() % 5) - 2, dx = static_cast<int>(ref() % 5) - 2;
  std::vector<float> raw(2 * px);
  for (float& v : raw)
    v = static_cast<float>(2 * (static_cast<double>(ref() >> 11) * 0x1.0p-53) - 1);
  eedn_warp_image(src.data(), kN, kN, dy, dx, 0, 1, shifted.data());
  eedn_elastic_image(shifted.data(), kN, kN, raw.data(), raw.data() + px, 8, 2, want.data());
  EXPECT_EQ(got, want);
  EXPECT_EQ(rng(), ref()) << "elastic augmentation draws 2 + 2 * rows * cols numbers";
  EXPECT_NE(got, shifted) << "alpha 8 must move some pixel";
}

TEST(EednAugment, CutoutZeroesOneClippedSquareAfterTheShift) {
  const std::vector<uint8_t> src = ramp();
  std::vector<uint8_t> got(src.size()), want(src.size());
  EednAugment aug;
  aug.shift = 1;
  aug.cutout = 4;
  EXPECT_TRUE(aug.fresh()) << "cutout images are new: the teacher cache must be off";
  std::mt19937_64 rng(5), ref(5);
  eedn_augment_image(src.data(), kN, kN, aug, rng, got.data());
  const int dy = static_cast<int>(ref() % 3) - 1, dx = static_cast<int>(ref() % 3) - 1;
  const int cy = static_cast<int>(ref() % kN), cx = static_cast<int>(ref() % kN);
  eedn_warp_image(src.data(), kN, kN, dy, dx, 0, 1, want.data());
  int zeroed = 0;
  // Side 4 centred on (cy, cx): rows cy-2 .. cy+1, clipped to the image.
  for (int y = cy - 2; y <= cy + 1; ++y)
    for (int x = cx - 2; x <= cx + 1; ++x)
      if (y >= 0 && y < kN && x >= 0 && x < kN && want[y * kN + x] != 0) {
        want[y * kN + x] = 0;
        ++zeroed;
      }
  EXPECT_EQ(got, want);
  EXPECT_EQ(rng(), ref()) << "cutout draws two numbers after the shift";
  // The square must actually remove something, or this test could not tell cutout from none.
  EXPECT_GT(zeroed, 0);
}

TEST(EednAugment, MirrorFlipsHalfTheImagesAfterTheShift) {
  const std::vector<uint8_t> src = ramp();
  EednAugment aug;
  aug.shift = 1;
  aug.mirror = true;
  EXPECT_TRUE(aug.any());
  EXPECT_FALSE(aug.fresh()) << "a mirrored image is one of two: the teacher cache may stay on";
  std::mt19937_64 rng(9), ref(9);
  int flipped = 0, kept = 0;
  for (int i = 0; i < 40; ++i) {
    std::vector<uint8_t> got(src.size()), want(src.size());
    eedn_augment_image(src.data(), kN, kN, aug, rng, got.data());
    const int dy = static_cast<int>(ref() % 3) - 1, dx = static_cast<int>(ref() % 3) - 1;
    eedn_warp_image(src.data(), kN, kN, dy, dx, 0, 1, want.data());
    if (ref() & 1) {
      for (int y = 0; y < kN; ++y)
        std::reverse(want.begin() + y * kN, want.begin() + (y + 1) * kN);
      ++flipped;
    } else {
      ++kept;
    }
    ASSERT_EQ(got, want) << "image " << i;
  }
  EXPECT_EQ(rng(), ref()) << "the mirror draws one number after the shift";
  // Both outcomes occur, and a mirrored ramp differs from the ramp (it is not symmetric), so the
  // comparison above could tell a missing flip.
  EXPECT_GT(flipped, 0);
  EXPECT_GT(kept, 0);
  std::vector<uint8_t> mirrored = src;
  for (int y = 0; y < kN; ++y) std::reverse(mirrored.begin() + y * kN, mirrored.begin() + (y + 1) * kN);
  EXPECT_NE(mirrored, src);
}

TEST(EednAugment, OutOfRangeSettingsAreRefusedByName) {
  EednAugment aug;
  EXPECT_NO_THROW(validate_eedn_augment(aug, "cfg"));
  aug.elastic_sigma = 0;  // would divide by zero in the Gaussian
  try {
    validate_eedn_augment(aug, "cfg");
    FAIL() << "sigma 0 must be refused";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("cfg: augment.elastic_sigma"), std::string::npos)
        << e.what();
  }
  aug.elastic_sigma = 4;
  aug.cutout = 29;  // larger than any image the trainer loads
  EXPECT_THROW(validate_eedn_augment(aug, "cfg"), std::invalid_argument);
  aug.cutout = 0;
  aug.shift = -1;
  EXPECT_THROW(validate_eedn_augment(aug, "cfg"), std::invalid_argument);
}
