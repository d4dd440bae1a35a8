#include "energy/energy_fit.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "energy/analytic_counts.h"
#include "energy/energy_model.h"
#include "golden/model_error.h"

namespace meridian {
namespace {

using Json = nlohmann::ordered_json;
constexpr const char* kFormat = "meridian-energy-fit-v1";

[[noreturn]] void fail(const std::string& file, const std::string& path, const std::string& msg) {
  throw ModelError(file + ": " + path + ": " + msg);
}

double number(const Json& o, const std::string& file, const std::string& path, const char* key,
              double lo, double hi, bool required = true, double def = 0) {
  auto it = o.find(key);
  if (it == o.end()) {
    if (required) fail(file, path, std::string("missing field \"") + key + "\"");
    return def;
  }
  if (!it->is_number() || it->get<double>() < lo || it->get<double>() > hi) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "must be a number in [%g, %g]", lo, hi);
    fail(file, path + "/" + key, buf);
  }
  return it->get<double>();
}

void only_keys(const Json& o, const std::string& file, const std::string& path,
               const std::vector<std::string>& allowed) {
  for (auto it = o.begin(); it != o.end(); ++it) {
    bool ok = false;
    for (const auto& k : allowed) ok = ok || it.key() == k;
    if (!ok) {
      std::string list;
      for (const auto& k : allowed) list += (list.empty() ? "" : ", ") + k;
      fail(file, path + "/" + it.key(), "unknown field (allowed: " + list + ")");
    }
  }
}

std::string dir_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

double round_significant(double v, int digits) {
  if (v == 0) return 0;
  const double scale = std::pow(10.0, digits - 1 - static_cast<int>(std::floor(std::log10(
                                                      std::fabs(v)))));
  return std::round(v * scale) / scale;
}

// The table values the fit solves for, as pointers into `t`.
std::vector<double*> unknown_slots(EnergyTable& t, std::vector<std::string>* names) {
  std::vector<double*> slots;
  for (auto& a : t.actions)
    if (a.provenance == "fitted") {
      slots.push_back(&a.energy_pj);
      if (names) names->push_back("components/" + a.component + "/" + a.action + " (pJ)");
    }
  for (size_t i = 0; i < t.leakage.size(); ++i)
    if (t.leakage[i].provenance == "fitted") {
      slots.push_back(&t.leakage[i].mw_per_core);
      if (names) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "leakage/%zu at %g V (mW/core)", i, t.leakage[i].vdd);
        names->push_back(buf);
      }
    }
  return slots;
}

double power_mw(const EnergyTable& t, const FitPoint& p) {
  EnergyOptions o;
  o.vdd = p.vdd;
  return compute_energy(t, p.counts.cores, p.counts.ticks, p.counts.tick_us, p.counts.geometry, o)
      .power_mw;
}

}  // namespace

std::string benchmark_file_name(int width, int height, double rate_hz, int synapses) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "benchmark_%dx%d_%ghz_%dsyn.json", width, height, rate_hz,
                synapses);
  return buf;
}

