// Mirror twins (mapper/eedn_mirror.h): every layer's map of the twin on an image is the mirror
// image of the original's map on the mirrored image, so the votes are equal; layouts whose
// windows are not symmetric are refused; and the check is shown to catch a twin with one layer
// left unflipped.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "bar_images.h"
#include "mapper/eedn_inference.h"
#include "mapper/eedn_mapping.h"
#include "mapper/eedn_mirror.h"
#include "mapper/eedn_trainer.h"

using namespace meridian;

namespace {

// Two hidden layers in time (4 levels, the second sign-shared) on 12x12 bars: 12 -> 6 -> 3 -> 1
// columns with 4x4 stride-2 pad-1 windows, which sit symmetrically; `layers` overrides them.
EednNetwork trained(std::vector<EednLayerSpec> layers = {}) {
  EednTrainConfig c;
  c.classes = 3;
  c.thresholds = {64, 160};
  c.layers = {{4, 2, 1, 1, 8, ""}, {4, 2, 1, 2, 12, "+-"}, {3, 1, 0, 3, 27, ""}};
  if (!layers.empty()) c.layers = std::move(layers);
  for (size_t l = 0; l + 1 < c.layers.size(); ++l) c.layers[l].levels = 4;
  c.levels_in_time = true;
  c.epochs = 2;
  c.batch = 32;
  c.lr = 0.02f;
  c.seed = 7;
  c.progress = false;
  return train_eedn(c, meridian::test::bar_images(256, 1), nullptr).network;
}

std::vector<uint8_t> mirrored(const uint8_t* image, int rows, int cols) {
  std::vector<uint8_t> out(static_cast<size_t>(rows) * cols);
  for (int y = 0; y < rows; ++y)
    for (int x = 0; x < cols; ++x) out[y * cols + x] = image[y * cols + (cols - 1 - x)];
  return out;
}

// The first layer map (0 = the input) of `twin` on `image` that is not the mirror image of
// `net`'s map on the mirrored image, or -1.
int first_unmirrored_map(const EednNetwork& net, const EednNetwork& twin, const uint8_t* image) {
  const std::vector<uint8_t> flip = mirrored(image, net.input.rows, net.input.cols);
  const std::vector<EednMap> a = eedn_run(twin, image), b = eedn_run(net, flip.data());
  for (size_t m = 0; m < a.size(); ++m) {
    const EednConvShape& s = m == 0 ? net.layers[0].shape : net.layers[m - 1].shape;
    const int h = m == 0 ? s.in_h : s.out_h(), w = m == 0 ? s.in_w : s.out_w();
    const int c = m == 0 ? s.in_c : s.out_c;
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x)
        for (int k = 0; k < c; ++k)
          if (a[m][(y * w + x) * c + k] != b[m][(y * w + (w - 1 - x)) * c + k])
            return static_cast<int>(m);
  }
  return -1;
}

}  // namespace

TEST(EednMirror, TwinSeesTheMirroredImage) {
  const EednNetwork net = trained();
  const EednNetwork twin = mirror_eedn_network(net, "twin");
  validate_eedn_network(twin, "twin");
  EXPECT_EQ(twin.name, "twin");
  const ImageSet test = meridian::test::bar_images(40, 99);
  int differ = 0, nonzero = 0;
  for (size_t i = 0; i < test.size(); ++i) {
    ASSERT_EQ(first_unmirrored_map(net, twin, test.image(i)), -1) << "image " << i;
    const std::vector<uint8_t> flip = mirrored(test.image(i), test.rows, test.cols);
    const std::vector<int> votes = eedn_votes(twin, eedn_run(twin, test.image(i)).back());
    ASSERT_EQ(votes, eedn_votes(net, eedn_run(net, flip.data()).back())) << "image " << i;
    // Not the identity: on the unmirrored image the twin usually votes otherwise.
    differ += votes != eedn_votes(net, eedn_run(net, test.image(i)).back());
    for (int v : votes) nonzero += v != 0;
  }
  EXPECT_GT(differ, 0);
  EXPECT_GT(nonzero, 0);
  // The twin has the original's shapes, so it maps onto the same cores.
  EXPECT_EQ(map_eedn_network(twin).stats.cores, map_eedn_network(net).stats.cores);
}

TEST(EednMirror, CheckCatchesALayerLeftUnflipped) {
  const EednNetwork net = trained();
  const ImageSet test = meridian::test::bar_images(40, 99);
  for (size_t l = 0; l < net.layers.size(); ++l) {
    EednNetwork broken = mirror_eedn_network(net, "twin");
    broken.layers[l].weights = net.layers[l].weights;
    int first = -1;
    for (size_t i = 0; i < test.size() && first < 0; ++i)
      first = first_unmirrored_map(net, broken, test.image(i));
    EXPECT_EQ(first, static_cast<int>(l) + 1) << "layer " << l << " left unflipped";
  }
}

TEST(EednMirror, RefusesWindowsThatAreNotSymmetric) {
  // 3x3 stride-2 pad-1 windows on 12 columns: 12 + 2 - 3 = 11 is odd, so the last input column
  // is never read and a flipped kernel would read column 0 instead.
  const EednNetwork net =
      trained({{3, 1, 1, 1, 8, ""}, {3, 2, 1, 2, 12, "+-"}, {3, 2, 0, 3, 27, ""}});
  try {
    mirror_eedn_network(net, "twin");
    FAIL() << "expected a refusal";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("layer 1 is not mirror-symmetric"), std::string::npos) << what;
    EXPECT_NE(what.find("in_w 12 + 2 x pad 1 - kernel_w 3 = 11"), std::string::npos) << what;
    EXPECT_NE(what.find("stride 2"), std::string::npos) << what;
  }
}
