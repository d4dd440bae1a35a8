#include "golden/model_binary.h"

#include <cstring>

#include "golden/model_error.h"
#include "golden/model_file.h"

namespace meridian {
namespace {

// Layout sizes of docs/MODEL_FORMAT.md section 2.
constexpr size_t kHeaderBytes = 28;
constexpr size_t kCoreHeaderBytes = 12;
constexpr size_t kTypeRecordBytes = 32;
constexpr size_t kNeuronRecordBytes = 10;
constexpr uint32_t kMaxNeuronTypes = 65536;  // NeuronConfig::type is 16 bits

constexpr bool kHostLittleEndian = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;

size_t axon_type_bytes(const Geometry& g) { return static_cast<size_t>(g.axons + 3) / 4; }

// Little-endian field access into a byte image.
template <typename T>
T get_le(const uint8_t* p) {
  using U = std::make_unsigned_t<T>;
  U u = 0;
  for (size_t i = 0; i < sizeof(T); ++i) u = static_cast<U>(u | (static_cast<U>(p[i]) << (8 * i)));
  return static_cast<T>(u);
}
template <typename T>
void put_le(uint8_t* p, T v) {
  using U = std::make_unsigned_t<T>;
  const U u = static_cast<U>(v);
  for (size_t i = 0; i < sizeof(T); ++i) p[i] = static_cast<uint8_t>(u >> (8 * i));
}

// Walks the image; every failure names the file, the byte offset and what was being read.
class BinaryReader {
 public:
  BinaryReader(const std::vector<uint8_t>& bytes, std::string name)
      : bytes_(bytes), name_(std::move(name)) {}

  // Returns a pointer to the next n bytes and advances past them.
  const uint8_t* take(size_t n, const std::string& what) {
    if (n > bytes_.size() - pos_) {
      throw ModelError(name_ + ": truncated at byte offset " + std::to_string(bytes_.size()) +
                       ": " + what + " needs " + std::to_string(n) + " bytes at offset " +
                       std::to_string(pos_));
    }
    const uint8_t* p = bytes_.data() + pos_;
    pos_ += n;
    return p;
  }
  size_t pos() const { return pos_; }
  bool at_end() const { return pos_ == bytes_.size(); }

  [[noreturn]] void fail(size_t offset, const std::string& where, const std::string& msg) const {
    throw ModelError(name_ + ": byte " + std::to_string(offset) + ": " + where + ": " + msg);
  }
  // Range check of one field at byte `offset`.
  void check(size_t offset, const std::string& where, long long v, long long lo,
             long long hi) const {
    if (v < lo || v > hi) fail(offset, where, out_of_range_text(v, lo, hi));
  }

