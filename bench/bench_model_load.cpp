// Load and save times of a full 64x64 chip of 256x256 cores in both model formats
// (the figures in docs/MODEL_FORMAT.md section 4):
//   bench_model_load [--benchmark_filter=Binary] [tmp_dir, default /tmp]
#include <benchmark/benchmark.h>

#include <cstdio>
#include <random>
#include <string>

#include "golden/chip.h"
#include "golden/config.h"
#include "golden/model_binary.h"
#include "golden/model_json.h"

namespace meridian {
namespace {

std::string g_dir = "/tmp";

// Worst-case-sized content: ~50% crossbar density, one neuron type per core, every neuron
// enabled with a random destination on the chip.
const ChipConfig& full_chip() {
  static const ChipConfig chip = [] {
    Geometry g;
    g.width = g.height = 64;
    ChipConfig c = make_empty_chip(g);
    std::mt19937_64 rng(42);
    for (int y = 0; y < g.height; ++y) {
      for (int x = 0; x < g.width; ++x) {
        CoreConfig& core = c.cores[c.core_index(x, y)];
        core.seed = static_cast<uint32_t>(rng());
        for (uint8_t& t : core.axon_type) t = rng() & 3;
        for (uint64_t& w : core.crossbar) w = rng();
        NeuronParams p;
        p.weight = {1, -1, 2, -2};
        p.threshold = 1 + rng() % 100;
        core.neuron_types.push_back(p);
        for (NeuronConfig& n : core.neurons) {
          n.enabled = true;
          n.has_destination = true;
          n.dest.dx = static_cast<int16_t>(static_cast<int>(rng() % 64) - x);
          n.dest.dy = static_cast<int16_t>(static_cast<int>(rng() % 64) - y);
          n.dest.axon = static_cast<uint8_t>(rng());
          n.dest.delay = static_cast<uint8_t>(1 + rng() % 15);
        }
      }
    }
    return c;
  }();
  return chip;
}

long file_size(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return -1;
  std::fseek(f, 0, SEEK_END);
  const long n = std::ftell(f);
  std::fclose(f);
  return n;
}

void BM_SaveBinary(benchmark::State& state) {
  const ChipConfig& chip = full_chip();
  const std::string path = g_dir + "/bench_full_chip.mdl";
  for (auto _ : state) save_model_binary(chip, path);
  state.counters["MB"] = file_size(path) / 1e6;
}
void BM_LoadBinary(benchmark::State& state) {
  const std::string path = g_dir + "/bench_full_chip.mdl";
  save_model_binary(full_chip(), path);
  for (auto _ : state) {
    ChipConfig c = load_model_binary(path);
    benchmark::DoNotOptimize(c);
  }
  if (!(load_model_binary(path) == full_chip())) state.SkipWithError("binary round trip differs");
}
void BM_SaveJson(benchmark::State& state) {
  const ChipConfig& chip = full_chip();
  const std::string path = g_dir + "/bench_full_chip.json";
  for (auto _ : state) save_model_json(chip, path);
  state.counters["MB"] = file_size(path) / 1e6;
}
void BM_LoadJson(benchmark::State& state) {
  const std::string path = g_dir + "/bench_full_chip.json";
  save_model_json(full_chip(), path);
  for (auto _ : state) {
    ChipConfig c = load_model_json(path);
    benchmark::DoNotOptimize(c);
  }
}

// From a loaded configuration to a chip ready to step (cores sorted into parameter groups,
// crossbars laid out): the rest of the time to first tick.
void BM_BuildChip(benchmark::State& state) {
  const ChipConfig& config = full_chip();
  for (auto _ : state) {
    Chip chip(config);
    benchmark::DoNotOptimize(chip.tick());
  }
}

BENCHMARK(BM_BuildChip)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_SaveBinary)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_LoadBinary)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_SaveJson)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_LoadJson)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace meridian

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc > 1) meridian::g_dir = argv[1];
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
