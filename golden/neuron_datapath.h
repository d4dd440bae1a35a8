// The neuron datapath of docs/ARCHITECTURE.md section 3, written one neuron at a time exactly
// as the RTL's combinational datapath computes it. The fast core (core.cpp) evaluates the same
// function for all neurons at once; tests hold the two equal.
#pragma once

#include <cstdint>

#include "golden/config.h"
#include "golden/prng.h"

namespace meridian {

inline int32_t sat20(int64_t v) {
  return v < kPotentialMin ? kPotentialMin : (v > kPotentialMax ? kPotentialMax : static_cast<int32_t>(v));
}
inline int32_t sgn(int64_t v) { return (v > 0) - (v < 0); }

// One synaptic event (INTEG cycle): the term added to the wide accumulator for an active axon
// of type g. `rho` is stream byte 4 + k for the neuron's k-th stochastic event of the tick
// (prng_stream_byte); used only when b_g is set, and only then does the event advance k.
inline int32_t synaptic_term(const NeuronParams& p, int g, uint32_t rho) {
  return p.stochastic_synapse[g] ? stochastic_unit(p.weight[g], rho) : p.weight[g];
}

struct NeuronUpdate {
  int32_t v = 0;     // potential after the tick
  bool spike = false;
};

// The UPDATE cycle: leak, saturation, threshold and reset. `v1` is V plus the tick's synaptic
// terms (wide); `update_word` is stream bytes 0-3 (prng_update_word): leak rho and eta.
NeuronUpdate neuron_finish(const NeuronParams& p, int64_t v1, uint32_t update_word);

}  // namespace meridian
