// The binary model format (docs/MODEL_FORMAT.md section 2): little-endian, compact, loads a full
// 64x64 chip in a fraction of a second. Same content and validation as the JSON form.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "golden/config.h"

namespace meridian {

constexpr char kModelBinaryMagic[8] = {'M', 'R', 'D', 'N', 'M', 'D', 'L', '\0'};
constexpr uint32_t kModelBinaryVersion = 1;

ChipConfig load_model_binary(const std::string& path);
// Parse a whole file image; name_for_errors stands in for the file name in messages.
ChipConfig parse_model_binary(const std::vector<uint8_t>& bytes,
                              const std::string& name_for_errors);

std::vector<uint8_t> model_to_binary(const ChipConfig& chip);
void save_model_binary(const ChipConfig& chip, const std::string& path);

}  // namespace meridian
