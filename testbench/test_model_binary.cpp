// The binary model format: byte layout as documented, round trips, bad input; and load_model /
// save_model dispatch between the two formats.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "golden/config.h"
#include "golden/model_binary.h"
#include "golden/model_error.h"
#include "random_chip.h"
#include "golden/model_file.h"
#include "golden/model_json.h"

namespace meridian {
namespace {

using test::random_chip;

// The model of the hand-written layout example (docs/MODEL_FORMAT.md section 2.4).
ChipConfig layout_chip() {
  Geometry g;
  g.width = 2;
  g.height = 1;
  g.axons = 5;
  g.neurons = 3;
  ChipConfig chip = make_empty_chip(g);
  chip.tick_period_cycles = 16;
  CoreConfig& c = chip.cores[chip.core_index(1, 0)];
  c.seed = 0xA1B2C3D4u;
  c.axon_type = {1, 2, 3, 0, 2};
  set_crossbar_bit(c, g, 0, 0, true);
  set_crossbar_bit(c, g, 0, 2, true);
  NeuronParams p;
  p.weight = {-2, 255, 0, 1};
  p.leak = -255;
  p.stochastic_synapse = {false, true, false, false};
  p.stochastic_leak = true;
  p.neg_saturate = false;
  p.reset_mode = ResetMode::kLinear;
  p.threshold = 262143;
  p.neg_threshold = 5;
  p.threshold_mask_bits = 18;
  p.reset_potential = -524287;
  p.initial_potential = -524288;
  c.neuron_types.push_back(p);
  c.neurons[0].enabled = true;
  c.neurons[0].has_destination = true;
  c.neurons[0].dest = Destination{-3, 2, 4, 15};
  c.neurons[2].type = 7;  // disabled, keeps a type
  return chip;
}

// The same bytes written out by hand from the table in docs/MODEL_FORMAT.md.
std::vector<uint8_t> layout_bytes() {
  // clang-format off
  return {
      // header
      'M', 'R', 'D', 'N', 'M', 'D', 'L', 0, 1, 0, 0, 0,  // magic, version 1
      2, 0, 1, 0, 5, 0, 3, 0,                          // width 2, height 1, axons 5, neurons 3
      16, 0, 0, 0, 1, 0, 0, 0,                         // tick_period_cycles 16, 1 core record
      // core record at 28
      1, 0, 0, 0, 0xD4, 0xC3, 0xB2, 0xA1, 1, 0, 0, 0,  // x 1, y 0, seed, 1 neuron type
      0x39, 0x02,                                      // axon types 1,2,3,0 | 2
      5, 0, 0, 0, 0, 0, 0, 0,                          // crossbar row 0: neurons 0 and 2
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // rows 1..4
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      // neuron type 0 at 82
      0xFE, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01, 0x00,  // weights -2, 255, 0, 1
      0x01, 0xFF, 0x12, 0x01,                          // leak -255, flags b1|c, linear
      0xFF, 0xFF, 0x03, 0x00, 0x05, 0x00, 0x00, 0x00,  // threshold 262143, neg_threshold 5
      18, 0, 0, 0,                                     // TM 18, reserved
      0x01, 0x00, 0xF8, 0xFF, 0x00, 0x00, 0xF8, 0xFF,  // R -524287, V0 -524288
      // neurons at 114
      0x03, 4, 15, 0, 0, 0, 0xFD, 0xFF, 0x02, 0x00,    // enabled, dest axon 4 delay 15 dx -3 dy 2
      0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0,                 // disabled, no destination
      0x00, 0, 1, 0, 7, 0, 0, 0, 0, 0,                 // disabled, type 7
  };
  // clang-format on
}

std::string error_of(const std::vector<uint8_t>& bytes) {
  try {
    parse_model_binary(bytes, "s.mdl");
  } catch (const ModelError& e) {
    return e.what();
  }
  return "(no error)";
}

template <typename T>
std::vector<uint8_t> patched(size_t offset, T value) {
  std::vector<uint8_t> b = layout_bytes();
  std::memcpy(&b[offset], &value, sizeof value);  // little-endian host (x86, ARM)
  return b;
}

std::string temp_path(const std::string& name) { return ::testing::TempDir() + name; }

// The hex listing of docs/MODEL_FORMAT.md section 2.5: "OOOO  XX XX ...   comment" lines. The
// offset column is checked against the running byte count.
std::vector<uint8_t> doc_listing_bytes() {
  std::ifstream in(std::string(MERIDIAN_SOURCE_DIR) + "/docs/MODEL_FORMAT.md");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  const size_t m = doc.find("<!-- example: binary -->");
  if (m == std::string::npos) return {};
  size_t pos = doc.find('\n', doc.find("```", m)) + 1;
  const size_t end = doc.find("```", pos);
  std::vector<uint8_t> out;
  while (pos < end) {
    const size_t eol = doc.find('\n', pos);
    const std::string line = doc.substr(pos, eol - pos);
    pos = eol + 1;
    EXPECT_EQ(std::stoul(line.substr(0, 4), nullptr, 16), out.size()) << line;
    std::istringstream hex(line.substr(6, line.find("   ", 6) - 6));
    std::string byte;
    while (hex >> byte) out.push_back(static_cast<uint8_t>(std::stoul(byte, nullptr, 16)));
  }
  return out;
}

TEST(ModelBinary, LayoutMatchesTheDocumentByteForByte) {
  const std::vector<uint8_t> expected = layout_bytes();
  ASSERT_EQ(expected.size(), 144u);
  EXPECT_EQ(doc_listing_bytes(), expected);
  EXPECT_EQ(model_to_binary(layout_chip()), expected);
  EXPECT_TRUE(parse_model_binary(expected, "s.mdl") == layout_chip());
  // The comparison can fail: one flipped bit of V0 changes the decoded chip.
  std::vector<uint8_t> b = expected;
  b[110] ^= 1;
  EXPECT_FALSE(parse_model_binary(b, "s.mdl") == layout_chip());
}

TEST(ModelBinary, RandomChipsRoundTripExactly) {
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    const ChipConfig chip = random_chip(seed);
    const std::vector<uint8_t> bytes = model_to_binary(chip);
    const ChipConfig back = parse_model_binary(bytes, "rt.mdl");
    ASSERT_TRUE(back == chip) << "seed " << seed;
    ASSERT_EQ(model_to_binary(back), bytes) << "seed " << seed;
  }
}

TEST(ModelBinary, JsonToBinaryToJsonIsIdentity) {
  for (uint64_t seed = 100; seed < 110; ++seed) {
    const std::string json = model_to_json(random_chip(seed));
    const ChipConfig from_json = parse_model_json(json, "a.json");
    const ChipConfig from_bin = parse_model_binary(model_to_binary(from_json), "b.mdl");
    EXPECT_TRUE(from_bin == from_json) << "seed " << seed;
    EXPECT_EQ(model_to_json(from_bin), json) << "seed " << seed;
  }
}

TEST(ModelBinary, OutOfRangeFieldsNameCoreFieldAndRange) {
  struct Case {
    std::vector<uint8_t> bytes;
    const char* message;
  };
  const Case cases[] = {
      {patched<uint16_t>(12, 0), "s.mdl: byte 12: geometry.width: value 0 out of range [1, 256]"},
      {patched<uint16_t>(18, 257),
       "s.mdl: byte 18: geometry.neurons: value 257 out of range [1, 256]"},
      {patched<uint32_t>(24, 3), "s.mdl: byte 24: header.core_count: value 3 out of range [0, 2]"},
      {patched<uint16_t>(28, 2), "s.mdl: byte 28: core record 0 x: value 2 out of range [0, 1]"},
      {patched<uint16_t>(30, 1), "s.mdl: byte 30: core record 0 y: value 1 out of range [0, 0]"},
      {patched<uint32_t>(36, 65537),
       "s.mdl: byte 36: core (1, 0) neuron_type_count: value 65537 out of range [0, 65536]"},
      {patched<int16_t>(84, -256),
       "s.mdl: byte 84: core (1, 0) neuron_types[0].weight[1]: value -256 out of range [-255, "
       "255]"},
      {patched<int16_t>(90, 256),
       "s.mdl: byte 90: core (1, 0) neuron_types[0].leak: value 256 out of range [-255, 255]"},
      {patched<uint8_t>(93, 3),
       "s.mdl: byte 93: core (1, 0) neuron_types[0].reset_mode: value 3 out of range [0, 2]"},
      {patched<uint32_t>(94, 300000),
       "s.mdl: byte 94: core (1, 0) neuron_types[0].threshold: value 300000 out of range "
       "[0, 262143]"},
      {patched<uint32_t>(98, 262144),
       "s.mdl: byte 98: core (1, 0) neuron_types[0].neg_threshold: value 262144 out of range "
       "[0, 262143]"},
      {patched<uint8_t>(102, 19),
       "s.mdl: byte 102: core (1, 0) neuron_types[0].threshold_mask_bits: value 19 out of range "
       "[0, 18]"},
      {patched<int32_t>(106, -524288),
       "s.mdl: byte 106: core (1, 0) neuron_types[0].reset_potential: value -524288 out of range "
       "[-524287, 524287]"},
      {patched<int32_t>(110, 524288),
       "s.mdl: byte 110: core (1, 0) neuron_types[0].initial_potential: value 524288 out of range "
       "[-524288, 524287]"},
      {patched<uint8_t>(115, 5),
       "s.mdl: byte 115: core (1, 0) neurons[0].dest.axon: value 5 out of range [0, 4]"},
      {patched<uint8_t>(116, 0),
       "s.mdl: byte 116: core (1, 0) neurons[0].dest.delay: value 0 out of range [1, 15]"},
      {patched<uint8_t>(116, 16),
       "s.mdl: byte 116: core (1, 0) neurons[0].dest.delay: value 16 out of range [1, 15]"},
      {patched<uint16_t>(118, 1),
       "s.mdl: byte 118: core (1, 0) neurons[0].type: value 1 out of range [0, 0]"},
      {patched<int16_t>(120, 256),
       "s.mdl: byte 120: core (1, 0) neurons[0].dest.dx: value 256 out of range [-256, 255]"},
      {patched<int16_t>(122, -257),
       "s.mdl: byte 122: core (1, 0) neurons[0].dest.dy: value -257 out of range [-256, 255]"},
  };
  for (const Case& c : cases) EXPECT_EQ(error_of(c.bytes), c.message);
  // Range ends are accepted.
  EXPECT_EQ(error_of(patched<int16_t>(120, -256)), "(no error)");
  EXPECT_EQ(error_of(patched<int32_t>(106, 524287)), "(no error)");
}

TEST(ModelBinary, StructuralErrors) {
  EXPECT_EQ(error_of(patched<uint8_t>(0, 'X')),
            "s.mdl: byte 0: header: bad magic (expected \"MRDNMDL\\0\"): not a Meridian binary "
            "model");
  EXPECT_EQ(error_of(patched<uint32_t>(8, 2)),
            "s.mdl: byte 8: header: unsupported version 2 (supported: 1)");
  EXPECT_EQ(error_of(patched<uint8_t>(92, 0x92)),
            "s.mdl: byte 92: core (1, 0) neuron_types[0].flags: reserved bit 7 is set");
  EXPECT_EQ(error_of(patched<uint8_t>(103, 1)),
            "s.mdl: byte 103: core (1, 0) neuron_types[0]: reserved bytes 21..23 must be 0");
  EXPECT_EQ(error_of(patched<uint8_t>(114, 0x07)),
            "s.mdl: byte 114: core (1, 0) neurons[0].flags: reserved bits 2..7 are set");
  EXPECT_EQ(error_of(patched<uint8_t>(117, 1)),
            "s.mdl: byte 117: core (1, 0) neurons[0]: reserved byte 3 must be 0");
  EXPECT_EQ(error_of(patched<uint8_t>(126, 0)),
            "s.mdl: byte 125: core (1, 0) neurons[1].dest: must be axon 0, delay 1, dx 0, dy 0 "
            "without a destination");
  EXPECT_EQ(error_of(patched<uint8_t>(58, 0x08)),
            "s.mdl: byte 58: core (1, 0) crossbar row 2: bits of neurons 3 and above must be 0");
  EXPECT_EQ(error_of(patched<uint8_t>(41, 0x06)),
            "s.mdl: byte 41: core (1, 0) axon_types: bits beyond axon 4 must be 0");
  // A second record for the same core.
  std::vector<uint8_t> dup = layout_bytes();
  dup.insert(dup.end(), dup.begin() + 28, dup.end());
  dup[24] = 2;
  EXPECT_EQ(error_of(dup), "s.mdl: byte 144: core record 1: duplicate core (1, 0)");
  std::vector<uint8_t> trailing = layout_bytes();
  trailing.push_back(0);
  EXPECT_EQ(error_of(trailing),
            "s.mdl: byte 144: end: unexpected bytes after the last core record");
  // An enabled neuron on a core without types.
  std::vector<uint8_t> no_types = layout_bytes();
  no_types.erase(no_types.begin() + 82, no_types.begin() + 114);
  no_types[36] = 0;
  EXPECT_EQ(
      error_of(no_types),
      "s.mdl: byte 86: core (1, 0) neurons[0].type: enabled neuron, but the core has no types");
}

TEST(ModelBinary, EveryTruncationSaysWhere) {
  const std::vector<uint8_t> full = layout_bytes();
  for (size_t n = 0; n < full.size(); ++n) {
    const std::vector<uint8_t> cut(full.begin(), full.begin() + n);
    const std::string e = error_of(cut);
    EXPECT_EQ(e.find("s.mdl: truncated at byte offset " + std::to_string(n) + ": "), 0u) << e;
  }
}

TEST(ModelBinary, FuzzByteFlipsGiveOnlyModelErrors) {
  const std::vector<uint8_t> full = model_to_binary(random_chip(7));
  std::mt19937 rng(3);
  int accepted = 0;
  for (int k = 0; k < 3000; ++k) {
    std::vector<uint8_t> b = full;
    const int flips = 1 + static_cast<int>(rng() % 3);
    for (int f = 0; f < flips; ++f) b[rng() % b.size()] = static_cast<uint8_t>(rng());
    if (rng() % 4 == 0) b.resize(rng() % b.size());
    try {
      parse_model_binary(b, "f.mdl");
      ++accepted;
    } catch (const ModelError&) {
    } catch (const std::exception& e) {
      ADD_FAILURE() << "non-ModelError exception: " << e.what();
    }
  }
  EXPECT_LT(accepted, 3000);  // the corruption actually reached the checks
}

TEST(ModelBinary, SaveRefusesAnInvalidConfigAndWritesNothing) {
  ChipConfig chip = layout_chip();
  chip.cores[1].neurons[0].dest.delay = 0;
  const std::string path = temp_path("meridian_invalid.mdl");
  std::remove(path.c_str());
  try {
    save_model_binary(chip, path);
    FAIL() << "no error";
  } catch (const ModelError& e) {
    EXPECT_EQ(std::string(e.what()),
              path + ": core (1, 0) neurons[0].dest.delay: value 0 out of range [1, 15]");
  }
  EXPECT_EQ(std::fopen(path.c_str(), "rb"), nullptr);
}

TEST(ModelFile, DispatchByExtensionAndMagic) {
  const ChipConfig chip = random_chip(9);
  const std::string json = temp_path("meridian_dispatch.json");
  const std::string mdl = temp_path("meridian_dispatch.mdl");
  save_model(chip, json);
  save_model(chip, mdl);
  const std::vector<uint8_t> jb = read_file_bytes(json), mb = read_file_bytes(mdl);
  EXPECT_EQ(jb.front(), '{');
  EXPECT_EQ(std::memcmp(mb.data(), kModelBinaryMagic, 8), 0);
  EXPECT_TRUE(load_model(json) == chip);
  EXPECT_TRUE(load_model(mdl) == chip);
  // Content wins over the name on load: binary bytes in a .json file load as binary.
  const std::string odd = temp_path("meridian_dispatch_binary.json");
  write_file_bytes(odd, mb.data(), mb.size());
  EXPECT_TRUE(load_model(odd) == chip);
  // A .mdl file that is not binary is reported by the binary reader.
  const std::string fake = temp_path("meridian_dispatch_fake.mdl");
  write_file_bytes(fake, jb.data(), jb.size());
  try {
    load_model(fake);
    FAIL() << "no error";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("bad magic"), std::string::npos) << e.what();
  }
  try {
    save_model(chip, temp_path("model.txt"));
    FAIL() << "no error";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown model file extension '.txt'"), std::string::npos);
  }
  try {
    load_model(temp_path("does_not_exist.json"));
    FAIL() << "no error";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("does_not_exist.json: cannot open for reading"),
              std::string::npos);
  }
  for (const std::string& p : {json, mdl, odd, fake}) std::remove(p.c_str());
}

TEST(ModelFile, CommittedBadModelsAreRejected) {
  const std::string dir = std::string(MERIDIAN_SOURCE_DIR) + "/testbench/data/bad_models/";
  const struct {
    const char* file;
    const char* message_part;
  } cases[] = {
      {"threshold_out_of_range.json",
       "/cores/0/neuron_types/0/threshold: value 300000 out of range [0, 262143]"},
      {"truncated.json", "truncated JSON at byte offset"},
      {"truncated.mdl", "truncated at byte offset 40"},
  };
  for (const auto& c : cases) {
    try {
      load_model(dir + c.file);
      ADD_FAILURE() << c.file << ": no error";
    } catch (const ModelError& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.find(dir + c.file + ": "), 0u) << what;
      EXPECT_NE(what.find(c.message_part), std::string::npos) << what;
    }
  }
}

}  // namespace
}  // namespace meridian
