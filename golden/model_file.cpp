#include "golden/model_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <sys/stat.h>

#include "golden/model_binary.h"
#include "golden/model_error.h"
#include "golden/model_json.h"

namespace meridian {
namespace {

std::string extension_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return path.substr(dot);
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

// Range checks of validate_model; messages read "<name>: core (x, y) <field>: value ...".
class Validator {
 public:
  explicit Validator(const std::string& name) : name_(name) {}
  void set_core(int x, int y) {
    where_ = "core (" + std::to_string(x) + ", " + std::to_string(y) + ") ";
  }
  [[noreturn]] void fail(const std::string& field, const std::string& msg) const {
    throw ModelError(name_ + ": " + where_ + field + ": " + msg);
  }
  void check(const std::string& field, long long v, long long lo, long long hi) const {
    if (v < lo || v > hi) fail(field, out_of_range_text(v, lo, hi));
  }

 private:
  const std::string& name_;
  std::string where_;
};

void validate_core(Validator& v, const CoreConfig& c, const Geometry& g) {
  const size_t words = static_cast<size_t>(g.words_per_row());
  if (c.axon_type.size() != static_cast<size_t>(g.axons)) {
    v.fail("axon_type",
           "size " + std::to_string(c.axon_type.size()) + " != axons " + std::to_string(g.axons));
  }
  for (size_t i = 0; i < c.axon_type.size(); ++i) {
    if (c.axon_type[i] >= kAxonTypes) {  // names are built only on failure (hot loops)
      v.check("axon_type[" + std::to_string(i) + "]", c.axon_type[i], 0, kAxonTypes - 1);
    }
  }
  if (c.crossbar.size() != g.axons * words) {
    v.fail("crossbar", "size " + std::to_string(c.crossbar.size()) + " words != axons * " +
                           std::to_string(words));
  }
  const int tail = g.neurons % 64;
  if (tail != 0) {
    const uint64_t excess = ~((uint64_t{1} << tail) - 1);
    for (int i = 0; i < g.axons; ++i) {
      if (c.crossbar[i * words + words - 1] & excess) {
        v.fail("crossbar row " + std::to_string(i),
               "bits of neurons " + std::to_string(g.neurons) + " and above must be 0");
      }
    }
  }
  if (c.neuron_types.size() > 65536) {
    v.fail("neuron_types", "at most 65536 types, got " + std::to_string(c.neuron_types.size()));
  }
  for (size_t k = 0; k < c.neuron_types.size(); ++k) {
    const NeuronParams& n = c.neuron_types[k];
    const std::string f = "neuron_types[" + std::to_string(k) + "].";
    for (int t = 0; t < kAxonTypes; ++t) {
      v.check(f + "weight[" + std::to_string(t) + "]", n.weight[t], -kWeightMax, kWeightMax);
    }
    v.check(f + "leak", n.leak, -kWeightMax, kWeightMax);
    v.check(f + "threshold", n.threshold, 0, kThresholdMax);
    v.check(f + "neg_threshold", n.neg_threshold, 0, kThresholdMax);
    v.check(f + "threshold_mask_bits", n.threshold_mask_bits, 0, kThresholdMaskBitsMax);
    v.check(f + "reset_mode", static_cast<int>(n.reset_mode), 0, 2);
    v.check(f + "reset_potential", n.reset_potential, -kResetPotentialMax, kResetPotentialMax);
    v.check(f + "initial_potential", n.initial_potential, kPotentialMin, kPotentialMax);
  }
  if (c.neurons.size() != static_cast<size_t>(g.neurons)) {
    v.fail("neurons",
           "size " + std::to_string(c.neurons.size()) + " != neurons " + std::to_string(g.neurons));
  }
  const long long ntypes = static_cast<long long>(c.neuron_types.size());
  for (int j = 0; j < g.neurons; ++j) {
    const NeuronConfig& n = c.neurons[j];
    const Destination& d = n.dest;
    const bool bad_type = n.enabled && n.type >= ntypes;
    const bool bad_dest =
        n.has_destination && (d.dx < kDxMin || d.dx > kDxMax || d.dy < kDxMin || d.dy > kDxMax ||
                              d.axon >= g.axons || d.delay < kDelayMin || d.delay > kDelayMax);
    if (!bad_type && !bad_dest) continue;
    const std::string f = "neurons[" + std::to_string(j) + "].";
    if (bad_type) {
      if (ntypes == 0) v.fail(f + "type", "enabled neuron, but the core has no neuron_types");
      v.check(f + "type", n.type, 0, ntypes - 1);
    }
    if (!bad_dest) continue;
    v.check(f + "dest.dx", d.dx, kDxMin, kDxMax);
    v.check(f + "dest.dy", d.dy, kDxMin, kDxMax);
    v.check(f + "dest.axon", d.axon, 0, g.axons - 1);
    v.check(f + "dest.delay", d.delay, kDelayMin, kDelayMax);
  }
}

}  // namespace

void validate_model(const ChipConfig& chip, const std::string& name_for_errors) {
  Validator v(name_for_errors);
  const Geometry& g = chip.geometry;
  v.check("geometry.width", g.width, 1, kMaxGridSide);
  v.check("geometry.height", g.height, 1, kMaxGridSide);
  v.check("geometry.axons", g.axons, 1, kMaxAxons);
  v.check("geometry.neurons", g.neurons, 1, kMaxNeurons);
  if (chip.cores.size() != static_cast<size_t>(g.cores())) {
    v.fail("cores", "size " + std::to_string(chip.cores.size()) +
                        " != width * height = " + std::to_string(g.cores()));
  }
  for (int y = 0; y < g.height; ++y) {
    for (int x = 0; x < g.width; ++x) {
      v.set_core(x, y);
      validate_core(v, chip.cores[chip.core_index(x, y)], g);
    }
  }
}

std::vector<uint8_t> read_file_bytes(const std::string& path) {
  File f(std::fopen(path.c_str(), "rb"));
  if (!f) throw ModelError(path + ": cannot open for reading: " + std::strerror(errno));
  // fopen succeeds on a directory and its "size" is huge: without this, bad_alloc.
  struct stat st;
  if (fstat(fileno(f.get()), &st) == 0 && S_ISDIR(st.st_mode))
    throw ModelError(path + ": is a directory, not a file");
  std::vector<uint8_t> bytes;
  size_t used = 0;
  if (std::fseek(f.get(), 0, SEEK_END) == 0) {
    const long size = std::ftell(f.get());
    if (size > 0) bytes.resize(static_cast<size_t>(size));
    std::rewind(f.get());
  }
  // One bulk read of the expected size, then on until EOF (pipes, files that grew meanwhile).
  while (true) {
    if (used == bytes.size()) bytes.resize(bytes.size() + (1 << 16));
    const size_t n = std::fread(bytes.data() + used, 1, bytes.size() - used, f.get());
    used += n;
    if (n == 0) break;
  }
  bytes.resize(used);
  if (std::ferror(f.get())) throw ModelError(path + ": read error: " + std::strerror(errno));
  return bytes;
}

void write_file_bytes(const std::string& path, const void* data, size_t size) {
  File f(std::fopen(path.c_str(), "wb"));
  if (!f) throw ModelError(path + ": cannot open for writing: " + std::strerror(errno));
  if (size != 0 && std::fwrite(data, 1, size, f.get()) != size) {
    throw ModelError(path + ": write error: " + std::strerror(errno));
  }
  if (std::fclose(f.release()) != 0) {
    throw ModelError(path + ": write error: " + std::strerror(errno));
  }
}

ChipConfig load_model(const std::string& path) {
  std::vector<uint8_t> bytes = read_file_bytes(path);
  const bool magic = bytes.size() >= 8 && std::memcmp(bytes.data(), kModelBinaryMagic, 8) == 0;
  if (magic || extension_of(path) == ".mdl") return parse_model_binary(bytes, path);
  return parse_model_json(std::string(bytes.begin(), bytes.end()), path);
}

void save_model(const ChipConfig& chip, const std::string& path) {
  const std::string ext = extension_of(path);
  if (ext == ".json") {
    save_model_json(chip, path);
  } else if (ext == ".mdl") {
    save_model_binary(chip, path);
  } else {
    throw ModelError(path + ": unknown model file extension '" + ext +
                     "' (expected .json or .mdl)");
  }
}

}  // namespace meridian