 private:
  const std::vector<uint8_t>& bytes_;
  std::string name_;
  size_t pos_ = 0;
};

std::string core_name(int x, int y) {
  return "core (" + std::to_string(x) + ", " + std::to_string(y) + ")";
}

NeuronParams read_type(BinaryReader& r, const std::string& where) {
  const size_t base = r.pos();
  const uint8_t* p = r.take(kTypeRecordBytes, where);
  NeuronParams n;
  for (int g = 0; g < kAxonTypes; ++g) {
    const int16_t w = get_le<int16_t>(p + 2 * g);
    r.check(base + 2 * g, where + ".weight[" + std::to_string(g) + "]", w, -kWeightMax, kWeightMax);
    n.weight[g] = w;
  }
  n.leak = get_le<int16_t>(p + 8);
  r.check(base + 8, where + ".leak", n.leak, -kWeightMax, kWeightMax);
  const uint8_t flags = p[10];
  if (flags & 0x80) r.fail(base + 10, where + ".flags", "reserved bit 7 is set");
  for (int g = 0; g < kAxonTypes; ++g) n.stochastic_synapse[g] = (flags >> g) & 1;
  n.stochastic_leak = (flags >> 4) & 1;
  n.leak_reversal = (flags >> 5) & 1;
  n.neg_saturate = (flags >> 6) & 1;
  r.check(base + 11, where + ".reset_mode", p[11], 0, 2);
  n.reset_mode = static_cast<ResetMode>(p[11]);
  const uint32_t alpha = get_le<uint32_t>(p + 12);
  r.check(base + 12, where + ".threshold", alpha, 0, kThresholdMax);
  n.threshold = alpha;
  const uint32_t beta = get_le<uint32_t>(p + 16);
  r.check(base + 16, where + ".neg_threshold", beta, 0, kThresholdMax);
  n.neg_threshold = beta;
  r.check(base + 20, where + ".threshold_mask_bits", p[20], 0, kThresholdMaskBitsMax);
  n.threshold_mask_bits = p[20];
  if (p[21] | p[22] | p[23]) r.fail(base + 21, where, "reserved bytes 21..23 must be 0");
  n.reset_potential = get_le<int32_t>(p + 24);
  r.check(base + 24, where + ".reset_potential", n.reset_potential, -kResetPotentialMax,
          kResetPotentialMax);
  n.initial_potential = get_le<int32_t>(p + 28);
  r.check(base + 28, where + ".initial_potential", n.initial_potential, kPotentialMin,
          kPotentialMax);
  return n;
}

void read_core_body(BinaryReader& r, const Geometry& g, const std::string& cname, uint32_t ntypes,
                    CoreConfig& core) {
  // Axon types: four 2-bit fields per byte, axon i in bits 2*(i%4)+1..2*(i%4).
  {
    const size_t base = r.pos();
    const uint8_t* p = r.take(axon_type_bytes(g), cname + " axon_types");
    for (int i = 0; i < g.axons; ++i) core.axon_type[i] = (p[i / 4] >> (2 * (i % 4))) & 3;
    const int used = 2 * (g.axons % 4);
    if (used != 0 && (p[g.axons / 4] >> used) != 0) {
      r.fail(base + g.axons / 4, cname + " axon_types",
             "bits beyond axon " + std::to_string(g.axons - 1) + " must be 0");
    }
  }
  // Crossbar rows, bits at and above `neurons` zero.
  {
    const int words = g.words_per_row();
    const size_t n = static_cast<size_t>(g.axons) * words;
    const size_t base = r.pos();
    const uint8_t* p = r.take(n * 8, cname + " crossbar");
    if (kHostLittleEndian) {
      std::memcpy(core.crossbar.data(), p, n * 8);
    } else {
      for (size_t k = 0; k < n; ++k) core.crossbar[k] = get_le<uint64_t>(p + 8 * k);
    }
    const int tail = g.neurons % 64;
    if (tail != 0) {
      const uint64_t excess = ~((uint64_t{1} << tail) - 1);
      for (int i = 0; i < g.axons; ++i) {
        const size_t k = static_cast<size_t>(i) * words + words - 1;
        if (core.crossbar[k] & excess) {
          r.fail(base + 8 * k, cname + " crossbar row " + std::to_string(i),
                 "bits of neurons " + std::to_string(g.neurons) + " and above must be 0");
        }
      }
    }
  }
  core.neuron_types.resize(ntypes);
  for (uint32_t k = 0; k < ntypes; ++k) {
    core.neuron_types[k] = read_type(r, cname + " neuron_types[" + std::to_string(k) + "]");
  }
  const size_t base = r.pos();
  const uint8_t* p = r.take(kNeuronRecordBytes * g.neurons, cname + " neurons");
  for (int j = 0; j < g.neurons; ++j) {
    const uint8_t* q = p + kNeuronRecordBytes * j;
    const size_t off = base + kNeuronRecordBytes * j;
    auto where = [&](const char* field) {
      return cname + " neurons[" + std::to_string(j) + "]" + field;
    };
    NeuronConfig& n = core.neurons[j];
    if (q[0] & ~3u) r.fail(off, where(".flags"), "reserved bits 2..7 are set");
    if (q[3] != 0) r.fail(off + 3, where(""), "reserved byte 3 must be 0");
    n.enabled = q[0] & 1;
    n.has_destination = (q[0] >> 1) & 1;
    n.type = get_le<uint16_t>(q + 4);
    n.dest.axon = q[1];
    n.dest.delay = q[2];
    n.dest.dx = get_le<int16_t>(q + 6);
    n.dest.dy = get_le<int16_t>(q + 8);
    // Field names are built only on failure: this loop runs a million times for a full chip.
    if (n.enabled && n.type >= ntypes) {
      if (ntypes == 0) r.fail(off + 4, where(".type"), "enabled neuron, but the core has no types");
      r.check(off + 4, where(".type"), n.type, 0, static_cast<long long>(ntypes) - 1);
    }
    if (n.has_destination) {
      if (n.dest.axon >= g.axons || n.dest.delay < kDelayMin || n.dest.delay > kDelayMax ||
          n.dest.dx < kDxMin || n.dest.dx > kDxMax || n.dest.dy < kDxMin || n.dest.dy > kDxMax) {
        r.check(off + 1, where(".dest.axon"), n.dest.axon, 0, g.axons - 1);
        r.check(off + 2, where(".dest.delay"), n.dest.delay, kDelayMin, kDelayMax);
        r.check(off + 6, where(".dest.dx"), n.dest.dx, kDxMin, kDxMax);
        r.check(off + 8, where(".dest.dy"), n.dest.dy, kDxMin, kDxMax);
      }
    } else if (!(n.dest == Destination{})) {
      r.fail(off + 1, where(".dest"), "must be axon 0, delay 1, dx 0, dy 0 without a destination");
    }
  }
}

ChipConfig read_chip(BinaryReader& r) {
  const uint8_t* h = r.take(kHeaderBytes, "header");
  if (std::memcmp(h, kModelBinaryMagic, 8) != 0) {
    r.fail(0, "header", "bad magic (expected \"MRDNMDL\\0\"): not a Meridian binary model");
  }
  const uint32_t version = get_le<uint32_t>(h + 8);
  if (version != kModelBinaryVersion) {
    r.fail(8, "header", "unsupported version " + std::to_string(version) + " (supported: 1)");
  }
  Geometry g;
  const char* names[4] = {"width", "height", "axons", "neurons"};
  const int maxima[4] = {kMaxGridSide, kMaxGridSide, kMaxAxons, kMaxNeurons};
  int* fields[4] = {&g.width, &g.height, &g.axons, &g.neurons};
  for (int k = 0; k < 4; ++k) {
    const uint16_t v = get_le<uint16_t>(h + 12 + 2 * k);
    r.check(12 + 2 * k, std::string("geometry.") + names[k], v, 1, maxima[k]);
    *fields[k] = v;
  }
  ChipConfig chip = make_empty_chip(g);
  chip.tick_period_cycles = get_le<uint32_t>(h + 20);
  const uint32_t ncores = get_le<uint32_t>(h + 24);
  r.check(24, "header.core_count", ncores, 0, g.cores());
  std::vector<bool> seen(g.cores(), false);
  for (uint32_t k = 0; k < ncores; ++k) {
    const size_t base = r.pos();
    const std::string rec = "core record " + std::to_string(k);
    const uint8_t* p = r.take(kCoreHeaderBytes, rec);
    const int x = get_le<uint16_t>(p);
    const int y = get_le<uint16_t>(p + 2);
    r.check(base, rec + " x", x, 0, g.width - 1);
    r.check(base + 2, rec + " y", y, 0, g.height - 1);
    const int idx = chip.core_index(x, y);
    if (seen[idx]) r.fail(base, rec, "duplicate " + core_name(x, y));
    seen[idx] = true;
    CoreConfig& core = chip.cores[idx];
    core.seed = get_le<uint32_t>(p + 4);
    const uint32_t ntypes = get_le<uint32_t>(p + 8);
    r.check(base + 8, core_name(x, y) + " neuron_type_count", ntypes, 0, kMaxNeuronTypes);
    read_core_body(r, g, core_name(x, y), ntypes, core);
  }
  if (!r.at_end()) r.fail(r.pos(), "end", "unexpected bytes after the last core record");
  return chip;
}

size_t core_record_bytes(const Geometry& g, size_t ntypes) {
  return kCoreHeaderBytes + axon_type_bytes(g) +
         8 * static_cast<size_t>(g.axons) * g.words_per_row() + kTypeRecordBytes * ntypes +
         kNeuronRecordBytes * g.neurons;
}

uint8_t* write_core(uint8_t* p, const CoreConfig& c, const Geometry& g, int x, int y) {
  put_le<uint16_t>(p, static_cast<uint16_t>(x));
  put_le<uint16_t>(p + 2, static_cast<uint16_t>(y));
  put_le<uint32_t>(p + 4, c.seed);
  put_le<uint32_t>(p + 8, static_cast<uint32_t>(c.neuron_types.size()));
  p += kCoreHeaderBytes;
  std::memset(p, 0, axon_type_bytes(g));
  for (int i = 0; i < g.axons; ++i)
    p[i / 4] |= static_cast<uint8_t>(c.axon_type[i] << (2 * (i % 4)));
  p += axon_type_bytes(g);
  for (uint64_t w : c.crossbar) {
    put_le<uint64_t>(p, w);
    p += 8;
  }
  for (const NeuronParams& n : c.neuron_types) {
    std::memset(p, 0, kTypeRecordBytes);
    for (int k = 0; k < kAxonTypes; ++k) put_le<int16_t>(p + 2 * k, n.weight[k]);
    put_le<int16_t>(p + 8, n.leak);
    uint8_t flags = 0;
    for (int k = 0; k < kAxonTypes; ++k)
      flags |= static_cast<uint8_t>(n.stochastic_synapse[k] << k);
    flags |=
        static_cast<uint8_t>(n.stochastic_leak << 4 | n.leak_reversal << 5 | n.neg_saturate << 6);
    p[10] = flags;
    p[11] = static_cast<uint8_t>(n.reset_mode);
    put_le<uint32_t>(p + 12, n.threshold);
    put_le<uint32_t>(p + 16, n.neg_threshold);
    p[20] = n.threshold_mask_bits;
    put_le<int32_t>(p + 24, n.reset_potential);
    put_le<int32_t>(p + 28, n.initial_potential);
    p += kTypeRecordBytes;
  }
  for (const NeuronConfig& n : c.neurons) {
    // Without a destination the dest bytes are canonical so that the file is a function of the
    // configuration (operator== ignores dest then).
    const Destination d = n.has_destination ? n.dest : Destination{};
    p[0] = static_cast<uint8_t>(n.enabled | n.has_destination << 1);
    p[1] = d.axon;
    p[2] = d.delay;
    p[3] = 0;
    put_le<uint16_t>(p + 4, n.type);
    put_le<int16_t>(p + 6, d.dx);
    put_le<int16_t>(p + 8, d.dy);
    p += kNeuronRecordBytes;
  }
  return p;
}

std::vector<uint8_t> to_binary_unchecked(const ChipConfig& chip) {
  const Geometry& g = chip.geometry;
  const CoreConfig empty = make_empty_core(g);
  size_t total = kHeaderBytes;
  uint32_t ncores = 0;
  for (const CoreConfig& c : chip.cores) {
    if (c == empty) continue;
    ++ncores;
    total += core_record_bytes(g, c.neuron_types.size());
  }
  std::vector<uint8_t> out(total);
  uint8_t* p = out.data();
  std::memcpy(p, kModelBinaryMagic, 8);
  put_le<uint32_t>(p + 8, kModelBinaryVersion);
  put_le<uint16_t>(p + 12, static_cast<uint16_t>(g.width));
  put_le<uint16_t>(p + 14, static_cast<uint16_t>(g.height));
  put_le<uint16_t>(p + 16, static_cast<uint16_t>(g.axons));
  put_le<uint16_t>(p + 18, static_cast<uint16_t>(g.neurons));
  put_le<uint32_t>(p + 20, chip.tick_period_cycles);
  put_le<uint32_t>(p + 24, ncores);
  p += kHeaderBytes;
  for (int y = 0; y < g.height; ++y) {
    for (int x = 0; x < g.width; ++x) {
      const CoreConfig& c = chip.cores[chip.core_index(x, y)];
      if (c == empty) continue;
      p = write_core(p, c, g, x, y);
    }
  }
  return out;
}

}  // namespace

ChipConfig parse_model_binary(const std::vector<uint8_t>& bytes,
                              const std::string& name_for_errors) {
  BinaryReader r(bytes, name_for_errors);
  return read_chip(r);
}

ChipConfig load_model_binary(const std::string& path) {
  return parse_model_binary(read_file_bytes(path), path);
}

std::vector<uint8_t> model_to_binary(const ChipConfig& chip) {
  validate_model(chip, "model_to_binary");
  return to_binary_unchecked(chip);
}

void save_model_binary(const ChipConfig& chip, const std::string& path) {
  validate_model(chip, path);
  const std::vector<uint8_t> bytes = to_binary_unchecked(chip);
  write_file_bytes(path, bytes.data(), bytes.size());
}

}  // namespace meridian
