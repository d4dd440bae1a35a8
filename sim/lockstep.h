// Lockstep co-simulation: steps a reference engine and a DUT engine tick by tick through the
// common Engine interface and stops at the first divergence, reported with full context, e.g.
//   divergence at tick 17, core (1,0), neuron 42, field potential: golden -12, rtl -11
// Engine-agnostic: golden vs RTL, golden vs SystemC, or any two engines.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine.h"

namespace meridian {

struct Divergence {
  uint64_t tick = 0;
  int x = -1, y = -1;    // core, or -1 for chip-level fields
  int neuron = -1;       // -1 where no neuron applies
  std::string field;     // "potential", "spike", a counter name, "offchip[i]", "tick_cycles", ...
  std::string ref_name, dut_name;
  std::string ref_value, dut_value;

  std::string message() const;
};

struct LockstepOptions {
  // Compare tick_cycles and every delivered packet (emit / arrive cycle, late flag). Set it only
  // when both engines run in timing mode.
  bool compare_timing = false;
};

class Lockstep {
 public:
  Lockstep(Engine& ref, Engine& dut, LockstepOptions opt = {});

  void load(const ChipConfig& chip);
  // For engines loaded separately (e.g. with deliberately different models): the grid and sizes
  // the comparison walks. load() sets it; the default is a 1x1 chip of 256 x 256.
  void set_geometry(const Geometry& g) { geometry_ = g; }
  // Queue a host spike in both engines (same window rule as Engine::inject).
  void inject(const InputSpike& s);
  // Step both engines one tick and compare everything observable.
  std::optional<Divergence> step();
  // Step `ticks` ticks, feeding `inputs` (any order, none before tick()) to both engines just in
  // time. Stops at the first divergence.
  std::optional<Divergence> run(uint64_t ticks, const std::vector<InputSpike>& inputs);

  uint64_t tick() const { return ref_.tick(); }

 private:
  std::optional<Divergence> compare(uint64_t tick) const;

  Engine& ref_;
  Engine& dut_;
  LockstepOptions opt_;
  Geometry geometry_;
};

}  // namespace meridian
