// The `systemc` engine: the SystemC virtual platform (docs/SYSTEMC.md) behind the Engine
// interface. The RTL chip, verilated in SystemC mode, sits behind a TLM-2.0 host interface; the
// engine posts host operations to the platform's host bridge and runs the SystemC kernel until
// they are done.
//
// SystemC elaborates one design per process: a process can create ONE SystemCEngine, ever (a
// second construction throws std::logic_error, even after the first was destroyed). A program
// that links this library links libsystemc, whose main() calls sc_main(): such a program defines
// sc_main instead of main (docs/SYSTEMC.md "Using the engine from a program").
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sim/engine.h"

namespace meridian {

class SystemCEngine : public Engine {
 public:
  // Throws std::invalid_argument naming the supported grids if no SystemC-verilated chip has
  // g's width and height or g's axons / neurons exceed 256; std::logic_error on a second
  // engine in this process.
  explicit SystemCEngine(const Geometry& g, EngineOptions opt = {});
  ~SystemCEngine() override;

  static std::vector<std::pair<int, int>> supported_grids();  // (width, height)

  std::string name() const override { return "systemc"; }
  void load(const ChipConfig& chip) override;
  void inject(const InputSpike& s) override;
  void step() override;
  uint64_t tick() const override;

  const std::vector<Spike>& spikes() const override;
  const std::vector<OffchipPacket>& offchip() const override;
  const std::vector<CoreCounters>& counters() const override;
  // Cycle-accurate whatever the options: packets() and tick_cycles() are always filled in.
  const std::vector<DeliveredPacket>& packets() const override;
  uint64_t tick_cycles() const override;
  void potentials(int core, std::vector<int32_t>& out) const override;

  // FST waveform of ticks from_tick..to_tick (inclusive), written to fst_path. Call before the
  // first of those ticks runs; one window per engine.
  void trace_to(const std::string& fst_path, uint64_t from_tick, uint64_t to_tick);

  // Platform mode: the spike source plays input_path (a spike file) for `ticks` ticks from the
  // current tick and the spike sink writes the output spikes to output_path. Pending inject()ed
  // spikes are dropped. Errors name the file (ModelError).
  void run_spike_files(const std::string& input_path, const std::string& output_path,
                       uint64_t ticks);

  uint64_t total_cycles() const;  // clock cycles simulated since construction

  // Test hook: overwrite one neuron's potential in the chip's potential memory, to prove that
  // checkers catch a corrupted platform.
  void corrupt_potential_for_test(int core, int neuron, int32_t value);

  struct Platform;

 private:
  void run_until_idle();

  std::unique_ptr<Platform> p_;
};

}  // namespace meridian
