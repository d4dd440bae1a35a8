#include "sim/chip_protocol.h"

#include <algorithm>
#include <array>
#include <tuple>
#include <utility>

namespace meridian {
namespace chip_protocol {
namespace {

// Configuration address: {space[31:30], core[29:14], reg[13:11], index[10:0]} (meridian_pkg).
enum class CoreReg : uint32_t { kSeed = 0, kAxonType = 1, kEnable = 2, kPotential = 3,
                                kCrossbar = 4, kParam = 5 };
enum class ChipReg : uint32_t { kTick = 0, kPeriod = 1 };
constexpr uint32_t kSpaceChip = 1;
constexpr int kParamBits = 146;
constexpr int kParamWords = (kParamBits + 31) / 32;

uint32_t core_address(int core, CoreReg reg, uint32_t index) {
  return static_cast<uint32_t>(core) << 14 | static_cast<uint32_t>(reg) << 11 | index;
}
uint32_t chip_address(ChipReg reg) { return kSpaceChip << 30 | static_cast<uint32_t>(reg); }

// Builds a SystemVerilog packed struct by appending fields in declaration order (first field =
// most significant), so the code reads like meridian_pkg::neuron_param_t.
class PackedWord {
 public:
  void field(int width, int64_t value) {
    const uint64_t v = static_cast<uint64_t>(value) & ((uint64_t{1} << width) - 1);
    for (int b = width - 1; b >= 0; --b) {  // shift the whole word left by one, insert bit b
      for (int w = kParamWords - 1; w > 0; --w) words_[w] = words_[w] << 1 | words_[w - 1] >> 31;
      words_[0] = words_[0] << 1 | static_cast<uint32_t>((v >> b) & 1u);
    }
    bits_ += width;
  }
  int bits() const { return bits_; }
  const std::array<uint32_t, kParamWords>& words() const { return words_; }

