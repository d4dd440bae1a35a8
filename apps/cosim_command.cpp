// `meridian cosim`: the golden model and an RTL engine in lockstep, compared every tick; on the
// first divergence, the report and (for the Verilator engine) an FST waveform of the ticks
// before it. Exit status 0 when the engines agree, 1 on divergence.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <regex>
#include <string>

#include "apps/cli_checks.h"
#include "apps/commands.h"
#include "apps/engine_factory.h"
#include "golden/model_file.h"
#include "golden/spike_io.h"
#include "sim/golden_engine.h"
#include "sim/lockstep.h"
#if MERIDIAN_HAVE_RTL
#include "sim/rtl/verilator_engine.h"
#endif

namespace meridian {

namespace {

struct CosimArgs {
  std::string model, input, engine = "rtl", fst, fault;
  uint64_t ticks = 100, window = 4;
  std::vector<int> trace_cores;
};

// --plant-fault TICK:CORE:NEURON adds 1 to that neuron's potential in the RTL after that tick,
// to show (and test) what a divergence looks like.
struct PlantedFault {
  bool on = false;
  uint64_t tick = 0;
  int core = 0, neuron = 0;
};

PlantedFault parse_fault(const std::string& s) {
  PlantedFault f;
  if (s.empty()) return f;
  std::smatch m;
  if (!std::regex_match(s, m, std::regex(R"((\d{1,12}):(\d{1,6}):(\d{1,6}))")))
    throw std::invalid_argument("--plant-fault '" + s + "': expected TICK:CORE:NEURON");
  f.on = true;
  f.tick = std::stoull(m[1]);
  f.core = std::stoi(m[2]);
  f.neuron = std::stoi(m[3]);
  return f;
}

// Everything the options name is checked against the model before either engine runs: a fault
// that can never be planted would otherwise end in "agree", and a bad core in the waveform list
// would surface only after a divergence.
void check_against_model(const CosimArgs& a, const Geometry& g) {
  const int cores = g.cores();
  check_core_indices(a.trace_cores, g, "--trace-cores");
  const std::string core_range = "[0, " + std::to_string(cores - 1) + "]";
  const PlantedFault f = parse_fault(a.fault);
  if (!f.on) return;
  if (a.engine != "rtl")
    throw std::invalid_argument("--plant-fault needs the rtl engine (--engine " + a.engine + ")");
  // Planted after tick T is compared, the fault shows from tick T + 1 on.
  if (f.tick + 1 >= a.ticks)
    throw std::invalid_argument("--plant-fault '" + a.fault + "': a fault after tick " +
                                std::to_string(f.tick) + " shows at tick " +
                                std::to_string(f.tick + 1) + ", but --ticks " +
                                std::to_string(a.ticks) + " compares ticks 0.." +
                                std::to_string(a.ticks - 1));
  if (f.core >= cores)
    throw std::invalid_argument("--plant-fault '" + a.fault + "': core " +
                                std::to_string(f.core) + " out of range " + core_range);
  if (f.neuron >= kMaxNeurons)
    throw std::invalid_argument("--plant-fault '" + a.fault + "': neuron " +
                                std::to_string(f.neuron) + " out of range [0, " +
                                std::to_string(kMaxNeurons - 1) + "]");
}

std::optional<Divergence> run_once(const CosimArgs& a, const ChipConfig& chip,
                                   const std::vector<InputSpike>& inputs, uint64_t trace_from,
                                   uint64_t trace_to) {
  EngineOptions timed;
  timed.timing = true;
  GoldenEngine golden(timed);
  std::unique_ptr<Engine> dut = make_engine(a.engine, timed, chip.geometry);
  (void)trace_from;  // used only where the RTL engine is built in
  if (!a.fst.empty() && trace_to != UINT64_MAX) {
#if MERIDIAN_HAVE_RTL
    if (auto* rtl = dynamic_cast<VerilatorEngine*>(dut.get())) {
      rtl->trace_to(a.fst, trace_from, trace_to, a.trace_cores);
    }
#endif
  }
  Lockstep lock(golden, *dut, LockstepOptions{true});
  lock.load(chip);
  const PlantedFault fault = parse_fault(a.fault);
  std::vector<InputSpike> sorted = inputs;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const InputSpike& x, const InputSpike& y) { return x.tick < y.tick; });
  size_t next = 0;
  for (uint64_t t = 0; t < a.ticks; ++t) {
    for (; next < sorted.size() && sorted[next].tick <= t; ++next)
      if (sorted[next].tick == t) lock.inject(sorted[next]);
    if (auto d = lock.step()) return d;
    if (fault.on && t == fault.tick) {
#if MERIDIAN_HAVE_RTL
      if (auto* rtl = dynamic_cast<VerilatorEngine*>(dut.get())) {
        std::vector<int32_t> v;
        rtl->potentials(fault.core, v);
        rtl->corrupt_potential_for_test(fault.core, fault.neuron, v.at(fault.neuron) + 1);
        continue;
      }
#endif
      throw std::invalid_argument("--plant-fault needs the rtl engine");
    }
  }
  return std::nullopt;
}

