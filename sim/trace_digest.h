// A compact fingerprint of a run: FNV-1a 64 digests of every tick's spikes, potentials, counters,
// off-chip packets and (in timing mode) tick cycles and packet arrival cycles. Regression cases
// store one beside the case instead of whole traces, the way NVDLA keeps golden CRCs.
#pragma once

#include <cstdint>
#include <string>

#include "sim/engine.h"

namespace meridian {

class Fnv64 {
 public:
  void add_bytes(const void* data, size_t n) {
    const auto* p = static_cast<const uint8_t*>(data);
    for (size_t i = 0; i < n; ++i) h_ = (h_ ^ p[i]) * 0x100000001b3ull;
  }
  template <class T> void add(T v) { add_bytes(&v, sizeof v); }  // little-endian host
  uint64_t value() const { return h_; }

 private:
  uint64_t h_ = 0xcbf29ce484222325ull;
};

struct TraceDigest {
  uint64_t ticks = 0;
  uint64_t spikes = 0;
  uint64_t synaptic_events = 0;
  uint64_t spike_hash = 0, potential_hash = 0, counter_hash = 0, offchip_hash = 0;
  uint64_t cycle_hash = 0;  // 0 when the run had no timing
  bool timing = false;
};

// Folds one tick of an engine's results into running hashes.
class TraceDigester {
 public:
  explicit TraceDigester(bool timing) { d_.timing = timing; }
  void add_tick(const Engine& e, int cores);
  TraceDigest digest() const;

 private:
  TraceDigest d_;
  Fnv64 spikes_, potentials_, counters_, offchip_, cycles_;
};

// Names the first field in which two digests differ, or "" if they are equal.
std::string first_difference(const TraceDigest& expected, const TraceDigest& actual);

std::string hex64(uint64_t v);

}  // namespace meridian
