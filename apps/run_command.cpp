// `meridian run`: load a model, run it on an engine for N ticks, print a summary.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "apps/cli_checks.h"
#include "apps/commands.h"
#include "apps/engine_factory.h"
#include "apps/run_summary.h"
#include "energy/counters_file.h"
#include "golden/model_file.h"
#include "golden/spike_io.h"
#include "mapper/splitmix.h"

namespace meridian {

namespace {

struct RunArgs {
  std::string model, input, output, offchip, counters_json, trace, engine = "golden";
  std::vector<int> trace_cores;
  uint64_t ticks = 100;
  uint64_t seed = 0;
  bool reseed = false;  // --seed given
  int threads = 1;
  bool json = false, timing = false, no_hash = false, drop_late_input = false;
  double tick_us = 1000;
};

// --seed S re-keys every core: seed_c = low 32 bits of SplitMix64(S + core index).
void reseed(ChipConfig& chip, uint64_t seed) {
  for (size_t c = 0; c < chip.cores.size(); ++c)
    chip.cores[c].seed = static_cast<uint32_t>(SplitMix64(seed + c).next());
}

int run(const RunArgs& a) {
  const auto t_load = std::chrono::steady_clock::now();
  ChipConfig chip = load_model(a.model);
  if (a.reseed) reseed(chip, a.seed);
  std::vector<InputSpike> inputs;
  if (!a.input.empty()) inputs = load_input_spikes(a.input, chip.geometry);
  std::stable_sort(inputs.begin(), inputs.end(),
                   [](const InputSpike& x, const InputSpike& y) { return x.tick < y.tick; });
  if (!a.drop_late_input) {
    check_inputs_before(inputs, a.input, a.ticks,
                        "run longer, or pass --drop-late-input to replay only the start");
  } else {
    const size_t late = static_cast<size_t>(std::count_if(
        inputs.begin(), inputs.end(), [&](const InputSpike& s) { return s.tick >= a.ticks; }));
    if (late > 0)
      std::cerr << "meridian: note: --drop-late-input: " << late << " of " << inputs.size()
                << " input spikes are at or after tick " << a.ticks << " and are not run\n";
  }
  // The trace core list is checked before any output file is created.
  std::vector<int> trace_cores = a.trace_cores;
  if (!a.trace.empty()) {
    if (trace_cores.empty())
      for (int c = 0; c < chip.geometry.cores(); ++c) trace_cores.push_back(c);
    check_core_indices(trace_cores, chip.geometry, "--trace-cores");
  }
  const double load_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t_load).count();

  EngineOptions opt;
  opt.timing = a.timing;
  opt.threads = a.threads;
  std::unique_ptr<Engine> engine = make_engine(a.engine, opt, chip.geometry);
  engine->load(chip);

  std::ofstream out, off;
  if (!a.output.empty()) {
    out.open(a.output);
    if (!out) throw std::runtime_error(a.output + ": cannot open for writing");
    write_spike_header(out);
  }
  if (!a.offchip.empty()) {
    off.open(a.offchip);
    if (!off) throw std::runtime_error(a.offchip + ": cannot open for writing");
    write_offchip_header(off);
  }

  // Membrane-potential trace: every neuron of the chosen cores after every tick.
  std::ofstream trace;
  if (!a.trace.empty()) {
    trace.open(a.trace);
    if (!trace) throw std::runtime_error(a.trace + ": cannot open for writing");
    trace << "tick,x,y,neuron,v\n";
  }
  std::vector<int32_t> potentials;

