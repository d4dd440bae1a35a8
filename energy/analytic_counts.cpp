#include "energy/analytic_counts.h"

#include <cmath>

#include "golden/model_error.h"

namespace meridian {
namespace {

// Mean hops in the +/- direction from coordinate `x` to a uniform target in [0, side).
double mean_hops_up(int x, int side) {
  double s = 0;
  for (int t = x + 1; t < side; ++t) s += t - x;
  return s / side;
}
double mean_hops_down(int x, int side) {
  double s = 0;
  for (int t = 0; t < x; ++t) s += x - t;
  return s / side;
}

uint64_t round_count(double v) { return static_cast<uint64_t>(std::llround(v)); }

}  // namespace

CountersFile analytic_random_network_counts(const RandomNetworkWorkload& w) {
  if (w.width < 1 || w.width > kMaxGridSide || w.height < 1 || w.height > kMaxGridSide ||
      w.neurons < 1 || w.neurons > kMaxNeurons || w.axons < 1 || w.axons > kMaxAxons ||
      w.synapses < 0 || w.synapses > w.neurons || w.rate_hz < 0 || w.ticks == 0 ||
      !(w.tick_us > 0) || w.rate_hz * w.tick_us * 1e-6 > 1)
    throw ModelError("random-network workload: parameters out of range (grid 1..256, neurons and "
                     "axons 1..256, synapses 0..neurons, rate >= 0 with at most one spike per "
                     "neuron and tick, ticks >= 1, tick_us > 0)");
  CountersFile f;
  f.geometry.width = w.width;
  f.geometry.height = w.height;
  f.geometry.axons = w.axons;
  f.geometry.neurons = w.neurons;
  f.ticks = w.ticks;
  f.tick_us = w.tick_us;
  const double t = static_cast<double>(w.ticks);
  const double spikes = w.neurons * w.rate_hz * w.tick_us * 1e-6;  // per core and tick
  for (int y = 0; y < w.height; ++y) {
    for (int x = 0; x < w.width; ++x) {
      CoreCounters c;
      c.neuron_updates = round_count(t * w.neurons);
      c.spikes = round_count(t * spikes);
      c.packets_sent = c.spikes;
      c.active_axons = round_count(t * spikes);
      c.local_deliveries = round_count(t * spikes);
      c.synaptic_events = round_count(t * spikes * w.synapses);
      c.hops_east = round_count(t * spikes * mean_hops_up(x, w.width));
      c.hops_west = round_count(t * spikes * mean_hops_down(x, w.width));
      c.hops_north = round_count(t * spikes * mean_hops_up(y, w.height));
      c.hops_south = round_count(t * spikes * mean_hops_down(y, w.height));
      c.core_cycles = round_count(t * (1 + 2.0 * w.neurons)) + c.synaptic_events;
      f.cores.push_back(c);
    }
  }
  return f;
}

}  // namespace meridian
