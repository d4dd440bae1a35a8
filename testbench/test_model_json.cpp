// The JSON model format: round trips, the documented example, and one test per class of bad input.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>

#include "golden/config.h"
#include "random_chip.h"
#include "golden/model_error.h"
#include "golden/model_json.h"

namespace meridian {
namespace {

using nlohmann::ordered_json;

using test::random_chip;

// A small valid document that the bad-input tests break one field at a time.
ordered_json base_doc() {
  return ordered_json::parse(R"({
    "format": "meridian-model", "version": 1,
    "geometry": {"width": 4, "height": 2, "axons": 8, "neurons": 6},
    "cores": [
      {"x": 0, "y": 0, "seed": 7, "axon_types": "01230123",
       "crossbar": ["3f", "00", "01", "20", "00", "00", "00", "15"],
       "neuron_types": [{"weights": [1, -1, 2, -2], "threshold": 3}],
       "neurons": [{"index": 0, "dest": {"dx": 1, "dy": 0, "axon": 5, "delay": 1}},
                   {"index": 5}]},
      {"x": 3, "y": 1, "neuron_types": [{}, {}, {}, {"leak": 1}],
       "neurons": [{"index": 2, "type": 3}]}
    ]})");
}

std::string error_of_text(const std::string& text) {
  try {
    parse_model_json(text, "m.json");
  } catch (const ModelError& e) {
    return e.what();
  }
  return "(no error)";
}
std::string error_of(const ordered_json& doc) { return error_of_text(doc.dump()); }

TEST(ModelJson, BaseDocIsValid) { EXPECT_NO_THROW(parse_model_json(base_doc().dump(), "m.json")); }

TEST(ModelJson, RandomChipsRoundTripExactly) {
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    const ChipConfig chip = random_chip(seed);
    const std::string text = model_to_json(chip);
    const ChipConfig back = parse_model_json(text, "rt.json");
    ASSERT_TRUE(back == chip) << "seed " << seed;
    // Canonical: writing again gives the same text.
    ASSERT_EQ(model_to_json(back), text) << "seed " << seed;
  }
}

TEST(ModelJson, RoundTripCheckDetectsAChange) {
  // Proof that the comparison above can fail: change one bit / one field and it must differ.
  ChipConfig chip = random_chip(3);
  ChipConfig other = parse_model_json(model_to_json(chip), "rt.json");
  ASSERT_TRUE(other == chip);
  int core = 0;
  while (chip.cores[core].neuron_types.empty()) ++core;
  other.cores[core].neuron_types[0].initial_potential ^= 1;
  EXPECT_FALSE(other == chip);
  EXPECT_NE(model_to_json(other), model_to_json(chip));
}

TEST(ModelJson, SaveAndLoadThroughAFile) {
  const ChipConfig chip = random_chip(11);
  const std::string path = ::testing::TempDir() + "meridian_test_model.json";
  save_model_json(chip, path);
  EXPECT_TRUE(load_model_json(path) == chip);
  std::remove(path.c_str());
}

// The fenced block after `marker` in docs/MODEL_FORMAT.md.
std::string doc_block(const std::string& marker) {
  std::ifstream in(std::string(MERIDIAN_SOURCE_DIR) + "/docs/MODEL_FORMAT.md");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  const size_t m = doc.find(marker);
  if (m == std::string::npos) return "";
  const size_t start = doc.find('\n', doc.find("```", m)) + 1;
  return doc.substr(start, doc.find("```", start) - start);
}

