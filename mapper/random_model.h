// Random models that exercise every neuron mode, for lockstep campaigns and property tests.
#pragma once

#include <cstdint>
#include <vector>

#include "golden/config.h"
#include "golden/spike.h"

namespace meridian {

// Random neuron types covering every field's range (stochastic synapses, leak and threshold,
// leak reversal, all reset modes and kappa, saturating potentials), random crossbars of random
// density, some disabled neurons, destinations across the grid and off the chip edge.
ChipConfig generate_random_model(int width, int height, uint64_t seed);

// Random host input: each axon of each core is active at each tick with probability `rate`.
std::vector<InputSpike> generate_random_inputs(const Geometry& g, uint64_t ticks, double rate,
                                               uint64_t seed);

}  // namespace meridian
