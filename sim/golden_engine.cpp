#include "sim/golden_engine.h"

namespace meridian {

void GoldenEngine::load(const ChipConfig& chip) {
  chip_ = std::make_unique<Chip>(chip, ChipOptions{options_.timing, options_.threads});
  packets_.clear();
}

void GoldenEngine::step() {
  chip_->step();
  packets_.clear();
  for (const PacketRecord& p : chip_->packets()) {
    DeliveredPacket d;
    d.src_core = p.src_core; d.src_neuron = p.src_neuron;
    d.dst_x = p.dst_x; d.dst_y = p.dst_y; d.axon = p.axon; d.delivery_tick = p.delivery_tick;
    d.emit_cycle = p.emit_cycle; d.arrive_cycle = p.arrive_cycle;
    d.offchip = p.offchip; d.late = p.late;
    packets_.push_back(d);
  }
}

void GoldenEngine::potentials(int core, std::vector<int32_t>& out) const {
  const Core& c = chip_->core(core);
  out.resize(c.neurons());
  for (int j = 0; j < c.neurons(); ++j) out[j] = c.potential(j);
}

}  // namespace meridian
