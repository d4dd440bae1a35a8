// The chip state the engine reads after a tick without ports: membrane potential memories and
// counter registers, exposed by the RTL as /*verilator public_flat_rd*/ (docs/RTL.md) and found
// by scope name in a verilated model's context.
#pragma once

#include <cstdint>
#include <vector>

#include "golden/config.h"
#include "golden/counters.h"

class VerilatedContext;

namespace meridian {

class ChipState {
 public:
  // Throws std::logic_error naming the missing variable if the RTL no longer exposes it.
  ChipState(VerilatedContext& ctx, const Geometry& g);

  void read_counters(std::vector<CoreCounters>& out) const;
  void read_potentials(int core, int neurons, std::vector<int32_t>& out) const;
  uint32_t* potential_memory(int core) const { return potentials_[core]; }

 private:
  int cores_ = 0;
  std::vector<uint32_t*> potentials_;          // [core] 20-bit words
  std::vector<const uint32_t*> counters_;      // [core * kCounterFields + field]
};

}  // namespace meridian
