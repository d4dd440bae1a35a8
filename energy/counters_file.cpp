#include "energy/counters_file.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "golden/model_binary.h"
#include "golden/model_error.h"

namespace meridian {
namespace {

using Json = nlohmann::ordered_json;
constexpr const char* kFormat = "meridian-counters-v1";

[[noreturn]] void fail(const std::string& file, const std::string& path, const std::string& msg) {
  throw ModelError(file + ": " + path + ": " + msg);
}

// Refuses unknown keys: a misspelt "tick_uss" would otherwise leave the default in force.
void only_keys(const Json& obj, const std::string& file, const std::string& path,
               const std::vector<std::string>& allowed) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (std::find(allowed.begin(), allowed.end(), it.key()) != allowed.end()) continue;
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    fail(file, path + "/" + it.key(), "unknown field (allowed: " + list + ")");
  }
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

int int_field(const Json& obj, const std::string& file, const std::string& path, const char* key,
              int lo, int hi) {
  auto it = obj.find(key);
  if (it == obj.end()) fail(file, path, std::string("missing field \"") + key + "\"");
  if (!it->is_number_integer() || it->get<long long>() < lo || it->get<long long>() > hi)
    fail(file, path + "/" + key,
         "must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return it->get<int>();
}

}  // namespace

std::string counters_file_to_json(const CountersFile& f) {
  Json root;
  root["format"] = kFormat;
  root["geometry"] = {{"width", f.geometry.width}, {"height", f.geometry.height},
                      {"axons", f.geometry.axons}, {"neurons", f.geometry.neurons}};
  root["ticks"] = f.ticks;
  if (f.tick_us > 0) root["tick_us"] = f.tick_us;  // absent = not recorded
  Json cores = Json::array();
  for (const auto& c : f.cores) {
    Json e = Json::object();
    for (int i = 0; i < kCounterFields; ++i) e[counter_name(i)] = counter_value(c, i);
    cores.push_back(e);
  }
  root["cores"] = cores;
  // One core per line keeps 4096-core files readable and diffable.
  std::string out = "{\n";
  for (auto it = root.begin(); it != root.end(); ++it) {
    if (it.key() == "cores") continue;
    out += "  \"" + it.key() + "\": " + it.value().dump() + ",\n";
  }
  out += "  \"cores\": [\n";
  for (size_t k = 0; k < cores.size(); ++k)
    out += "    " + cores[k].dump() + (k + 1 < cores.size() ? ",\n" : "\n");
  out += "  ]\n}\n";
  return out;
}

CountersFile parse_counters_file(const std::string& text, const std::string& file) {
  Json root;
  try {
    root = Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw ModelError(file + ": not valid JSON: " + e.what());
  }
  if (!root.is_object()) fail(file, "/", "must be a JSON object");
  if (!root.contains("format") || root["format"] != kFormat)
    fail(file, "/format", std::string("must be \"") + kFormat + "\"");
  only_keys(root, file, "", {"format", "geometry", "ticks", "tick_us", "cores"});
  CountersFile f;
  if (!root.contains("geometry") || !root["geometry"].is_object())
    fail(file, "/geometry", "missing object {width, height, axons, neurons}");
  const Json& g = root["geometry"];
  only_keys(g, file, "/geometry", {"width", "height", "axons", "neurons"});
  f.geometry.width = int_field(g, file, "/geometry", "width", 1, kMaxGridSide);
  f.geometry.height = int_field(g, file, "/geometry", "height", 1, kMaxGridSide);
  f.geometry.axons = int_field(g, file, "/geometry", "axons", 1, kMaxAxons);
  f.geometry.neurons = int_field(g, file, "/geometry", "neurons", 1, kMaxNeurons);
  if (!root.contains("ticks") || !root["ticks"].is_number_unsigned() || root["ticks"] == 0)
    fail(file, "/ticks", "must be an integer >= 1");
  f.ticks = root["ticks"].get<uint64_t>();
  if (root.contains("tick_us")) {
    // Same range as --tick-us; 0 is not "unrecorded" (leave the field out for that).
    const Json& v = root["tick_us"];
    if (!v.is_number() || !(v.get<double>() >= kMinTickUs && v.get<double>() <= kMaxTickUs))
      fail(file, "/tick_us",
           "value " + (v.is_number() ? num(v.get<double>()) : v.dump()) +
               " is not a number in [0.001, 1e9] us");
    f.tick_us = root["tick_us"].get<double>();
  }
  if (!root.contains("cores") || !root["cores"].is_array())
    fail(file, "/cores", "missing array of per-core counters");
  const Json& cores = root["cores"];
  if (cores.size() != static_cast<size_t>(f.geometry.cores()))
    fail(file, "/cores", "has " + std::to_string(cores.size()) + " entries, the geometry needs " +
                             std::to_string(f.geometry.cores()));
  for (size_t k = 0; k < cores.size(); ++k) {
    const std::string path = "/cores/" + std::to_string(k);
    if (!cores[k].is_object()) fail(file, path, "must be an object of counters");
    if (cores[k].size() > static_cast<size_t>(kCounterFields)) {
      std::vector<std::string> names;
      for (int i = 0; i < kCounterFields; ++i) names.push_back(counter_name(i));
      only_keys(cores[k], file, path, names);
    }
    CoreCounters c;
    uint64_t* fields[kCounterFields] = {
        &c.active_axons, &c.synaptic_events, &c.neuron_updates, &c.spikes, &c.packets_sent,
        &c.local_deliveries, &c.hops_north, &c.hops_east, &c.hops_south, &c.hops_west,
        &c.offchip_out, &c.host_in, &c.late_packets, &c.core_cycles};
    for (int i = 0; i < kCounterFields; ++i) {
      auto it = cores[k].find(counter_name(i));
      if (it == cores[k].end())
        fail(file, path, std::string("missing counter \"") + counter_name(i) + "\"");
      if (!it->is_number_unsigned())
        fail(file, path + "/" + counter_name(i), "must be an integer in [0, 2^64-1]");
      *fields[i] = it->get<uint64_t>();
    }
    f.cores.push_back(c);
  }
  return f;
}

bool looks_like_counters_file(const std::string& head) {
  if (head.compare(0, sizeof kModelBinaryMagic, kModelBinaryMagic, sizeof kModelBinaryMagic) == 0)
    return false;
  if (head.find("meridian-counters") != std::string::npos) return true;
  if (head.find("\"meridian-model\"") != std::string::npos) return false;
  // Format missing or mistyped: keys that only counters files have decide, so the error is
  // about the counters file's /format rather than a model loader's complaint.
  for (const char* key : {"\"ticks\"", "\"tick_us\"", "\"active_axons\"", "\"neuron_updates\""})
    if (head.find(key) != std::string::npos) return true;
  return false;
}

CountersFile load_counters_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ModelError(path + ": cannot open counters file");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_counters_file(ss.str(), path);
}

void save_counters_file(const CountersFile& f, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw ModelError(path + ": cannot write counters file");
  out << counters_file_to_json(f);
  if (!out) throw ModelError(path + ": write failed");
}

}  // namespace meridian
