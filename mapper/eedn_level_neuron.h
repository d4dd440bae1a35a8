// The level neuron in time (docs/EEDN.md section 8): how one chip neuron turns a frame's input
// sum z into exactly  clamp(floor((m z + c) / alpha), 0, K)  spikes (EednLayer::count: gain m,
// offset c = the leak), and the
// frame schedule of its layer. Every step is host clock spikes on a few axons of each core:
//
//   stage tick r           what happens (W = window, B = 255 x boost axons)
//   0                      pedestal: the boost axons (type 3, weight +255) fire: V = -beta + B
//   1 .. W                 input window: inputs on "+" axons (type 0, +m) and "-" axons (type 1,
//                          -m), in any order: B keeps every partial sum above the floor -beta
//                          and below alpha
//   W + 1 (boost tick)     the boost axons fire again: V = c + m z; the neuron spikes on this tick
//                          and each next one while V >= alpha (linear reset: V -= alpha)
//   W + 1 + K .. F - 1     clear: the clear axons (type 2, weight -255) drive V to its floor
//                          -beta (kappa = 1), where the next frame starts
//
// with beta = 2B - c, so that V = -beta + B + m z + B = c + m z after the boost. A binary neuron
// (K = 1) resets to -beta after its one spike instead. Inputs are counts of at most K_in spikes,
// one per tick of the source's emission window, which the next stage's input window receives
// with a delay of 1.
#pragma once

#include <string>

#include "golden/config.h"

namespace meridian {

// Clock axons of one neuron: the fewest boost axons that keep V below alpha and above its floor
// through the pedestal and the input window, and the fewest clear axons whose first tick stops
// the emission after K spikes, for a neuron of gain m with `positive` weights +1 and `negative`
// weights -1 over inputs of at most `in_levels` spikes.
struct EednLevelNeeds {
  int boost_axons = 1;
  int clear_axons = 1;
};
EednLevelNeeds eedn_level_needs(int levels, int gain, int alpha, int offset, int in_levels,
                                int positive, int negative);

// The neuron's parameters on a core with `boost_axons` and `clear_axons` (at least its needs),
// and the clear ticks it takes to reach its floor from the highest potential it can hold.
struct EednLevelNeuron {
  NeuronParams params;
  int clear_ticks = 1;
  long long clear_drop = 0;  // how far the clear takes V: from its highest to the floor -beta
};
// Clear ticks that `clear_axons` take to bring a neuron down by `drop` (EednLevelNeuron::
// clear_drop), and the fewest clear axons that do it within `ticks`.
int eedn_clear_ticks(long long drop, int clear_axons);
int eedn_clear_axons_within(long long drop, int ticks);
EednLevelNeuron eedn_level_neuron(int levels, int gain, int alpha, int offset, int in_levels,
                                  int positive, int negative, int boost_axons, int clear_axons);

// The frame schedule of a network in time: one stage per layer, stage l of the frame entering
// at tick t starting at t + l * stride(); every stage repeats each period() ticks.
struct EednFrameSchedule {
  int window = 1;       // W: the largest levels of any layer
  int clear_ticks = 1;  // C: the most clear ticks any neuron needs
  int boost_tick() const { return window + 1; }
  // A stage starts one tick before its sources' boost tick, so that their spikes (delay 1) fill
  // its input window.
  int stride() const { return window + 1; }
  int period() const { return 2 * window + 1 + clear_ticks; }
};

}  // namespace meridian