 private:
  std::array<uint32_t, kParamWords> words_{};
  int bits_ = 0;
};

PackedWord neuron_param_word(const NeuronParams& p, const NeuronConfig& n) {
  const Destination d = n.has_destination ? n.dest : Destination{0, 0, 0, 0};
  PackedWord w;
  w.field(4, d.delay);
  w.field(8, d.axon);
  w.field(9, d.dy);
  w.field(9, d.dx);
  w.field(1, n.has_destination);
  w.field(20, p.reset_potential);
  w.field(1, p.neg_saturate);
  w.field(2, static_cast<int>(p.reset_mode));
  w.field(5, p.threshold_mask_bits);
  w.field(18, p.neg_threshold);
  w.field(18, p.threshold);
  w.field(1, p.leak_reversal);
  w.field(1, p.stochastic_leak);
  w.field(9, p.leak);
  for (int g = kAxonTypes - 1; g >= 0; --g) w.field(1, p.stochastic_synapse[g]);
  for (int g = kAxonTypes - 1; g >= 0; --g) w.field(9, p.weight[g]);
  return w;
}

}  // namespace

void for_each_config_write(const ChipConfig& chip,
                           const std::function<void(uint32_t, uint32_t)>& write) {
  const Geometry& g = chip.geometry;
  write(chip_address(ChipReg::kTick), 0);
  write(chip_address(ChipReg::kPeriod), chip.tick_period_cycles);
  const int column_words = (g.axons + 31) / 32;
  for (int c = 0; c < g.cores(); ++c) {
    const CoreConfig& core = chip.cores[c];
    write(core_address(c, CoreReg::kSeed, 0), core.seed);
    // Reset clears axon types and enable bits: only non-zero values need a write.
    for (int i = 0; i < g.axons; ++i) {
      if (core.axon_type[i] != 0) write(core_address(c, CoreReg::kAxonType, i), core.axon_type[i]);
    }
    for (int base = 0; base < g.neurons; base += 32) {
      uint32_t bits = 0;
      for (int j = base; j < std::min(base + 32, g.neurons); ++j) {
        bits |= static_cast<uint32_t>(core.neurons[j].enabled) << (j - base);
      }
      if (bits != 0) write(core_address(c, CoreReg::kEnable, base / 32), bits);
    }
    for (int j = 0; j < g.neurons; ++j) {
      const NeuronConfig& n = core.neurons[j];
      const NeuronParams p = core.neuron_types.empty() ? NeuronParams{} : core.neuron_types[n.type];
      write(core_address(c, CoreReg::kPotential, j),
            static_cast<uint32_t>(p.initial_potential) & ((1u << kPotentialBits) - 1));
      if (!n.enabled) continue;  // the controller never reads a disabled neuron's memories
      // Crossbar column j, 32 axons a word, at index {neuron, word}.
      for (int w = 0; w < column_words; ++w) {
        uint32_t column = 0;
        for (int i = 32 * w; i < std::min(32 * w + 32, g.axons); ++i) {
          column |= static_cast<uint32_t>(crossbar_bit(core, g, i, j)) << (i - 32 * w);
        }
        write(core_address(c, CoreReg::kCrossbar, static_cast<uint32_t>(j) << 3 | w), column);
      }
      const PackedWord param = neuron_param_word(p, n);
      for (int w = 0; w < kParamWords; ++w) {
        write(core_address(c, CoreReg::kParam, static_cast<uint32_t>(j) << 3 | w),
              param.words()[w]);
      }
    }
  }
}

HostWrite host_write_for(const InputSpike& s, const Geometry& g) {
  return HostWrite{s.y * g.width + s.x, static_cast<int>(s.tick % kDelaySlots), s.axon};
}

int32_t sign_extend(uint64_t v, int bits) {
  const uint64_t sign = uint64_t{1} << (bits - 1);
  const uint64_t low = v & ((sign << 1) - 1);
  return static_cast<int32_t>(static_cast<int64_t>(low ^ sign) - static_cast<int64_t>(sign));
}

void TickCollector::begin(uint64_t tick, const Geometry& g) {
  tick_ = tick;
  geo_ = g;
  fired_.assign(g.cores(), {});
  emit_cycle_.assign(static_cast<size_t>(g.cores()) * kMaxNeurons, 0);
  offchip_by_emitter_.clear();
  packets_.clear();
}

void TickCollector::on_update_spike(int core, int neuron, uint64_t cycle) {
  fired_[core].push_back(neuron);
  emit_cycle_[static_cast<size_t>(core) * kMaxNeurons + neuron] = cycle;
}

DeliveredPacket TickCollector::packet_from(uint64_t flit, uint64_t cycle) const {
  DeliveredPacket p;
  p.src_core = static_cast<int>(flit >> (kPacketBits + 8));
  p.src_neuron = static_cast<int>(flit >> kPacketBits & 0xFF);
  p.axon = static_cast<int>(flit >> 4 & 0xFF);
  p.delivery_tick = static_cast<int>(flit & 0xF);
  p.emit_cycle = emit_cycle_[static_cast<size_t>(p.src_core) * kMaxNeurons + p.src_neuron];
  p.arrive_cycle = cycle;
  return p;
}

void TickCollector::on_delivery(int core, uint64_t flit, bool late, uint64_t cycle) {
  DeliveredPacket p = packet_from(flit, cycle);
  p.dst_x = core % geo_.width;
  p.dst_y = core / geo_.width;
  p.late = late;
  packets_.push_back(p);
}

void TickCollector::on_edge(int core, int port, uint64_t flit, uint64_t cycle) {
  // The flit left with the hop of this port already taken off its offsets: add it back to name
  // the absolute target core. Ports: 0 N (+y), 1 E (+x), 2 S (-y), 3 W (-x).
  static constexpr int kStepX[kEdgePorts] = {0, 1, 0, -1};
  static constexpr int kStepY[kEdgePorts] = {1, 0, -1, 0};
  DeliveredPacket p = packet_from(flit, cycle);
  p.dst_x = core % geo_.width + sign_extend(flit >> 21, 9) + kStepX[port];
  p.dst_y = core / geo_.width + sign_extend(flit >> 12, 9) + kStepY[port];
  p.offchip = true;
  packets_.push_back(p);
  const OffchipPacket o{tick_, p.dst_x, p.dst_y, p.axon, p.delivery_tick};
  offchip_by_emitter_.emplace_back(static_cast<uint32_t>(flit >> kPacketBits), o);
}

void TickCollector::finish() {
  spikes_.clear();
  for (int c = 0; c < geo_.cores(); ++c) {
    for (int n : fired_[c]) spikes_.push_back(Spike{tick_, c % geo_.width, c / geo_.width, n});
  }
  std::stable_sort(offchip_by_emitter_.begin(), offchip_by_emitter_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  offchip_.clear();
  for (const auto& e : offchip_by_emitter_) offchip_.push_back(e.second);
  std::stable_sort(packets_.begin(), packets_.end(), [](const auto& a, const auto& b) {
    return std::tie(a.src_core, a.src_neuron) < std::tie(b.src_core, b.src_neuron);
  });
}

}  // namespace chip_protocol
}  // namespace meridian
