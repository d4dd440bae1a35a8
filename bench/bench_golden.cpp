// Golden-engine speed: the core kernel and whole chips of the characterisation network at
// several rates, plus a stochastic-heavy random network. Counters are per second.
#include <benchmark/benchmark.h>

#include <array>
#include <functional>
#include <map>
#include <memory>

#include "golden/chip.h"
#include "golden/core_kernels.h"
#include "golden/prng.h"
#include "golden/router.h"
#include "mapper/splitmix.h"
#include "mapper/benchmark_model.h"
#include "mapper/random_model.h"

namespace meridian {
namespace {

// Google Benchmark calls a benchmark function several times; building a 4,096-core chip takes
// longer than the measurement, so each chip is built once and kept (keyed by its arguments).
Chip& cached_chip(int64_t key, const std::function<ChipConfig()>& make, int threads) {
  static std::map<int64_t, std::unique_ptr<Chip>> chips;
  std::unique_ptr<Chip>& chip = chips[key];
  if (!chip) {
    chip = std::make_unique<Chip>(make(), ChipOptions{false, threads});
    for (int t = 0; t < 50; ++t) chip->step();  // settle phases
  }
  return *chip;
}

void run_chip(benchmark::State& state, Chip& chip) {
  uint64_t syn = 0, updates = 0, ticks = 0;
  for (auto _ : state) {
    chip.step();
    for (const CoreCounters& c : chip.counters()) {
      syn += c.synaptic_events;
      updates += c.neuron_updates;
    }
    ++ticks;
  }
  const double cores = chip.geometry().cores();
  state.counters["core_ticks/s"] = benchmark::Counter(ticks * cores, benchmark::Counter::kIsRate);
  state.counters["ticks/s"] = benchmark::Counter(ticks, benchmark::Counter::kIsRate);
  state.counters["syn_events/s"] = benchmark::Counter(syn, benchmark::Counter::kIsRate);
  state.counters["neuron_updates/s"] = benchmark::Counter(updates, benchmark::Counter::kIsRate);
}

// Args: grid side, rate (Hz), threads.
void BM_BenchmarkNetwork(benchmark::State& state) {
  const int side = static_cast<int>(state.range(0));
  const double hz = static_cast<double>(state.range(1));
  const int threads = static_cast<int>(state.range(2));
  const int64_t key = (state.range(0) * 1000 + state.range(1)) * 100 + threads;
  run_chip(state, cached_chip(key, [&] { return generate_benchmark_model(side, side, hz, 128, 1); },
                              threads));
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

// The same network with every stochastic mode on (issue 6: at least half the speed above).
void BM_StochasticBenchmarkNetwork(benchmark::State& state) {
  const int side = static_cast<int>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  run_chip(state, cached_chip(-1000 - side * 10 - threads, [&] {
    return generate_benchmark_model(side, side, 20, 128, 1, true);
  }, threads));
}
BENCHMARK(BM_StochasticBenchmarkNetwork)
    ->ArgNames({"side", "threads"})
    ->Args({64, 1})
    ->Args({64, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_StochasticRandomNetwork(benchmark::State& state) {
  run_chip(state, cached_chip(-1, [] { return generate_random_model(8, 8, 11); }, 1));
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

// Kernels one at a time, on one core's worth of data (256 neurons), in L1.
std::vector<uint64_t> random_bits(int words, double density, uint64_t seed) {
  SplitMix64 rng(seed);
  std::vector<uint64_t> bits(words, 0);
  for (int k = 0; k < words * 64; ++k)
    if (rng.chance(density)) bits[k / 64] |= uint64_t{1} << (k % 64);
  return bits;
}

// Integration of one active axon: its crossbar row (128 of 256 synapses set) counted per slot.
void BM_IntegrationKernel(benchmark::State& state) {
  const std::vector<uint64_t> row = random_bits(4, 0.5, 1);
  std::vector<int16_t> counts(256, 0);
  for (auto _ : state) {
    kernel_count_bits(counts.data(), row.data(), 4);
    benchmark::DoNotOptimize(counts.data());
  }
  state.counters["axon_events/s"] =
      benchmark::Counter(state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_IntegrationKernel);

// Synaptic sums from the four per-type counts, then leak, threshold and reset: 256 neurons of one
// deterministic group (leak a group constant, no threshold noise).
void BM_NeuronUpdateKernel(benchmark::State& state) {
  std::vector<int16_t> c(4 * 256);
  SplitMix64 rng(2);
  for (int16_t& x : c) x = static_cast<int16_t>(rng.range(0, 3));
  const int32_t w[4] = {1, -1, 3, -2};
  std::vector<int32_t> v(256, 0), syn(256), fired(256);
  const UpdateParams p{50, 2000, 0, /*leak=*/1, /*gamma=*/1, /*kappa=*/true, false};
  for (auto _ : state) {
    kernel_synaptic_sums(256, c.data(), c.data() + 256, c.data() + 512, c.data() + 768, w,
                         syn.data());
    kernel_update(256, v.data(), syn.data(), nullptr, p, fired.data());
    benchmark::DoNotOptimize(fired.data());
  }
  state.counters["neuron_updates/s"] =
      benchmark::Counter(256.0 * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_NeuronUpdateKernel);

// The counter-based PRNG, 256 64-bit draws (the slot-0 draws of a whole core in one tick).
void BM_PrngKernel(benchmark::State& state) {
  std::vector<uint16_t> neuron(256);
  for (int j = 0; j < 256; ++j) neuron[j] = static_cast<uint16_t>(j);
  std::vector<uint32_t> lo(256), hi(256);
  uint32_t tick = 0;
  for (auto _ : state) {
    kernel_prng_draws(7, tick++, neuron.data(), 0, 256, lo.data(), hi.data());
    benchmark::DoNotOptimize(lo.data());
    benchmark::DoNotOptimize(hi.data());
  }
  state.counters["draws/s"] =
      benchmark::Counter(256.0 * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PrngKernel);

// Router, functional mode: per-router port counts of packets with random XY paths on a 64x64
// mesh (O(1) per packet), flushed into per-core counters once per tick of 21,000 packets (the
// 20 Hz network's traffic).
void BM_RouterHopAccounting(benchmark::State& state) {
  HopAccounting hops(64, 64);
  std::vector<CoreCounters> counters(64 * 64);
  SplitMix64 rng(3);
  std::vector<std::array<int, 4>> paths(21000);
  for (auto& p : paths) {
    p[0] = rng.range(0, 63); p[1] = rng.range(0, 63);
    p[2] = rng.range(0, 63) - p[0]; p[3] = rng.range(0, 63) - p[1];
  }
  for (auto _ : state) {
    for (const auto& p : paths) benchmark::DoNotOptimize(hops.add_path(p[0], p[1], p[2], p[3]));
    hops.flush(counters);
  }
  state.counters["packets/s"] =
      benchmark::Counter(static_cast<double>(paths.size()) * state.iterations(),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RouterHopAccounting)->Unit(benchmark::kMicrosecond);

// Router, timing mode: the cycle-accurate mesh moving one tick's packets (16x16 cores, 5 packets
// per core, random targets), hop by hop with back-pressure.
void BM_RouterMeshTiming(benchmark::State& state) {
  SplitMix64 rng(4);
  std::vector<std::pair<int, Packet>> injected;
  for (int c = 0; c < 256; ++c)
    for (int k = 0; k < 5; ++k) {
      Packet p;
      p.dx = static_cast<int16_t>(rng.range(0, 15) - c % 16);
      p.dy = static_cast<int16_t>(rng.range(0, 15) - c / 16);
      p.emit_cycle = static_cast<uint64_t>(100 * (k + 1));
      injected.emplace_back(c, p);
    }
  uint64_t last = 0;
  for (auto _ : state) {
    MeshTiming mesh(16, 16, 256);
    for (const auto& [c, p] : injected) mesh.inject(c, p);
    benchmark::DoNotOptimize(mesh.run(last));
  }
  state.counters["packets/s"] =
      benchmark::Counter(static_cast<double>(injected.size()) * state.iterations(),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RouterMeshTiming)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace meridian

BENCHMARK_MAIN();
