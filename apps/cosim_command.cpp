// `meridian cosim`: the golden model and an RTL engine in lockstep, compared every tick; on the
// first divergence, the report and (for the Verilator engine) an FST waveform of the ticks
// before it. Exit status 0 when the engines agree, 1 on divergence.
#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>

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
  std::string model, input, engine = "rtl", fst;
  uint64_t ticks = 100, window = 4;
};

std::optional<Divergence> run_once(const CosimArgs& a, const ChipConfig& chip,
                                   const std::vector<InputSpike>& inputs, uint64_t trace_from,
                                   uint64_t trace_to) {
  EngineOptions timed;
  timed.timing = true;
  GoldenEngine golden(timed);
  std::unique_ptr<Engine> dut = make_engine(a.engine, timed, chip.geometry);
  if (!a.fst.empty() && trace_to != UINT64_MAX) {
#if MERIDIAN_HAVE_RTL
    if (auto* rtl = dynamic_cast<VerilatorEngine*>(dut.get())) {
      rtl->trace_to(a.fst, trace_from, trace_to);
    }
#endif
  }
  Lockstep lock(golden, *dut, LockstepOptions{true});
  lock.load(chip);
  return lock.run(a.ticks, inputs);
}

int cosim(const CosimArgs& a) {
  const ChipConfig chip = load_model(a.model);
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
    run_once(a, chip, inputs, from, d->tick);
    std::cout << "waveform of ticks " << from << ".." << d->tick << " written to " << a.fst
              << " (view with gtkwave, or fst2vcd)\n";
  }
  std::cout << "replay: meridian cosim " << a.model << " --ticks " << (d->tick + 1)
            << (a.input.empty() ? "" : " --input " + a.input) << " --engine " << a.engine
            << " --fst divergence.fst\n";
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
  cmd->add_option("--engine,-e", a->engine, "Engine checked against golden (rtl, systemc)")->capture_default_str();
  cmd->add_option("--fst", a->fst, "On divergence, write an FST waveform of the ticks before it");
  cmd->add_option("--window", a->window, "Ticks before the divergence in the waveform")->capture_default_str();
  cmd->callback([a] {
    const int rc = cosim(*a);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace meridian
