#include "energy/energy_table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "golden/counters.h"
#include "golden/model_error.h"

namespace meridian {
namespace {

using Json = nlohmann::ordered_json;  // keeps the file's order of components and actions

constexpr const char* kFormat = "meridian-energy-table-v1";
const std::set<std::string> kProvenances = {"published", "derived", "fitted", "assumed"};

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Builds "file: /json/path: message" errors.
struct Ctx {
  const std::string& file;
  [[noreturn]] void fail(const std::string& path, const std::string& msg) const {
    throw ModelError(file + ": " + (path.empty() ? "/" : path) + ": " + msg);
  }
  const Json& member(const Json& obj, const std::string& path, const char* key) const {
    auto it = obj.find(key);
    if (it == obj.end()) fail(path, std::string("missing field \"") + key + "\"");
    return *it;
  }
  double number(const Json& obj, const std::string& path, const char* key, double lo,
                double hi) const {
    const Json& v = member(obj, path, key);
    const std::string p = path + "/" + key;
    if (!v.is_number()) fail(p, "must be a number in [" + num(lo) + ", " + num(hi) + "]");
    const double d = v.get<double>();
    if (!std::isfinite(d) || d < lo || d > hi)
      fail(p, "value " + num(d) + " out of range [" + num(lo) + ", " + num(hi) + "]");
    return d;
  }
  std::string string(const Json& obj, const std::string& path, const char* key) const {
    const Json& v = member(obj, path, key);
    if (!v.is_string() || v.get<std::string>().empty())
      fail(path + "/" + key, "must be a non-empty string");
    return v.get<std::string>();
  }
  std::string provenance(const Json& obj, const std::string& path) const {
    std::string p = string(obj, path, "provenance");
    if (!kProvenances.count(p))
      fail(path + "/provenance",
           "\"" + p + "\" is not one of \"published\", \"derived\", \"fitted\", \"assumed\"");
    return p;
  }
  void only_keys(const Json& obj, const std::string& path,
                 const std::set<std::string>& allowed) const {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      if (!allowed.count(it.key())) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        fail(path + "/" + it.key(), "unknown field (allowed: " + list + ")");
      }
    }
  }
};

std::string all_count_names() {
  std::string s = kCoreTicksCount;
  for (int i = 0; i < kCounterFields; ++i) s += std::string(", ") + counter_name(i);
  return s;
}

}  // namespace

bool is_count_name(const std::string& name) {
  if (name == kCoreTicksCount) return true;
  for (int i = 0; i < kCounterFields; ++i)
    if (name == counter_name(i)) return true;
  return false;
}

double EnergyTable::leakage_mw_per_core(double vdd) const {
  if (leakage.empty())
    throw ModelError((file.empty() ? name : file) + ": /leakage: no leakage points");
  if (!(vdd >= min_vdd() && vdd <= max_vdd()))
    throw ModelError((file.empty() ? name : file) + ": supply voltage " + num(vdd) +
                     " V out of the table's leakage range [" + num(min_vdd()) + ", " +
                     num(max_vdd()) + "] V");
  for (size_t i = 0; i + 1 < leakage.size(); ++i) {
    const LeakagePoint& a = leakage[i];
    const LeakagePoint& b = leakage[i + 1];
    if (vdd <= b.vdd) {
      const double f = (vdd - a.vdd) / (b.vdd - a.vdd);
      return a.mw_per_core + f * (b.mw_per_core - a.mw_per_core);
    }
  }
  return leakage.back().mw_per_core;  // single point, vdd equal to it
}

const EnergyAction* EnergyTable::find(const std::string& component,
                                      const std::string& action) const {
  for (const auto& a : actions)
    if (a.component == component && a.action == action) return &a;
  return nullptr;
}

EnergyAction* EnergyTable::find(const std::string& component, const std::string& action) {
  for (auto& a : actions)
    if (a.component == component && a.action == action) return &a;
  return nullptr;
}

