// One interface for every simulation engine (golden, Verilator RTL, SystemC), so that the CLI,
// the lockstep checker and the regression harness can drive any of them the same way.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "golden/config.h"
#include "golden/counters.h"
#include "golden/spike.h"

namespace meridian {

// A packet that reached its target scheduler (or the chip edge) during a tick, with its timing.
// Only filled in timing mode.
struct DeliveredPacket {
  int src_core = 0, src_neuron = 0;  // emitter
  int dst_x = 0, dst_y = 0, axon = 0;
  int delivery_tick = 0;   // 4-bit tick field
  uint64_t emit_cycle = 0;     // UPDATE cycle of the emitting neuron (u_j)
  uint64_t arrive_cycle = 0;   // cycle in which it was written into the scheduler / left the chip
  bool offchip = false;
  bool late = false;
};

// Thrown when an engine cannot run a model at all (for example no verilated chip of that grid);
// regression runs report such cases as skipped rather than failed.
class UnsupportedModel : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct EngineOptions {
  bool timing = false;     // compute router timing (tick_cycles, packet latencies)
  int threads = 1;         // golden only; results never depend on it
};

class Engine {
 public:
  virtual ~Engine() = default;
  virtual std::string name() const = 0;

  // Load a model: configuration written, potentials set to initial values, tick counter 0.
  virtual void load(const ChipConfig& chip) = 0;
  // Queue a host input spike; it is written into its scheduler before tick `s.tick` starts.
  // s.tick must be >= tick() and < tick() + 16.
  virtual void inject(const InputSpike& s) = 0;
  // Run one tick.
  virtual void step() = 0;
  // Ticks completed so far; the next step() runs tick number tick().
  virtual uint64_t tick() const = 0;

  // Results of the last step(), in canonical order (ARCHITECTURE.md section 9).
  virtual const std::vector<Spike>& spikes() const = 0;
  virtual const std::vector<OffchipPacket>& offchip() const = 0;
  virtual const std::vector<CoreCounters>& counters() const = 0;  // [cores]
  virtual const std::vector<DeliveredPacket>& packets() const = 0;  // timing mode only
  virtual uint64_t tick_cycles() const = 0;                          // timing mode only

  // Current membrane potentials of one core's neurons (after the last step).
  virtual void potentials(int core, std::vector<int32_t>& out) const = 0;
};

}  // namespace meridian
