// Spike files (docs/MODEL_FORMAT.md section 3): CSV text with a fixed header line, '#' comment
// lines and blank lines allowed. Also the spike-trace hash of docs/ARCHITECTURE.md section 9.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "golden/config.h"
#include "golden/spike.h"

namespace meridian {

// Input spikes "tick,x,y,axon", ticks non-decreasing; x, y and axon are checked against g.
// Errors are ModelError "<path>:<line>: <message>".
std::vector<InputSpike> load_input_spikes(const std::string& path, const Geometry& g);
// Same, checked only against the largest geometry (256 x 256 cores of 256 axons).
std::vector<InputSpike> load_input_spikes(const std::string& path);
std::vector<InputSpike> parse_input_spikes(const std::string& text, const std::string& name,
                                           const Geometry& g);

// Output spikes "tick,x,y,neuron" and off-chip packets "tick,tx,ty,axon,delivery_tick".
std::vector<Spike> load_spikes(const std::string& path);
std::vector<Spike> parse_spikes(const std::string& text, const std::string& name);
std::vector<OffchipPacket> load_offchip_packets(const std::string& path);
std::vector<OffchipPacket> parse_offchip_packets(const std::string& text, const std::string& name);

// Writers: the header once, then rows in as many calls as needed (a run streams tick by tick).
void write_input_spike_header(std::ostream& os);
void write_input_spikes(std::ostream& os, const std::vector<InputSpike>& spikes);
void write_spike_header(std::ostream& os);
void write_spikes(std::ostream& os, const std::vector<Spike>& spikes);
void write_offchip_header(std::ostream& os);
void write_offchip_packets(std::ostream& os, const std::vector<OffchipPacket>& packets);

// Header plus rows to a file; ModelError if it cannot be written.
void save_input_spikes(const std::vector<InputSpike>& spikes, const std::string& path);
void save_spikes(const std::vector<Spike>& spikes, const std::string& path);
void save_offchip_packets(const std::vector<OffchipPacket>& packets, const std::string& path);

// FNV-1a 64 over (tick u64, x u32, y u32, neuron u32), little-endian, spike after spike.
class SpikeTraceHash {
 public:
  void add(const Spike& s);
  void add(const std::vector<Spike>& spikes) {
    for (const Spike& s : spikes) add(s);
  }
  uint64_t value() const { return h_; }

 private:
  uint64_t h_ = 0xcbf29ce484222325ull;  // FNV-1a 64 offset basis
};

uint64_t spike_trace_hash(const std::vector<Spike>& spikes);

}  // namespace meridian
