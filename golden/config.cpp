#include "golden/config.h"

#include <tuple>

namespace meridian {

bool operator==(const NeuronParams& a, const NeuronParams& b) {
  auto t = [](const NeuronParams& p) {
    return std::tie(p.weight, p.stochastic_synapse, p.leak, p.stochastic_leak, p.leak_reversal,
                    p.threshold, p.neg_threshold, p.threshold_mask_bits, p.reset_mode,
                    p.neg_saturate, p.reset_potential, p.initial_potential);
  };
  return t(a) == t(b);
}
bool operator==(const Destination& a, const Destination& b) {
  return a.dx == b.dx && a.dy == b.dy && a.axon == b.axon && a.delay == b.delay;
}
bool operator==(const NeuronConfig& a, const NeuronConfig& b) {
  return a.enabled == b.enabled && a.type == b.type && a.has_destination == b.has_destination &&
         (!a.has_destination || a.dest == b.dest);
}
bool operator==(const CoreConfig& a, const CoreConfig& b) {
  return a.seed == b.seed && a.axon_type == b.axon_type && a.crossbar == b.crossbar &&
         a.neuron_types == b.neuron_types && a.neurons == b.neurons;
}
bool operator==(const Geometry& a, const Geometry& b) {
  return a.width == b.width && a.height == b.height && a.axons == b.axons && a.neurons == b.neurons;
}
bool operator==(const ChipConfig& a, const ChipConfig& b) {
  return a.geometry == b.geometry && a.tick_period_cycles == b.tick_period_cycles &&
         a.cores == b.cores;
}

CoreConfig make_empty_core(const Geometry& g) {
  CoreConfig c;
  c.axon_type.assign(g.axons, 0);
  c.crossbar.assign(static_cast<size_t>(g.axons) * g.words_per_row(), 0);
  c.neurons.assign(g.neurons, NeuronConfig{});
  return c;
}

ChipConfig make_empty_chip(const Geometry& g) {
  ChipConfig chip;
  chip.geometry = g;
  chip.cores.assign(g.cores(), make_empty_core(g));
  return chip;
}

}  // namespace meridian
