#include "golden/model_json.h"

#include <cstring>
#include <initializer_list>
#include <memory>
#include <nlohmann/json.hpp>

#include "golden/json_reader.h"
#include "golden/model_error.h"
#include "golden/model_file.h"

namespace meridian {
namespace {

using nlohmann::json;

constexpr const char* kFormatName = "meridian-model";
constexpr int64_t kMaxNeuronTypes = 65536;  // NeuronConfig::type is 16 bits

const char* reset_mode_name(ResetMode m) {
  switch (m) {
    case ResetMode::kNormal:
      return "normal";
    case ResetMode::kLinear:
      return "linear";
    case ResetMode::kNone:
      return "none";
  }
  return "?";
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string path_at(const std::string& base, size_t index) {
  return base + "/" + std::to_string(index);
}

Geometry read_geometry(const JsonReader& r, const json& g) {
  const std::string p = "/geometry";
  r.expect_object(g, p);
  r.check_keys(g, p, {"width", "height", "axons", "neurons"});
  Geometry geo;
  geo.width = static_cast<int>(r.get_int(r.require(g, p, "width"), p + "/width", 1, kMaxGridSide));
  geo.height =
      static_cast<int>(r.get_int(r.require(g, p, "height"), p + "/height", 1, kMaxGridSide));
  geo.axons = static_cast<int>(r.get_int(r.require(g, p, "axons"), p + "/axons", 1, kMaxAxons));
  geo.neurons =
      static_cast<int>(r.get_int(r.require(g, p, "neurons"), p + "/neurons", 1, kMaxNeurons));
  return geo;
}

NeuronParams read_neuron_type(const JsonReader& r, const json& t, const std::string& p) {
  r.expect_object(t, p);
  r.check_keys(t, p,
               {"weights", "stochastic_synapse", "leak", "stochastic_leak", "leak_reversal",
                "threshold", "neg_threshold", "threshold_mask_bits", "reset_mode", "neg_saturate",
                "reset_potential", "initial_potential"});
  NeuronParams n;
  if (const json* v = r.optional(t, "weights")) {
    const std::string q = p + "/weights";
    r.expect_array(*v, q);
    if (v->size() != kAxonTypes) {
      r.fail(q, "expected 4 weights (one per axon type), got " + std::to_string(v->size()));
    }
    for (int g = 0; g < kAxonTypes; ++g) {
      n.weight[g] =
          static_cast<int16_t>(r.get_int((*v)[g], path_at(q, g), -kWeightMax, kWeightMax));
    }
  }
  if (const json* v = r.optional(t, "stochastic_synapse")) {
    const std::string q = p + "/stochastic_synapse";
    r.expect_array(*v, q);
    if (v->size() != kAxonTypes) {
      r.fail(q, "expected 4 booleans (one per axon type), got " + std::to_string(v->size()));
    }
    for (int g = 0; g < kAxonTypes; ++g)
      n.stochastic_synapse[g] = r.get_bool((*v)[g], path_at(q, g));
  }
  if (const json* v = r.optional(t, "leak")) {
    n.leak = static_cast<int16_t>(r.get_int(*v, p + "/leak", -kWeightMax, kWeightMax));
  }
  if (const json* v = r.optional(t, "stochastic_leak")) {
    n.stochastic_leak = r.get_bool(*v, p + "/stochastic_leak");
  }
  if (const json* v = r.optional(t, "leak_reversal")) {
    n.leak_reversal = r.get_bool(*v, p + "/leak_reversal");
  }
  if (const json* v = r.optional(t, "threshold")) {
    n.threshold = static_cast<uint32_t>(r.get_int(*v, p + "/threshold", 0, kThresholdMax));
  }
  if (const json* v = r.optional(t, "neg_threshold")) {
    n.neg_threshold = static_cast<uint32_t>(r.get_int(*v, p + "/neg_threshold", 0, kThresholdMax));
  }
  if (const json* v = r.optional(t, "threshold_mask_bits")) {
    n.threshold_mask_bits =
        static_cast<uint8_t>(r.get_int(*v, p + "/threshold_mask_bits", 0, kThresholdMaskBitsMax));
  }
  if (const json* v = r.optional(t, "reset_mode")) {
    const std::string q = p + "/reset_mode";
    if (!v->is_string()) {
      r.fail(q, "expected string \"normal\", \"linear\" or \"none\", got " + describe_json_type(*v));
    }
    const std::string& s = v->get_ref<const std::string&>();
    if (s == "normal") {
      n.reset_mode = ResetMode::kNormal;
    } else if (s == "linear") {
      n.reset_mode = ResetMode::kLinear;
    } else if (s == "none") {
      n.reset_mode = ResetMode::kNone;
    } else {
      r.fail(q, "value \"" + s + "\" is not one of \"normal\", \"linear\", \"none\"");
    }
  }
  if (const json* v = r.optional(t, "neg_saturate")) {
    n.neg_saturate = r.get_bool(*v, p + "/neg_saturate");
  }
  if (const json* v = r.optional(t, "reset_potential")) {
    n.reset_potential = static_cast<int32_t>(
        r.get_int(*v, p + "/reset_potential", -kResetPotentialMax, kResetPotentialMax));
  }
  if (const json* v = r.optional(t, "initial_potential")) {
    n.initial_potential =
        static_cast<int32_t>(r.get_int(*v, p + "/initial_potential", kPotentialMin, kPotentialMax));
  }
  return n;
}

void read_axon_types(const JsonReader& r, const json& v, const std::string& p, const Geometry& g,
                     CoreConfig& core) {
  const std::string& s = r.get_string(v, p);
  if (s.size() != static_cast<size_t>(g.axons)) {
    r.fail(p, "expected " + std::to_string(g.axons) + " digits 0-3 (one per axon), got " +
                  std::to_string(s.size()) + " characters");
  }
  for (int i = 0; i < g.axons; ++i) {
    const char c = s[i];
    if (c < '0' || c > '3') {
      r.fail(p, "axon " + std::to_string(i) + ": character '" + std::string(1, c) +
                    "' is not an axon type digit 0-3");
    }
    core.axon_type[i] = static_cast<uint8_t>(c - '0');
  }
}

void read_crossbar(const JsonReader& r, const json& v, const std::string& p, const Geometry& g,
                   CoreConfig& core) {
  r.expect_array(v, p);
  if (v.size() != static_cast<size_t>(g.axons)) {
    r.fail(p, "expected " + std::to_string(g.axons) + " rows (one per axon), got " +
                  std::to_string(v.size()));
  }
  const size_t digits = static_cast<size_t>(g.neurons + 3) / 4;
  const int words = g.words_per_row();
  // Bits of the leading digit at or above `neurons` must be zero.
  const int top_bits = g.neurons - 4 * static_cast<int>(digits - 1);
  const int top_limit = 1 << top_bits;
  for (int i = 0; i < g.axons; ++i) {
    const std::string q = path_at(p, i);
    const std::string& s = r.get_string(v[i], q);
    if (s.size() != digits) {
      r.fail(q, "expected " + std::to_string(digits) + " hex digits (neurons = " +
                    std::to_string(g.neurons) + "), got " + std::to_string(s.size()));
    }
    uint64_t* row = &core.crossbar[static_cast<size_t>(i) * words];
    for (size_t k = 0; k < digits; ++k) {
      const int nib = hex_value(s[k]);
      if (nib < 0) {
        r.fail(q, "character '" + std::string(1, s[k]) + "' at position " + std::to_string(k) +
                      " is not a hex digit");
      }
      if (k == 0 && nib >= top_limit) {
        r.fail(q, "bits of neurons " + std::to_string(g.neurons) + " and above must be 0 " +
                      "(neurons = " + std::to_string(g.neurons) + ")");
      }
      const size_t bit = 4 * (digits - 1 - k);
      row[bit / 64] |= static_cast<uint64_t>(nib) << (bit % 64);
    }
  }
}

void read_neurons(const JsonReader& r, const json& v, const std::string& p, const Geometry& g,
                  CoreConfig& core) {
  r.expect_array(v, p);
  std::vector<int> first_seen(g.neurons, -1);
  const int64_t ntypes = static_cast<int64_t>(core.neuron_types.size());
  for (size_t k = 0; k < v.size(); ++k) {
    const std::string q = path_at(p, k);
    const json& e = v[k];
    r.expect_object(e, q);
    r.check_keys(e, q, {"index", "type", "enabled", "dest"});
    const int index =
        static_cast<int>(r.get_int(r.require(e, q, "index"), q + "/index", 0, g.neurons - 1));
    if (first_seen[index] >= 0) {
      r.fail(q + "/index", "duplicate neuron " + std::to_string(index) + " (first at " +
                               path_at(p, first_seen[index]) + ")");
    }
    first_seen[index] = static_cast<int>(k);
    NeuronConfig n;
    n.enabled = true;
    if (const json* x = r.optional(e, "enabled")) n.enabled = r.get_bool(*x, q + "/enabled");
    if (const json* x = r.optional(e, "type")) {
      // An enabled neuron must name an existing type; a disabled one's type is never used.
      if (n.enabled && ntypes == 0) {
        r.fail(q + "/type", "core has no neuron_types, so enabled neurons cannot exist");
      }
      n.type = static_cast<uint16_t>(
          r.get_int(*x, q + "/type", 0, n.enabled ? ntypes - 1 : kMaxNeuronTypes - 1));
    } else if (n.enabled && ntypes == 0) {
      r.fail(q, "enabled neuron of type 0, but the core has no neuron_types");
    }
    if (const json* d = r.optional(e, "dest")) {
      const std::string dp = q + "/dest";
      r.expect_object(*d, dp);
      r.check_keys(*d, dp, {"dx", "dy", "axon", "delay"});
      n.has_destination = true;
      n.dest.dx =
          static_cast<int16_t>(r.get_int(r.require(*d, dp, "dx"), dp + "/dx", kDxMin, kDxMax));
      n.dest.dy =
          static_cast<int16_t>(r.get_int(r.require(*d, dp, "dy"), dp + "/dy", kDxMin, kDxMax));
      n.dest.axon =
          static_cast<uint8_t>(r.get_int(r.require(*d, dp, "axon"), dp + "/axon", 0, g.axons - 1));
      n.dest.delay = static_cast<uint8_t>(
          r.get_int(r.require(*d, dp, "delay"), dp + "/delay", kDelayMin, kDelayMax));
    }
    core.neurons[index] = n;
  }
}

CoreConfig read_core(const JsonReader& r, const json& c, const std::string& p, const Geometry& g,
                     int* x, int* y) {
  r.expect_object(c, p);
  r.check_keys(c, p, {"x", "y", "seed", "axon_types", "crossbar", "neuron_types", "neurons"});
  *x = static_cast<int>(r.get_int(r.require(c, p, "x"), p + "/x", 0, g.width - 1));
  *y = static_cast<int>(r.get_int(r.require(c, p, "y"), p + "/y", 0, g.height - 1));
  CoreConfig core = make_empty_core(g);
  if (const json* v = r.optional(c, "seed")) {
    core.seed = static_cast<uint32_t>(r.get_int(*v, p + "/seed", 0, UINT32_MAX));
  }
  if (const json* v = r.optional(c, "axon_types"))
    read_axon_types(r, *v, p + "/axon_types", g, core);
  if (const json* v = r.optional(c, "crossbar")) read_crossbar(r, *v, p + "/crossbar", g, core);
  if (const json* v = r.optional(c, "neuron_types")) {
    const std::string q = p + "/neuron_types";
    r.expect_array(*v, q);
    if (static_cast<int64_t>(v->size()) > kMaxNeuronTypes) {
      r.fail(q, "at most " + std::to_string(kMaxNeuronTypes) + " neuron types, got " +
                    std::to_string(v->size()));
    }
    core.neuron_types.reserve(v->size());
    for (size_t k = 0; k < v->size(); ++k) {
      core.neuron_types.push_back(read_neuron_type(r, (*v)[k], path_at(q, k)));
    }
  }
  if (const json* v = r.optional(c, "neurons")) read_neurons(r, *v, p + "/neurons", g, core);
  return core;
}

ChipConfig read_chip(const JsonReader& r, const json& root) {
  r.expect_object(root, "");
  r.check_keys(root, "", {"format", "version", "geometry", "tick_period_cycles", "cores"});
  const std::string& format = r.get_string(r.require(root, "", "format"), "/format");
  if (format != kFormatName) {
    r.fail("/format", "expected \"" + std::string(kFormatName) + "\", got \"" + format + "\"");
  }
  const json& version = r.require(root, "", "version");
  if (!version.is_number_integer() || version.get<int64_t>() != 1 ||
      (version.is_number_unsigned() && version.get<uint64_t>() != 1)) {
    r.fail("/version", "unsupported version " + version.dump() + " (supported: 1)");
  }
  const Geometry g = read_geometry(r, r.require(root, "", "geometry"));
  ChipConfig chip = make_empty_chip(g);
  if (const json* v = r.optional(root, "tick_period_cycles")) {
    chip.tick_period_cycles =
        static_cast<uint32_t>(r.get_int(*v, "/tick_period_cycles", 0, UINT32_MAX));
  }
  const json& cores = r.require(root, "", "cores");
  r.expect_array(cores, "/cores");
  std::vector<int> first_seen(g.cores(), -1);
  for (size_t k = 0; k < cores.size(); ++k) {
    const std::string p = path_at("/cores", k);
    int x = 0, y = 0;
    CoreConfig core = read_core(r, cores[k], p, g, &x, &y);
    const int idx = chip.core_index(x, y);
    if (first_seen[idx] >= 0) {
      r.fail(p, "duplicate core (" + std::to_string(x) + ", " + std::to_string(y) + ") (first at " +
                    path_at("/cores", first_seen[idx]) + ")");
    }
    first_seen[idx] = static_cast<int>(k);
    chip.cores[idx] = std::move(core);
  }
  return chip;
}

// ---- writer ----

void append_int(std::string& out, long long v) { out += std::to_string(v); }

void append_neuron_type(std::string& out, const NeuronParams& n) {
  static const NeuronParams def;
  std::string fields;
  auto field = [&](const char* key, const std::string& value) {
    fields += (fields.empty() ? "" : ", ") + std::string("\"") + key + "\": " + value;
  };
  auto b = [](bool v) { return std::string(v ? "true" : "false"); };
  if (n.weight != def.weight) {
    field("weights", "[" + std::to_string(n.weight[0]) + ", " + std::to_string(n.weight[1]) + ", " +
                         std::to_string(n.weight[2]) + ", " + std::to_string(n.weight[3]) + "]");
  }
  if (n.stochastic_synapse != def.stochastic_synapse) {
    field("stochastic_synapse", "[" + b(n.stochastic_synapse[0]) + ", " +
                                    b(n.stochastic_synapse[1]) + ", " + b(n.stochastic_synapse[2]) +
                                    ", " + b(n.stochastic_synapse[3]) + "]");
  }
  if (n.leak != def.leak) field("leak", std::to_string(n.leak));
  if (n.stochastic_leak != def.stochastic_leak) field("stochastic_leak", b(n.stochastic_leak));
  if (n.leak_reversal != def.leak_reversal) field("leak_reversal", b(n.leak_reversal));
  if (n.threshold != def.threshold) field("threshold", std::to_string(n.threshold));
  if (n.neg_threshold != def.neg_threshold) field("neg_threshold", std::to_string(n.neg_threshold));
  if (n.threshold_mask_bits != def.threshold_mask_bits) {
    field("threshold_mask_bits", std::to_string(n.threshold_mask_bits));
  }
  if (n.reset_mode != def.reset_mode) {
    field("reset_mode", std::string("\"") + reset_mode_name(n.reset_mode) + "\"");
  }
  if (n.neg_saturate != def.neg_saturate) field("neg_saturate", b(n.neg_saturate));
  if (n.reset_potential != def.reset_potential) {
    field("reset_potential", std::to_string(n.reset_potential));
  }
  if (n.initial_potential != def.initial_potential) {
    field("initial_potential", std::to_string(n.initial_potential));
  }
  out += "{" + fields + "}";
}

void append_core(std::string& out, const CoreConfig& c, const Geometry& g, int x, int y) {
  out += "    {\n      \"x\": ";
  append_int(out, x);
  out += ", \"y\": ";
  append_int(out, y);
  out += ", \"seed\": ";
  append_int(out, c.seed);
  bool any_type = false;
  for (uint8_t t : c.axon_type) any_type = any_type || t != 0;
  if (any_type) {
    out += ",\n      \"axon_types\": \"";
    for (uint8_t t : c.axon_type) out += static_cast<char>('0' + t);
    out += "\"";
  }
  bool any_bit = false;
  for (uint64_t w : c.crossbar) any_bit = any_bit || w != 0;
  if (any_bit) {
    static const char kHex[] = "0123456789abcdef";
    const int digits = (g.neurons + 3) / 4;
    const int words = g.words_per_row();
    out += ",\n      \"crossbar\": [";
    for (int i = 0; i < g.axons; ++i) {
      out += i == 0 ? "\n        \"" : ",\n        \"";
      const uint64_t* row = &c.crossbar[static_cast<size_t>(i) * words];
      for (int k = 0; k < digits; ++k) {
        const int bit = 4 * (digits - 1 - k);
        out += kHex[(row[bit / 64] >> (bit % 64)) & 0xF];
      }
      out += "\"";
    }
    out += "\n      ]";
  }
  if (!c.neuron_types.empty()) {
    out += ",\n      \"neuron_types\": [";
    for (size_t k = 0; k < c.neuron_types.size(); ++k) {
      out += k == 0 ? "\n        " : ",\n        ";
      append_neuron_type(out, c.neuron_types[k]);
    }
    out += "\n      ]";
  }
  static const NeuronConfig kDefaultNeuron;
  bool first = true;
  for (int j = 0; j < g.neurons; ++j) {
    const NeuronConfig& n = c.neurons[j];
    if (!n.enabled && n == kDefaultNeuron) continue;
    out += first ? ",\n      \"neurons\": [\n        " : ",\n        ";
    first = false;
    out += "{\"index\": ";
    append_int(out, j);
    if (n.type != 0) {
      out += ", \"type\": ";
      append_int(out, n.type);
    }
    if (!n.enabled) out += ", \"enabled\": false";
    if (n.has_destination) {
      out += ", \"dest\": {\"dx\": ";
      append_int(out, n.dest.dx);
      out += ", \"dy\": ";
      append_int(out, n.dest.dy);
      out += ", \"axon\": ";
      append_int(out, n.dest.axon);
      out += ", \"delay\": ";
      append_int(out, n.dest.delay);
      out += "}";
    }
    out += "}";
  }
  if (!first) out += "\n      ]";
  out += "\n    }";
}

std::string to_json_unchecked(const ChipConfig& chip) {
  const Geometry& g = chip.geometry;
  std::string out;
  out += "{\n  \"format\": \"";
  out += kFormatName;
  out += "\",\n  \"version\": 1,\n  \"geometry\": {\"width\": ";
  append_int(out, g.width);
  out += ", \"height\": ";
  append_int(out, g.height);
  out += ", \"axons\": ";
  append_int(out, g.axons);
  out += ", \"neurons\": ";
  append_int(out, g.neurons);
  out += "},\n";
  if (chip.tick_period_cycles != 0) {
    out += "  \"tick_period_cycles\": ";
    append_int(out, chip.tick_period_cycles);
    out += ",\n";
  }
  out += "  \"cores\": [";
  const CoreConfig empty = make_empty_core(g);
  bool first = true;
  for (int y = 0; y < g.height; ++y) {
    for (int x = 0; x < g.width; ++x) {
      const CoreConfig& c = chip.cores[chip.core_index(x, y)];
      if (c == empty) continue;
      out += first ? "\n" : ",\n";
      first = false;
      append_core(out, c, g, x, y);
    }
  }
  out += first ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

// nlohmann-json keeps the last of two equal keys in an object; a model file must not say two things
// about one field, so the parser callback tracks where it is and rejects a repeated key.
class DuplicateKeyCheck {
 public:
  explicit DuplicateKeyCheck(const std::string& name) : state_(std::make_shared<State>(name)) {}

  bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) const {
    std::vector<Frame>& f = state_->frames;
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        f.push_back(Frame{event == json::parse_event_t::array_start, 0, {}});
        break;
      case json::parse_event_t::key: {
        const std::string& key = parsed.get_ref<const std::string&>();
        for (const std::string& k : f.back().keys) {
          if (k == key)
            throw ModelError(state_->name + ": " + path() + "duplicate key '" + key + "'");
        }
        f.back().keys.push_back(key);
        break;
      }
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        f.pop_back();
        if (!f.empty() && f.back().array) ++f.back().index;
        break;
      case json::parse_event_t::value:
        if (!f.empty() && f.back().array) ++f.back().index;
        break;
    }
    return true;
  }

 private:
  struct Frame {
    bool array;
    size_t index;                   // arrays: index of the element being read
    std::vector<std::string> keys;  // objects: keys so far, the last one being read
  };
  struct State {
    explicit State(const std::string& n) : name(n) {}
    const std::string& name;
    std::vector<Frame> frames;
  };
  // JSON pointer of the innermost object, followed by ": " (empty at the top level).
  std::string path() const {
    const std::vector<Frame>& f = state_->frames;
    std::string p;
    for (size_t i = 0; i + 1 < f.size(); ++i) {
      p += "/" + (f[i].array ? std::to_string(f[i].index) : f[i].keys.back());
    }
    return p.empty() ? p : p + ": ";
  }
  std::shared_ptr<State> state_;  // the parser copies its callback
};

}  // namespace

ChipConfig parse_model_json(const std::string& text, const std::string& name_for_errors) {
  json root;
  try {
    root = json::parse(text, DuplicateKeyCheck(name_for_errors));
  } catch (const json::parse_error& e) {
    // nlohmann's message starts with "[json.exception.parse_error.NNN] "; keep only the reason.
    std::string why = e.what();
    const size_t cut = why.find("] ");
    if (cut != std::string::npos) why = why.substr(cut + 2);
    // e.byte counts the characters read, end of input included; past the text means truncated.
    const bool truncated = e.byte > text.size();
    const size_t offset = truncated ? text.size() : (e.byte == 0 ? 0 : e.byte - 1);
    throw ModelError(name_for_errors + ": " + (truncated ? "truncated" : "invalid") +
                     " JSON at byte offset " + std::to_string(offset) + ": " + why);
  } catch (const json::exception& e) {
    throw ModelError(name_for_errors + ": invalid JSON: " + e.what());
  }
  return read_chip(JsonReader(name_for_errors), root);
}

ChipConfig load_model_json(const std::string& path) {
  const std::vector<uint8_t> bytes = read_file_bytes(path);
  return parse_model_json(std::string(bytes.begin(), bytes.end()), path);
}

std::string model_to_json(const ChipConfig& chip) {
  validate_model(chip, "model_to_json");
  return to_json_unchecked(chip);
}

void save_model_json(const ChipConfig& chip, const std::string& path) {
  validate_model(chip, path);
  const std::string text = to_json_unchecked(chip);
  write_file_bytes(path, text.data(), text.size());
}

}  // namespace meridian
