// ChipTop<V>: one SystemC-verilated grid variant V (Vsc_chip_WxH) wired to signals of the port
// types Verilator chose for it (bool, uint32_t, uint64_t or sc_bv<N> by width).
#pragma once

#include <verilated_fst_sc.h>

#include <memory>
#include <string>
#include <type_traits>

#include "sim/systemc/chip_top.h"

namespace meridian {
namespace sc_bits {

// Bit field [lsb, lsb + width) of a port value, width <= 64.
inline uint64_t field(bool v, int lsb, int) { return lsb == 0 ? v : 0; }
inline uint64_t field(uint64_t v, int lsb, int width) {
  const uint64_t x = v >> lsb;
  return width >= 64 ? x : x & ((uint64_t{1} << width) - 1);
}
inline uint64_t field(uint32_t v, int lsb, int width) {
  return field(static_cast<uint64_t>(v), lsb, width);
}
template <int N>
uint64_t field(const sc_dt::sc_bv<N>& v, int lsb, int width) {
  return v.range(lsb + width - 1, lsb).to_uint64();
}
inline bool any(uint64_t v) { return v != 0; }
template <int N>
bool any(const sc_dt::sc_bv<N>& v) { return v.or_reduce(); }

}  // namespace sc_bits

template <class V>
class ChipTop final : public ChipTopBase {
  template <class Port>
  using Signal = sc_core::sc_signal<typename std::remove_reference_t<Port>::data_type>;

 public:
  SC_HAS_PROCESS(ChipTop);

  ChipTop(const sc_core::sc_module_name& name, const Geometry& g)
      : ChipTopBase(name, g), dut_("chip") {
    dut_.clk_i(clk);
    dut_.rst_ni(rst_n_);
    dut_.cfg_we_i(cfg_we_);
    dut_.cfg_addr_i(cfg_addr_);
    dut_.cfg_wdata_i(cfg_wdata_);
    dut_.host_we_i(host_we_);
    dut_.host_core_i(host_core_);
    dut_.host_row_i(host_row_);
    dut_.host_axon_i(host_axon_);
    dut_.tick_start_i(tick_start_);
    dut_.done_o(done_);
    dut_.tick_o(tick_);
    dut_.cycle_o(cycle_);
    dut_.tick_cycles_o(tick_cycles_o_);
    dut_.mon_upd_valid_o(upd_valid_);
    dut_.mon_upd_neuron_o(upd_neuron_);
    dut_.mon_upd_spike_o(upd_spike_);
    dut_.mon_dlv_valid_o(dlv_valid_);
    dut_.mon_dlv_late_o(dlv_late_);
    dut_.mon_dlv_flit_o(dlv_flit_);
    dut_.edge_valid_o(edge_valid_);
    dut_.edge_flit_o(edge_flit_);
    SC_THREAD(tick_generator);
    SC_METHOD(monitor);
    sensitive << clk.negedge_event();
    dont_initialize();
  }

  void reset() override {
    cfg_we_.write(false);
    host_we_.write(false);
    rst_n_.write(false);
    wait(clk.posedge_event());
    rst_n_.write(true);
    wait(clk.posedge_event());
  }

  void config_write(uint32_t addr, uint32_t data) override {
    cfg_we_.write(true);
    cfg_addr_.write(addr);
    cfg_wdata_.write(data);
    wait(clk.posedge_event());
    cfg_we_.write(false);
  }

  void host_write(const chip_protocol::HostWrite& w) override {
    host_we_.write(true);
    host_core_.write(static_cast<uint32_t>(w.core));
    host_row_.write(static_cast<uint32_t>(w.row));
    host_axon_.write(static_cast<uint32_t>(w.axon));
    wait(clk.posedge_event());
    host_we_.write(false);
  }

  bool run_tick(uint64_t tick) override {
    tick_number_ = tick;
    start_.notify();
    wait(finished_);
    return error_.empty();
  }

  void trace(VerilatedFstC* tfp) override { dut_.trace(tfp, 99); }

