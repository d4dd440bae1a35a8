// The TrueNorth characterisation network: a random recurrent network with a chosen mean firing
// rate and number of active synapses per neuron (Merolla et al. 2014's power measurements).
#pragma once

#include <cstdint>

#include "golden/config.h"

namespace meridian {

// Every neuron has `synapses` set crossbar bits, half on excitatory (+1) and half on inhibitory
// (-1) axons, so recurrent input has zero mean; a leak lambda and linear reset at alpha with
// lambda/alpha = rate/1000 then fire each neuron at `rate_hz` on average at a 1 ms tick. Each
// core's neurons drive the 256 axons of one randomly permuted core, one neuron per axon.
//
// With `stochastic`, every stochastic mode is on with the same mean drive, so the network costs
// what the PRNG costs and nothing else changes: synapses of weight +-255 pass with probability
// 255/256 (stochastic synapses on both axon types), the leak is a stochastic +1 with probability
// 255/256, and a 2-bit threshold mask adds a mean 1.5 to alpha, which is lowered to compensate.
ChipConfig generate_benchmark_model(int width, int height, double rate_hz, int synapses,
                                    uint64_t seed, bool stochastic = false);

}  // namespace meridian
