// Helpers for hand-built test chips: a grid, neuron types, and a loop that runs a chip and
// collects which ticks each neuron fired at.
#pragma once

#include <map>
#include <utility>
#include <vector>

#include "golden/chip.h"
#include "golden/config.h"

namespace meridian::test {

inline Geometry grid(int w, int h) {
  Geometry g;
  g.width = w;
  g.height = h;
  return g;
}

// A 1x1 chip with one enabled neuron 0 of parameters p (no destination).
inline ChipConfig single_neuron(const NeuronParams& p) {
  ChipConfig chip = make_empty_chip(grid(1, 1));
  chip.cores[0].neuron_types = {p};
  chip.cores[0].neurons[0].enabled = true;
  return chip;
}

// Fire ticks per (core, neuron) over `ticks` ticks, with optional input spikes per tick.
using FireMap = std::map<std::pair<int, int>, std::vector<uint64_t>>;
inline FireMap run_and_collect(Chip& chip, uint64_t ticks,
                               const std::vector<InputSpike>& inputs = {}) {
  FireMap fires;
  for (uint64_t t = 0; t < ticks; ++t) {
    for (const InputSpike& s : inputs)
      if (s.tick == t) chip.inject(s);
    chip.step();
    for (const Spike& s : chip.spikes())
      fires[{s.y * chip.geometry().width + s.x, s.neuron}].push_back(s.tick);
  }
  return fires;
}

inline std::vector<uint64_t> fire_ticks(const ChipConfig& config, uint64_t ticks,
                                        const std::vector<InputSpike>& inputs = {}) {
  Chip chip(config);
  return run_and_collect(chip, ticks, inputs)[{0, 0}];
}

}  // namespace meridian::test