// The waveform is written only after a divergence, at the end of a possibly long run: a path
// that cannot be written is refused before anything runs, and only the RTL engine traces.
void check_fst_path(const CosimArgs& a) {
  if (a.fst.empty()) return;
  if (a.engine != "rtl")
    throw std::invalid_argument("--fst: waveforms come from the rtl engine only (--engine " +
                                a.engine + ")");
  const bool existed = std::filesystem::exists(a.fst);
  {
    std::ofstream probe(a.fst, std::ios::app);  // append: an existing file is left as it is
    if (!probe)
      throw std::runtime_error("--fst " + a.fst + ": cannot open for writing: " +
                               std::strerror(errno));
  }
  if (!existed) std::filesystem::remove(a.fst);
}

int cosim(const CosimArgs& a) {
  check_engine_name(a.engine);
  check_fst_path(a);
  const ChipConfig chip = load_model(a.model);
  check_against_model(a, chip.geometry);
  std::vector<InputSpike> inputs;
  if (!a.input.empty()) inputs = load_input_spikes(a.input, chip.geometry);
  const std::optional<Divergence> d = run_once(a, chip, inputs, 0, UINT64_MAX);
  if (!d) {
    std::cout << "cosim: golden and " << a.engine << " agree on " << a.ticks << " ticks of "
              << a.model << " (" << chip.geometry.width << "x" << chip.geometry.height
              << " cores): spikes, potentials, packets, counters and cycles\n";
    return 0;
  }
  std::cout << d->message() << "\n";
  if (!a.fst.empty()) {
    // Replay deterministically with tracing on for the window that ends at the divergence.
    const uint64_t from = d->tick >= a.window ? d->tick - a.window : 0;
    std::error_code ec;
    std::filesystem::remove(a.fst, ec);  // so that a stale file cannot pass for the new one
    run_once(a, chip, inputs, from, d->tick);
    if (!std::filesystem::exists(a.fst) || std::filesystem::file_size(a.fst, ec) == 0)
      throw std::runtime_error("--fst " + a.fst + ": the waveform of ticks " +
                               std::to_string(from) + ".." + std::to_string(d->tick) +
                               " was not written (divergence reported above)");
    std::cout << "waveform of ticks " << from << ".." << d->tick << " written to " << a.fst
              << " (view with gtkwave, or fst2vcd)\n";
  }
  std::cout << "replay: meridian cosim " << a.model << " --ticks " << (d->tick + 1)
            << (a.input.empty() ? "" : " --input " + a.input) << " --engine " << a.engine
            << (a.fault.empty() ? "" : " --plant-fault " + a.fault) << " --fst divergence.fst\n";
  return 1;
}

}  // namespace

void add_cosim_command(CLI::App& app) {
  auto a = std::make_shared<CosimArgs>();
  CLI::App* cmd = app.add_subcommand(
      "cosim", "Run golden and an RTL engine in lockstep; exit 1 at the first divergence");
  cmd->add_option("model", a->model, "Model file (.json or .mdl)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--ticks,-n", a->ticks, "Ticks to compare")->check(CLI::Range(uint64_t{1}, uint64_t{1} << 32));
  cmd->add_option("--input,-i", a->input, "Input spike file")->check(CLI::ExistingFile);
  cmd->add_option("--engine,-e", a->engine, "Engine checked against golden: " + engine_list())
      ->capture_default_str();
  CLI::Option* fst =
      cmd->add_option("--fst", a->fst, "On divergence, write an FST waveform of the ticks before it");
  cmd->add_option("--plant-fault", a->fault, "TICK:CORE:NEURON: corrupt one RTL potential (checker demo)");
  cmd->add_option("--trace-cores", a->trace_cores, "Cores (y*width+x) in the waveform; default all")
      ->delimiter(',')->needs(fst);
  cmd->add_option("--window", a->window, "Ticks before the divergence in the waveform")
      ->check(CLI::Range(uint64_t{0}, uint64_t{1} << 32))->needs(fst)->capture_default_str();
  cmd->callback([a] {
    const int rc = cosim(*a);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace meridian