TEST(ModelJson, DocumentedExampleDecodesAsDescribed) {
  // The example of docs/MODEL_FORMAT.md section 1.1, read from the document itself.
  const std::string text = doc_block("<!-- example: canonical JSON -->");
  ASSERT_FALSE(text.empty());
  const ChipConfig c = parse_model_json(text, "example.json");
  EXPECT_EQ(model_to_json(c), text);  // the example is exactly what save writes
  const Geometry& g = c.geometry;
  EXPECT_EQ(c.tick_period_cycles, 2000u);
  const CoreConfig& k = c.cores[0];
  EXPECT_EQ(k.seed, 123u);
  EXPECT_EQ(k.axon_type, (std::vector<uint8_t>{0, 0, 1, 1}));
  // "03": neurons 0 and 1; "21": neurons 0 and 5 (rightmost digit holds neuron 0).
  for (int j = 0; j < 6; ++j) {
    EXPECT_EQ(crossbar_bit(k, g, 0, j), j <= 1) << j;
    EXPECT_EQ(crossbar_bit(k, g, 1, j), j == 0 || j == 5) << j;
    EXPECT_FALSE(crossbar_bit(k, g, 2, j)) << j;
    EXPECT_TRUE(crossbar_bit(k, g, 3, j)) << j;
  }
  ASSERT_EQ(k.neuron_types.size(), 2u);
  EXPECT_EQ(k.neuron_types[0].weight[1], -1);
  EXPECT_EQ(k.neuron_types[0].leak, -1);
  EXPECT_EQ(k.neuron_types[0].threshold, 4u);
  EXPECT_EQ(k.neuron_types[1].threshold, 1u);  // default
  EXPECT_EQ(k.neuron_types[1].reset_mode, ResetMode::kLinear);
  EXPECT_TRUE(k.neuron_types[1].stochastic_synapse[0]);
  EXPECT_TRUE(k.neurons[0].enabled && k.neurons[0].has_destination);
  EXPECT_EQ(k.neurons[0].dest.axon, 2);
  EXPECT_EQ(k.neurons[0].dest.delay, 3);
  EXPECT_TRUE(k.neurons[1].enabled && !k.neurons[1].has_destination);
  EXPECT_EQ(k.neurons[1].type, 1);
  EXPECT_FALSE(k.neurons[2].enabled);
  EXPECT_FALSE(k.neurons[5].enabled);
  EXPECT_TRUE(k.neurons[5].has_destination);
  EXPECT_EQ(k.neurons[5].dest.dx, -1);
  EXPECT_TRUE(c.cores[1] == make_empty_core(g));
}

TEST(ModelJson, SaveOmitsEmptyCoresAndDefaults) {
  Geometry g;
  g.width = 8;
  g.height = 8;
  ChipConfig chip = make_empty_chip(g);
  EXPECT_EQ(model_to_json(chip).find("\"x\""), std::string::npos);
  chip.cores[chip.core_index(5, 6)].neuron_types.push_back(NeuronParams{});
  const std::string text = model_to_json(chip);
  EXPECT_NE(text.find("\"x\": 5, \"y\": 6"), std::string::npos) << text;
  EXPECT_NE(text.find("\"neuron_types\": [\n        {}\n      ]"), std::string::npos) << text;
  EXPECT_EQ(text.find("crossbar"), std::string::npos);
  EXPECT_EQ(text.find("axon_types"), std::string::npos);
  EXPECT_EQ(text.find("tick_period_cycles"), std::string::npos);
  EXPECT_LT(text.size(), 300u);
}

TEST(ModelJson, SaveRefusesAnInvalidConfig) {
  ChipConfig chip = random_chip(5);
  int core = 0;
  while (chip.cores[core].neuron_types.empty()) ++core;
  chip.cores[core].neuron_types[0].threshold = kThresholdMax + 1;
  try {
    model_to_json(chip);
    FAIL() << "no error";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("neuron_types[0].threshold: value 262144 out of range "
                                         "[0, 262143]"),
              std::string::npos)
        << e.what();
  }
}

// ---- bad input, one class per test; messages are compared whole where they are fixed ----

TEST(ModelJsonBad, MissingRequiredFields) {
  for (const char* key : {"format", "version", "geometry", "cores"}) {
    ordered_json d = base_doc();
    d.erase(key);
    EXPECT_EQ(error_of(d), std::string("m.json: missing field '") + key + "'");
  }
  ordered_json d = base_doc();
  d["geometry"].erase("neurons");
  EXPECT_EQ(error_of(d), "m.json: /geometry: missing field 'neurons'");
  d = base_doc();
  d["cores"][1].erase("y");
  EXPECT_EQ(error_of(d), "m.json: /cores/1: missing field 'y'");
  d = base_doc();
  d["cores"][0]["neurons"][1].erase("index");
  EXPECT_EQ(error_of(d), "m.json: /cores/0/neurons/1: missing field 'index'");
  d = base_doc();
  d["cores"][0]["neurons"][0]["dest"].erase("delay");
  EXPECT_EQ(error_of(d), "m.json: /cores/0/neurons/0/dest: missing field 'delay'");
}

