// The verilated chip (SystemC mode) inside the platform: clock, pin-level drivers for reset,
// configuration and host writes, the tick generator and the monitor that turns the chip's monitor
// and edge ports into a tick's results. ChipTop<V> is one grid variant; the rest of the platform
// sees only ChipTopBase. Pins are driven right after a rising edge and sampled at the falling
// edge, when every delta cycle of the rising edge has settled.
#pragma once

#include <systemc>

#include <cstdint>
#include <string>

#include "sim/chip_protocol.h"

class VerilatedFstC;

namespace meridian {

class ChipTopBase : public sc_core::sc_module {
 public:
  static constexpr int kClockPeriodNs = 10;

  explicit ChipTopBase(const sc_core::sc_module_name& name, const Geometry& g)
      : sc_core::sc_module(name), clk("clk", kClockPeriodNs, sc_core::SC_NS), geometry_(g) {}

  // Blocking pin sequences; call from an SC_THREAD aligned just after a rising edge (the host
  // interface's b_transport). Each returns aligned the same way.
  virtual void reset() = 0;
  virtual void config_write(uint32_t addr, uint32_t data) = 0;
  virtual void host_write(const chip_protocol::HostWrite& w) = 0;
  // Runs one tick (start pulse, barrier, done cycle) and fills collector(). Returns false and
  // sets error() if the chip's own tick / tick_cycles outputs disagree or the tick hangs.
  virtual bool run_tick(uint64_t tick) = 0;
  virtual void trace(VerilatedFstC* tfp) = 0;

  const chip_protocol::TickCollector& collector() const { return collector_; }
  uint64_t tick_cycles() const { return tick_cycles_; }
  const std::string& error() const { return error_; }
  void set_geometry(const Geometry& g) { geometry_ = g; }  // same grid, other axons / neurons
  uint64_t cycles() const {  // rising edges since time 0
    return static_cast<uint64_t>(sc_core::sc_time_stamp() / clk.period());
  }

  sc_core::sc_clock clk;

 protected:
  Geometry geometry_;
  chip_protocol::TickCollector collector_;
  uint64_t tick_cycles_ = 0;
  std::string error_;
};

}  // namespace meridian