EnergyTable parse_energy_table(const std::string& json_text, const std::string& file) {
  Ctx c{file};
  Json root;
  try {
    root = Json::parse(json_text);
  } catch (const Json::parse_error& e) {
    throw ModelError(file + ": not valid JSON: " + e.what());
  }
  if (!root.is_object()) c.fail("", "must be a JSON object");
  c.only_keys(root, "", {"format", "name", "description", "nominal_vdd", "components",
                         "leakage", "notes"});
  EnergyTable t;
  t.file = file;
  const std::string format = c.string(root, "", "format");
  if (format != kFormat) c.fail("/format", "\"" + format + "\" is not \"" + kFormat + "\"");
  t.name = c.string(root, "", "name");
  if (root.contains("description")) t.description = c.string(root, "", "description");
  t.nominal_vdd = c.number(root, "", "nominal_vdd", kMinVdd, kMaxVdd);
  if (root.contains("notes")) {
    const Json& n = root["notes"];
    if (!n.is_array()) c.fail("/notes", "must be an array of strings");
    for (size_t i = 0; i < n.size(); ++i) {
      if (!n[i].is_string()) c.fail("/notes/" + std::to_string(i), "must be a string");
      t.notes.push_back(n[i].get<std::string>());
    }
  }

  const Json& comps = c.member(root, "", "components");
  if (!comps.is_object() || comps.empty())
    c.fail("/components", "must be a non-empty object: component -> action -> entry");
  for (auto ci = comps.begin(); ci != comps.end(); ++ci) {
    const std::string cpath = "/components/" + ci.key();
    if (!ci.value().is_object() || ci.value().empty())
      c.fail(cpath, "must be a non-empty object: action -> entry");
    for (auto ai = ci.value().begin(); ai != ci.value().end(); ++ai) {
      const std::string apath = cpath + "/" + ai.key();
      const Json& e = ai.value();
      if (!e.is_object()) c.fail(apath, "must be an object with energy_pj, counts, provenance");
      c.only_keys(e, apath, {"energy_pj", "counts", "scales_with_vdd", "provenance", "source"});
      EnergyAction a;
      a.component = ci.key();
      a.action = ai.key();
      a.energy_pj = c.number(e, apath, "energy_pj", 0, kMaxEnergyPj);
      const Json& counts = c.member(e, apath, "counts");
      if (!counts.is_array() || counts.empty())
        c.fail(apath + "/counts", "must be a non-empty array of counter names (" +
                                      all_count_names() + ")");
      for (size_t k = 0; k < counts.size(); ++k) {
        const std::string kpath = apath + "/counts/" + std::to_string(k);
        if (!counts[k].is_string() || !is_count_name(counts[k].get<std::string>()))
          c.fail(kpath, counts[k].dump() + " is not a counter name (allowed: " +
                            all_count_names() + ")");
        // A counter listed twice would be charged twice.
        if (std::find(a.counts.begin(), a.counts.end(), counts[k].get<std::string>()) != a.counts.end())
          c.fail(kpath, counts[k].dump() + " is listed twice (each counter at most once per entry)");
        a.counts.push_back(counts[k].get<std::string>());
      }
      if (e.contains("scales_with_vdd")) {
        if (!e["scales_with_vdd"].is_boolean())
          c.fail(apath + "/scales_with_vdd", "must be true or false");
        a.scales_with_vdd = e["scales_with_vdd"].get<bool>();
      }
      a.provenance = c.provenance(e, apath);
      a.source = c.string(e, apath, "source");
      t.actions.push_back(std::move(a));
    }
  }

  const Json& leak = c.member(root, "", "leakage");
  if (!leak.is_array() || leak.empty())
    c.fail("/leakage", "must be a non-empty array of {vdd, mw_per_core, provenance, source}");
  for (size_t i = 0; i < leak.size(); ++i) {
    const std::string lpath = "/leakage/" + std::to_string(i);
    const Json& e = leak[i];
    if (!e.is_object()) c.fail(lpath, "must be an object {vdd, mw_per_core, provenance, source}");
    c.only_keys(e, lpath, {"vdd", "mw_per_core", "provenance", "source"});
    LeakagePoint p;
    const double lo = t.leakage.empty() ? kMinVdd : t.leakage.back().vdd;
    p.vdd = c.number(e, lpath, "vdd", kMinVdd, kMaxVdd);
    if (!t.leakage.empty() && p.vdd <= lo)
      c.fail(lpath + "/vdd", "value " + num(p.vdd) + " must be above the previous point's " +
                                 num(lo) + " V (points in strictly ascending vdd)");
    p.mw_per_core = c.number(e, lpath, "mw_per_core", 0, kMaxLeakageMwPerCore);
    p.provenance = c.provenance(e, lpath);
    p.source = c.string(e, lpath, "source");
    t.leakage.push_back(std::move(p));
  }
  if (t.nominal_vdd < t.min_vdd() || t.nominal_vdd > t.max_vdd())
    c.fail("/nominal_vdd", "value " + num(t.nominal_vdd) + " out of range [" + num(t.min_vdd()) +
                               ", " + num(t.max_vdd()) + "] (the leakage points' voltages)");
  return t;
}

EnergyTable load_energy_table(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ModelError(path + ": cannot open energy table");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_energy_table(ss.str(), path);
}

std::string energy_table_to_json(const EnergyTable& t) {
  Json root;
  root["format"] = kFormat;
  root["name"] = t.name;
  if (!t.description.empty()) root["description"] = t.description;
  root["nominal_vdd"] = t.nominal_vdd;
  if (!t.notes.empty()) root["notes"] = t.notes;
  Json comps = Json::object();
  for (const auto& a : t.actions) {
    Json e;
    e["energy_pj"] = a.energy_pj;
    e["counts"] = a.counts;
    e["scales_with_vdd"] = a.scales_with_vdd;
    e["provenance"] = a.provenance;
    e["source"] = a.source;
    comps[a.component][a.action] = e;
  }
  root["components"] = comps;
  Json leak = Json::array();
  for (const auto& p : t.leakage)
    leak.push_back({{"vdd", p.vdd}, {"mw_per_core", p.mw_per_core},
                    {"provenance", p.provenance}, {"source", p.source}});
  root["leakage"] = leak;
  return root.dump(2) + "\n";
}

}  // namespace meridian
