// The JSON model format (docs/MODEL_FORMAT.md section 1): readable, diffable, slow for full chips.
#pragma once

#include <string>

#include "golden/config.h"

namespace meridian {

// Read and validate a model file; throws ModelError naming the file and the JSON pointer.
ChipConfig load_model_json(const std::string& path);
// Same, from text already in memory; name_for_errors stands in for the file name in messages.
ChipConfig parse_model_json(const std::string& text, const std::string& name_for_errors);

// Write the canonical form: empty cores and default-valued fields omitted, so that
// parse_model_json(model_to_json(c)) == c for every valid c.
std::string model_to_json(const ChipConfig& chip);
void save_model_json(const ChipConfig& chip, const std::string& path);

}  // namespace meridian
