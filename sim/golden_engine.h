// The golden C++ model behind the common engine interface.
#pragma once

#include <memory>

#include "golden/chip.h"
#include "sim/engine.h"

namespace meridian {

class GoldenEngine : public Engine {
 public:
  explicit GoldenEngine(EngineOptions options = {}) : options_(options) {}

  std::string name() const override { return "golden"; }
  void load(const ChipConfig& chip) override;
  void inject(const InputSpike& s) override { chip_->inject(s); }
  void step() override;
  uint64_t tick() const override { return chip_->tick(); }

  const std::vector<Spike>& spikes() const override { return chip_->spikes(); }
  const std::vector<OffchipPacket>& offchip() const override { return chip_->offchip(); }
  const std::vector<CoreCounters>& counters() const override { return chip_->counters(); }
  const std::vector<DeliveredPacket>& packets() const override { return packets_; }
  uint64_t tick_cycles() const override { return chip_->tick_cycles(); }
  void potentials(int core, std::vector<int32_t>& out) const override;

  Chip& chip() { return *chip_; }  // direct access for tests and fault injection

 private:
  EngineOptions options_;
  std::unique_ptr<Chip> chip_;
  std::vector<DeliveredPacket> packets_;
};

}  // namespace meridian
