// The host interface's TLM address map, against a stand-in chip that records what it is asked
// to do (no RTL): every region decodes to the right pin sequence, and bad accesses get the TLM
// error responses the bridge reports.
#include <gtest/gtest.h>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <cstdint>
#include <string>
#include <vector>

#include "sim/systemc/host_interface.h"

namespace meridian {
namespace {

class RecordingChip final : public ChipTopBase {
 public:
  explicit RecordingChip(const sc_core::sc_module_name& name) : ChipTopBase(name, Geometry{}) {}

  void reset() override { log.push_back("reset"); }
  void config_write(uint32_t addr, uint32_t data) override {
    log.push_back("cfg " + std::to_string(addr) + " " + std::to_string(data));
  }
  void host_write(const chip_protocol::HostWrite& w) override {
    log.push_back("host " + std::to_string(w.core) + " " + std::to_string(w.row) + " " +
                  std::to_string(w.axon));
  }
  bool run_tick(uint64_t tick) override {
    log.push_back("tick " + std::to_string(tick));
    if (fail_ticks) return false;
    collector_.begin(tick, geometry_);
    collector_.on_update_spike(0, 7, 1);
    collector_.on_update_spike(0, 200, 2);
    collector_.finish();
    tick_cycles_ = 42;
    return true;
  }
  void trace(VerilatedFstC*) override {}

  std::vector<std::string> log;
  bool fail_ticks = false;
};

struct Access {
  bool write;
  uint64_t addr;
  uint32_t data;
  bool readout = false;  // through the read-out socket
};

class Script : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<Script> host{"host"}, readout{"readout"};
  std::vector<Access> accesses;
  std::vector<tlm::tlm_response_status> status;
  std::vector<uint32_t> read_data;

  explicit Script(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    SC_HAS_PROCESS(Script);
    SC_THREAD(run);
  }

 private:
  void run() {
    for (const Access& a : accesses) {
      uint32_t word = a.data;
      tlm::tlm_generic_payload gp;
      gp.set_command(a.write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
      gp.set_address(a.addr);
      gp.set_data_ptr(reinterpret_cast<unsigned char*>(&word));
      gp.set_data_length(4);
      gp.set_streaming_width(4);
      sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
      (a.readout ? readout : host)->b_transport(gp, delay);
      status.push_back(gp.get_response_status());
      read_data.push_back(word);
    }
  }
};

TEST(SystemCHostInterface, AddressMapDecodesEveryRegionAndRejectsTheRest) {
  RecordingChip chip("chip");
  HostInterface host_if("host_if", chip);
  Script script("script");
  script.host.bind(host_if.host);
  script.readout.bind(host_if.readout);
  script.accesses = {
      {true, host_map::kReset, 0},
      {true, 0x4000'0001, 123},  // chip register PERIOD
      {true, (3u << 14) | (5u << 11) | 17, 0xABCD},
      {true, host_map::kInputSpike,
       host_map::input_spike_word(chip_protocol::HostWrite{3, 15, 255})},
      {true, host_map::kRunTick, 0},
      {false, host_map::kTickCycles, 0},
      {false, host_map::kNextSpike, 0, true},
      {false, host_map::kNextSpike, 0, true},
      {false, host_map::kNextSpike, 0, true},
      {true, 0xC000'0010, 0},                   // unmapped
      {false, 0x0, 0},                          // host socket reads only tick_cycles
      {true, host_map::kNextSpike, 0, true}};   // read-out is read-only
  sc_core::sc_start(1, sc_core::SC_US);

  const std::string param_write = "cfg " + std::to_string((3u << 14) | (5u << 11) | 17) + " 43981";
  EXPECT_EQ(chip.log, (std::vector<std::string>{"reset", "cfg 1073741825 123", param_write,
                                                "host 3 15 255", "tick 0"}));
  ASSERT_EQ(script.status.size(), script.accesses.size());
  for (int i = 0; i < 9; ++i) EXPECT_EQ(script.status[i], tlm::TLM_OK_RESPONSE) << "access " << i;
  EXPECT_EQ(script.read_data[5], 42u);
  EXPECT_EQ(script.read_data[6], host_map::kSpikeValid | 7u);
  EXPECT_EQ(script.read_data[7], host_map::kSpikeValid | 200u);
  EXPECT_EQ(script.read_data[8], 0u) << "no valid bit once every spike was read";
  for (int i = 9; i < 12; ++i) {
    EXPECT_EQ(script.status[i], tlm::TLM_ADDRESS_ERROR_RESPONSE) << "access " << i;
  }
  EXPECT_EQ(host_if.ticks_run(), 1u);
}

TEST(SystemCHostInterface, FailedTickIsAGenericError) {
  RecordingChip chip("chip");
  chip.fail_ticks = true;
  HostInterface host_if("host_if", chip);
  Script script("script");
  script.host.bind(host_if.host);
  script.readout.bind(host_if.readout);
  script.accesses = {{true, host_map::kRunTick, 0}};
  sc_core::sc_start(1, sc_core::SC_US);
  ASSERT_EQ(script.status.size(), 1u);
  EXPECT_EQ(script.status[0], tlm::TLM_GENERIC_ERROR_RESPONSE);
  EXPECT_EQ(host_if.ticks_run(), 0u);
}

}  // namespace
}  // namespace meridian
