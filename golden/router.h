// The mesh router (docs/ARCHITECTURE.md sections 6 and 7.2): XY dimension-order routing, hop
// accounting along a packet's path, and a cycle-accurate model of the mesh used in timing mode.
#pragma once

#include <cstdint>
#include <array>
#include <deque>
#include <vector>

#include "golden/config.h"
#include "golden/counters.h"

namespace meridian {

constexpr int kRouterFifoDepth = 4;  // input FIFOs from neighbours (RTL parameter)

enum Port : int { kNorth = 0, kEast = 1, kSouth = 2, kWest = 3, kLocal = 4 };

// A packet in flight: remaining offsets, target axon, 4-bit delivery tick, plus bookkeeping that
// the hardware does not carry (who sent it and when) so the model can report latencies.
struct Packet {
  int16_t dx = 0, dy = 0;
  uint8_t axon = 0;
  uint8_t tick = 0;         // delivery tick field
  uint8_t delay = 1;        // for the late-packet rule only
  int32_t src_core = 0;
  int32_t src_neuron = 0;
  int32_t tx = 0, ty = 0;   // absolute target (reporting)
  uint64_t emit_cycle = 0;
};

// Output port selected by section 6.2 for a packet's current offsets.
inline Port route_port(int dx, int dy) {
  if (dx > 0) return kEast;
  if (dx < 0) return kWest;
  if (dy > 0) return kNorth;
  if (dy < 0) return kSouth;
  return kLocal;
}

// Where a packet's path ends as seen by one band of rows [y0, y1) of the mesh: delivered to a
// core of the band, off the chip through a real edge, or handed to the neighbouring band at its
// entry router (x, y) with `dy` hops still to go (multi-process runs split a chip into bands).
struct PathEnd {
  enum Kind { kDeliver, kOffchip, kTransit } kind = kDeliver;
  int x = 0, y = 0;
  int dy = 0;  // remaining y offset, kTransit only
};

// Per-router port counts accumulated with difference arrays along rows and columns, so that
// accounting a packet costs O(1) whatever its path length. Counts only routers of rows
// [y0, y1) (the whole mesh by default).
class HopAccounting {
 public:
  HopAccounting(int width, int height) : HopAccounting(width, height, 0, height) {}
  HopAccounting(int width, int height, int y0, int y1);
  // Counts the path of a packet at router (x, y) (in the band) with offsets (dx, dy), including
  // the local delivery or the off-chip exit, and says where it ends.
  PathEnd add_path(int x, int y, int dx, int dy);
  // Adds the accumulated counts into `per_core` (index (y - y0) * width + x) and resets.
  void flush(std::vector<CoreCounters>& per_core);
  // For threads sharing the flush: adds the counts of the routers with band-local index
  // [begin, end) (row-major) into per_core, leaving the accumulated counts in place (several
  // threads may read them at once); clear() then resets them. Each thread writes only the
  // counters of its own routers, so no counter line moves between threads.
  void add_counts_to(std::vector<CoreCounters>& per_core, int begin, int end) const;
  void clear();

 private:
  int w_, h_, y0_, y1_;
  std::vector<int32_t> east_, west_, north_, south_;  // difference arrays
  std::vector<uint32_t> local_, offchip_;            // [band rows * width]
  bool dirty_ = false;
  size_t at(int x, int y) const { return static_cast<size_t>(y - y0_) * (w_ + 1) + x; }
  size_t col(int x, int y) const { return static_cast<size_t>(x) * (h_ + 1) + y; }
  size_t node(int x, int y) const { return static_cast<size_t>(y - y0_) * w_ + x; }
};

// Cycle-accurate mesh for one tick. Packets are injected into their source router's local
// FIFO at the end of their emit cycle; run() moves them cycle by cycle per section 7.2.
class MeshTiming {
 public:
  MeshTiming(int width, int height, int neurons);
  void inject(int core, const Packet& p);  // in non-decreasing emit_cycle per core
  struct Arrival {
    Packet packet;
    uint64_t cycle = 0;   // cycle of delivery or of leaving the chip
    bool offchip = false;
    int x = 0, y = 0;     // delivering (or exiting) router
  };
  // Runs until every packet has arrived; returns arrivals in order of arrival cycle, then router
  // index, and the last cycle in which any packet moved (0 if none).
  std::vector<Arrival> run(uint64_t& last_move_cycle);

 private:
  int w_, h_, neurons_;
  std::vector<std::deque<Packet>> pending_;            // per core, not yet in the local FIFO
  std::vector<std::array<std::deque<Packet>, 5>> fifo_;  // per router, per input port
};

}  // namespace meridian
