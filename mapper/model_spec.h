// Model and input specifications (used by regression suites and the CLI): a file path, or a generator
// call such as {"gen": "random", "grid": "2x2", "seed": 5} (docs/REGRESSION.md).
#pragma once

#include <string>
#include <vector>

#include "golden/config.h"
#include "golden/spike.h"

namespace meridian {

// Errors in the spec itself are JsonValueError (golden/model_error.h) with a path relative to the
// spec, e.g. "/seed: value -1 out of range [0, 18446744073709551615]"; unknown fields are refused.
// A file's own errors (ModelError) name the file.
ChipConfig resolve_model_spec(const std::string& spec_json, const std::string& dir);
std::vector<InputSpike> resolve_inputs_spec(const std::string& spec_json, const std::string& dir,
                                            const Geometry& g, uint64_t ticks);
std::pair<int, int> parse_grid(const std::string& s);  // "WxH", 1..256 each

}  // namespace meridian
