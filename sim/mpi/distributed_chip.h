// One chip split across MPI ranks by bands of rows (docs/SCALING.md). Each rank simulates its
// band with the golden model; packets crossing band edges are exchanged every tick until none is
// in flight, so results are bit-exact with a single-process run.
#pragma once

#include <mpi.h>

#include <memory>
#include <vector>

#include "golden/chip.h"

namespace meridian {

class DistributedChip {
 public:
  // Collective. Rows are split as evenly as possible; needs ranks <= height.
  DistributedChip(const ChipConfig& config, MPI_Comm comm, int threads = 1);

  int rank() const { return rank_; }
  int ranks() const { return size_; }
  const Chip& local() const { return *chip_; }

  // Every rank may call this with every input spike; each keeps those for its own rows.
  void inject(const InputSpike& s);
  // Collective: one tick on every rank, with the transit exchange.
  void step();
  // Collective: the last tick's spikes of the whole chip in canonical order, on rank 0.
  std::vector<Spike> gather_spikes() const;
  // Collective: per-core counters summed on every rank's cores, whole chip on rank 0.
  std::vector<CoreCounters> gather_counters(const std::vector<CoreCounters>& local_cores) const;
  // Transit exchange rounds of the last tick (a packet crossing k band edges needs k rounds).
  int last_rounds() const { return rounds_; }

 private:
  MPI_Comm comm_;
  int rank_ = 0, size_ = 1, rounds_ = 0;
  std::unique_ptr<Chip> chip_;
};

}  // namespace meridian
