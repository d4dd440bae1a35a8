// Model files of either format, chosen by content (binary magic) on load and by extension on save.
#pragma once

#include <string>
#include <vector>

#include "golden/config.h"

namespace meridian {

// Binary if the file starts with "MRDNMDL\0" or is named *.mdl, JSON otherwise.
ChipConfig load_model(const std::string& path);
// *.json -> JSON, *.mdl -> binary; any other extension is a ModelError.
void save_model(const ChipConfig& chip, const std::string& path);

// Check every field of an in-memory config against its range (docs/ARCHITECTURE.md section 2);
// throws ModelError "<name>: core (x,y) <field>: value V out of range [lo, hi]". The savers call
// it so that no file is written that the loaders would reject.
void validate_model(const ChipConfig& chip, const std::string& name_for_errors);

// Whole-file reads and writes shared by the model and spike readers; errors name the path.
std::vector<uint8_t> read_file_bytes(const std::string& path);
void write_file_bytes(const std::string& path, const void* data, size_t size);

}  // namespace meridian
