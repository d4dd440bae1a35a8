// Off-chip Eedn networks (EednNetwork::off_chip, docs/EEDN.md section 6): the trainer lifts the
// fan-in limit only when asked, the file keeps the mark and the wider leaks, ensembles inherit it,
// and the mapper refuses such a network by name instead of building cores it cannot have.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "bar_images.h"
#include "eedn_tiny_config.h"
#include "golden/model_error.h"
#include "mapper/eedn_ensemble.h"
#include "mapper/eedn_inference.h"
#include "mapper/eedn_mapping.h"
#include "mapper/eedn_network.h"
#include "mapper/eedn_trainer.h"

using namespace meridian;
namespace fs = std::filesystem;

namespace {

// 12 -> 6 -> 3 -> 1 positions; layer 1 is an ungrouped 3x3 convolution over 32 channels, a
// fan-in of 288: above both chip limits (128 free, 254 sign-shared).
EednTrainConfig wide_fan_in_config() {
  EednTrainConfig c = meridian::test::tiny_eedn_config(3);
  c.layers = {{3, 2, 1, 1, 32, ""}, {3, 2, 1, 1, 24, ""}, {3, 1, 0, 3, 27, ""}};
  c.epochs = 8;
  return c;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Loads `text` from `path`; returns the ModelError's message, or "" if it loaded.
std::string load_error(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
  try {
    load_eedn_network(path.string());
  } catch (const ModelError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(EednOffChip, TrainerLiftsTheFanInLimitOnlyWhenAsked) {
  const ImageSet train = meridian::test::bar_images(512, 1), test = meridian::test::bar_images(150, 2);
  EednTrainConfig cfg = wide_fan_in_config();
  try {
    train_eedn(cfg, train, nullptr);
    ADD_FAILURE() << "fan-in 288 was accepted on chip";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("layer 1"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("off chip"), std::string::npos) << e.what();
  }
  cfg.off_chip = true;
  const EednTrainResult r = train_eedn(cfg, train, &test);
  EXPECT_TRUE(r.network.off_chip);
  EXPECT_EQ(r.network.layers[1].shape.fan_in(), 288);
  EXPECT_NO_THROW(validate_eedn_network(r.network, "off chip"));
  EXPECT_GT(r.log.back().test_accuracy, 0.8) << "chance is 1/3";
  // Without the mark the same layers break the chip's limit, by path.
  EednNetwork unmarked = r.network;
  unmarked.off_chip = false;
  try {
    validate_eedn_network(unmarked, "unmarked");
    ADD_FAILURE() << "an unmarked fan-in of 288 passed validation";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("/layers/1/fan_in"), std::string::npos) << e.what();
  }
}

TEST(EednOffChip, FileKeepsTheMarkAndItsWiderLeaks) {
  EednTrainConfig cfg = wide_fan_in_config();
  cfg.off_chip = true;
  cfg.epochs = 1;
  const EednNetwork net = train_eedn(cfg, meridian::test::bar_images(64, 3), nullptr).network;
  const fs::path p = fs::temp_directory_path() / "meridian_test_eedn_off_chip.eedn.json";
  save_eedn_network(net, p.string());
  const EednNetwork back = load_eedn_network(p.string());
  EXPECT_TRUE(back.off_chip);
  EXPECT_EQ(back.layers[1].weights, net.layers[1].weights);
  const std::string text = read_text(p);
  // Leak 280 of layer 1 is within its fan-in (288) but outside the 9-bit field: accepted only
  // with the mark.
  std::string wide = text;
  const size_t l1 = wide.find("\"leak\"", wide.find("\"leak\"") + 1);
  const size_t at = wide.find('[', l1) + 1;
  wide.replace(at, wide.find_first_of(",]", at) - at, "280");
  EXPECT_EQ(load_error(p, wide), "");
  std::string unmarked = wide;
  const size_t key = unmarked.find("\"off_chip\"");
  unmarked.erase(key, unmarked.find(',', key) + 1 - key);  // the key, its value and the comma
  ASSERT_EQ(unmarked.find("off_chip"), std::string::npos);
  const std::string e = load_error(p, unmarked);
  EXPECT_NE(e.find("/layers/1/leak/0: value 280 out of range"), std::string::npos) << e;
  EXPECT_NE(e.find(p.string()), std::string::npos) << e;
  std::string bad = text;
  bad.replace(bad.find("true", bad.find("\"off_chip\"")), 4, "\"yes\"");
  EXPECT_NE(load_error(p, bad).find("/off_chip: expected boolean (true or false)"), std::string::npos);
  fs::remove(p);
}

TEST(EednOffChip, EnsemblesInheritTheMarkAndTheMapperRefusesIt) {
  EednTrainConfig cfg = wide_fan_in_config();
  cfg.off_chip = true;
  cfg.epochs = 1;
  const EednNetwork net = train_eedn(cfg, meridian::test::bar_images(64, 4), nullptr).network;
  const EednNetwork stack = stack_eedn_ensemble({net, net}, "pair");
  EXPECT_TRUE(stack.off_chip);
  for (const EednNetwork* n : {&net, &stack}) {
    try {
      map_eedn_network(*n);
      ADD_FAILURE() << n->name << " was mapped";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("is off_chip"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("cannot be mapped"), std::string::npos) << e.what();
    }
  }
  // An on-chip network of the tiny layout maps: the refusal is the mark's, not the mapper's.
  EednTrainConfig on = meridian::test::tiny_eedn_config(3);
  on.epochs = 1;
  EXPECT_NO_THROW(map_eedn_network(train_eedn(on, meridian::test::bar_images(64, 4), nullptr).network));
}
