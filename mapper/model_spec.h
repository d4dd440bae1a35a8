// Model and input specifications (used by regression suites and the CLI): a file path, or a generator
// call such as {"gen": "random", "grid": "2x2", "seed": 5} (docs/REGRESSION.md).
#pragma once

#include <string>
#include <vector>

#include "golden/config.h"
#include "golden/spike.h"

namespace meridian {

ChipConfig resolve_model_spec(const std::string& spec_json, const std::string& dir);
std::vector<InputSpike> resolve_inputs_spec(const std::string& spec_json, const std::string& dir,
                                            const Geometry& g, uint64_t ticks);
std::pair<int, int> parse_grid(const std::string& s);  // "WxH", 1..256 each

}  // namespace meridian
