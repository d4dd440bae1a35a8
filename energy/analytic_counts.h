// Expected counts of the characterisation network (TrueNorth's "random recurrent network":
// every neuron fires at rate_hz and sends each spike to one axon of a uniformly random core of
// the chip; every axon drives `synapses` neurons). Used by the energy fit and the sweep until the
// counters of a simulated run are available, and to cross-check them (docs/ENERGY.md section 2).
#pragma once

#include <cstdint>

#include "energy/counters_file.h"

namespace meridian {

struct RandomNetworkWorkload {
  int width = 64, height = 64;
  int neurons = 256;       // all enabled, each with one destination
  int axons = 256;
  double rate_hz = 20;
  int synapses = 128;      // set crossbar bits per active axon
  uint64_t ticks = 1000;
  double tick_us = 1000;
};

// Per-core counters accumulated over w.ticks, rounded to integers. Approximations: incoming
// spikes never collide on one axon (at 20 Hz about 1% do), and a packet's hops are booked at its
// source router (totals are exact in expectation; the per-core spread of hops is not).
CountersFile analytic_random_network_counts(const RandomNetworkWorkload& w);

}  // namespace meridian
