#include "golden/spike_io.h"

#include <fstream>
#include <ostream>

#include "golden/model_error.h"
#include "golden/model_file.h"

namespace meridian {
namespace {

// Ticks are read as signed 64-bit values, so the file format caps them at 2^62 (plenty).
constexpr long long kMaxTick = 1ll << 62;
constexpr const char* kInputHeader = "tick,x,y,axon";
constexpr const char* kSpikeHeader = "tick,x,y,neuron";
constexpr const char* kOffchipHeader = "tick,tx,ty,axon,delivery_tick";

std::string trim(const std::string& s) {
  size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r')) --b;
  return s.substr(a, b - a);
}

// Splits a CSV file into data rows after checking the header; each row keeps its line number.
class CsvReader {
 public:
  CsvReader(const std::string& text, std::string name, const char* header)
      : text_(text), name_(std::move(name)), header_(header) {
    for (const char* p = header; *p; ++p) columns_ += *p == ',';
    ++columns_;
    std::string line;
    if (!next_content_line(&line)) fail("expected header '" + header_ + "', got end of file");
    std::string normalized;
    for (const std::string& f : split(line)) normalized += (normalized.empty() ? "" : ",") + f;
    if (normalized != header_) fail("expected header '" + header_ + "', got '" + line + "'");
  }

  // Next data row as trimmed fields; false at end of file.
  bool next_row(std::vector<std::string>* fields) {
    std::string line;
    if (!next_content_line(&line)) return false;
    *fields = split(line);
    if (fields->size() != static_cast<size_t>(columns_)) {
      fail("expected " + std::to_string(columns_) + " fields (" + header_ + "), got " +
           std::to_string(fields->size()));
    }
    return true;
  }

  [[noreturn]] void fail(const std::string& msg) const {
    throw ModelError(name_ + ":" + std::to_string(line_no_) + ": " + msg);
  }

  // A decimal integer field in [lo, hi]; `what` names the column in messages.
  long long get(const std::string& field, const char* what, long long lo, long long hi) const {
    size_t k = 0;
    const bool neg = !field.empty() && field[0] == '-';
    if (neg) k = 1;
    if (k == field.size()) fail(std::string(what) + ": '" + field + "' is not an integer");
    unsigned long long v = 0;
    for (; k < field.size(); ++k) {
      const char c = field[k];
      if (c < '0' || c > '9') fail(std::string(what) + ": '" + field + "' is not an integer");
      if (v > (~0ull - 9) / 10) fail(std::string(what) + " " + field + " out of range");
      v = v * 10 + static_cast<unsigned>(c - '0');
    }
    // Every range here lies within [-2^62, 2^62], so larger magnitudes are simply out of range.
    const long long mag = v > (1ull << 62) ? (1ll << 62) + 1 : static_cast<long long>(v);
    const long long s = neg ? -mag : mag;
    if (s < lo || s > hi) {
      fail(std::string(what) + " " + field + " out of range [" + std::to_string(lo) + ", " +
           std::to_string(hi) + "]");
    }
    return s;
  }

 private:
  bool next_content_line(std::string* out) {
    while (pos_ < text_.size()) {
      size_t end = text_.find('\n', pos_);
      if (end == std::string::npos) end = text_.size();
      std::string line = trim(text_.substr(pos_, end - pos_));
      pos_ = end + 1;
      ++line_no_;
      if (line.empty() || line[0] == '#') continue;
      *out = line;
      return true;
    }
    ++line_no_;  // end of file is reported on the line after the last one
    return false;
  }
  static std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    size_t a = 0;
    while (true) {
      const size_t b = line.find(',', a);
      out.push_back(trim(line.substr(a, b == std::string::npos ? std::string::npos : b - a)));
      if (b == std::string::npos) break;
      a = b + 1;
    }
    return out;
  }

  const std::string& text_;
  std::string name_;
  std::string header_;
  int columns_ = 0;
  size_t pos_ = 0;
  int line_no_ = 0;
};

std::string read_text(const std::string& path) {
  const std::vector<uint8_t> bytes = read_file_bytes(path);
  return std::string(bytes.begin(), bytes.end());
}

template <typename T, typename WriteHeader, typename WriteRows>
void save_csv(const std::vector<T>& rows, const std::string& path, WriteHeader header,
              WriteRows write) {
  std::ofstream os(path, std::ios::binary);
  if (!os) throw ModelError(path + ": cannot open for writing");
  header(os);
  write(os, rows);
  os.flush();
  if (!os) throw ModelError(path + ": write error");
}

}  // namespace

