// `meridian gen`: synthetic models (benchmark, random, directed examples) and random inputs.
#include <iostream>
#include <memory>

#include "apps/cli_checks.h"
#include "apps/commands.h"
#include "mapper/model_spec.h"
#include "golden/model_file.h"
#include "golden/spike_io.h"
#include "mapper/benchmark_model.h"
#include "mapper/example_models.h"
#include "mapper/random_model.h"

namespace meridian {

namespace {

void saved(const std::string& what, const ChipConfig& c, const std::string& path) {
  save_model(c, path);
  std::cerr << "wrote " << what << " " << c.geometry.width << "x" << c.geometry.height << " to "
            << path << "\n";
}

}  // namespace

void add_gen_command(CLI::App& app) {
  CLI::App* gen = app.add_subcommand("gen", "Generate synthetic models and inputs");
  gen->require_subcommand(1);

  struct Args {
    std::string grid = "64x64", out, name;
    double rate = 20;
    int synapses = 128;
    uint64_t seed = 1, ticks = 100;
    bool stochastic = false;
  };
  auto a = std::make_shared<Args>();

  CLI::App* bench = gen->add_subcommand(
      "benchmark", "TrueNorth characterisation network: random recurrent, given rate and synapses");
  bench->add_option("--grid", a->grid, "Cores WxH")->capture_default_str();
  bench->add_option("--rate", a->rate, "Mean firing rate in Hz at a 1 ms tick")
      ->check(finite_range(0, 1000, " Hz"))->capture_default_str();
  bench->add_option("--synapses", a->synapses, "Active synapses per neuron")->check(CLI::Range(0, 256))->capture_default_str();
  bench->add_option("--seed", a->seed, "Generator seed")->check(seed_range())->capture_default_str();
  bench->add_flag("--stochastic", a->stochastic,
                  "Every stochastic mode on (synapses, leak, threshold mask), same mean drive");
  bench->add_option("-o,--output", a->out, "Model file to write (.json or .mdl)")->required();
  bench->callback([a] {
    auto [w, h] = parse_grid(a->grid);
    saved("benchmark", generate_benchmark_model(w, h, a->rate, a->synapses, a->seed, a->stochastic),
          a->out);
  });

  CLI::App* random = gen->add_subcommand("random", "Random model exercising every neuron mode");
  random->add_option("--grid", a->grid, "Cores WxH")->required();
  random->add_option("--seed", a->seed, "Generator seed")->check(seed_range())->required();
  random->add_option("-o,--output", a->out, "Model file to write (.json or .mdl)")->required();
  random->callback([a] {
    auto [w, h] = parse_grid(a->grid);
    saved("random model", generate_random_model(w, h, a->seed), a->out);
  });

  CLI::App* example = gen->add_subcommand("example", "Small directed example model");
  std::string names;
  for (const auto& n : example_names()) names += (names.empty() ? "" : ", ") + n;
  example->add_option("name", a->name, "One of: " + names)->required();
  example->add_option("-o,--output", a->out, "Model file to write (default NAME.json)");
  example->callback([a] {
    saved("example " + a->name, make_example(a->name), a->out.empty() ? a->name + ".json" : a->out);
  });

  CLI::App* inputs = gen->add_subcommand("inputs", "Random input spikes for a grid");
  inputs->add_option("--grid", a->grid, "Cores WxH")->required();
  inputs->add_option("--ticks", a->ticks, "Ticks")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 32))->capture_default_str();
  inputs->add_option("--rate", a->rate, "Probability that an axon is driven per tick")
      ->check(finite_range(0, 1))->required();
  inputs->add_option("--seed", a->seed, "Generator seed")->check(seed_range())->capture_default_str();
  inputs->add_option("-o,--output", a->out, "Input spike file to write (CSV)")->required();
  inputs->callback([a] {
    auto [w, h] = parse_grid(a->grid);
    Geometry g;
    g.width = w;
    g.height = h;
    save_input_spikes(generate_random_inputs(g, a->ticks, a->rate, a->seed), a->out);
  });
}

void add_convert_command(CLI::App& app) {
  auto in = std::make_shared<std::string>(), out = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("convert", "Convert a model between JSON (.json) and binary (.mdl)");
  cmd->add_option("input", *in, "Model file to read")->required()->check(CLI::ExistingFile);
  cmd->add_option("output", *out, "Model file to write")->required();
  cmd->callback([in, out] { save_model(load_model(*in), *out); });
}

}  // namespace meridian
