// The verilated RTL chip (rtl/meridian_chip.sv) behind the Engine interface. Verilator fixes the
// grid at build time: the engine picks the verilated variant whose width x height matches the
// model (see supported_grids()); a model with fewer axons or neurons than the compiled 256 x 256
// runs unchanged (unused axons are never activated, unused neurons stay disabled).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sim/engine.h"

namespace meridian {

class VerilatorEngine : public Engine {
 public:
  // Throws std::invalid_argument naming the supported grids if no verilated chip has g's width
  // and height, or if g's axons / neurons exceed the compiled ones.
  explicit VerilatorEngine(const Geometry& g, EngineOptions opt = {});
  ~VerilatorEngine() override;

  static std::vector<std::pair<int, int>> supported_grids();   // (width, height)
  static constexpr int kCompiledAxons = 256;
  static constexpr int kCompiledNeurons = 256;

  std::string name() const override { return "rtl"; }
  void load(const ChipConfig& chip) override;
  void inject(const InputSpike& s) override;
  void step() override;
  uint64_t tick() const override;

  const std::vector<Spike>& spikes() const override;
  const std::vector<OffchipPacket>& offchip() const override;
  const std::vector<CoreCounters>& counters() const override;
  // The RTL is cycle-accurate whatever the options: packets() and tick_cycles() are always
  // filled in.
  const std::vector<DeliveredPacket>& packets() const override;
  uint64_t tick_cycles() const override;
  void potentials(int core, std::vector<int32_t>& out) const override;

  // Dump an FST waveform of ticks from_tick..to_tick (inclusive) to fst_path. Call before the
  // first of those ticks runs.
  // With `cores` (indices y * width + x) only those cores' hierarchies are dumped, plus the
  // chip's own ports and signals, which keeps waveforms of large grids small.
  void trace_to(const std::string& fst_path, uint64_t from_tick, uint64_t to_tick,
                const std::vector<int>& cores = {});

  // Clock cycles simulated since construction (configuration, host writes and ticks).
  uint64_t total_cycles() const;

  // Test hook: overwrite one neuron's potential in the RTL's potential memory, to prove that
  // checkers catch a corrupted DUT.
  void corrupt_potential_for_test(int core, int neuron, int32_t value);

  struct Impl;  // the verilated model and its bookkeeping

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace meridian
