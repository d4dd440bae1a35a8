// The summary that `meridian run` and `meridian-mpi` print: one builder, so both programs give the
// same field names, order and formatting, and a distributed run compares with a single-process
// one line by line (testbench/mpi_equivalence.sh does exactly that).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "golden/config.h"
#include "golden/counters.h"

namespace meridian {

struct RunTotals {
  std::string model, engine;
  Geometry geometry;
  int64_t ticks = 0;
  int threads = 1;
  uint64_t spikes = 0, offchip_packets = 0;
  CoreCounters sum;                   // every core's counters over the run
  std::optional<uint64_t> hash;       // spike-trace hash; empty when hashing is off
  std::optional<uint64_t> min_tick_period_cycles;  // reported in timing mode
  double tick_us = 1000;
  double load_seconds = 0, run_seconds = 0;
};

// The fields in their printed order; callers may append program-specific ones.
nlohmann::ordered_json run_summary(const RunTotals& r);

// As one JSON object, or as "name value" lines.
void print_run_summary(const nlohmann::ordered_json& j, bool json, std::ostream& os);

}  // namespace meridian
