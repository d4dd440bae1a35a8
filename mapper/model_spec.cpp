#include "mapper/model_spec.h"

#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <stdexcept>

#include "golden/model_error.h"
#include "golden/model_file.h"
#include "golden/spike_io.h"
#include "mapper/benchmark_model.h"
#include "mapper/example_models.h"
#include "mapper/random_model.h"

namespace meridian {

namespace {
using json = nlohmann::json;

// A regression case runs at most this many ticks (sim/regression_suite.cpp), so a longer drive
// period could only ever fire at its phase.
constexpr uint64_t kMaxPeriod = 1000000;

[[noreturn]] void fail(const std::string& path, const std::string& msg) {
  throw JsonValueError(path, msg);
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string join(const std::string& dir, const std::string& file) {
  return !file.empty() && file[0] == '/' ? file : dir + "/" + file;
}

json parse(const std::string& spec_json) {
  try {
    return json::parse(spec_json);
  } catch (const json::parse_error& e) {
    fail("", std::string("not valid JSON: ") + e.what());
  }
}

// Unknown keys are refused: a misspelt "perod" would otherwise leave the default in force.
void only_keys(const json& j, const std::string& gen, std::initializer_list<const char*> allowed) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool ok = false;
    std::string list;
    for (const char* a : allowed) {
      ok = ok || it.key() == a;
      list += (list.empty() ? "" : ", ") + std::string(a);
    }
    if (!ok) fail("/" + it.key(), "unknown field for generator \"" + gen + "\" (allowed: " + list + ")");
  }
}

const json& member(const json& j, const char* key) {
  if (!j.contains(key)) fail("", std::string("missing field \"") + key + "\"");
  return j[key];
}

std::string string_field(const json& j, const char* key) {
  const json& v = member(j, key);
  if (!v.is_string()) fail(std::string("/") + key, "must be a string, got " + v.dump());
  return v.get<std::string>();
}

// JSON integers only: -1 and 5000000000 are refused by value, never wrapped into range.
uint64_t unsigned_field(const json& v, const std::string& path, uint64_t lo, uint64_t hi) {
  const std::string range = "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  if (!v.is_number_integer()) fail(path, "must be an integer in " + range + ", got " + v.dump());
  if (!v.is_number_unsigned() || v.get<uint64_t>() < lo || v.get<uint64_t>() > hi)
    fail(path, "value " + v.dump() + " out of range " + range);
  return v.get<uint64_t>();
}

uint64_t unsigned_field(const json& j, const char* key, uint64_t lo, uint64_t hi) {
  return unsigned_field(member(j, key), std::string("/") + key, lo, hi);
}

int int_field(const json& v, const std::string& path, int lo, int hi) {
  const std::string range = "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  if (!v.is_number_integer()) fail(path, "must be an integer in " + range + ", got " + v.dump());
  const bool in = v.is_number_unsigned() ? v.get<uint64_t>() <= static_cast<uint64_t>(hi) &&
                                               static_cast<int64_t>(v.get<uint64_t>()) >= lo
                                         : v.get<int64_t>() >= lo && v.get<int64_t>() <= hi;
  if (!in) fail(path, "value " + v.dump() + " out of range " + range);
  return v.get<int>();
}

int int_field(const json& j, const char* key, int lo, int hi) {
  return int_field(member(j, key), std::string("/") + key, lo, hi);
}

double number_field(const json& j, const char* key, double lo, double hi, const char* unit) {
  const json& v = member(j, key);
  const std::string path = std::string("/") + key;
  const std::string range = "[" + num(lo) + ", " + num(hi) + "]" + unit;
  if (!v.is_number()) fail(path, "must be a number in " + range + ", got " + v.dump());
  const double d = v.get<double>();
  if (!std::isfinite(d) || d < lo || d > hi) fail(path, "value " + v.dump() + " out of range " + range);
  return d;
}

std::pair<int, int> grid_field(const json& j) {
  const std::string s = string_field(j, "grid");
  try {
    return parse_grid(s);
  } catch (const std::invalid_argument& e) {
    fail("/grid", e.what());
  }
}

constexpr uint64_t kMaxSeed = UINT64_MAX;

}  // namespace

std::pair<int, int> parse_grid(const std::string& s) {
  std::smatch m;
  if (!std::regex_match(s, m, std::regex(R"((\d{1,3})x(\d{1,3}))")))
    throw std::invalid_argument("grid '" + s + "': expected WxH, e.g. 64x64");
  const int w = std::stoi(m[1]), h = std::stoi(m[2]);
  if (w < 1 || w > kMaxGridSide || h < 1 || h > kMaxGridSide)
    throw std::invalid_argument("grid '" + s + "': width and height must be in [1, 256]");
  return {w, h};
}

