// Verilator speed of the RTL chip: cycles/s and core-ticks/s on a random model, with and
// without FST tracing. Usage: rtl_speed <W>x<H> [ticks] [--fst out.fst]
// The model is built here (sim/ must not depend on mapper/): 95% of neurons enabled, crossbar
// density 10%, tonic-ish parameters, destinations up to one grid away (some off chip), and host
// input on 2% of axons per tick.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "sim/rtl/verilator_engine.h"

namespace {

using namespace meridian;

struct Rng {  // splitmix64
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int range(int lo, int hi) { return lo + static_cast<int>(next() % (hi - lo + 1)); }
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
};

ChipConfig speed_model(int w, int h, uint64_t seed) {
  Geometry g;
  g.width = w;
  g.height = h;
  ChipConfig chip = make_empty_chip(g);
  Rng rng{seed};
  for (CoreConfig& core : chip.cores) {
    core.seed = static_cast<uint32_t>(rng.next());
    for (auto& t : core.axon_type) t = static_cast<uint8_t>(rng.range(0, 3));
    for (int i = 0; i < g.axons; ++i)
      for (int j = 0; j < g.neurons; ++j)
        if (rng.chance(0.1)) set_crossbar_bit(core, g, i, j, true);
    for (int k = 0; k < 4; ++k) {
      NeuronParams p;
      for (int t = 0; t < kAxonTypes; ++t) p.weight[t] = static_cast<int16_t>(rng.range(-8, 12));
      p.leak = static_cast<int16_t>(rng.range(-4, 6));
      p.threshold = static_cast<uint32_t>(rng.range(1, 64));
      p.neg_threshold = static_cast<uint32_t>(rng.range(0, 64));
      core.neuron_types.push_back(p);
    }
    for (NeuronConfig& n : core.neurons) {
      n.enabled = rng.chance(0.95);
      n.type = static_cast<uint16_t>(rng.range(0, 3));
      n.has_destination = true;
      n.dest = Destination{static_cast<int16_t>(rng.range(-w, w)),
                           static_cast<int16_t>(rng.range(-h, h)),
                           static_cast<uint8_t>(rng.range(0, g.axons - 1)),
                           static_cast<uint8_t>(rng.range(1, 15))};
    }
  }
  return chip;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <W>x<H> [ticks] [--fst out.fst]\n", argv[0]);
    return 2;
  }
  int w = 1, h = 1;
  if (std::sscanf(argv[1], "%dx%d", &w, &h) != 2) {
    std::fprintf(stderr, "bad grid '%s' (expected e.g. 4x4)\n", argv[1]);
    return 2;
  }
  const uint64_t ticks = argc > 2 && argv[2][0] != '-' ? std::strtoull(argv[2], nullptr, 10) : 100;
  std::string fst;
  for (int i = 2; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--fst") == 0) fst = argv[i + 1];

  const ChipConfig chip = speed_model(w, h, 42);
  VerilatorEngine rtl(chip.geometry);
  auto t0 = std::chrono::steady_clock::now();
  rtl.load(chip);
  auto t1 = std::chrono::steady_clock::now();
  const uint64_t load_cycles = rtl.total_cycles();
  if (!fst.empty()) rtl.trace_to(fst, 0, ticks);
  Rng in_rng{7};
  uint64_t tick_cycles = 0;
  for (uint64_t t = 0; t < ticks; ++t) {
    for (int c = 0; c < w * h; ++c)
      for (int a = 0; a < chip.geometry.axons; ++a)
        if (in_rng.chance(0.02)) rtl.inject({t, c % w, c / w, a});
    rtl.step();
    tick_cycles += rtl.tick_cycles();
  }
  auto t2 = std::chrono::steady_clock::now();
  const double load_s = std::chrono::duration<double>(t1 - t0).count();
  const double run_s = std::chrono::duration<double>(t2 - t1).count();
  const uint64_t run_cycles = rtl.total_cycles() - load_cycles;
  std::printf("grid %dx%d%s: load %llu cycles in %.3f s; %llu ticks, %llu cycles (mean tick %.0f) "
              "in %.3f s: %.0f cycles/s, %.0f core-ticks/s\n",
              w, h, fst.empty() ? "" : " (FST)", static_cast<unsigned long long>(load_cycles),
              load_s, static_cast<unsigned long long>(ticks),
              static_cast<unsigned long long>(run_cycles),
              static_cast<double>(tick_cycles) / static_cast<double>(ticks), run_s,
              static_cast<double>(run_cycles) / run_s,
              static_cast<double>(ticks) * w * h / run_s);
  return 0;
}
