// The energy model: accumulated per-core action counts x an energy table -> an EnergyReport.
//   E = sum over cores, actions of count x energy_pj x s(V)  +  P_leak(V) x cores x duration
// with s(V) = (V / V_nominal)^2 for entries that scale with the core supply, 1 otherwise.
// Counts come from any engine (golden, RTL, SystemC): they are equal by construction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "energy/energy_table.h"
#include "golden/config.h"
#include "golden/counters.h"

namespace meridian {

struct EnergyOptions {
  double vdd = 0;               // core supply in V; 0 = the table's nominal voltage
  uint64_t ticks_per_frame = 0; // > 0: also report energy per frame (e.g. one input image)
};

// One line of the breakdown: an action of the table, or the leakage line.
struct EnergyLine {
  std::string component;
  std::string action;
  double count = 0;             // actions over all cores and ticks (leakage: core-seconds)
  double energy_pj_each = 0;    // per action at the evaluated voltage
  double energy_pj = 0;         // count x energy_pj_each
};

struct EnergyReport {
  std::string table;            // table name
  Geometry geometry;
  uint64_t ticks = 0;
  double tick_us = 0;
  double vdd = 0;
  double duration_s = 0;        // ticks x tick_us
  uint64_t synaptic_events = 0;
  std::vector<EnergyLine> lines;        // table order, then component "leakage" action "static"
  std::vector<double> core_energy_pj;   // [cores]: dynamic + this core's leakage
  double dynamic_pj = 0;
  double leakage_pj = 0;
  double total_pj = 0;
  double power_mw = 0;                  // total / duration
  double energy_per_tick_pj = 0;
  uint64_t ticks_per_frame = 0;
  double energy_per_frame_pj = 0;       // 0 when ticks_per_frame = 0
  // Efficiency figures; 0 when there were no synaptic events (JSON writes null then).
  double pj_per_synaptic_event = 0;     // total energy / synaptic events (static included)
  double gsops_per_w = 0;               // synaptic events per second / W / 1e9

  // Average power of one core (mW), for heat maps.
  double core_power_mw(int core) const { return core_energy_pj[core] / duration_s * 1e-9; }
};

// Throws ModelError if per_core.size() != geometry.cores(), ticks == 0, tick_us <= 0 or the
// voltage lies outside the table's range.
EnergyReport compute_energy(const EnergyTable& table,
                            const std::vector<CoreCounters>& accumulated_per_core,
                            uint64_t ticks, double tick_us, const Geometry& geometry,
                            const EnergyOptions& options = {});

// The number of actions an entry is charged for on one core: its counters summed
// ("core_ticks" counts `ticks`).
uint64_t action_count(const EnergyAction& action, const CoreCounters& c, uint64_t ticks);

}  // namespace meridian
