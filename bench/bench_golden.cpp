// Golden-engine speed: the core kernel and whole chips of the characterisation network at
// several rates, plus a stochastic-heavy random network. Counters are per second.
#include <benchmark/benchmark.h>

#include "golden/chip.h"
#include "mapper/benchmark_model.h"
#include "mapper/random_model.h"

namespace meridian {
namespace {

void run_chip(benchmark::State& state, const ChipConfig& config, int threads) {
  Chip chip(config, {false, threads});
  for (int t = 0; t < 50; ++t) chip.step();  // settle phases
  uint64_t syn = 0, updates = 0, ticks = 0;
  for (auto _ : state) {
    chip.step();
    for (const CoreCounters& c : chip.counters()) {
      syn += c.synaptic_events;
      updates += c.neuron_updates;
    }
    ++ticks;
  }
  const double cores = config.geometry.cores();
  state.counters["core_ticks/s"] = benchmark::Counter(ticks * cores, benchmark::Counter::kIsRate);
  state.counters["ticks/s"] = benchmark::Counter(ticks, benchmark::Counter::kIsRate);
  state.counters["syn_events/s"] = benchmark::Counter(syn, benchmark::Counter::kIsRate);
  state.counters["neuron_updates/s"] = benchmark::Counter(updates, benchmark::Counter::kIsRate);
}

// Args: grid side, rate (Hz), threads.
void BM_BenchmarkNetwork(benchmark::State& state) {
  const int side = static_cast<int>(state.range(0));
  static ChipConfig config;
  static int64_t key = -1;
  const int64_t k = state.range(0) * 100000 + state.range(1);
  if (k != key) {
    config = generate_benchmark_model(side, side, static_cast<double>(state.range(1)), 128, 1);
    key = k;
  }
  run_chip(state, config, static_cast<int>(state.range(2)));
}
BENCHMARK(BM_BenchmarkNetwork)
    ->ArgNames({"side", "hz", "threads"})
    ->Args({16, 20, 1})
    ->Args({64, 0, 1})
    ->Args({64, 20, 1})
    ->Args({64, 20, 2})
    ->Args({64, 100, 1})
    ->Args({64, 200, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_StochasticRandomNetwork(benchmark::State& state) {
  static const ChipConfig config = generate_random_model(8, 8, 11);
  run_chip(state, config, 1);
}
BENCHMARK(BM_StochasticRandomNetwork)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CoreKernel(benchmark::State& state) {
  // One core of the 20 Hz network: ~5 active axons of 128 synapses.
  const ChipConfig config = generate_benchmark_model(1, 1, 20, 128, 3);
  Core core(config.geometry, config.cores[0]);
  uint64_t active[4] = {0x0000000100000010ull, 0x0000000000010000ull, 0x0000040000000000ull, 0x8ull};
  CoreTickResult out;
  uint32_t t = 0;
  for (auto _ : state) core.step(t++, active, false, out);
  state.counters["core_ticks/s"] = benchmark::Counter(state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CoreKernel);

}  // namespace
}  // namespace meridian

BENCHMARK_MAIN();
