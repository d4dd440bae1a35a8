// The in-memory chip configuration: exactly what a model file holds (docs/MODEL_FORMAT.md).
// Field names follow docs/ARCHITECTURE.md section 2; TrueNorth's names are in the comments.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace meridian {

constexpr int kAxonTypes = 4;      // G in {0,1,2,3}
constexpr int kDelaySlots = 16;    // scheduler rows; delays 1..15
constexpr int kMaxAxons = 256;     // per core
constexpr int kMaxNeurons = 256;   // per core
constexpr int kMaxGridSide = 256;  // cores per chip side (dx, dy are 9-bit signed)

constexpr int32_t kPotentialMin = -(1 << 19);      // 20-bit signed membrane potential
constexpr int32_t kPotentialMax = (1 << 19) - 1;
constexpr int32_t kWeightMax = 255;                // |S_G| and |lambda| (sign + 8-bit magnitude)
constexpr uint32_t kThresholdMax = (1u << 18) - 1; // alpha, beta: 18-bit unsigned
constexpr int kThresholdMaskBitsMax = 18;          // TM
constexpr int32_t kResetPotentialMax = (1 << 19) - 1;  // |R|; -R must stay representable
constexpr int kDelayMin = 1, kDelayMax = 15;
constexpr int kDxMin = -256, kDxMax = 255;         // 9-bit signed hop counts

enum class ResetMode : uint8_t { kNormal = 0, kLinear = 1, kNone = 2 };  // gamma

// One neuron type: the parameters that neurons of a core share through a type index
// (like NSCS neuron types). Everything a neuron's datapath needs except V and routing.
struct NeuronParams {
  std::array<int16_t, kAxonTypes> weight{};           // S_G = sigma_G * s_G, [-255, 255]
  std::array<bool, kAxonTypes> stochastic_synapse{};  // b_G
  int16_t leak = 0;                    // sigma_lambda * lambda, [-255, 255]
  bool stochastic_leak = false;        // c_lambda
  bool leak_reversal = false;          // epsilon
  uint32_t threshold = 1;              // alpha, [0, 2^18-1]
  uint32_t neg_threshold = 0;          // beta (magnitude of the floor), [0, 2^18-1]
  uint8_t threshold_mask_bits = 0;     // TM: eta = rand & (2^TM - 1), [0, 18]
  ResetMode reset_mode = ResetMode::kNormal;  // gamma
  bool neg_saturate = true;            // kappa: true saturates at -beta
  int32_t reset_potential = 0;         // R, [-(2^19-1), 2^19-1]
  int32_t initial_potential = 0;       // V at load, [-2^19, 2^19-1]
};

// Where a neuron's spikes go: a relative core offset and an axon there (TrueNorth's 26 address
// bits plus the 4-bit delivery delay). A destination outside the grid leaves the chip.
struct Destination {
  int16_t dx = 0;      // [-256, 255], +x = east
  int16_t dy = 0;      // [-256, 255], +y = north
  uint8_t axon = 0;    // [0, axons-1] of the target core
  uint8_t delay = 1;   // [1, 15] ticks
};

struct NeuronConfig {
  bool enabled = false;       // disabled neurons cost no cycles, never spike, keep V
  uint16_t type = 0;          // index into CoreConfig::neuron_types
  bool has_destination = false;
  Destination dest;           // meaningful only if has_destination
};

struct CoreConfig {
  uint32_t seed = 0;                    // PRNG key of this core
  std::vector<uint8_t> axon_type;       // [axons], values 0..3
  // Crossbar as bit rows: row i (axon i) holds words_per_row 64-bit words; bit j of the row is
  // w_ij (axon i -> neuron j). Bit j lives in word j/64, bit position j%64.
  std::vector<uint64_t> crossbar;       // [axons * words_per_row]
  std::vector<NeuronParams> neuron_types;
  std::vector<NeuronConfig> neurons;    // [neurons]
};

struct Geometry {
  int width = 1;       // cores in x, [1, 256]
  int height = 1;      // cores in y, [1, 256]
  int axons = kMaxAxons;      // per core, [1, 256]
  int neurons = kMaxNeurons;  // per core, [1, 256]

  int cores() const { return width * height; }
  int words_per_row() const { return (neurons + 63) / 64; }
};

struct ChipConfig {
  Geometry geometry;
  // Cycles available per tick; 0 means "as long as the tick needs" (barrier ticks). When set,
  // packets that arrive after their delivery tick has started are counted late
  // (ARCHITECTURE.md section 5).
  uint32_t tick_period_cycles = 0;
  std::vector<CoreConfig> cores;  // [width * height], index = y * width + x

  int core_index(int x, int y) const { return y * geometry.width + x; }
};

// Field-by-field equality (C++17 has no defaulted comparisons); used by the round-trip tests.
bool operator==(const NeuronParams& a, const NeuronParams& b);
bool operator==(const Destination& a, const Destination& b);
bool operator==(const NeuronConfig& a, const NeuronConfig& b);
bool operator==(const CoreConfig& a, const CoreConfig& b);
bool operator==(const Geometry& a, const Geometry& b);
bool operator==(const ChipConfig& a, const ChipConfig& b);
inline bool operator!=(const ChipConfig& a, const ChipConfig& b) { return !(a == b); }

// An empty (all neurons disabled) core of the given geometry.
CoreConfig make_empty_core(const Geometry& g);
// A chip of empty cores.
ChipConfig make_empty_chip(const Geometry& g);

inline bool crossbar_bit(const CoreConfig& c, const Geometry& g, int axon, int neuron) {
  return (c.crossbar[static_cast<size_t>(axon) * g.words_per_row() + neuron / 64] >> (neuron % 64)) & 1u;
}
inline void set_crossbar_bit(CoreConfig& c, const Geometry& g, int axon, int neuron, bool on) {
  uint64_t& w = c.crossbar[static_cast<size_t>(axon) * g.words_per_row() + neuron / 64];
  const uint64_t m = uint64_t{1} << (neuron % 64);
  w = on ? (w | m) : (w & ~m);
}

}  // namespace meridian