  std::vector<CoreCounters> total(chip.cores.size());
  CoreCounters sum;
  uint64_t offchip = 0, max_tick_cycles = 0;
  SpikeTraceHash hash;
  size_t next_input = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (uint64_t t = 0; t < a.ticks; ++t) {
    while (next_input < inputs.size() && inputs[next_input].tick < t + kDelaySlots &&
           inputs[next_input].tick < a.ticks) {
      if (inputs[next_input].tick >= t) engine->inject(inputs[next_input]);
      ++next_input;
    }
    engine->step();
    offchip += engine->offchip().size();
    if (!a.no_hash) hash.add(engine->spikes());
    const auto& cnt = engine->counters();
    for (size_t c = 0; c < cnt.size(); ++c) total[c] += cnt[c];
    max_tick_cycles = std::max(max_tick_cycles, engine->tick_cycles());
    if (out) write_spikes(out, engine->spikes());
    if (off) write_offchip_packets(off, engine->offchip());
    if (trace) {
      for (int c : trace_cores) {
        engine->potentials(c, potentials);
        const int x = c % chip.geometry.width, y = c / chip.geometry.width;
        for (size_t j = 0; j < potentials.size(); ++j)
          trace << t << ',' << x << ',' << y << ',' << j << ',' << potentials[j] << '\n';
      }
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (const auto& c : total) sum += c;

  if (!a.counters_json.empty()) {
    CountersFile f;
    f.geometry = chip.geometry;
    f.ticks = a.ticks;
    f.tick_us = a.tick_us;
    f.cores = total;
    save_counters_file(f, a.counters_json);
  }

  RunTotals r;
  r.model = a.model;
  r.engine = engine->name();
  r.geometry = chip.geometry;
  r.ticks = static_cast<int64_t>(a.ticks);
  r.threads = a.threads;
  r.spikes = sum.spikes;  // the counters' total: reading the spike list would build it
  r.offchip_packets = offchip;
  r.sum = sum;
  if (!a.no_hash) r.hash = hash.value();
  if (a.timing || chip.tick_period_cycles > 0) r.min_tick_period_cycles = max_tick_cycles;
  r.tick_us = a.tick_us;
  r.load_seconds = load_s;
  r.run_seconds = secs;
  print_run_summary(run_summary(r), a.json, std::cout);
  if (sum.late_packets > 0)
    std::cerr << "meridian: warning: " << sum.late_packets
              << " packets arrived after their delivery tick began (tick_period_cycles "
              << chip.tick_period_cycles << "); they were counted, not delivered\n";
  return 0;
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto a = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run a model on an engine and print a summary");
  cmd->add_option("model", a->model, "Model file (.json or .mdl)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--ticks,-n", a->ticks, "Ticks to run")->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  cmd->add_option("--input,-i", a->input, "Input spike file (CSV: tick,x,y,axon)")->check(CLI::ExistingFile);
  cmd->add_flag("--drop-late-input", a->drop_late_input,
                "Run an input file whose spikes go past --ticks (replaying the start of a longer run); "
                "without it such a file is refused");
  cmd->add_option("--output,-o", a->output, "Write every spike (CSV: tick,x,y,neuron)");
  cmd->add_option("--offchip", a->offchip, "Write packets leaving the chip (CSV)");
  CLI::Option* trace =
      cmd->add_option("--trace", a->trace, "Write membrane potentials after every tick (CSV: tick,x,y,neuron,v)");
  cmd->add_option("--trace-cores", a->trace_cores, "Core indices (y*width+x) to trace; default all")
      ->delimiter(',')->needs(trace);
  CLI::Option* seed = cmd->add_option("--seed", a->seed, "Re-key every core's PRNG from this seed")
                          ->check(seed_range());
  cmd->add_option("--engine,-e", a->engine, "Engine: " + engine_list());
  cmd->add_option("--threads,-j", a->threads, "Worker threads (golden engine)")->check(CLI::Range(1, 256));
  cmd->add_flag("--no-hash", a->no_hash,
                "Skip the spike-trace hash: FNV-1a is serial, ~60 cycles per spike (speed runs)");
  cmd->add_flag("--timing", a->timing, "Cycle-accurate router timing (reports min tick period)");
  cmd->add_option("--tick-us", a->tick_us, "Tick period in microseconds, for rates")
      ->check(finite_range(kMinTickUs, kMaxTickUs, " us"));
  cmd->add_option("--counters-json", a->counters_json, "Write accumulated per-core counters (for `meridian energy`)");
  cmd->add_flag("--json", a->json, "Print the summary as one JSON object");
  cmd->callback([a, seed] {
    a->reseed = seed->count() > 0;
    check_engine_name(a->engine);
    const int rc = run(*a);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace meridian