FitSpec load_fit_spec(const std::string& path, const std::string& counters_dir) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ModelError(path + ": cannot open fit spec");
  std::stringstream ss;
  ss << in.rdbuf();
  Json root;
  try {
    root = Json::parse(ss.str());
  } catch (const Json::parse_error& e) {
    throw ModelError(path + ": not valid JSON: " + e.what());
  }
  if (!root.is_object() || !root.contains("format") || root["format"] != kFormat)
    fail(path, "/format", std::string("must be \"") + kFormat + "\"");
  only_keys(root, path, "", {"format", "table", "notes", "significant_digits", "points"});
  FitSpec spec;
  spec.file = path;
  if (!root.contains("table") || !root["table"].is_string())
    fail(path, "/table", "missing table file name (relative to the spec)");
  spec.table_path = dir_of(path) + root["table"].get<std::string>();
  spec.significant_digits =
      static_cast<int>(number(root, path, "", "significant_digits", 2, 17, false, 4));
  if (!root.contains("points") || !root["points"].is_array() || root["points"].empty())
    fail(path, "/points", "missing non-empty array of points");
  for (size_t i = 0; i < root["points"].size(); ++i) {
    const Json& e = root["points"][i];
    const std::string p = "/points/" + std::to_string(i);
    if (!e.is_object()) fail(path, p, "must be an object");
    only_keys(e, path, p, {"name", "role", "vdd", "target_mw", "tolerance",
                           "target_pj_per_synaptic_event", "source", "counters", "tick_us",
                           "random_network"});
    FitPoint pt;
    pt.name = e.value("name", p);
    pt.source = e.value("source", "");
    const std::string role = e.value("role", "fit");
    if (role != "fit" && role != "check") fail(path, p + "/role", "must be \"fit\" or \"check\"");
    pt.fit = role == "fit";
    pt.vdd = number(e, path, p, "vdd", kMinVdd, kMaxVdd);
    pt.target_mw = number(e, path, p, "target_mw", 1e-9, 1e6);
    pt.tolerance = number(e, path, p, "tolerance", 0, 1, false, 0.10);
    pt.target_pj_per_synaptic_event =
        number(e, path, p, "target_pj_per_synaptic_event", 0, 1e6, false, 0);
    if (e.contains("counters")) {
      if (!e["counters"].is_string()) fail(path, p + "/counters", "must be a file name");
      pt.counts = load_counters_file(dir_of(path) + e["counters"].get<std::string>());
      const double tick_us = number(e, path, p, "tick_us", 1e-3, 1e9, pt.counts.tick_us <= 0,
                                    pt.counts.tick_us);
      pt.counts.tick_us = tick_us;
    } else if (e.contains("random_network")) {
      const Json& w = e["random_network"];
      const std::string wp = p + "/random_network";
      if (!w.is_object()) fail(path, wp, "must be an object");
      only_keys(w, path, wp, {"width", "height", "rate_hz", "synapses", "ticks", "tick_us"});
      RandomNetworkWorkload rn;
      rn.width = static_cast<int>(number(w, path, wp, "width", 1, kMaxGridSide));
      rn.height = static_cast<int>(number(w, path, wp, "height", 1, kMaxGridSide));
      rn.rate_hz = number(w, path, wp, "rate_hz", 0, 1e6);
      rn.synapses = static_cast<int>(number(w, path, wp, "synapses", 0, kMaxNeurons));
      rn.ticks = static_cast<uint64_t>(number(w, path, wp, "ticks", 1, 1e9));
      rn.tick_us = number(w, path, wp, "tick_us", 1e-3, 1e9);
      if (counters_dir.empty()) {
        pt.counts = analytic_random_network_counts(rn);
      } else {
        pt.counts = load_counters_file(
            counters_dir + "/" + benchmark_file_name(rn.width, rn.height, rn.rate_hz, rn.synapses));
        if (pt.counts.tick_us <= 0) pt.counts.tick_us = rn.tick_us;
      }
    } else {
      fail(path, p, "needs \"counters\" (a counters file) or \"random_network\" (a workload)");
    }
    spec.points.push_back(std::move(pt));
  }
  return spec;
}

