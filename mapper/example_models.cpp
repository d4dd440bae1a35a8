#include "mapper/example_models.h"

#include <stdexcept>

namespace meridian {

namespace {

Geometry grid(int w, int h) {
  Geometry g;
  g.width = w;
  g.height = h;
  return g;
}

NeuronParams tonic(uint32_t alpha, int16_t leak) {
  NeuronParams p;
  p.threshold = alpha;
  p.leak = leak;
  return p;
}

// A relay fires on every input spike of an axon of type 0 and otherwise stays at 0.
NeuronParams relay() {
  NeuronParams p;
  p.weight = {1, 0, 0, 0};
  p.threshold = 1;
  return p;
}

// Tonic spikers: neuron 0 (alpha 10, leak +1) fires every 10 ticks from tick 9; neuron 1
// (alpha 11, leak +2) every 6 ticks from tick 5.
ChipConfig tonic_spiker() {
  ChipConfig chip = make_empty_chip(grid(1, 1));
  CoreConfig& c = chip.cores[0];
  c.neuron_types = {tonic(10, 1), tonic(11, 2)};
  c.neurons[0] = {true, 0, false, {}};
  c.neurons[1] = {true, 1, false, {}};
  return chip;
}

// A delay line inside one core: neuron 0 fires at tick 9, 19, ...; its spike reaches axon 0
// after 5 ticks, where relay neuron 1 fires and forwards to axon 1 after 3 ticks, and relay
// neuron 2 fires there. So neuron 1 fires at 14, 24, ... and neuron 2 at 17, 27, ...
ChipConfig delay_line() {
  ChipConfig chip = make_empty_chip(grid(1, 1));
  CoreConfig& c = chip.cores[0];
  const Geometry& g = chip.geometry;
  c.neuron_types = {tonic(10, 1), relay()};
  c.neurons[0] = {true, 0, true, {0, 0, 0, 5}};
  c.neurons[1] = {true, 1, true, {0, 0, 1, 3}};
  c.neurons[2] = {true, 1, false, {}};
  set_crossbar_bit(c, g, 0, 1, true);
  set_crossbar_bit(c, g, 1, 2, true);
  return chip;
}

// A chain across a 4x1 row of cores: core 0's tonic neuron (fires 9, 19, ...) sends east with
// delay 2 to a relay in core 1, which forwards with delay 3 to core 2, then delay 4 to core 3,
// whose relay sends off the east edge. Relays fire at 11, 14, 18 (+10k); the off-chip packet
// leaves at tick 18 + 10k addressed to core (4, 0) axon 7.
ChipConfig cross_core_chain() {
  ChipConfig chip = make_empty_chip(grid(4, 1));
  const Geometry& g = chip.geometry;
  chip.cores[0].neuron_types = {tonic(10, 1)};
  chip.cores[0].neurons[0] = {true, 0, true, {1, 0, 0, 2}};
  const uint8_t delays[4] = {0, 3, 4, 1};
  for (int x = 1; x < 4; ++x) {
    CoreConfig& c = chip.cores[x];
    c.neuron_types = {relay()};
    c.neurons[0] = {true, 0, true, {1, 0, static_cast<uint8_t>(x == 3 ? 7 : 0), delays[x]}};
    set_crossbar_bit(c, g, 0, 0, true);
  }
  return chip;
}

}  // namespace

std::vector<std::string> example_names() { return {"tonic", "delay-line", "chain"}; }

ChipConfig make_example(const std::string& name) {
  if (name == "tonic") return tonic_spiker();
  if (name == "delay-line") return delay_line();
  if (name == "chain") return cross_core_chain();
  std::string known;
  for (const auto& n : example_names()) known += (known.empty() ? "" : ", ") + n;
  throw std::invalid_argument("unknown example '" + name + "' (known: " + known + ")");
}

}  // namespace meridian
