// Spike and packet records exchanged between the chip, the host and spike files.
#pragma once

#include <cstdint>

namespace meridian {

// A host input spike: set axon `axon` of core (x, y) active at tick `tick`.
struct InputSpike {
  uint64_t tick = 0;
  int x = 0, y = 0;
  int axon = 0;
};

// A neuron that fired at tick `tick`.
struct Spike {
  uint64_t tick = 0;
  int x = 0, y = 0;
  int neuron = 0;
};

// A packet that left the chip through an edge port. (tx, ty) is the absolute target core the
// packet was addressed to (outside the grid); delivery_tick is the packet's 4-bit tick field.
struct OffchipPacket {
  uint64_t tick = 0;       // tick in which the packet was emitted
  int tx = 0, ty = 0;
  int axon = 0;
  int delivery_tick = 0;   // (tick + delay) mod 16
};

}  // namespace meridian
