// Maps an Eedn network onto a Meridian chip (docs/EEDN.md "Mapping"):
// 1. partition: each layer is cut into blocks (group x channel range x rectangle of positions)
//    whose distinct input axons and neurons (copies included) fit one core;
// 2. axons: an input gets a "+" axon (type 0, S = +1) if some neuron of the core uses it with
//    weight +1 and a "-" axon (type 1, S = -1) if some uses it with -1; an input no neuron of the
//    core uses gets no axon;
// 3. fan-out: a neuron targets one axon, so a source neuron gets one copy (same column, same
//    leak) per (consumer core, axon) it feeds; host inputs are duplicated by the host instead;
// 4. placement: cores on a mesh, minimising hop-weighted traffic (copies x Manhattan distance)
//    by deterministic pairwise swaps from a row-major start;
// 5. timing: every delay is 1, so layer l of a frame injected at tick t fires at tick t + l and a
//    new frame can enter every tick; the class neurons have no destination and are read from the
//    spike output at tick t + layers - 1.
// A network in time (EednNetwork::in_time) runs level neurons instead (mapper/eedn_level_neuron.h):
// each core also gets boost and clear axons driven by host clock spikes, layer l's stage of a
// frame starts l * schedule.stride() ticks after the frame enters, and a frame enters every
// schedule.period() ticks.
// The result must reproduce eedn_run() spike for spike, or count for count in time (tested
// against the golden chip).
#pragma once

#include <cstdint>
#include <vector>

#include "golden/config.h"
#include "golden/spike.h"
#include "mapper/eedn_level_neuron.h"
#include "mapper/eedn_network.h"

namespace meridian {

struct EednMapOptions {
  uint64_t placement_seed = 1;
  int placement_iterations = 200000;  // 0: keep the row-major placement
  // Mesh size; 0 x 0 picks the smallest near-square mesh that holds the cores.
  int grid_width = 0, grid_height = 0;
  // In time: a core's axons left after its inputs and boost axons all serve as clear axons, which
  // shortens the clear and the frame period (EednFrameSchedule); false keeps the fewest.
  bool spare_clear_axons = true;
};

struct EednCoreTarget {
  int core = 0;  // index y * width + x
  int axon = 0;
};

// What one chip neuron computes: logical neuron `index` of layer `layer` (map order
// [y][x][channel]); -1 for unused neurons.
struct EednNeuronOrigin {
  int layer = -1;
  int index = -1;
  int member = 0;  // which network, for map_eedn_networks
};

struct EednMappingStats {
  int cores = 0;
  std::vector<int> cores_per_layer;
  size_t neurons = 0;        // enabled chip neurons, copies included
  size_t logical_neurons = 0;
  size_t axons = 0;          // used axons
  size_t copies = 0;         // extra neurons made for fan-out
  int max_copies = 0;        // most chip neurons of one logical neuron
  long long naive_hop_traffic = 0;   // sum over routes of copies x hops, row-major placement
  long long placed_hop_traffic = 0;  // same after placement
};

// The clock axons of one core of a network in time, fired by the host at fixed ticks of each
// frame's stage (mapper/eedn_level_neuron.h).
struct EednCoreClock {
  int core = 0;
  int stage = 0;   // ticks from a frame's entry to the start of this core's stage
  int levels = 1;  // the core's layer's levels: its clear starts K ticks after the boost
  int boost_axon = 0, boost_axons = 0;  // axons boost_axon .. + boost_axons - 1, type 3
  int clear_axon = 0, clear_axons = 0;  // type 2
};

struct EednMapping {
  ChipConfig chip;
  int layers = 0;  // the deepest network's layer count
  int classes = 0;
  // Frame timing: frame f enters at tick f * frame_period and is classified from the class
  // spikes of tick f * frame_period + readout_tick (1 and layers - 1 for one frame per tick).
  int frame_period = 1;
  int readout_tick = 0;
  bool in_time = false;        // the networks are in time: the fields below are used
  EednFrameSchedule schedule;
  std::vector<EednCoreClock> clocks;
  // For every transduced input bit ([y][x][level]) of every network, the (core, axon) pairs the
  // host writes; network k's bits start at input_offset[k].
  std::vector<std::vector<EednCoreTarget>> input_targets;
  std::vector<size_t> input_offset;
  // Per network: ticks after its frame's tick at which the host writes its input, `layers` minus
  // its own layer count, so that every network's class neurons fire at the same tick.
  std::vector<int> input_delay;
  // [core][neuron]: what the chip neuron computes.
  std::vector<std::vector<EednNeuronOrigin>> origin;
  // [core][neuron]: class the neuron votes for, -1 if it is not a class neuron.
  std::vector<std::vector<int>> vote_class;
  std::vector<int> core_layer;  // [core], -1 for an empty core
  EednMappingStats stats;
};

// Throws std::invalid_argument if some neuron's inputs cannot fit one core (a fan-in of at most
// 128 always fits, and so does one of at most 254 with sign-shared inputs: one axon per input).
EednMapping map_eedn_network(const EednNetwork& net, const EednMapOptions& options = {});

// Several networks side by side on one mesh (a side-by-side ensemble, mapper/eedn_side_by_side.h):
// each is partitioned as above, all their cores are placed together, and their class neurons
// vote into one vote vector. They must have the same classes; input codes, layer shapes, sizes
// and depths may differ (depths by at most kDelaySlots - 1: a shallower network's input is
// written later, see EednMapping::input_delay). Throws std::invalid_argument otherwise.
EednMapping map_eedn_networks(const std::vector<const EednNetwork*>& members,
                              const EednMapOptions& options = {});

// The host input spikes of one grey image entering at `tick`: every network's own input code,
// each at tick + its input_delay (in time, one tick later: the first tick of the input window),
// and in time the clock spikes of every core for
// this frame. They reach up to `tick + readout_tick`; the host queues them by tick.
std::vector<InputSpike> eedn_input_spikes(const EednMapping& m, const EednNetwork& net,
                                          const uint8_t* image, uint64_t tick);
std::vector<InputSpike> eedn_input_spikes(const EednMapping& m,
                                          const std::vector<const EednNetwork*>& members,
                                          const uint8_t* image, uint64_t tick);

// Votes per class from the chip's spikes of one tick (spikes of other ticks are ignored).
std::vector<int> eedn_chip_votes(const EednMapping& m, const std::vector<Spike>& spikes,
                                 uint64_t tick);

}  // namespace meridian
