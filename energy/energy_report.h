// Formats an EnergyReport as text (for people), JSON (for scripts/plot_energy.py) and CSV.
#pragma once

#include <string>

#include "energy/energy_model.h"

namespace meridian {

// Summary, efficiency figures and the breakdown table with shares.
std::string energy_report_text(const EnergyReport& r);
// Everything: summary, "breakdown" lines and "cores" [{core, x, y, energy_pj, power_mw}].
// Efficiency figures are null when there were no synaptic events.
std::string energy_report_json(const EnergyReport& r);
// Breakdown: component,action,count,energy_pj_each,energy_pj,share; last row component "total".
std::string energy_breakdown_csv(const EnergyReport& r);
// Summary: metric,value (one row per scalar of the report; empty value when undefined).
std::string energy_summary_csv(const EnergyReport& r);
// Per core: core,x,y,energy_pj,power_mw.
std::string energy_per_core_csv(const EnergyReport& r);

}  // namespace meridian
