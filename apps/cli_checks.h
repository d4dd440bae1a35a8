// Option checks for the chip-side commands whose messages give the allowed range readably, and
// that refuse what CLI11's own checks let through: NaN passes CLI::Range (every comparison with
// NaN is false), unsigned options take "-1" (strtoull wraps it) and clamp overflow, and
// CLI::PositiveNumber prints its bound as a 309-digit number.
#pragma once

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "golden/config.h"

namespace meridian {

// %g without the exponent's padding: 1e9, not 1e+09.
inline std::string cli_num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  std::string s = buf;
  const size_t e = s.find('e');
  if (e != std::string::npos) {
    size_t k = e + 1;
    if (s[k] == '+') s.erase(k, 1);
    else if (s[k] == '-') ++k;
    while (k + 1 < s.size() && s[k] == '0') s.erase(k, 1);
  }
  return s;
}

// A finite number in [lo, hi]; `unit` is appended to the range in messages (" us").
inline CLI::Validator finite_range(double lo, double hi, const std::string& unit = "") {
  const std::string range = "[" + cli_num(lo) + ", " + cli_num(hi) + "]" + unit;
  return CLI::Validator(
      [lo, hi, range](std::string& s) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(s.c_str(), &end);
        if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v) || v < lo || v > hi)
          return "value " + s + " is not a finite number in " + range;
        return "";
      },
      "number in " + range);
}

// A seed: a decimal integer in [0, 2^64-1], refused rather than wrapped (-1) or clamped.
inline CLI::Validator seed_range() {
  const std::string range = "[0, " + std::to_string(UINT64_MAX) + "]";
  return CLI::Validator(
      [range](std::string& s) -> std::string {
        const bool digits = !s.empty() && s.size() <= 20 &&
                            s.find_first_not_of("0123456789") == std::string::npos;
        errno = 0;
        if (digits) std::strtoull(s.c_str(), nullptr, 10);
        if (!digits || errno == ERANGE) return "value " + s + " is not an integer in " + range;
        return "";
      },
      "integer in " + range);
}

// A list of core indices (y*width+x) for `option`: each inside the model's grid, none listed twice
// (its rows would be written twice).
inline void check_core_indices(const std::vector<int>& cores, const Geometry& g,
                               const std::string& option) {
  for (int c : cores)
    if (c < 0 || c >= g.cores())
      throw std::invalid_argument(option + ": core " + std::to_string(c) + " out of range [0, " +
                                  std::to_string(g.cores() - 1) + "] of the model's " +
                                  std::to_string(g.width) + "x" + std::to_string(g.height) +
                                  " grid");
  std::set<int> seen;
  for (size_t i = 0; i < cores.size(); ++i)
    if (!seen.insert(cores[i]).second)
      throw std::invalid_argument(option + ": core " + std::to_string(cores[i]) +
                                  " is listed twice (entry " + std::to_string(i) +
                                  ", counting from 0)");
}

// Refuses input spikes at or after the run's last tick, which would never be delivered: names the
// file, the first such spike and the run length. `hint` says how to proceed (e.g. an option).
template <class Spikes>
void check_inputs_before(const Spikes& inputs, const std::string& file, uint64_t ticks,
                         const std::string& hint) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    const auto& s = inputs[i];
    if (s.tick < ticks) continue;
    throw std::invalid_argument(
        file + ": spike " + std::to_string(i + 1) + " of " + std::to_string(inputs.size()) +
        " (tick " + std::to_string(s.tick) + ", core (" + std::to_string(s.x) + "," +
        std::to_string(s.y) + ") axon " + std::to_string(s.axon) + ") is at or after the run's " +
        std::to_string(ticks) + " ticks (0.." + std::to_string(ticks - 1) +
        ") and would never be delivered; " + hint);
  }
}

}  // namespace meridian
