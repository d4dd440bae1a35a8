// meridian-energy-tool: the energy model's own command line, for the fit, the validation sweep
// and reports from counters files (the `meridian energy` CLI in apps/ offers the same model).
//   fit SPEC [--counters-dir D] [--write]   fit the table's "fitted" entries (docs/ENERGY.md 2.3)
//                                      D: counters of simulated runs instead of analytic counts
//   benchmark-name --width W --height H --rate R --synapses S   file name expected in D
//   report --table T --counters C [--vdd V] [--tick-us U] [--frame-ticks N]
//          [--json F] [--csv-prefix P] print a report; optionally write JSON / CSV files
//   analytic --out F [--width 64 --height 64 --rate 20 --synapses 128 --ticks 1000
//            --tick-us 1000]           write the expected counters of the random network
//   sweep --table T [--vdd V] [--rates a,b,..] [--synapses a,b,..] [--width W --height H]
//                                      CSV of power over firing rate x active synapses
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "energy/analytic_counts.h"
#include "energy/counters_file.h"
#include "energy/energy_fit.h"
#include "energy/energy_model.h"
#include "energy/energy_report.h"
#include "energy/energy_table.h"
#include "golden/model_error.h"

namespace {

using namespace meridian;

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> opt;
  std::string get(const std::string& k, const std::string& def = "") const {
    auto it = opt.find(k);
    return it == opt.end() ? def : it->second;
  }
  double num(const std::string& k, double def) const {
    auto it = opt.find(k);
    if (it == opt.end()) return def;
    char* end = nullptr;
    const double v = std::strtod(it->second.c_str(), &end);
    if (end == it->second.c_str() || *end) throw ModelError("--" + k + ": not a number: " +
                                                            it->second);
    return v;
  }
};

Args parse(int argc, char** argv, int first) {
  Args a;
  for (int i = first; i < argc; ++i) {
    std::string s = argv[i];
    if (s.rfind("--", 0) == 0) {
      const std::string key = s.substr(2);
      if (key == "write") {
        a.opt[key] = "1";
      } else {
        if (i + 1 >= argc) throw ModelError(s + " needs a value");
        a.opt[key] = argv[++i];
      }
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

std::vector<double> list(const std::string& s) {
  std::vector<double> v;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) v.push_back(std::stod(item));
  return v;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw ModelError(path + ": cannot write");
  out << text;
}

int cmd_fit(const Args& a) {
  if (a.positional.size() != 1) throw ModelError("usage: fit SPEC [--write]");
  const FitSpec spec = load_fit_spec(a.positional[0], a.get("counters-dir"));
  const EnergyTable table = load_energy_table(spec.table_path);
  const FitOutcome out = fit_energy_table(table, spec);
  std::cout << "table " << spec.table_path << "\n" << fit_outcome_text(spec, out);
  if (a.opt.count("write")) {
    write_file(spec.table_path, energy_table_to_json(out.table));
    std::cout << "wrote " << spec.table_path << "\n";
  }
  return 0;
}

int cmd_report(const Args& a) {
  const EnergyTable table = load_energy_table(a.get("table"));
  const CountersFile c = load_counters_file(a.get("counters"));
  EnergyOptions o;
  o.vdd = a.num("vdd", 0);
  o.ticks_per_frame = static_cast<uint64_t>(a.num("frame-ticks", 0));
  const double tick_us = a.num("tick-us", c.tick_us > 0 ? c.tick_us : 1000);
  const EnergyReport r = compute_energy(table, c.cores, c.ticks, tick_us, c.geometry, o);
  std::cout << energy_report_text(r);
  if (!a.get("json").empty()) write_file(a.get("json"), energy_report_json(r));
  const std::string prefix = a.get("csv-prefix");
  if (!prefix.empty()) {
    write_file(prefix + "_breakdown.csv", energy_breakdown_csv(r));
    write_file(prefix + "_summary.csv", energy_summary_csv(r));
    write_file(prefix + "_cores.csv", energy_per_core_csv(r));
  }
  return 0;
}

RandomNetworkWorkload workload(const Args& a) {
  RandomNetworkWorkload w;
  w.width = static_cast<int>(a.num("width", 64));
  w.height = static_cast<int>(a.num("height", 64));
  w.rate_hz = a.num("rate", 20);
  w.synapses = static_cast<int>(a.num("synapses", 128));
  w.ticks = static_cast<uint64_t>(a.num("ticks", 1000));
  w.tick_us = a.num("tick-us", 1000);
  return w;
}

int cmd_analytic(const Args& a) {
  if (a.get("out").empty()) throw ModelError("analytic: --out FILE is required");
  save_counters_file(analytic_random_network_counts(workload(a)), a.get("out"));
  return 0;
}

int cmd_sweep(const Args& a) {
  const EnergyTable table = load_energy_table(a.get("table"));
  const double vdd = a.num("vdd", table.nominal_vdd);
  std::cout << "rate_hz,synapses,vdd,power_mw,dynamic_mw,leakage_mw,pj_per_synaptic_event,"
               "gsops_per_w\n";
  for (double rate : list(a.get("rates", "0,10,20,50,100,150,200"))) {
    for (double syn : list(a.get("synapses", "0,64,128,192,256"))) {
      Args b = a;
      b.opt["rate"] = std::to_string(rate);
      b.opt["synapses"] = std::to_string(syn);
      b.opt["ticks"] = "100";
      const CountersFile c = analytic_random_network_counts(workload(b));
      EnergyOptions o;
      o.vdd = vdd;
      const EnergyReport r = compute_energy(table, c.cores, c.ticks, c.tick_us, c.geometry, o);
      std::printf("%g,%g,%g,%.6g,%.6g,%.6g,", rate, syn, vdd, r.power_mw,
                  r.dynamic_pj / r.duration_s * 1e-9, r.leakage_pj / r.duration_s * 1e-9);
      if (r.synaptic_events > 0) std::printf("%.6g,%.6g\n", r.pj_per_synaptic_event, r.gsops_per_w);
      else std::printf(",\n");  // undefined without synaptic events
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: meridian-energy-tool fit|report|analytic|sweep ...\n";
    return 2;
  }
  try {
    const std::string cmd = argv[1];
    const Args a = parse(argc, argv, 2);
    if (cmd == "fit") return cmd_fit(a);
    if (cmd == "report") return cmd_report(a);
    if (cmd == "analytic") return cmd_analytic(a);
    if (cmd == "sweep") return cmd_sweep(a);
    if (cmd == "benchmark-name") {
      const RandomNetworkWorkload w = workload(a);
      std::cout << benchmark_file_name(w.width, w.height, w.rate_hz, w.synapses) << "\n";
      return 0;
    }
    std::cerr << "unknown command " << cmd << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
