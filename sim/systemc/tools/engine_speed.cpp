// Speed of one model on the golden engine and on a cycle-accurate engine: the SystemC platform
// (sc_speed) or plain Verilator (vl_speed), built from this one file (docs/SYSTEMC.md).
// Usage: sc_speed|vl_speed random|benchmark <W>x<H> [ticks] [--fst out.fst FROM TO]
//   random: generate_random_model(W, H, 42), inputs at rate 0.02 (seed 7), as rtl_speed uses
//   benchmark: generate_benchmark_model(W, H, 20 Hz, 128 synapses, seed 1), no input
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "mapper/benchmark_model.h"
#include "mapper/random_model.h"
#include "sim/golden_engine.h"
#ifdef MERIDIAN_SPEED_VERILATOR
#include "sim/rtl/verilator_engine.h"
#else
#include <systemc>  // declares sc_main extern "C"

#include "sim/systemc/systemc_engine.h"
#endif

namespace meridian {
namespace {

struct Timing {
  double load_s = 0, run_s = 0;
  uint64_t tick_cycles = 0, spikes = 0;
};

struct Trace {
  std::string path;
  uint64_t from = 0, to = 0;
};

template <class E>
Timing time_engine(E& e, const ChipConfig& chip, const std::vector<InputSpike>& inputs,
                   uint64_t ticks, const Trace& trace) {
  Timing r;
  const auto t0 = std::chrono::steady_clock::now();
  e.load(chip);
  if constexpr (!std::is_same_v<E, GoldenEngine>) {
    if (!trace.path.empty()) e.trace_to(trace.path, trace.from, trace.to);
  }
  const auto t1 = std::chrono::steady_clock::now();
  size_t next = 0;
  for (uint64_t t = 0; t < ticks; ++t) {
    while (next < inputs.size() && inputs[next].tick == t) e.inject(inputs[next++]);
    e.step();
    r.tick_cycles += e.tick_cycles();
    r.spikes += e.spikes().size();
  }
  const auto t2 = std::chrono::steady_clock::now();
  r.load_s = std::chrono::duration<double>(t1 - t0).count();
  r.run_s = std::chrono::duration<double>(t2 - t1).count();
  return r;
}

void print(const char* name, const Timing& r, uint64_t ticks, int cores) {
  std::printf("%-8s load %7.3f s  run %8.3f s  %10.1f ticks/s  %12.0f core-ticks/s  "
              "%10.0f chip-cycles/s  spikes %llu  tick_cycles %llu\n",
              name, r.load_s, r.run_s, ticks / r.run_s, ticks * cores / r.run_s,
              r.tick_cycles / r.run_s, static_cast<unsigned long long>(r.spikes),
              static_cast<unsigned long long>(r.tick_cycles));
}

int run(int argc, char** argv) {
  int w = 0, h = 0;
  if (argc < 3 || std::sscanf(argv[2], "%dx%d", &w, &h) != 2 ||
      (std::strcmp(argv[1], "random") != 0 && std::strcmp(argv[1], "benchmark") != 0)) {
    std::fprintf(stderr, "usage: %s random|benchmark <W>x<H> [ticks]\n", argv[0]);
    return 2;
  }
  const uint64_t ticks = argc > 3 && argv[3][0] != '-' ? std::strtoull(argv[3], nullptr, 10) : 100;
  Trace trace;
  for (int i = 3; i + 3 < argc; ++i) {
    if (std::strcmp(argv[i], "--fst") == 0) {
      trace = Trace{argv[i + 1], std::strtoull(argv[i + 2], nullptr, 10),
                    std::strtoull(argv[i + 3], nullptr, 10)};
    }
  }
  const bool random = std::strcmp(argv[1], "random") == 0;
  const ChipConfig chip = random ? generate_random_model(w, h, 42)
                                 : generate_benchmark_model(w, h, 20.0, 128, 1);
  const auto inputs = random ? generate_random_inputs(chip.geometry, ticks, 0.02, 7)
                             : std::vector<InputSpike>{};
  std::printf("%s %dx%d, %llu ticks\n", argv[1], w, h, static_cast<unsigned long long>(ticks));
  GoldenEngine golden(EngineOptions{true, 1});
  const Timing g = time_engine(golden, chip, inputs, ticks, Trace{});
  print("golden", g, ticks, chip.geometry.cores());
#ifdef MERIDIAN_SPEED_VERILATOR
  VerilatorEngine dut(chip.geometry);
  const char* name = "verilator";
#else
  SystemCEngine dut(chip.geometry);
  const char* name = "systemc";
#endif
  const Timing d = time_engine(dut, chip, inputs, ticks, trace);
  print(name, d, ticks, chip.geometry.cores());
  if (d.spikes != g.spikes || d.tick_cycles != g.tick_cycles) {
    std::fprintf(stderr, "MISMATCH: %s and golden disagree on spikes or tick_cycles\n", name);
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace meridian

#ifdef MERIDIAN_SPEED_VERILATOR
int main(int argc, char** argv) { return meridian::run(argc, argv); }
#else
int sc_main(int argc, char** argv) { return meridian::run(argc, argv); }
#endif
