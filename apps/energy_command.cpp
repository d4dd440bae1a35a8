// `meridian energy`: energy, power and efficiency of a run (docs/ENERGY.md), from a counters
// file written by `meridian run --counters-json` or by running a model on the golden engine.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "apps/cli_checks.h"
#include "apps/commands.h"
#include "apps/engine_factory.h"
#include "energy/counters_file.h"
#include "energy/energy_model.h"
#include "energy/energy_report.h"
#include "energy/energy_table.h"
#include "golden/model_file.h"
#include "golden/spike_io.h"

namespace meridian {

namespace {

// A table name from energy/tables/, or a path to a table file.
std::string table_path(const std::string& name) {
  if (std::filesystem::exists(name)) return name;
  const std::string shipped = std::string(MERIDIAN_SOURCE_DIR) + "/energy/tables/" + name + ".json";
  if (std::filesystem::exists(shipped)) return shipped;
  std::string known;
  for (const auto& e : std::filesystem::directory_iterator(std::string(MERIDIAN_SOURCE_DIR) + "/energy/tables")) {
    const std::string stem = e.path().stem().string();
    if (e.path().extension() == ".json" && stem.find(".fit") == std::string::npos)
      known += (known.empty() ? "" : ", ") + stem;
  }
  throw std::invalid_argument("energy table '" + name + "' is neither a file nor a shipped table (" +
                              known + ")");
}

bool is_counters_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(1 << 16, '\0');
  in.read(&head[0], static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  return looks_like_counters_file(head);
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  if (!out) throw std::runtime_error(path + ": cannot open for writing");
  out << text;
}

}  // namespace

void add_energy_command(CLI::App& app) {
  struct Args {
    std::string input, table = "truenorth-28nm", spikes, engine = "golden", csv, per_core_csv, plots;
    uint64_t ticks = 1000, frame_ticks = 0;
    double tick_us = 0, vdd = 0;
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "energy", "Energy, power and GSOPS/W of a run (counters file) or of a model run here");
  cmd->add_option("input", a->input, "Counters file (meridian run --counters-json) or model file")
      ->required()->check(CLI::ExistingFile);
  cmd->add_option("--table,-t", a->table, "Energy table: a shipped name or a file")->capture_default_str();
  cmd->add_option("--tick-us", a->tick_us, "Tick period in us (default: the counters file's, else 1000)")
      ->check(finite_range(kMinTickUs, kMaxTickUs, " us"));
  // The table's own leakage range (narrower) is checked once the table is loaded.
  cmd->add_option("--vdd", a->vdd, "Core supply in V (default: the table's nominal)")
      ->check(finite_range(kMinVdd, kMaxVdd, " V"));
  // These three say how to run a model; given with a counters file they would be ignored.
  CLI::Option* ticks = cmd->add_option("--ticks,-n", a->ticks, "Ticks to run when given a model")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40))->capture_default_str();
  CLI::Option* spikes = cmd->add_option("--input-spikes,-i", a->spikes, "Input spikes when given a model")
      ->check(CLI::ExistingFile);
  CLI::Option* engine = cmd->add_option("--engine,-e", a->engine, "Engine when given a model: " + engine_list())
      ->capture_default_str();
  cmd->add_option("--frame-ticks", a->frame_ticks, "Ticks per frame, for energy per frame")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  cmd->add_option("--csv", a->csv, "Write the breakdown as CSV");
  cmd->add_option("--per-core-csv", a->per_core_csv, "Write per-core energy and power as CSV");
  cmd->add_option("--plots", a->plots, "Write heatmap.png and breakdown.png (python3-matplotlib) here");
  cmd->add_flag("--json", a->json, "Print the report as JSON");
  cmd->callback([a, ticks, spikes, engine] {
    CountersFile counts;
    if (is_counters_file(a->input)) {
      for (const CLI::Option* o : {ticks, spikes, engine})
        if (o->count() > 0)
          throw std::invalid_argument(o->get_name() + " applies when the input is a model; " +
                                      a->input + " is a counters file (of an earlier run)");
      counts = load_counters_file(a->input);
    } else {
      check_engine_name(a->engine);
      const ChipConfig chip = load_model(a->input);
      std::vector<InputSpike> in;
      if (!a->spikes.empty()) in = load_input_spikes(a->spikes, chip.geometry);
      std::stable_sort(in.begin(), in.end(), [](const auto& x, const auto& y) { return x.tick < y.tick; });
      check_inputs_before(in, a->spikes, a->ticks, "run longer with --ticks");
      auto engine = make_engine(a->engine, EngineOptions{}, chip.geometry);
      engine->load(chip);
      counts.geometry = chip.geometry;
      counts.ticks = a->ticks;
      counts.cores.assign(chip.cores.size(), CoreCounters{});
      size_t next = 0;
      for (uint64_t t = 0; t < a->ticks; ++t) {
        for (; next < in.size() && in[next].tick <= t; ++next)
          if (in[next].tick == t) engine->inject(in[next]);
        engine->step();
        for (size_t c = 0; c < counts.cores.size(); ++c) counts.cores[c] += engine->counters()[c];
      }
    }
    const double tick_us = a->tick_us > 0 ? a->tick_us : (counts.tick_us > 0 ? counts.tick_us : 1000.0);
    const EnergyTable table = load_energy_table(table_path(a->table));
    EnergyOptions opt;
    opt.vdd = a->vdd;
    opt.ticks_per_frame = a->frame_ticks;
    const EnergyReport r = compute_energy(table, counts.cores, counts.ticks, tick_us, counts.geometry, opt);
    std::cout << (a->json ? energy_report_json(r) : energy_report_text(r));
    if (!a->csv.empty()) write_text(a->csv, energy_breakdown_csv(r));
    if (!a->per_core_csv.empty()) write_text(a->per_core_csv, energy_per_core_csv(r));
    if (!a->plots.empty()) {
      std::filesystem::create_directories(a->plots);
      const std::string report = a->plots + "/energy.json";
      write_text(report, energy_report_json(r));
      const std::string script = std::string(MERIDIAN_SOURCE_DIR) + "/scripts/plot_energy.py";
      for (const char* kind : {"heatmap", "breakdown"}) {
        const std::string cmdline = "/usr/bin/python3 '" + script + "' " + kind + " '" + report + "' '" +
                                    a->plots + "/" + kind + ".png'";
        if (std::system(cmdline.c_str()) != 0)
          throw std::runtime_error("plotting failed: " + cmdline + " (is Debian's python3-matplotlib installed?)");
      }
      std::cerr << "wrote " << a->plots << "/heatmap.png and breakdown.png\n";
    }
  });
}

}  // namespace meridian