struct RangeCase {
  const char* pointer;  // JSON pointer of the field to set
  long long value;      // out-of-range value
  const char* range;    // expected "[lo, hi]"
};

TEST(ModelJsonBad, EveryNumericFieldOutOfRange) {
  const RangeCase cases[] = {
      {"/geometry/width", 0, "[1, 256]"},
      {"/geometry/height", 257, "[1, 256]"},
      {"/geometry/axons", 0, "[1, 256]"},
      {"/geometry/neurons", 300, "[1, 256]"},
      {"/tick_period_cycles", -1, "[0, 4294967295]"},
      {"/tick_period_cycles", 4294967296, "[0, 4294967295]"},
      {"/cores/0/x", 4, "[0, 3]"},
      {"/cores/0/y", -1, "[0, 1]"},
      {"/cores/0/seed", 4294967296, "[0, 4294967295]"},
      {"/cores/0/seed", -1, "[0, 4294967295]"},
      {"/cores/0/neuron_types/0/weights/2", 256, "[-255, 255]"},
      {"/cores/0/neuron_types/0/weights/0", -256, "[-255, 255]"},
      {"/cores/0/neuron_types/0/leak", -256, "[-255, 255]"},
      {"/cores/0/neuron_types/0/threshold", 300000, "[0, 262143]"},
      {"/cores/0/neuron_types/0/threshold", -1, "[0, 262143]"},
      {"/cores/0/neuron_types/0/neg_threshold", 262144, "[0, 262143]"},
      {"/cores/0/neuron_types/0/threshold_mask_bits", 19, "[0, 18]"},
      {"/cores/0/neuron_types/0/reset_potential", 524288, "[-524287, 524287]"},
      {"/cores/0/neuron_types/0/reset_potential", -524288, "[-524287, 524287]"},
      {"/cores/0/neuron_types/0/initial_potential", 524288, "[-524288, 524287]"},
      {"/cores/0/neuron_types/0/initial_potential", -524289, "[-524288, 524287]"},
      {"/cores/0/neurons/0/index", 6, "[0, 5]"},
      {"/cores/0/neurons/0/type", 1, "[0, 0]"},
      {"/cores/1/neurons/0/type", 4, "[0, 3]"},
      {"/cores/0/neurons/0/dest/dx", 256, "[-256, 255]"},
      {"/cores/0/neurons/0/dest/dy", -257, "[-256, 255]"},
      {"/cores/0/neurons/0/dest/axon", 8, "[0, 7]"},
      {"/cores/0/neurons/0/dest/delay", 0, "[1, 15]"},
      {"/cores/0/neurons/0/dest/delay", 16, "[1, 15]"},
  };
  for (const RangeCase& c : cases) {
    ordered_json d = base_doc();
    d[ordered_json::json_pointer(c.pointer)] = c.value;
    EXPECT_EQ(error_of(d), std::string("m.json: ") + c.pointer + ": value " +
                               std::to_string(c.value) + " out of range " + c.range);
  }
  // The lower ends themselves are accepted (the checks are not off by one).
  ordered_json d = base_doc();
  d["cores"][0]["neuron_types"][0]["reset_potential"] = -524287;
  d["cores"][0]["neuron_types"][0]["initial_potential"] = -524288;
  d["cores"][0]["neurons"][0]["dest"]["dx"] = -256;
  d["cores"][0]["neurons"][0]["dest"]["delay"] = 15;
  EXPECT_EQ(error_of(d), "(no error)");
}

