// Accumulated per-core counters of a run as a JSON file: what `meridian run ... --counters-json`
// writes and what the energy fit and report read (format in docs/ENERGY.md section 1).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "golden/config.h"
#include "golden/counters.h"

namespace meridian {

struct CountersFile {
  Geometry geometry;
  uint64_t ticks = 0;               // ticks the counters were accumulated over
  double tick_us = 0;               // tick period of the run (0 = not recorded: no field)
  std::vector<CoreCounters> cores;  // [width * height], index y * width + x, summed over ticks
};

// A recorded tick period must lie in this range (as `--tick-us` of the CLI).
constexpr double kMinTickUs = 1e-3, kMaxTickUs = 1e9;

std::string counters_file_to_json(const CountersFile& f);
// Errors are ModelError naming the file, the JSON path and the allowed range; unknown fields are
// refused.
CountersFile parse_counters_file(const std::string& json_text, const std::string& file);
CountersFile load_counters_file(const std::string& path);
// Whether a file starting with `head` (its first few KiB) is a counters file rather than a model:
// it names the counters format or, with the format missing or mistyped, has counters-only keys.
bool looks_like_counters_file(const std::string& head);
void save_counters_file(const CountersFile& f, const std::string& path);

}  // namespace meridian