ChipConfig resolve_model_spec(const std::string& spec_json, const std::string& dir) {
  const json j = parse(spec_json);
  if (j.is_string()) return load_model(join(dir, j.get<std::string>()));
  if (!j.is_object())
    fail("", "expected a model file name or a generator {\"gen\": ...}, got " + j.dump());
  const std::string gen = string_field(j, "gen");
  if (gen == "example") {
    only_keys(j, gen, {"gen", "name"});
    const std::string name = string_field(j, "name");
    try {
      return make_example(name);
    } catch (const std::invalid_argument& e) {
      fail("/name", e.what());
    }
  }
  if (gen == "random") {
    only_keys(j, gen, {"gen", "grid", "seed"});
    const auto [w, h] = grid_field(j);
    return generate_random_model(w, h, unsigned_field(j, "seed", 0, kMaxSeed));
  }
  if (gen == "benchmark") {
    only_keys(j, gen, {"gen", "grid", "rate", "synapses", "seed", "stochastic"});
    const auto [w, h] = grid_field(j);
    const double rate = number_field(j, "rate", 0, 1000, " Hz");
    const int synapses = int_field(j, "synapses", 0, kMaxAxons);
    const uint64_t seed = unsigned_field(j, "seed", 0, kMaxSeed);
    bool stochastic = false;
    if (j.contains("stochastic")) {
      if (!j["stochastic"].is_boolean()) fail("/stochastic", "must be true or false");
      stochastic = j["stochastic"].get<bool>();
    }
    try {
      return generate_benchmark_model(w, h, rate, synapses, seed, stochastic);
    } catch (const std::invalid_argument& e) {  // e.g. no stochastic threshold for this rate
      fail("/rate", e.what());
    }
  }
  fail("/gen", "\"" + gen + "\" is not a model generator (known: example, random, benchmark)");
}

std::vector<InputSpike> resolve_inputs_spec(const std::string& spec_json, const std::string& dir,
                                            const Geometry& g, uint64_t ticks) {
  const json j = parse(spec_json);
  if (j.is_null()) return {};
  if (j.is_array()) {  // the union of several specs; errors name the element
    std::vector<InputSpike> all;
    for (size_t i = 0; i < j.size(); ++i) {
      const std::string at = "/" + std::to_string(i);
      try {
        auto more = resolve_inputs_spec(j[i].dump(), dir, g, ticks);
        all.insert(all.end(), more.begin(), more.end());
      } catch (const JsonValueError& e) {
        throw JsonValueError(at + e.path(), e.detail());
      } catch (const ModelError& e) {  // an input file's own error, which names the file
        throw JsonValueError(at, e.what());
      }
    }
    return all;
  }
  if (j.is_string()) return load_input_spikes(join(dir, j.get<std::string>()), g);
  if (!j.is_object())
    fail("", "expected null, an input spike file name, a generator {\"gen\": ...} or an array of "
             "these, got " + j.dump());
  const std::string gen = string_field(j, "gen");
  if (gen == "inputs") {
    only_keys(j, gen, {"gen", "rate", "seed"});
    const double rate = number_field(j, "rate", 0, 1, " (probability per axon and tick)");
    return generate_random_inputs(g, ticks, rate, unsigned_field(j, "seed", 0, kMaxSeed));
  }
  if (gen == "drive") {
    // Axons of one core driven every `period` ticks from `phase`.
    only_keys(j, gen, {"gen", "x", "y", "axons", "period", "phase"});
    const int x = int_field(j, "x", 0, g.width - 1), y = int_field(j, "y", 0, g.height - 1);
    const json& ax = member(j, "axons");
    if (!ax.is_array() || ax.empty())
      fail("/axons", "must be a non-empty array of axon indices in [0, " +
                         std::to_string(g.axons - 1) + "]");
    std::vector<int> axons;
    std::set<int> seen;
    for (size_t i = 0; i < ax.size(); ++i) {
      const std::string at = "/axons/" + std::to_string(i);
      axons.push_back(int_field(ax[i], at, 0, g.axons - 1));
      if (!seen.insert(axons.back()).second)  // would inject the same spike twice
        fail(at, "axon " + std::to_string(axons.back()) + " is listed twice");
    }
    const uint64_t period = unsigned_field(j, "period", 1, kMaxPeriod);
    // A phase at or after the last tick would drive nothing.
    const uint64_t phase = j.contains("phase") ? unsigned_field(j, "phase", 0, ticks - 1) : 0;
    std::vector<InputSpike> out;
    for (uint64_t t = phase; t < ticks; t += period)
      for (int a : axons) out.push_back({t, x, y, a});
    return out;
  }
  fail("/gen", "\"" + gen + "\" is not an inputs generator (known: inputs, drive)");
}

}  // namespace meridian
