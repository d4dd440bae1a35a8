// One neurosynaptic core: crossbar, neuron parameter and state memories, controller and
// datapath (docs/ARCHITECTURE.md sections 3 and 7.1). State is structure-of-arrays and the
// per-tick work is event-driven over active axons, with loops the compiler vectorises.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "golden/config.h"
#include "golden/counters.h"

namespace meridian {

struct CoreTickResult {
  std::vector<uint16_t> fired;        // neurons that spiked, ascending
  std::vector<uint32_t> fire_cycle;   // UPDATE cycle u_j of each fired neuron (timing only)
  CoreCounters counters;              // core-side counters of this tick
};

class Core {
 public:
  Core(const Geometry& g, const CoreConfig& c);

  // Runs tick `tick` with the active-axon bits `active` (ceil(axons/64) words).
  void step(uint32_t tick, const uint64_t* active, bool timing, CoreTickResult& out);

  int neurons() const { return neurons_; }
  int32_t potential(int j) const { return f32(kV)[j]; }
  void set_potential(int j, int32_t v) { f32(kV)[j] = v; }  // test and fault-injection hook
  bool has_destination(int j) const { return has_dest_[j] != 0; }
  const Destination& destination(int j) const { return dest_[j]; }

 private:
  // Neuron memories are three contiguous blocks (32-, 16- and 8-bit fields), each field an array
  // of `padded_` entries, so a core's working set is compact (about 19 KB with its crossbar).
  enum Field32 { kV, kAlpha, kBeta, kReset, kMask, kFields32 };
  enum Field16 { kWDet0, kWDet1, kWDet2, kWDet3, kLeak, kFields16 };  // S_G (0 where b_G), lambda
  enum Field8 { kLeakRev, kKappa, kGamma, kEnabled, kStochLeak, kFields8 };
  int32_t* f32(Field32 f) { return &mem32_[static_cast<size_t>(f) * padded_]; }
  int16_t* f16(int f) { return &mem16_[static_cast<size_t>(f) * padded_]; }
  int8_t* f8(Field8 f) { return &mem8_[static_cast<size_t>(f) * padded_]; }
  const int32_t* f32(Field32 f) const { return &mem32_[static_cast<size_t>(f) * padded_]; }

  int axons_, neurons_, padded_, words_;
  uint32_t seed_;
  std::vector<uint8_t> axon_type_;
  std::vector<uint64_t> crossbar_;                  // [axons][words]
  std::vector<uint64_t> enabled_bits_;              // [words]
  std::vector<uint64_t> stochastic_bits_;           // [4][words], empty if no b_G is set
  std::vector<int16_t> weight_;                     // [4][padded] S_G, only with stochastic bits
  std::array<bool, kAxonTypes> any_stochastic_{};
  bool any_stochastic_leak_ = false, any_threshold_mask_ = false;
  std::vector<int32_t> mem32_;
  std::vector<int16_t> mem16_;
  std::vector<int8_t> mem8_;
  std::vector<uint8_t> has_dest_;
  std::vector<Destination> dest_;
};

}  // namespace meridian
