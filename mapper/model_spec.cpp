#include "mapper/model_spec.h"

#include <nlohmann/json.hpp>
#include <regex>
#include <stdexcept>

#include "golden/model_file.h"
#include "golden/spike_io.h"
#include "mapper/benchmark_model.h"
#include "mapper/example_models.h"
#include "mapper/random_model.h"

namespace meridian {

namespace {
using json = nlohmann::json;

std::string join(const std::string& dir, const std::string& file) {
  return !file.empty() && file[0] == '/' ? file : dir + "/" + file;
}

template <class T>
T field(const json& j, const char* key, const std::string& spec) {
  if (!j.contains(key)) throw std::invalid_argument("spec " + spec + ": missing field '" + key + "'");
  try {
    return j[key].get<T>();
  } catch (const json::exception&) {
    throw std::invalid_argument("spec " + spec + ": field '" + key + "' has the wrong type");
  }
}
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
  const json j = json::parse(spec_json);
  if (j.is_string()) return load_model(join(dir, j.get<std::string>()));
  if (!j.is_object() || !j.contains("gen"))
    throw std::invalid_argument("model spec " + spec_json + ": expected a file name or {\"gen\": ...}");
  const std::string gen = field<std::string>(j, "gen", spec_json);
  if (gen == "example") return make_example(field<std::string>(j, "name", spec_json));
  if (gen == "random") {
    auto [w, h] = parse_grid(field<std::string>(j, "grid", spec_json));
    return generate_random_model(w, h, field<uint64_t>(j, "seed", spec_json));
  }
  if (gen == "benchmark") {
    auto [w, h] = parse_grid(field<std::string>(j, "grid", spec_json));
    return generate_benchmark_model(w, h, field<double>(j, "rate", spec_json),
                                    field<int>(j, "synapses", spec_json),
                                    field<uint64_t>(j, "seed", spec_json),
                                    j.contains("stochastic") &&
                                        field<bool>(j, "stochastic", spec_json));
  }
  throw std::invalid_argument("model spec " + spec_json + ": unknown generator '" + gen +
                              "' (known: example, random, benchmark)");
}

std::vector<InputSpike> resolve_inputs_spec(const std::string& spec_json, const std::string& dir,
                                            const Geometry& g, uint64_t ticks) {
  const json j = json::parse(spec_json);
  if (j.is_null()) return {};
  if (j.is_array()) {  // the union of several specs
    std::vector<InputSpike> all;
    for (const json& part : j) {
      auto more = resolve_inputs_spec(part.dump(), dir, g, ticks);
      all.insert(all.end(), more.begin(), more.end());
    }
    return all;
  }
  if (j.is_string()) return load_input_spikes(join(dir, j.get<std::string>()), g);
  if (!j.is_object() || !j.contains("gen"))
    throw std::invalid_argument("inputs spec " + spec_json + ": expected null, a file name or {\"gen\": ...}");
  const std::string gen = field<std::string>(j, "gen", spec_json);
  if (gen == "inputs")
    return generate_random_inputs(g, ticks, field<double>(j, "rate", spec_json),
                                  field<uint64_t>(j, "seed", spec_json));
  if (gen == "drive") {
    // Axons of one core driven every `period` ticks from `phase`.
    const int x = field<int>(j, "x", spec_json), y = field<int>(j, "y", spec_json);
    const uint64_t period = field<uint64_t>(j, "period", spec_json);
    const uint64_t phase = j.value("phase", uint64_t{0});
    if (period < 1) throw std::invalid_argument("inputs spec " + spec_json + ": period must be >= 1");
    std::vector<InputSpike> out;
    for (uint64_t t = phase; t < ticks; t += period)
      for (int a : field<std::vector<int>>(j, "axons", spec_json)) out.push_back({t, x, y, a});
    return out;
  }
  throw std::invalid_argument("inputs spec " + spec_json + ": unknown generator '" + gen +
                              "' (known: inputs, drive)");
}

}  // namespace meridian
