// A chip: a width x height mesh of cores, schedulers and routers, stepped one tick at a time
// (docs/ARCHITECTURE.md section 5). Cores run in parallel on a thread pool; packets are then
// delivered in canonical order, so results do not depend on the thread count.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "golden/config.h"
#include "golden/core.h"
#include "golden/counters.h"
#include "golden/router.h"
#include "golden/scheduler.h"
#include "golden/spike.h"
#include "golden/thread_pool.h"

namespace meridian {

struct ChipOptions {
  bool timing = false;  // cycle-accurate mesh: tick_cycles, packet latencies, late packets
  int threads = 1;
};

// A packet's journey in timing mode.
struct PacketRecord {
  int src_core = 0, src_neuron = 0;
  int dst_x = 0, dst_y = 0, axon = 0, delivery_tick = 0;
  uint64_t emit_cycle = 0, arrive_cycle = 0;
  bool offchip = false, late = false;
};

class Chip {
 public:
  Chip(const ChipConfig& config, ChipOptions options = {});

  // Writes a host input spike into its scheduler row; requires tick() <= s.tick < tick() + 16.
  void inject(const InputSpike& s);
  void step();

  uint64_t tick() const { return tick_; }
  const Geometry& geometry() const { return geometry_; }
  bool timing() const { return timing_; }

  const std::vector<Spike>& spikes() const { return spikes_; }
  const std::vector<OffchipPacket>& offchip() const { return offchip_; }
  const std::vector<CoreCounters>& counters() const { return counters_; }
  const std::vector<PacketRecord>& packets() const { return packets_; }
  uint64_t tick_cycles() const { return tick_cycles_; }

  const Core& core(int index) const { return cores_[index]; }
  Core& core(int index) { return cores_[index]; }
  const Scheduler& scheduler(int index) const { return schedulers_[index]; }

 private:
  void deliver_functional();
  void deliver_timed();

  Geometry geometry_;
  uint32_t tick_period_;
  bool timing_;
  uint64_t tick_ = 0;
  std::vector<Core> cores_;
  std::vector<Scheduler> schedulers_;
  std::vector<std::vector<uint32_t>> host_in_;  // [core][slot] input spikes waiting
  std::unique_ptr<ThreadPool> pool_;
  std::vector<CoreTickResult> results_;
  std::vector<std::vector<uint64_t>> active_;   // per thread scratch row
  HopAccounting hops_;                          // timing mode
  // Functional delivery, per thread: scheduler writes to make and hop counts.
  struct Delivery {
    int32_t core;
    uint16_t axon;
    uint8_t slot;
  };
  std::vector<std::vector<Delivery>> deliveries_;
  std::vector<HopAccounting> thread_hops_;
  std::vector<std::vector<OffchipPacket>> core_offchip_;  // [core]

  std::vector<Spike> spikes_;
  std::vector<OffchipPacket> offchip_;
  std::vector<CoreCounters> counters_;
  std::vector<PacketRecord> packets_;
  uint64_t tick_cycles_ = 0;
};

}  // namespace meridian
