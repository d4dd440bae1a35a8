// meridian-mpi: run one chip split across MPI ranks (docs/SCALING.md), e.g.
//   mpirun -np 4 build/apps/mpi/meridian-mpi chip.mdl --ticks 1000 --json
// Rank 0 prints `meridian run`'s summary (apps/run_summary.h) plus ranks and exchange rounds.
#include <mpi.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/cli_decimal.h"
#include "apps/run_summary.h"
#include "golden/model_file.h"
#include "golden/spike_io.h"
#include "sim/mpi/distributed_chip.h"

namespace {

int run(int argc, char** argv, int rank) {
  CLI::App app{"Run one Meridian chip split across MPI ranks by bands of rows"};
  std::string model, input;
  uint64_t ticks = 100;
  int threads = 1;
  bool json = false;
  app.add_option("model", model, "Model file (.json or .mdl)")->required()->check(CLI::ExistingFile);
  app.add_option("--ticks,-n", ticks, "Ticks to run")->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  app.add_option("--input,-i", input, "Input spike file (CSV: tick,x,y,axon)")->check(CLI::ExistingFile);
  app.add_option("--threads,-j", threads, "Threads per rank")->check(CLI::Range(1, 256));
  app.add_flag("--json", json, "Print the summary as one JSON object");
  meridian::decimal_integer_options(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return rank == 0 ? app.exit(e) : (e.get_exit_code() == 0 ? 0 : 2);
  }

  const auto t_load = std::chrono::steady_clock::now();
  const meridian::ChipConfig config = meridian::load_model(model);
  std::vector<meridian::InputSpike> inputs;
  if (!input.empty()) inputs = meridian::load_input_spikes(input, config.geometry);
  std::stable_sort(inputs.begin(), inputs.end(),
                   [](const auto& a, const auto& b) { return a.tick < b.tick; });
  meridian::DistributedChip chip(config, MPI_COMM_WORLD, threads);
  const double load_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t_load).count();

  meridian::SpikeTraceHash hash;
  std::vector<meridian::CoreCounters> total(chip.local().counters().size());
  uint64_t spikes = 0, offchip = 0;
  int max_rounds = 0;
  size_t next = 0;
  MPI_Barrier(MPI_COMM_WORLD);
  const auto t0 = std::chrono::steady_clock::now();
  for (uint64_t t = 0; t < ticks; ++t) {
    while (next < inputs.size() && inputs[next].tick <= t) {
      if (inputs[next].tick == t) chip.inject(inputs[next]);
      ++next;
    }
    chip.step();
    const std::vector<meridian::Spike> all = chip.gather_spikes();
    hash.add(all);
    spikes += all.size();
    offchip += chip.local().offchip().size();
    max_rounds = std::max(max_rounds, chip.last_rounds());
    for (size_t c = 0; c < total.size(); ++c) total[c] += chip.local().counters()[c];
  }
  MPI_Barrier(MPI_COMM_WORLD);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const std::vector<meridian::CoreCounters> cores = chip.gather_counters(total);
  uint64_t offchip_all = 0;
  MPI_Reduce(&offchip, &offchip_all, 1, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
  if (rank != 0) return 0;

  meridian::RunTotals r;
  for (const auto& c : cores) r.sum += c;
  r.model = model;
  r.engine = "golden-mpi";
  r.geometry = config.geometry;
  r.ticks = static_cast<int64_t>(ticks);
  r.threads = threads;
  r.spikes = spikes;
  r.offchip_packets = offchip_all;
  r.hash = hash.value();
  r.load_seconds = load_s;
  r.run_seconds = secs;
  nlohmann::ordered_json j = meridian::run_summary(r);
  j["ranks"] = chip.ranks();
  j["max_exchange_rounds"] = max_rounds;
  meridian::print_run_summary(j, json, std::cout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int rc = 0;
  try {
    rc = run(argc, argv, rank);
  } catch (const std::exception& e) {
    std::cerr << "meridian-mpi (rank " << rank << "): error: " << e.what() << "\n";
    MPI_Abort(MPI_COMM_WORLD, 2);
  }
  MPI_Finalize();
  return rc;
}
