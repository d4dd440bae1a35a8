// An energy reference table (ERT, as in Accelergy): component -> action -> energy per action, plus
// leakage power per core at a few supply voltages. Loaded from a JSON file (docs/ENERGY.md
// section 2) and validated on load, so the model itself never sees a bad value.
#pragma once

#include <string>
#include <vector>

namespace meridian {

// Which counts an action is charged for. The names are those of golden/counters.h plus
// "core_ticks" (one per core per tick).
constexpr const char* kCoreTicksCount = "core_ticks";

struct EnergyAction {
  std::string component;       // e.g. "router"
  std::string action;          // e.g. "hop_x"
  double energy_pj = 0;        // per action at the table's nominal voltage
  std::vector<std::string> counts;  // counter names summed to get the number of actions
  bool scales_with_vdd = true; // dynamic energy ~ V^2; false for entries at another supply (I/O)
  std::string provenance;      // "published", "derived", "fitted" or "assumed"
  std::string source;          // where the number comes from
};

struct LeakagePoint {
  double vdd = 0;              // V
  double mw_per_core = 0;      // static power of one core (core + router) at vdd
  std::string provenance;
  std::string source;
};

struct EnergyTable {
  std::string name;
  std::string description;
  std::vector<std::string> notes;  // free text kept through a round trip
  std::string file;            // where it was loaded from ("" if built in code)
  double nominal_vdd = 0;      // V at which energy_pj values hold
  std::vector<EnergyAction> actions;    // in file order
  std::vector<LeakagePoint> leakage;    // ascending vdd; linear interpolation between points

  // Supply voltages the table can be evaluated at: [first leakage point, last leakage point].
  double min_vdd() const { return leakage.front().vdd; }
  double max_vdd() const { return leakage.back().vdd; }
  // Static power of one core at vdd (mW); throws ModelError outside [min_vdd, max_vdd].
  double leakage_mw_per_core(double vdd) const;
  // Factor applied to scaling entries at vdd: (vdd / nominal_vdd)^2.
  double dynamic_scale(double vdd) const { return (vdd / nominal_vdd) * (vdd / nominal_vdd); }
  // The action with this component and name, or nullptr.
  const EnergyAction* find(const std::string& component, const std::string& action) const;
  EnergyAction* find(const std::string& component, const std::string& action);
};

// Limits a table entry must respect (checked on load; docs/ENERGY.md).
constexpr double kMaxEnergyPj = 1e6;     // 1 uJ per action
constexpr double kMinVdd = 0.3, kMaxVdd = 2.0;
constexpr double kMaxLeakageMwPerCore = 1e3;

// Parse and validate a table. Errors are ModelError naming `file`, the JSON path and the allowed
// range or values, e.g.
//   t.json: /components/router/hop_x/energy_pj: value -1 out of range [0, 1e+06]
EnergyTable parse_energy_table(const std::string& json_text, const std::string& file);
EnergyTable load_energy_table(const std::string& path);
// Serialise (round-trips through parse_energy_table; the fit tool writes tables with it).
std::string energy_table_to_json(const EnergyTable& table);

// Valid counter names for EnergyAction::counts (the 14 counters and "core_ticks").
bool is_count_name(const std::string& name);

}  // namespace meridian
