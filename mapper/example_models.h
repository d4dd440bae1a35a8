// Small directed example models whose behaviour can be worked out by hand
// (docs/EXAMPLES.md gives the expected spikes of each).
#pragma once

#include <string>
#include <vector>

#include "golden/config.h"

namespace meridian {

std::vector<std::string> example_names();
// Throws std::invalid_argument naming the known examples for an unknown name.
ChipConfig make_example(const std::string& name);

}  // namespace meridian