FitOutcome fit_energy_table(const EnergyTable& table, const FitSpec& spec) {
  FitOutcome out;
  out.table = table;
  std::vector<double*> slots = unknown_slots(out.table, &out.unknowns);
  const size_t n = slots.size();
  std::vector<const FitPoint*> fit_points;
  for (const auto& p : spec.points)
    if (p.fit) fit_points.push_back(&p);
  if (n > 0) {
    if (fit_points.size() < n)
      throw ModelError(spec.file + ": " + std::to_string(n) + " fitted table values but only " +
                       std::to_string(fit_points.size()) + " fit points: underdetermined");
    // Rows: (P(theta) - target) / target = sum_k a_k theta_k + (c - target) / target.
    const size_t m = fit_points.size();
    std::vector<std::vector<double>> a(m, std::vector<double>(n));
    std::vector<double> b(m);
    for (double* s : slots) *s = 0;
    for (size_t r = 0; r < m; ++r) {
      const double base = power_mw(out.table, *fit_points[r]);
      b[r] = (fit_points[r]->target_mw - base) / fit_points[r]->target_mw;
      for (size_t k = 0; k < n; ++k) {
        *slots[k] = 1;
        a[r][k] = (power_mw(out.table, *fit_points[r]) - base) / fit_points[r]->target_mw;
        *slots[k] = 0;
      }
    }
    // Normal equations, Gaussian elimination with partial pivoting.
    std::vector<std::vector<double>> nm(n, std::vector<double>(n + 1, 0));
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < n; ++j)
        for (size_t r = 0; r < m; ++r) nm[i][j] += a[r][i] * a[r][j];
      for (size_t r = 0; r < m; ++r) nm[i][n] += a[r][i] * b[r];
    }
    for (size_t col = 0; col < n; ++col) {
      size_t piv = col;
      for (size_t r = col + 1; r < n; ++r)
        if (std::fabs(nm[r][col]) > std::fabs(nm[piv][col])) piv = r;
      if (std::fabs(nm[piv][col]) < 1e-12 * (1 + std::fabs(nm[col][col])) ||
          nm[piv][col] == 0)
        throw ModelError(spec.file + ": the fit points do not determine " + out.unknowns[col] +
                         " (singular system): add a point that exercises it");
      std::swap(nm[piv], nm[col]);
      for (size_t r = 0; r < n; ++r) {
        if (r == col) continue;
        const double f = nm[r][col] / nm[col][col];
        for (size_t j = col; j <= n; ++j) nm[r][j] -= f * nm[col][j];
      }
    }
    for (size_t k = 0; k < n; ++k) {
      const double v = round_significant(nm[k][n] / nm[k][k], spec.significant_digits);
      if (v < 0)
        throw ModelError(spec.file + ": fitted value of " + out.unknowns[k] + " is negative (" +
                         std::to_string(v) + "): the published figures and the fixed entries "
                         "of the table disagree");
      *slots[k] = v;
      out.values.push_back(v);
    }
  }
  for (const auto& p : spec.points) {
    EnergyOptions o;
    o.vdd = p.vdd;
    const EnergyReport r = compute_energy(out.table, p.counts.cores, p.counts.ticks,
                                          p.counts.tick_us, p.counts.geometry, o);
    out.predicted_mw.push_back(r.power_mw);
    out.predicted_pj_per_event.push_back(r.pj_per_synaptic_event);
  }
  return out;
}

std::string fit_outcome_text(const FitSpec& spec, const FitOutcome& o) {
  std::ostringstream s;
  char buf[256];
  s << "fitted values (" << spec.significant_digits << " significant digits):\n";
  for (size_t k = 0; k < o.unknowns.size(); ++k) {
    std::snprintf(buf, sizeof buf, "  %-44s %g\n", o.unknowns[k].c_str(), o.values[k]);
    s << buf;
  }
  s << "points (role, vdd, published, model, error, tolerance, status):\n";
  for (size_t i = 0; i < spec.points.size(); ++i) {
    const FitPoint& p = spec.points[i];
    const double err = o.predicted_mw[i] / p.target_mw - 1;
    std::snprintf(buf, sizeof buf, "  %-5s %5.3f V %8.2f mW %8.2f mW %+6.1f%% +-%.0f%% %-4s %s\n",
                  p.fit ? "fit" : "check", p.vdd, p.target_mw, o.predicted_mw[i], 100 * err,
                  100 * p.tolerance, std::fabs(err) <= p.tolerance ? "ok" : "OFF",
                  p.name.c_str());
    s << buf;
    if (p.target_pj_per_synaptic_event > 0) {
      const double e2 = o.predicted_pj_per_event[i] / p.target_pj_per_synaptic_event - 1;
      std::snprintf(buf, sizeof buf,
                    "  %-5s %5.3f V %8.2f pJ %8.2f pJ %+6.1f%% +-%.0f%% %-4s   per synaptic "
                    "event\n",
                    "", p.vdd, p.target_pj_per_synaptic_event, o.predicted_pj_per_event[i],
                    100 * e2, 100 * p.tolerance, std::fabs(e2) <= p.tolerance ? "ok" : "OFF");
      s << buf;
    }
  }
  return s.str();
}

}  // namespace meridian