TEST(ModelJsonBad, WrongTypes) {
  ordered_json d = base_doc();
  d["cores"][0]["neuron_types"][0]["threshold"] = "3";
  EXPECT_EQ(
      error_of(d),
      "m.json: /cores/0/neuron_types/0/threshold: expected integer in [0, 262143], got string");
  d = base_doc();
  d["cores"][0]["neuron_types"][0]["leak"] = 1.5;
  EXPECT_EQ(error_of(d),
            "m.json: /cores/0/neuron_types/0/leak: expected integer in [-255, 255], "
            "got non-integer number");
  d = base_doc();
  d["cores"][0]["neuron_types"][0]["neg_saturate"] = 1;
  EXPECT_EQ(error_of(d),
            "m.json: /cores/0/neuron_types/0/neg_saturate: expected boolean (true or "
            "false), got number");
  d = base_doc();
  d["cores"][0]["neuron_types"][0]["reset_mode"] = "hard";
  EXPECT_EQ(error_of(d),
            "m.json: /cores/0/neuron_types/0/reset_mode: value \"hard\" is not one "
            "of \"normal\", \"linear\", \"none\"");
  d = base_doc();
  d["cores"] = ordered_json::object();
  EXPECT_EQ(error_of(d), "m.json: /cores: expected array, got object");
  d = base_doc();
  d["geometry"] = ordered_json::array();
  EXPECT_EQ(error_of(d), "m.json: /geometry: expected object, got array");
  d = base_doc();
  d["cores"][0]["neuron_types"][0]["weights"] = {1, 2, 3};
  EXPECT_EQ(error_of(d),
            "m.json: /cores/0/neuron_types/0/weights: expected 4 weights (one per "
            "axon type), got 3");
  EXPECT_EQ(error_of_text("[1, 2]"), "m.json: expected object, got array");
}

TEST(ModelJsonBad, FormatAndVersion) {
  ordered_json d = base_doc();
  d["format"] = "nscs";
  EXPECT_EQ(error_of(d), "m.json: /format: expected \"meridian-model\", got \"nscs\"");
  d = base_doc();
  d["version"] = 2;
  EXPECT_EQ(error_of(d), "m.json: /version: unsupported version 2 (supported: 1)");
}

TEST(ModelJsonBad, UnknownFields) {
  ordered_json d = base_doc();
  d["foo"] = 1;
  EXPECT_EQ(error_of(d),
            "m.json: unknown field 'foo' (allowed: format, version, geometry, "
            "tick_period_cycles, cores)");
  d = base_doc();
  d["cores"][0]["neuron_types"][0]["treshold"] = 1;
  const std::string e = error_of(d);
  EXPECT_EQ(e.find("m.json: /cores/0/neuron_types/0: unknown field 'treshold' (allowed: weights, "),
            0u)
      << e;
  d = base_doc();
  d["cores"][0]["neurons"][0]["dest"]["tick"] = 1;
  EXPECT_EQ(error_of(d),
            "m.json: /cores/0/neurons/0/dest: unknown field 'tick' (allowed: dx, dy, "
            "axon, delay)");
  d = base_doc();
  d["cores"][1]["rows"] = ordered_json::object();
  EXPECT_EQ(error_of(d).find("m.json: /cores/1: unknown field 'rows'"), 0u);
}

TEST(ModelJsonBad, DuplicateCoreAndNeuron) {
  ordered_json d = base_doc();
  d["cores"][1]["x"] = 0;
  d["cores"][1]["y"] = 0;
  EXPECT_EQ(error_of(d), "m.json: /cores/1: duplicate core (0, 0) (first at /cores/0)");
  d = base_doc();
  d["cores"][0]["neurons"][1]["index"] = 0;
  EXPECT_EQ(error_of(d),
            "m.json: /cores/0/neurons/1/index: duplicate neuron 0 (first at /cores/0/neurons/0)");
}

TEST(ModelJsonBad, DuplicateKeys) {
  auto with = [](const std::string& from, const std::string& to) {
    std::string t = base_doc().dump();
    const size_t at = t.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return t.replace(at, from.size(), to);
  };
  EXPECT_EQ(error_of_text(with("\"threshold\":3", "\"threshold\":3,\"threshold\":4")),
            "m.json: /cores/0/neuron_types/0: duplicate key 'threshold'");
  EXPECT_EQ(error_of_text(with("\"version\":1", "\"version\":1,\"version\":1")),
            "m.json: duplicate key 'version'");
  EXPECT_EQ(error_of_text(with("\"delay\":1}", "\"delay\":1,\"dx\":2}")),
            "m.json: /cores/0/neurons/0/dest: duplicate key 'dx'");
  EXPECT_EQ(error_of_text(with("{\"index\":5}", "{\"index\":5,\"index\":4}")),
            "m.json: /cores/0/neurons/1: duplicate key 'index'");
}

