#include "sim/mpi/distributed_chip.h"

#include <stdexcept>
#include <string>

namespace meridian {

namespace {

// Gathers variable-length byte blocks of trivially copyable records from every rank.
template <class T>
std::vector<T> allgather(const std::vector<T>& mine, MPI_Comm comm, int size) {
  const int bytes = static_cast<int>(mine.size() * sizeof(T));
  std::vector<int> counts(size), displs(size);
  MPI_Allgather(&bytes, 1, MPI_INT, counts.data(), 1, MPI_INT, comm);
  int total = 0;
  for (int r = 0; r < size; ++r) { displs[r] = total; total += counts[r]; }
  std::vector<T> all(total / sizeof(T));
  MPI_Allgatherv(mine.data(), bytes, MPI_BYTE, all.data(), counts.data(), displs.data(), MPI_BYTE,
                 comm);
  return all;
}

template <class T>
std::vector<T> gather0(const std::vector<T>& mine, MPI_Comm comm, int rank, int size) {
  const int bytes = static_cast<int>(mine.size() * sizeof(T));
  std::vector<int> counts(size), displs(size);
  MPI_Gather(&bytes, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, comm);
  int total = 0;
  for (int r = 0; r < size; ++r) { displs[r] = total; total += counts[r]; }
  std::vector<T> all(rank == 0 ? total / sizeof(T) : 0);
  MPI_Gatherv(mine.data(), bytes, MPI_BYTE, all.data(), counts.data(), displs.data(), MPI_BYTE, 0,
              comm);
  return all;
}

}  // namespace

DistributedChip::DistributedChip(const ChipConfig& config, MPI_Comm comm, int threads)
    : comm_(comm) {
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &size_);
  const int h = config.geometry.height;
  if (size_ > h)
    throw std::invalid_argument(std::to_string(size_) + " ranks for a chip of " +
                                std::to_string(h) + " rows: use at most one rank per row");
  ChipOptions o;
  o.threads = threads;
  o.band_begin = rank_ * h / size_;
  o.band_end = (rank_ + 1) * h / size_;
  chip_ = std::make_unique<Chip>(config, o);
}

void DistributedChip::inject(const InputSpike& s) {
  if (s.y >= chip_->band_begin() && s.y < chip_->band_end()) chip_->inject(s);
}

void DistributedChip::step() {
  chip_->begin_tick();
  rounds_ = 0;
  for (;;) {
    const std::vector<Transit> all = allgather(chip_->transits(), comm_, size_);
    if (all.empty()) break;  // every rank sees the same total, so all leave together
    ++rounds_;
    chip_->accept_transits(all);
  }
  chip_->end_tick();
}

std::vector<Spike> DistributedChip::gather_spikes() const {
  // Bands are in rank order and each band's spikes are in core order: concatenation is canonical.
  return gather0(chip_->spikes(), comm_, rank_, size_);
}

std::vector<CoreCounters> DistributedChip::gather_counters(
    const std::vector<CoreCounters>& local_cores) const {
  return gather0(local_cores, comm_, rank_, size_);
}

}  // namespace meridian