std::vector<InputSpike> parse_input_spikes(const std::string& text, const std::string& name,
                                           const Geometry& g) {
  CsvReader r(text, name, kInputHeader);
  std::vector<InputSpike> out;
  std::vector<std::string> f;
  while (r.next_row(&f)) {
    InputSpike s;
    s.tick = static_cast<uint64_t>(r.get(f[0], "tick", 0, kMaxTick));
    s.x = static_cast<int>(r.get(f[1], "x", 0, g.width - 1));
    s.y = static_cast<int>(r.get(f[2], "y", 0, g.height - 1));
    s.axon = static_cast<int>(r.get(f[3], "axon", 0, g.axons - 1));
    if (!out.empty() && s.tick < out.back().tick) {
      r.fail("tick " + std::to_string(s.tick) + " is earlier than the previous spike's tick " +
             std::to_string(out.back().tick) + " (input spikes must be in tick order)");
    }
    out.push_back(s);
  }
  return out;
}

std::vector<InputSpike> load_input_spikes(const std::string& path, const Geometry& g) {
  return parse_input_spikes(read_text(path), path, g);
}

std::vector<InputSpike> load_input_spikes(const std::string& path) {
  Geometry largest;
  largest.width = largest.height = kMaxGridSide;
  return load_input_spikes(path, largest);
}

std::vector<Spike> parse_spikes(const std::string& text, const std::string& name) {
  CsvReader r(text, name, kSpikeHeader);
  std::vector<Spike> out;
  std::vector<std::string> f;
  while (r.next_row(&f)) {
    Spike s;
    s.tick = static_cast<uint64_t>(r.get(f[0], "tick", 0, kMaxTick));
    s.x = static_cast<int>(r.get(f[1], "x", 0, kMaxGridSide - 1));
    s.y = static_cast<int>(r.get(f[2], "y", 0, kMaxGridSide - 1));
    s.neuron = static_cast<int>(r.get(f[3], "neuron", 0, kMaxNeurons - 1));
    out.push_back(s);
  }
  return out;
}

std::vector<Spike> load_spikes(const std::string& path) {
  return parse_spikes(read_text(path), path);
}

std::vector<OffchipPacket> parse_offchip_packets(const std::string& text, const std::string& name) {
  CsvReader r(text, name, kOffchipHeader);
  std::vector<OffchipPacket> out;
  std::vector<std::string> f;
  // The target is source + offset: [0, 255] + [-256, 255].
  const long long lo = kDxMin, hi = (kMaxGridSide - 1) + kDxMax;
  while (r.next_row(&f)) {
    OffchipPacket p;
    p.tick = static_cast<uint64_t>(r.get(f[0], "tick", 0, kMaxTick));
    p.tx = static_cast<int>(r.get(f[1], "tx", lo, hi));
    p.ty = static_cast<int>(r.get(f[2], "ty", lo, hi));
    p.axon = static_cast<int>(r.get(f[3], "axon", 0, kMaxAxons - 1));
    p.delivery_tick = static_cast<int>(r.get(f[4], "delivery_tick", 0, kDelaySlots - 1));
    out.push_back(p);
  }
  return out;
}

std::vector<OffchipPacket> load_offchip_packets(const std::string& path) {
  return parse_offchip_packets(read_text(path), path);
}

void write_input_spike_header(std::ostream& os) { os << kInputHeader << '\n'; }
void write_spike_header(std::ostream& os) { os << kSpikeHeader << '\n'; }
void write_offchip_header(std::ostream& os) { os << kOffchipHeader << '\n'; }

void write_input_spikes(std::ostream& os, const std::vector<InputSpike>& spikes) {
  for (const InputSpike& s : spikes)
    os << s.tick << ',' << s.x << ',' << s.y << ',' << s.axon << '\n';
}
void write_spikes(std::ostream& os, const std::vector<Spike>& spikes) {
  for (const Spike& s : spikes) os << s.tick << ',' << s.x << ',' << s.y << ',' << s.neuron << '\n';
}
void write_offchip_packets(std::ostream& os, const std::vector<OffchipPacket>& packets) {
  for (const OffchipPacket& p : packets) {
    os << p.tick << ',' << p.tx << ',' << p.ty << ',' << p.axon << ',' << p.delivery_tick << '\n';
  }
}

void save_input_spikes(const std::vector<InputSpike>& spikes, const std::string& path) {
  save_csv(spikes, path, write_input_spike_header, write_input_spikes);
}
void save_spikes(const std::vector<Spike>& spikes, const std::string& path) {
  save_csv(spikes, path, write_spike_header, write_spikes);
}
void save_offchip_packets(const std::vector<OffchipPacket>& packets, const std::string& path) {
  save_csv(packets, path, write_offchip_header, write_offchip_packets);
}

void SpikeTraceHash::add(const Spike& s) {
  auto mix = [this](uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) {
      h_ ^= (v >> (8 * i)) & 0xFF;
      h_ *= 0x100000001b3ull;  // FNV-1a 64 prime
    }
  };
  mix(s.tick, 8);
  mix(static_cast<uint32_t>(s.x), 4);
  mix(static_cast<uint32_t>(s.y), 4);
  mix(static_cast<uint32_t>(s.neuron), 4);
}

uint64_t spike_trace_hash(const std::vector<Spike>& spikes) {
  SpikeTraceHash h;
  h.add(spikes);
  return h.value();
}

}  // namespace meridian