 private:
  // Start pulse in cycle 0, then one cycle per rising edge until done_o; the done cycle itself
  // advances the chip's tick counter and latches tick_cycles_o.
  void tick_generator() {
    for (;;) {
      wait(start_);
      collector_.begin(tick_number_, geometry_);
      tick_start_.write(true);
      cycle_count_ = 0;
      sampling_ = true;
      bool hung = false;
      for (;;) {
        wait(clk.negedge_event());  // monitor() samples this cycle now
        if (done_.read()) break;
        wait(clk.posedge_event());
        tick_start_.write(false);
        if (++cycle_count_ > chip_protocol::kMaxTickCycles) {
          hung = true;
          break;
        }
      }
      sampling_ = false;
      wait(clk.posedge_event());
      wait(sc_core::SC_ZERO_TIME);  // outputs of the done cycle settle one delta later
      if (hung) {
        error_ = "SystemC engine: tick " + std::to_string(tick_number_) +
                 " did not reach its barrier within " +
                 std::to_string(chip_protocol::kMaxTickCycles) + " cycles";
      } else if (tick_cycles_o_.read() != cycle_count_ ||
                 tick_.read() != static_cast<uint32_t>(tick_number_ + 1)) {
        error_ = "SystemC engine: chip tick_cycles_o / tick_o (" +
                 std::to_string(tick_cycles_o_.read()) + ", " + std::to_string(tick_.read()) +
                 ") disagree with the platform's count (" + std::to_string(cycle_count_) + ", " +
                 std::to_string(tick_number_ + 1) + ")";
      }
      tick_cycles_ = cycle_count_;
      collector_.finish();
      finished_.notify();
    }
  }

  // At the falling edge of every cycle of a tick before done: updates that fired, packets
  // delivered into schedulers and packets leaving the chip.
  void monitor() {
    using sc_bits::any;
    using sc_bits::field;
    using chip_protocol::kFlitBits;
    if (!sampling_ || done_.read()) return;
    const int cores = geometry_.cores();
    const auto spikes = upd_spike_.read();
    if (any(spikes)) {
      const auto neurons = upd_neuron_.read();
      for (int c = 0; c < cores; ++c) {
        if (field(spikes, c, 1)) {
          collector_.on_update_spike(c, static_cast<int>(field(neurons, 8 * c, 8)), cycle_count_);
        }
      }
    }
    const auto delivered = dlv_valid_.read();
    if (any(delivered)) {
      const auto flits = dlv_flit_.read();
      const auto late = dlv_late_.read();
      for (int c = 0; c < cores; ++c) {
        if (!field(delivered, c, 1)) continue;
        collector_.on_delivery(c, field(flits, kFlitBits * c, kFlitBits), field(late, c, 1) != 0,
                               cycle_count_);
      }
    }
    const auto edge = edge_valid_.read();
    if (any(edge)) {
      const auto flits = edge_flit_.read();
      for (int i = 0; i < chip_protocol::kEdgePorts * cores; ++i) {
        if (!field(edge, i, 1)) continue;
        collector_.on_edge(i / chip_protocol::kEdgePorts, i % chip_protocol::kEdgePorts,
                           field(flits, kFlitBits * i, kFlitBits), cycle_count_);
      }
    }
  }

  V dut_;
  Signal<decltype(V::rst_ni)> rst_n_{"rst_n"};
  Signal<decltype(V::cfg_we_i)> cfg_we_{"cfg_we"};
  Signal<decltype(V::cfg_addr_i)> cfg_addr_{"cfg_addr"};
  Signal<decltype(V::cfg_wdata_i)> cfg_wdata_{"cfg_wdata"};
  Signal<decltype(V::host_we_i)> host_we_{"host_we"};
  Signal<decltype(V::host_core_i)> host_core_{"host_core"};
  Signal<decltype(V::host_row_i)> host_row_{"host_row"};
  Signal<decltype(V::host_axon_i)> host_axon_{"host_axon"};
  Signal<decltype(V::tick_start_i)> tick_start_{"tick_start"};
  Signal<decltype(V::done_o)> done_{"done"};
  Signal<decltype(V::tick_o)> tick_{"tick"};
  Signal<decltype(V::cycle_o)> cycle_{"cycle"};
  Signal<decltype(V::tick_cycles_o)> tick_cycles_o_{"tick_cycles"};
  Signal<decltype(V::mon_upd_valid_o)> upd_valid_{"upd_valid"};
  Signal<decltype(V::mon_upd_neuron_o)> upd_neuron_{"upd_neuron"};
  Signal<decltype(V::mon_upd_spike_o)> upd_spike_{"upd_spike"};
  Signal<decltype(V::mon_dlv_valid_o)> dlv_valid_{"dlv_valid"};
  Signal<decltype(V::mon_dlv_late_o)> dlv_late_{"dlv_late"};
  Signal<decltype(V::mon_dlv_flit_o)> dlv_flit_{"dlv_flit"};
  Signal<decltype(V::edge_valid_o)> edge_valid_{"edge_valid"};
  Signal<decltype(V::edge_flit_o)> edge_flit_{"edge_flit"};

  sc_core::sc_event start_, finished_;
  uint64_t tick_number_ = 0;
  uint64_t cycle_count_ = 0;
  bool sampling_ = false;
};

}  // namespace meridian
