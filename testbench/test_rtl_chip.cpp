// Directed tests of the verilated chip against values computed by hand from
// docs/ARCHITECTURE.md (neuron update, cycle model, routing, chip edge, counters).
#include <gtest/gtest.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/rtl/verilator_engine.h"

namespace meridian {
namespace {

Geometry grid(int w, int h, int axons = 256, int neurons = 256) {
  Geometry g;
  g.width = w;
  g.height = h;
  g.axons = axons;
  g.neurons = neurons;
  return g;
}

NeuronParams tonic(uint32_t alpha, int leak) {
  NeuronParams p;
  p.threshold = alpha;
  p.leak = static_cast<int16_t>(leak);
  return p;
}

std::vector<uint64_t> fire_ticks(VerilatorEngine& e, uint64_t ticks, int core, int neuron) {
  std::vector<uint64_t> out;
  for (uint64_t t = 0; t < ticks; ++t) {
    e.step();
    for (const Spike& s : e.spikes())
      if (s.y * 1 + s.x == core && s.neuron == neuron) out.push_back(s.tick);
  }
  return out;
}

TEST(RtlChip, TonicSpikerFiresEveryTenTicks) {
  // alpha = 10, leak = +1, V(0) = 0: V reaches 10 in the leak step of tick 9 (section 3.3).
  ChipConfig chip = make_empty_chip(grid(1, 1));
  chip.cores[0].neuron_types = {tonic(10, 1)};
  chip.cores[0].neurons[0].enabled = true;
  VerilatorEngine e(chip.geometry);
  e.load(chip);
  EXPECT_EQ(fire_ticks(e, 40, 0, 0), (std::vector<uint64_t>{9, 19, 29, 39}));
  std::vector<int32_t> v;
  e.potentials(0, v);
  EXPECT_EQ(v[0], 0);  // normal reset to R = 0 at tick 39
  EXPECT_EQ(e.counters()[0].core_cycles, 3u);  // ROW + LOAD + UPDATE
  EXPECT_EQ(e.tick_cycles(), 3u);
}

TEST(RtlChip, PeriodSixForAlphaElevenLeakTwo) {
  ChipConfig chip = make_empty_chip(grid(1, 1));
  chip.cores[0].neuron_types = {tonic(11, 2)};
  chip.cores[0].neurons[0].enabled = true;
  VerilatorEngine e(chip.geometry);
  e.load(chip);
  EXPECT_EQ(fire_ticks(e, 18, 0, 0), (std::vector<uint64_t>{5, 11, 17}));
}

TEST(RtlChip, CoreCyclesFollowTheCycleModel) {
  // Neurons 0, 3 and 7 enabled; axons 0..4 active by host input. Column 0 has axons 0,1,2,
  // column 3 none, column 7 axons 2,4 -> e = 3, 0, 2 and core_cycles = 1 + 5 + 2 + 4 = 12.
  Geometry g = grid(1, 1);
  ChipConfig chip = make_empty_chip(g);
  NeuronParams p = tonic(1000, 0);
  p.weight = {1, 2, 3, 4};
  chip.cores[0].neuron_types = {p};
  for (int j : {0, 3, 7}) chip.cores[0].neurons[j].enabled = true;
  for (int i : {0, 1, 2}) set_crossbar_bit(chip.cores[0], g, i, 0, true);
  for (int i : {2, 4}) set_crossbar_bit(chip.cores[0], g, i, 7, true);
  set_crossbar_bit(chip.cores[0], g, 9, 3, true);  // axon 9 never active
  chip.cores[0].axon_type[1] = 1;
  chip.cores[0].axon_type[2] = 2;
  chip.cores[0].axon_type[4] = 3;
  VerilatorEngine e(g);
  e.load(chip);
  for (int a = 0; a < 5; ++a) e.inject({0, 0, 0, a});
  e.inject({0, 0, 0, 4});  // a second spike to one axon merges but counts as host input
  e.step();
  const CoreCounters& c = e.counters()[0];
  EXPECT_EQ(c.core_cycles, 12u);
  EXPECT_EQ(c.active_axons, 5u);
  EXPECT_EQ(c.synaptic_events, 5u);
  EXPECT_EQ(c.neuron_updates, 3u);
  EXPECT_EQ(c.host_in, 6u);
  EXPECT_EQ(c.spikes, 0u);
  EXPECT_EQ(e.tick_cycles(), 12u);
  std::vector<int32_t> v;
  e.potentials(0, v);
  EXPECT_EQ(v[0], 1 + 2 + 3);  // types 0, 1, 2
  EXPECT_EQ(v[3], 0);
  EXPECT_EQ(v[7], 3 + 4);      // types 2, 3
  e.step();  // the row was cleared: nothing active at tick 1
  EXPECT_EQ(e.counters()[0].active_axons, 0u);
  EXPECT_EQ(e.counters()[0].host_in, 0u);
  EXPECT_EQ(e.counters()[0].core_cycles, 1u + 2 + 2 + 2);
}

TEST(RtlChip, PacketLatencyIsOnePlusHops) {
  // Core (0,0) neuron 5 fires every tick (alpha 0) to (+2,+1) with delay 3 on a 3x2 grid.
  Geometry g = grid(3, 2);
  ChipConfig chip = make_empty_chip(g);
  NeuronParams p = tonic(0, 0);
  chip.cores[0].neuron_types = {p};
  NeuronConfig& n = chip.cores[0].neurons[5];
  n.enabled = true;
  n.has_destination = true;
  n.dest = Destination{2, 1, 17, 3};
  // The target neuron integrates axon 17 with weight 100 and never fires.
  const int target = chip.core_index(2, 1);
  NeuronParams q = tonic(1000, 0);
  q.weight = {100, 0, 0, 0};
  chip.cores[target].neuron_types = {q};
  chip.cores[target].neurons[0].enabled = true;
  set_crossbar_bit(chip.cores[target], g, 17, 0, true);

  VerilatorEngine e(g);
  e.load(chip);
  e.step();
  ASSERT_EQ(e.packets().size(), 1u);
  const DeliveredPacket& d = e.packets()[0];
  EXPECT_EQ(d.src_core, 0);
  EXPECT_EQ(d.src_neuron, 5);
  EXPECT_EQ(d.dst_x, 2);
  EXPECT_EQ(d.dst_y, 1);
  EXPECT_EQ(d.axon, 17);
  EXPECT_EQ(d.delivery_tick, 3);
  EXPECT_EQ(d.emit_cycle, 2u);                 // u = 2 + e = 2
  EXPECT_EQ(d.arrive_cycle, 2u + 1 + 3);       // latency 1 + |dx| + |dy|
  EXPECT_EQ(e.tick_cycles(), 7u);
  EXPECT_EQ(e.counters()[0].hops_east, 1u);
  EXPECT_EQ(e.counters()[1].hops_east, 1u);
  EXPECT_EQ(e.counters()[2].hops_north, 1u);
  EXPECT_EQ(e.counters()[target].local_deliveries, 1u);
  EXPECT_EQ(e.counters()[0].packets_sent, 1u);
  std::vector<int32_t> v;
  for (int t = 1; t <= 3; ++t) {
    e.step();
    e.potentials(target, v);
    EXPECT_EQ(v[0], t == 3 ? 100 : 0) << "tick " << t;  // integrated at tick 0 + 3
  }
}

TEST(RtlChip, PacketsLeaveThroughTheChipEdge) {
  Geometry g = grid(1, 1);
  ChipConfig chip = make_empty_chip(g);
  chip.cores[0].neuron_types = {tonic(0, 0)};
  const Destination dests[] = {{1, 0, 1, 1}, {-3, 0, 2, 2}, {0, 2, 3, 15}, {0, -1, 4, 4},
                               {5, -7, 9, 1}};
  for (int j = 0; j < 5; ++j) {
    chip.cores[0].neurons[j].enabled = true;
    chip.cores[0].neurons[j].has_destination = true;
    chip.cores[0].neurons[j].dest = dests[j];
  }
  VerilatorEngine e(g);
  e.load(chip);
  e.step();
  ASSERT_EQ(e.offchip().size(), 5u);
  for (int j = 0; j < 5; ++j) {
    EXPECT_EQ(e.offchip()[j].tx, dests[j].dx) << j;
    EXPECT_EQ(e.offchip()[j].ty, dests[j].dy) << j;
    EXPECT_EQ(e.offchip()[j].axon, dests[j].axon) << j;
    EXPECT_EQ(e.offchip()[j].delivery_tick, dests[j].delay % 16) << j;
  }
  const CoreCounters& c = e.counters()[0];
  EXPECT_EQ(c.offchip_out, 5u);
  EXPECT_EQ(c.hops_east, 2u);
  EXPECT_EQ(c.hops_west, 1u);
  EXPECT_EQ(c.hops_north, 1u);
  EXPECT_EQ(c.hops_south, 1u);
  // Neuron j's UPDATE is cycle 2 + 2j; its packet leaves one cycle later.
  for (const DeliveredPacket& d : e.packets()) {
    EXPECT_TRUE(d.offchip);
    EXPECT_EQ(d.arrive_cycle, d.emit_cycle + 1);
    EXPECT_EQ(d.emit_cycle, 2u + 2u * d.src_neuron);
  }
}

TEST(RtlChip, RejectsUnsupportedGridNamingTheSupportedOnes) {
  try {
    VerilatorEngine e(grid(5, 3));
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& err) {
    const std::string msg = err.what();
    EXPECT_NE(msg.find("5x3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("1x1"), std::string::npos) << msg;
    EXPECT_NE(msg.find("4x4"), std::string::npos) << msg;
  }
  EXPECT_THROW(VerilatorEngine(grid(1, 1, 300, 256)), std::invalid_argument);
}

TEST(RtlChip, RejectsOutOfRangeFieldsNamingThem) {
  ChipConfig chip = make_empty_chip(grid(1, 1));
  NeuronParams p = tonic(1, 0);
  p.leak = 300;
  chip.cores[0].neuron_types = {p};
  VerilatorEngine e(chip.geometry);
  try {
    e.load(chip);
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& err) {
    const std::string msg = err.what();
    EXPECT_NE(msg.find("leak"), std::string::npos) << msg;
    EXPECT_NE(msg.find("[-255, 255]"), std::string::npos) << msg;
  }
}

TEST(RtlChip, SmallerGeometryRunsOnTheCompiledCore) {
  ChipConfig chip = make_empty_chip(grid(1, 1, 16, 8));
  chip.cores[0].neuron_types = {tonic(10, 1)};
  chip.cores[0].neurons[7].enabled = true;
  VerilatorEngine e(chip.geometry);
  e.load(chip);
  EXPECT_EQ(fire_ticks(e, 20, 0, 7), (std::vector<uint64_t>{9, 19}));
  std::vector<int32_t> v;
  e.potentials(0, v);
  EXPECT_EQ(v.size(), 8u);
}

TEST(RtlChip, FstTraceCoversTheRequestedTicksWithoutChangingResults) {
  ChipConfig chip = make_empty_chip(grid(2, 2));
  chip.cores[0].neuron_types = {tonic(3, 1)};
  chip.cores[0].neurons[1].enabled = true;
  chip.cores[0].neurons[1].has_destination = true;
  chip.cores[0].neurons[1].dest = Destination{1, 1, 4, 2};
  const std::string path = ::testing::TempDir() + "rtl_trace_test.fst";
  std::remove(path.c_str());
  VerilatorEngine plain(chip.geometry), traced(chip.geometry);
  plain.load(chip);
  traced.load(chip);
  traced.trace_to(path, 2, 3);
  for (int t = 0; t < 6; ++t) {
    plain.step();
    traced.step();
    ASSERT_EQ(plain.spikes().size(), traced.spikes().size()) << t;
    ASSERT_EQ(plain.tick_cycles(), traced.tick_cycles()) << t;
    if (t == 3) {  // the trace is closed after its last tick
      std::FILE* f = std::fopen(path.c_str(), "rb");
      ASSERT_NE(f, nullptr) << path;
      std::fseek(f, 0, SEEK_END);
      EXPECT_GT(std::ftell(f), 1000L);
      std::fclose(f);
    }
  }
  EXPECT_THROW(traced.trace_to(path, 5, 4), std::invalid_argument);
  // Two engines of one grid alive at once keep separate state.
  std::vector<int32_t> a, b;
  traced.corrupt_potential_for_test(0, 1, 77);
  plain.potentials(0, a);
  traced.potentials(0, b);
  EXPECT_NE(a[1], 77);
  EXPECT_EQ(b[1], 77);
}

}  // namespace
}  // namespace meridian