TEST(ModelJsonBad, CrossbarHexAndAxonTypes) {
  ordered_json d = base_doc();
  d["cores"][0]["crossbar"][2] = "0g";
  EXPECT_EQ(error_of(d),
            "m.json: /cores/0/crossbar/2: character 'g' at position 1 is not a hex "
            "digit");
  d = base_doc();
  d["cores"][0]["crossbar"][2] = "001";
  EXPECT_EQ(error_of(d), "m.json: /cores/0/crossbar/2: expected 2 hex digits (neurons = 6), got 3");
  d = base_doc();
  d["cores"][0]["crossbar"][7] = "40";  // bit 6 with only 6 neurons
  EXPECT_EQ(error_of(d),
            "m.json: /cores/0/crossbar/7: bits of neurons 6 and above must be 0 "
            "(neurons = 6)");
  d = base_doc();
  d["cores"][0]["crossbar"].erase(7);
  EXPECT_EQ(error_of(d), "m.json: /cores/0/crossbar: expected 8 rows (one per axon), got 7");
  d = base_doc();
  d["cores"][0]["crossbar"][0] = 63;
  EXPECT_EQ(error_of(d), "m.json: /cores/0/crossbar/0: expected string, got number");
  d = base_doc();
  d["cores"][0]["axon_types"] = "01240123";
  EXPECT_EQ(error_of(d),
            "m.json: /cores/0/axon_types: axon 3: character '4' is not an axon type "
            "digit 0-3");
  d = base_doc();
  d["cores"][0]["axon_types"] = "0123";
  EXPECT_EQ(error_of(d),
            "m.json: /cores/0/axon_types: expected 8 digits 0-3 (one per axon), got 4 "
            "characters");
}

TEST(ModelJsonBad, EnabledNeuronNeedsAType) {
  ordered_json d = base_doc();
  d["cores"][1].erase("neuron_types");
  d["cores"][1]["neurons"][0].erase("type");
  EXPECT_EQ(error_of(d),
            "m.json: /cores/1/neurons/0: enabled neuron of type 0, but the core has "
            "no neuron_types");
  // A disabled neuron may keep any type index: it is never used.
  d["cores"][1]["neurons"][0]["enabled"] = false;
  d["cores"][1]["neurons"][0]["type"] = 9;
  EXPECT_EQ(error_of(d), "(no error)");
}

TEST(ModelJsonBad, InvalidAndTruncatedJson) {
  const std::string text = base_doc().dump();
  const std::string e = error_of_text(text.substr(0, 40));
  EXPECT_EQ(e.find("m.json: truncated JSON at byte offset 40: "), 0u) << e;
  const std::string e2 = error_of_text("{\"format\": nope}");
  EXPECT_EQ(e2.find("m.json: invalid JSON at byte offset 12: "), 0u) << e2;
  EXPECT_EQ(error_of_text("").find("m.json: truncated JSON at byte offset "), 0u);
}

TEST(ModelJsonBad, FuzzTruncationsAndByteFlipsGiveOnlyModelErrors) {
  // Every prefix of a valid file, then random single-byte corruptions: the parser must either
  // accept the text or throw ModelError, never anything else.
  const std::string text = model_to_json(parse_model_json(base_doc().dump(), "b.json"));
  ASSERT_NO_THROW(parse_model_json(text, "f.json"));
  int errors = 0;
  auto run = [&](const std::string& t) {
    try {
      parse_model_json(t, "f.json");
    } catch (const ModelError&) {
      ++errors;
    } catch (const std::exception& ex) {
      ADD_FAILURE() << "non-ModelError exception: " << ex.what();
    }
  };
  for (size_t n = 0; n + 1 < text.size(); ++n) run(text.substr(0, n));
  EXPECT_EQ(errors, static_cast<int>(text.size() - 1));  // no proper prefix is a whole document
  std::mt19937 rng(1);
  const char junk[] = "{}[],:\"0-9aZ \\tx";
  for (int k = 0; k < 2000; ++k) {
    std::string t = text;
    t[rng() % t.size()] = junk[rng() % (sizeof junk - 1)];
    run(t);
  }
}

}  // namespace
}  // namespace meridian
