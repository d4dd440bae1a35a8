// The host-side protocol of the chip top rtl/meridian_chip.sv (docs/RTL.md), independent of how
// its ports are driven: the configuration writes that load a model, and the decoding of the
// monitor and edge ports into the Engine results. The SystemC platform drives these through
// sc_signals, the Verilator engine through its model's fields: one definition of the register map
// and the packed parameter word for both.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "golden/config.h"
#include "golden/spike.h"
#include "sim/engine.h"

namespace meridian {
namespace chip_protocol {

constexpr int kPacketBits = 30;  // {dx[29:21], dy[20:12], axon[11:4], delivery_tick[3:0]}
constexpr int kFlitBits = 54;    // {core[53:38], neuron[37:30], packet[29:0]}
constexpr int kEdgePorts = 4;    // per core: N, E, S, W
constexpr int kPotentialBits = 20;
constexpr uint64_t kMaxTickCycles = 50'000'000;  // hang guard, far above any legal tick

// Every configuration write (address, data) that loads `chip` into a chip fresh out of reset, in
// the order they are issued. The model must have passed validate_model().
void for_each_config_write(const ChipConfig& chip,
                           const std::function<void(uint32_t addr, uint32_t data)>& write);

// A host spike as written through the host port: core index, scheduler row (tick mod 16), axon.
struct HostWrite {
  int core = 0, row = 0, axon = 0;
};
HostWrite host_write_for(const InputSpike& s, const Geometry& g);

int32_t sign_extend(uint64_t v, int bits);

// Collects one tick's monitor observations and turns them into the Engine's results in canonical
// order (spikes by core and update order, off-chip packets by emitter, packets by emitter).
class TickCollector {
 public:
  void begin(uint64_t tick, const Geometry& g);
  void on_update_spike(int core, int neuron, uint64_t cycle);
  void on_delivery(int core, uint64_t flit, bool late, uint64_t cycle);
  void on_edge(int core, int port, uint64_t flit, uint64_t cycle);
  void finish();

  const std::vector<Spike>& spikes() const { return spikes_; }
  const std::vector<OffchipPacket>& offchip() const { return offchip_; }
  const std::vector<DeliveredPacket>& packets() const { return packets_; }

 private:
  DeliveredPacket packet_from(uint64_t flit, uint64_t cycle) const;

  uint64_t tick_ = 0;
  Geometry geo_;
  std::vector<std::vector<int>> fired_;  // [core] neurons in update order
  std::vector<uint64_t> emit_cycle_;     // [core * kMaxNeurons + neuron]
  std::vector<std::pair<uint32_t, OffchipPacket>> offchip_by_emitter_;
  std::vector<Spike> spikes_;
  std::vector<OffchipPacket> offchip_;
  std::vector<DeliveredPacket> packets_;
};

}  // namespace chip_protocol
}  // namespace meridian
