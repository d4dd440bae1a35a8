// The TrueNorth table is fitted on the analytic counts of the characterisation network
// (energy/analytic_counts.h). This checks that those counts describe what the generator
// (mapper/benchmark_model.h) and the golden engine actually produce, so a change to either that
// would invalidate the calibration is caught.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "energy/analytic_counts.h"
#include "energy/energy_model.h"
#include "energy/energy_table.h"
#include "mapper/benchmark_model.h"
#include "sim/golden_engine.h"

namespace meridian {
namespace {

CoreCounters sum(const std::vector<CoreCounters>& v) {
  CoreCounters s;
  for (const auto& c : v) s += c;
  return s;
}

struct SimulatedRun {
  std::vector<CoreCounters> per_core;
  Geometry geometry;
};

SimulatedRun simulate(int side, double rate, int synapses, uint64_t ticks) {
  const ChipConfig chip = generate_benchmark_model(side, side, rate, synapses, 7);
  GoldenEngine engine;
  engine.load(chip);
  SimulatedRun r;
  r.geometry = chip.geometry;
  r.per_core.resize(chip.geometry.cores());
  for (uint64_t t = 0; t < ticks; ++t) {
    engine.step();
    for (size_t k = 0; k < r.per_core.size(); ++k) r.per_core[k] += engine.counters()[k];
  }
  return r;
}

// Relative difference.
double rel(double got, double want) { return std::fabs(got / want - 1); }

TEST(EnergyBenchmark, AnalyticCountsMatchTheGoldenRun) {
  constexpr int kSide = 16;
  constexpr uint64_t kTicks = 200;
  const SimulatedRun run = simulate(kSide, 20, 128, kTicks);
  const CoreCounters g = sum(run.per_core);
  RandomNetworkWorkload w;
  w.width = w.height = kSide;
  w.ticks = kTicks;
  const CoreCounters a = sum(analytic_random_network_counts(w).cores);

  EXPECT_EQ(g.neuron_updates, a.neuron_updates);
  EXPECT_LT(rel(g.spikes, a.spikes), 0.05) << g.spikes << " vs " << a.spikes;
  // Each active axon drives `synapses` neurons on average.
  EXPECT_LT(rel(g.synaptic_events, 128.0 * g.active_axons), 0.01);
  EXPECT_LT(rel(g.synaptic_events, a.synaptic_events), 0.05);
  const double hops_g = g.hops_east + g.hops_west + g.hops_north + g.hops_south;
  const double hops_a = a.hops_east + a.hops_west + a.hops_north + a.hops_south;
  EXPECT_LT(rel(hops_g / g.spikes, hops_a / a.spikes), 0.15);  // a random permutation of 256
  EXPECT_EQ(g.offchip_out, 0u);
  EXPECT_EQ(g.host_in, 0u);

  // And the energy of both agrees within a few percent.
  const EnergyTable t = load_energy_table(std::string(MERIDIAN_SOURCE_DIR) +
                                          "/energy/tables/truenorth-28nm.json");
  const EnergyReport rg = compute_energy(t, run.per_core, kTicks, 1000, run.geometry);
  const CountersFile af = analytic_random_network_counts(w);
  const EnergyReport ra = compute_energy(t, af.cores, kTicks, 1000, af.geometry);
  EXPECT_LT(rel(rg.power_mw, ra.power_mw), 0.02) << rg.power_mw << " vs " << ra.power_mw;
  EXPECT_LT(rel(rg.pj_per_synaptic_event, ra.pj_per_synaptic_event), 0.05);
}

TEST(EnergyBenchmark, IdleNetworkCostsLeakageAndNeuronReadsOnly) {
  const SimulatedRun run = simulate(4, 0, 0, 20);
  const CoreCounters g = sum(run.per_core);
  EXPECT_EQ(g.spikes, 0u);
  EXPECT_EQ(g.synaptic_events, 0u);
  const EnergyTable t = load_energy_table(std::string(MERIDIAN_SOURCE_DIR) +
                                          "/energy/tables/truenorth-28nm.json");
  EnergyOptions o;
  o.vdd = 0.70;
  const EnergyReport r = compute_energy(t, run.per_core, 20, 1000, run.geometry, o);
  // 16 cores x 20 ticks: leakage + 256 neuron reads and one row read per core and tick, and
  // nothing else (every other action's count is 0).
  const double s = (0.70 / t.nominal_vdd) * (0.70 / t.nominal_vdd);
  const double read = t.find("core_sram", "neuron_read")->energy_pj;
  const double row = t.find("scheduler", "row_read")->energy_pj;
  ASSERT_EQ(t.leakage[0].vdd, 0.70);
  const double want = 16 * 20 * (256 * read + row) * s + 16 * t.leakage[0].mw_per_core * 0.02 * 1e9;
  EXPECT_NEAR(r.total_pj, want, 1e-6 * want);
}

}  // namespace
}  // namespace meridian
