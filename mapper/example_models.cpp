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

// One neuron per reset behaviour (gamma x kappa), driven up by input on axon 0 (type 0, +6) and
// down by input on axon 1 (type 1, -6), alternating in bursts, with a stochastic-threshold twin
// of each: exercises both thresholds, all six resets and the threshold mask.
ChipConfig reset_modes() {
  ChipConfig chip = make_empty_chip(grid(1, 1));
  CoreConfig& c = chip.cores[0];
  c.seed = 12345;
  c.axon_type[1] = 1;
  int j = 0;
  for (int gamma = 0; gamma < 3; ++gamma)
    for (int kappa = 0; kappa < 2; ++kappa)
      for (int tm = 0; tm < 2; ++tm) {
        NeuronParams p;
        p.weight = {6, -6, 0, 0};
        p.threshold = 20;
        p.neg_threshold = 15;
        p.reset_mode = static_cast<ResetMode>(gamma);
        p.neg_saturate = kappa;
        p.reset_potential = 3;
        p.threshold_mask_bits = static_cast<uint8_t>(tm ? 3 : 0);
        c.neuron_types.push_back(p);
        c.neurons[j] = {true, static_cast<uint16_t>(j), false, {}};
        set_crossbar_bit(c, chip.geometry, 0, j, true);
        set_crossbar_bit(c, chip.geometry, 1, j, true);
        ++j;
      }
  return chip;
}

// Every stochastic mode at once: stochastic synapses of both signs, stochastic leak, leak
// reversal and threshold noise, on 64 neurons fed by 16 axons.
ChipConfig stochastic() {
  ChipConfig chip = make_empty_chip(grid(1, 1));
  CoreConfig& c = chip.cores[0];
  c.seed = 777;
  NeuronParams a;
  a.weight = {90, -60, 200, 0};
  a.stochastic_synapse = {true, true, false, false};
  a.leak = 40;
  a.stochastic_leak = true;
  a.threshold = 4;
  a.threshold_mask_bits = 2;
  a.reset_mode = ResetMode::kLinear;
  NeuronParams b = a;
  b.leak = -30;
  b.leak_reversal = true;
  b.initial_potential = 9;
  b.neg_threshold = 5;
  b.neg_saturate = false;
  c.neuron_types = {a, b};
  for (int i = 0; i < 16; ++i) c.axon_type[i] = static_cast<uint8_t>(i % 3);
  for (int j = 0; j < 64; ++j) {
    c.neurons[j] = {true, static_cast<uint16_t>(j % 2), true, {0, 0, static_cast<uint8_t>(j % 16), static_cast<uint8_t>(1 + j % 15)}};
    for (int i = 0; i < 16; ++i)
      if ((i * 7 + j * 3) % 5 < 2) set_crossbar_bit(c, chip.geometry, i, j, true);
  }
  return chip;
}

// Router congestion: on a 4x4 chip every neuron of every core fires every tick towards core
// (3,3), so the links into it saturate and back-pressure reaches across the mesh.
ChipConfig congestion() {
  ChipConfig chip = make_empty_chip(grid(4, 4));
  NeuronParams p;
  p.leak = 1;
  p.threshold = 1;
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x) {
      CoreConfig& c = chip.cores[chip.core_index(x, y)];
      c.neuron_types = {p};
      for (int j = 0; j < 256; ++j)
        c.neurons[j] = {true, 0, true, {static_cast<int16_t>(3 - x), static_cast<int16_t>(3 - y),
                                        static_cast<uint8_t>(j), 1}};
    }
  return chip;
}

// Packets to every edge: each core of a 3x3 chip sends one neuron off each of the four edges
// (and one to each corner direction) every few ticks.
ChipConfig edges() {
  ChipConfig chip = make_empty_chip(grid(3, 3));
  const int16_t dirs[8][2] = {{5, 0}, {-5, 0}, {0, 5}, {0, -5}, {4, 4}, {-4, 4}, {4, -4}, {-4, -4}};
  for (int k = 0; k < chip.geometry.cores(); ++k) {
    CoreConfig& c = chip.cores[k];
    NeuronParams p;
    p.leak = 1;
    p.threshold = static_cast<uint32_t>(2 + k % 3);
    c.neuron_types = {p};
    for (int d = 0; d < 8; ++d)
      c.neurons[d] = {true, 0, true, {dirs[d][0], dirs[d][1], static_cast<uint8_t>(d * 30), static_cast<uint8_t>(1 + d)}};
  }
  return chip;
}

// Saturation at both 20-bit bounds: every axon of type 0 (+255) or type 1 (-255) hits
// non-resetting neurons whose thresholds are out of reach.
ChipConfig saturation() {
  ChipConfig chip = make_empty_chip(grid(1, 1));
  CoreConfig& c = chip.cores[0];
  NeuronParams up;
  up.weight = {255, -255, 0, 0};
  up.threshold = kThresholdMax;
  up.reset_mode = ResetMode::kNone;
  NeuronParams down = up;
  down.neg_threshold = kThresholdMax;
  down.neg_saturate = false;
  c.neuron_types = {up, down};
  for (int i = 0; i < 256; ++i) c.axon_type[i] = static_cast<uint8_t>(i < 128 ? 0 : 1);
  for (int j = 0; j < 4; ++j) {
    c.neurons[j] = {true, static_cast<uint16_t>(j % 2), false, {}};
    for (int i = 0; i < 256; ++i)
      if ((j % 2 == 0) == (i < 128)) set_crossbar_bit(c, chip.geometry, i, j, true);
  }
  return chip;
}

}  // namespace

std::vector<std::string> example_names() {
  return {"tonic", "delay-line", "chain", "reset-modes", "stochastic", "congestion", "edges",
          "saturation"};
}

ChipConfig make_example(const std::string& name) {
  if (name == "tonic") return tonic_spiker();
  if (name == "delay-line") return delay_line();
  if (name == "chain") return cross_core_chain();
  if (name == "reset-modes") return reset_modes();
  if (name == "stochastic") return stochastic();
  if (name == "congestion") return congestion();
  if (name == "edges") return edges();
  if (name == "saturation") return saturation();
  std::string known;
  for (const auto& n : example_names()) known += (known.empty() ? "" : ", ") + n;
  throw std::invalid_argument("unknown example '" + name + "' (known: " + known + ")");
}

}  // namespace meridian
