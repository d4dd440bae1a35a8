// Fits the entries of an energy table marked "fitted" to published chip power figures.
// The model is linear in every table value (leakage is interpolated linearly between voltage
// points), so the fit is a weighted linear least-squares problem: minimise
// sum over fit points of ((P_model - P_published) / P_published)^2. With as many independent
// points as unknowns it is an exact solve. Spec format: docs/ENERGY.md section 2.3.
#pragma once

#include <string>
#include <vector>

#include "energy/counters_file.h"
#include "energy/energy_table.h"

namespace meridian {

struct FitPoint {
  std::string name;
  std::string source;        // the publication the target comes from
  bool fit = true;           // false: a validation check only
  CountersFile counts;       // accumulated counters of the workload
  double vdd = 0;
  double target_mw = 0;      // published chip power
  double tolerance = 0.10;   // allowed relative error reported for this point
  double target_pj_per_synaptic_event = 0;  // optional second figure of the same point (0 = none)
};

struct FitSpec {
  std::string file;
  std::string table_path;    // resolved against the spec's directory
  int significant_digits = 4;  // fitted values are rounded to this many digits
  std::vector<FitPoint> points;
};

struct FitOutcome {
  EnergyTable table;                    // with fitted values filled in (rounded)
  std::vector<std::string> unknowns;    // "components/<c>/<a>" or "leakage/<i>"
  std::vector<double> values;           // fitted values (rounded)
  std::vector<double> predicted_mw;     // per spec point, with the rounded table
  std::vector<double> predicted_pj_per_event;
};

// Errors are ModelError naming the spec file and JSON path. Points with a "random_network"
// workload use its analytic counts, or, when counters_dir is given, the counters file
// counters_dir/benchmark_file_name(...) of a simulated run of that workload.
FitSpec load_fit_spec(const std::string& path, const std::string& counters_dir = "");
// "benchmark_WxH_<rate>hz_<synapses>syn.json" (rate printed with %g).
std::string benchmark_file_name(int width, int height, double rate_hz, int synapses);
// Throws ModelError if there are fewer fit points than unknowns, the system is singular, or a
// fitted value comes out negative (the published figures and the fixed entries disagree).
FitOutcome fit_energy_table(const EnergyTable& table, const FitSpec& spec);
// Human-readable table of the outcome: unknowns, then each point's prediction vs target.
std::string fit_outcome_text(const FitSpec& spec, const FitOutcome& outcome);

}  // namespace meridian
