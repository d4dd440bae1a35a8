// A chip: a width x height mesh of cores, schedulers and routers, stepped one tick at a time
// (docs/ARCHITECTURE.md section 5). Cores run in parallel on a thread pool; a packet is an OR
// into a scheduler row other than the one being read, so neither the thread count nor the order
// of deliveries can change a result, and spike lists come out in canonical (core, neuron) order.
//
// A Chip can also hold only a band of rows [band_begin, band_end) of a larger mesh: packets that
// leave the band through its north or south side become transits, which a multi-process driver
// hands to the band that owns the next row (sim/mpi). All indices stay global.
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
  int band_begin = 0;   // first row held (functional mode only)
  int band_end = -1;    // one past the last row held; -1 = the whole height
};

// A packet's journey in timing mode.
struct PacketRecord {
  int src_core = 0, src_neuron = 0;
  int dst_x = 0, dst_y = 0, axon = 0, delivery_tick = 0;
  uint64_t emit_cycle = 0, arrive_cycle = 0;
  bool offchip = false, late = false;
};

// A packet crossing from one band into the next during the tick it was emitted in.
struct Transit {
  int32_t x = 0, y = 0;    // entry router (first row of the receiving band)
  int32_t dy = 0;          // remaining y offset from there
  int32_t tx = 0, ty = 0;  // absolute target, for off-chip reports
  uint16_t axon = 0;
  uint8_t slot = 0;        // delivery tick field
};

class Chip {
 public:
  Chip(const ChipConfig& config, ChipOptions options = {});

  // Writes a host input spike into its scheduler row; requires tick() <= s.tick < tick() + 16
  // and the core to be in this chip's band.
  void inject(const InputSpike& s);
  // One tick: begin_tick() then end_tick(). A banded chip runs begin_tick(), exchanges
  // transits with its neighbours through accept_transits(), then end_tick().
  void step();
  void begin_tick();
  const std::vector<Transit>& transits() const { return transits_; }
  void accept_transits(const std::vector<Transit>& incoming);  // replaces transits()
  void end_tick();

  uint64_t tick() const { return tick_; }
  const Geometry& geometry() const { return geometry_; }
  bool timing() const { return timing_; }
  int band_begin() const { return y0_; }
  int band_end() const { return y1_; }
  bool in_band(int core) const { return core >= base_ && core < base_ + band_cores_; }

  // The spikes of the last tick in core order, then neuron order. Built on the first call after a
  // tick from the cores' own fired lists, so runs that never read them do not pay for them
  // (like step(), not to be called from two threads at once).
  const std::vector<Spike>& spikes() const;
  const std::vector<OffchipPacket>& offchip() const { return offchip_; }
  // Counters of the band's cores: entry i is core base + i (all cores for a whole chip).
  const std::vector<CoreCounters>& counters() const { return counters_; }
  const std::vector<PacketRecord>& packets() const { return packets_; }
  uint64_t tick_cycles() const { return tick_cycles_; }

  // Cores and schedulers by global index (must be in the band).
  const Core& core(int index) const { return cores_[index - base_]; }
  Core& core(int index) { return cores_[index - base_]; }
  const Scheduler& scheduler(int index) const { return schedulers_[index - base_]; }

 private:
  void deliver_functional();
  void deliver_timed();

  Geometry geometry_;
  uint32_t tick_period_;
  bool timing_;
  int y0_, y1_, base_, band_cores_;
  uint64_t tick_ = 0;
  std::vector<Core> cores_;             // band cores, local index
  std::vector<Scheduler> schedulers_;
  std::vector<uint32_t> host_in_;  // [core * 16 + slot] input spikes waiting
  std::unique_ptr<ThreadPool> pool_;
  std::vector<CoreTickResult> results_;
  HopAccounting hops_;                          // timing mode and transits
  // Functional delivery to a core of another thread: a scheduler write to make in phase 2.
  struct Delivery {
    int32_t core;  // local index
    uint16_t axon;
    uint8_t slot;
  };
  // What one thread writes during a tick, each thread's on its own cache lines: packed side by
  // side, the list headers and hop flags of two threads shared lines, and every push by one
  // thread invalidated the other's copy.
  struct alignas(64) ThreadState {
    ThreadState(const Geometry& g, int y0, int y1, int threads, int active_words)
        : active(active_words, 0), deliveries(threads), hops(g.width, g.height, y0, y1) {}
    std::vector<uint64_t> active;  // active-axon rows of the cores being fetched
    // [consuming thread]: phase 2's thread t reads only the writes aimed at its own cores.
    std::vector<std::vector<Delivery>> deliveries;
    std::vector<Transit> transits;
    HopAccounting hops;
    std::vector<OffchipPacket> offchip;   // in core order
  };
  std::vector<ThreadState> threads_;
  std::vector<int32_t> owner_;  // [local core] -> thread that owns it in parallel_for
  std::vector<Transit> transits_;

  mutable std::vector<Spike> spikes_;  // see spikes()
  mutable bool spikes_built_ = false;
  uint64_t spikes_tick_ = 0;           // the tick whose spikes results_ holds
  std::vector<OffchipPacket> offchip_;
  std::vector<CoreCounters> counters_;
  std::vector<PacketRecord> packets_;
  uint64_t tick_cycles_ = 0;
};

}  // namespace meridian
