// Routing and delays across cores and off the chip edge, hop accounting, and the cycle model
// of the router (docs/ARCHITECTURE.md sections 5-7).
#include <gtest/gtest.h>

#include "chip_builder.h"
#include "golden/chip.h"
#include "mapper/example_models.h"
#include "mapper/random_model.h"

namespace meridian {
namespace {

using test::grid;

std::vector<uint64_t> every(uint64_t first, uint64_t period, uint64_t ticks) {
  std::vector<uint64_t> v;
  for (uint64_t t = first; t < ticks; t += period) v.push_back(t);
  return v;
}

TEST(Routing, DelayLineArrivesOnComputedTicks) {
  Chip chip(make_example("delay-line"));
  auto fires = test::run_and_collect(chip, 40);
  EXPECT_EQ((fires[{0, 0}]), every(9, 10, 40));
  EXPECT_EQ((fires[{0, 1}]), every(14, 10, 40));  // + delay 5
  EXPECT_EQ((fires[{0, 2}]), every(17, 10, 40));  // + delay 3
}

TEST(Routing, ChainAcrossCoresAndOffTheEastEdge) {
  Chip chip(make_example("chain"));
  std::vector<OffchipPacket> out;
  test::FireMap fires;
  for (uint64_t t = 0; t < 40; ++t) {
    chip.step();
    for (const Spike& s : chip.spikes()) fires[{s.x, s.neuron}].push_back(s.tick);
    for (const OffchipPacket& p : chip.offchip()) out.push_back(p);
  }
  EXPECT_EQ((fires[{1, 0}]), every(11, 10, 40));
  EXPECT_EQ((fires[{2, 0}]), every(14, 10, 40));
  EXPECT_EQ((fires[{3, 0}]), every(18, 10, 40));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].tick, 18u);
  EXPECT_EQ(out[0].tx, 4);
  EXPECT_EQ(out[0].ty, 0);
  EXPECT_EQ(out[0].axon, 7);
  EXPECT_EQ(out[0].delivery_tick, (18 + 1) % 16);
}

// A 3x3 chip where core (0,0)'s neuron 0 fires every tick (leak = alpha = 1) towards a
// destination d; returns the per-core counters of tick 0 in timing mode.
struct OneShot {
  std::vector<CoreCounters> counters;
  std::vector<PacketRecord> packets;
  std::vector<OffchipPacket> offchip;
  uint64_t tick_cycles;
};
OneShot one_packet(int sx, int sy, Destination d, bool timing = true) {
  ChipConfig config = make_empty_chip(grid(3, 3));
  CoreConfig& c = config.cores[config.core_index(sx, sy)];
  NeuronParams p;
  p.leak = 1;
  p.threshold = 1;
  c.neuron_types = {p};
  c.neurons[0] = {true, 0, true, d};
  Chip chip(config, {timing, 1});
  chip.step();
  return {chip.counters(), chip.packets(), chip.offchip(), chip.tick_cycles()};
}

TEST(Routing, XFirstThenYHopAccounting) {
  // From (0,0) to (2,1): east at (0,0) and (1,0), north at (2,0), delivered at (2,1).
  const OneShot r = one_packet(0, 0, {2, 1, 5, 1});
  auto at = [&](int x, int y) { return r.counters[y * 3 + x]; };
  EXPECT_EQ(at(0, 0).hops_east, 1u);
  EXPECT_EQ(at(1, 0).hops_east, 1u);
  EXPECT_EQ(at(2, 0).hops_east, 0u);
  EXPECT_EQ(at(2, 0).hops_north, 1u);
  EXPECT_EQ(at(2, 1).local_deliveries, 1u);
  uint64_t total = 0;
  for (const auto& c : r.counters)
    total += c.hops_east + c.hops_west + c.hops_north + c.hops_south + c.local_deliveries;
  EXPECT_EQ(total, 4u);
}

TEST(Routing, WestAndSouthLegs) {
  const OneShot r = one_packet(2, 2, {-2, -1, 0, 1});
  auto at = [&](int x, int y) { return r.counters[y * 3 + x]; };
  EXPECT_EQ(at(2, 2).hops_west, 1u);
  EXPECT_EQ(at(1, 2).hops_west, 1u);
  EXPECT_EQ(at(0, 2).hops_south, 1u);
  EXPECT_EQ(at(0, 1).local_deliveries, 1u);
}

TEST(Routing, EveryEdgeExitIsCountedAndReported) {
  struct Case { int sx, sy; Destination d; int ex, ey; uint64_t CoreCounters::*port; };
  const Case cases[] = {
      {1, 1, {5, 0, 3, 2}, 2, 1, &CoreCounters::hops_east},
      {1, 1, {-4, 0, 3, 2}, 0, 1, &CoreCounters::hops_west},
      {1, 1, {0, 7, 3, 2}, 1, 2, &CoreCounters::hops_north},
      {1, 1, {1, -3, 3, 2}, 2, 0, &CoreCounters::hops_south},  // x leg first, then off south
  };
  for (const Case& k : cases) {
    for (bool timing : {false, true}) {
      const OneShot r = one_packet(k.sx, k.sy, k.d, timing);
      const CoreCounters& edge = r.counters[k.ey * 3 + k.ex];
      EXPECT_EQ(edge.offchip_out, 1u) << k.ex << "," << k.ey;
      EXPECT_EQ(edge.*k.port, 1u);
      ASSERT_EQ(r.offchip.size(), 1u);
      EXPECT_EQ(r.offchip[0].tx, k.sx + k.d.dx);
      EXPECT_EQ(r.offchip[0].ty, k.sy + k.d.dy);
      EXPECT_EQ(r.offchip[0].delivery_tick, k.d.delay);
    }
  }
}

TEST(RouterTiming, LatencyIsOnePlusHopsWithoutContention) {
  // One enabled neuron, no synaptic events: its UPDATE cycle is 2; 3 hops -> arrives at 2+1+3.
  const OneShot r = one_packet(0, 0, {2, 1, 5, 1});
  ASSERT_EQ(r.packets.size(), 1u);
  EXPECT_EQ(r.packets[0].emit_cycle, 2u);
  EXPECT_EQ(r.packets[0].arrive_cycle, 6u);
  EXPECT_EQ(r.tick_cycles, 7u);  // last move at cycle 6
  const OneShot self = one_packet(1, 1, {0, 0, 5, 1});
  EXPECT_EQ(self.packets[0].arrive_cycle, 3u);
}

TEST(RouterTiming, CoreCyclesFollowTheControllerSchedule) {
  // Neurons 0..2 enabled; axon 4 active hits neurons 0 and 2: cycles = 1 + 3*2 + 2 events.
  ChipConfig config = make_empty_chip(grid(1, 1));
  CoreConfig& c = config.cores[0];
  NeuronParams p;
  p.weight = {1, 0, 0, 0};
  p.threshold = 1;
  c.neuron_types = {p};
  for (int j = 0; j < 3; ++j) c.neurons[j] = {true, 0, true, {0, 0, 9, 1}};
  set_crossbar_bit(c, config.geometry, 4, 0, true);
  set_crossbar_bit(c, config.geometry, 4, 2, true);
  Chip chip(config, {true, 1});
  chip.inject({0, 0, 0, 4});
  chip.step();
  EXPECT_EQ(chip.counters()[0].core_cycles, 9u);
  EXPECT_EQ(chip.counters()[0].synaptic_events, 2u);
  // Neuron 0: LOAD 1, INTEG 2, UPDATE 3. Neuron 1: 4, 5. Neuron 2: LOAD 6, INTEG 7, UPDATE 8.
  ASSERT_EQ(chip.packets().size(), 2u);
  EXPECT_EQ(chip.packets()[0].emit_cycle, 3u);
  EXPECT_EQ(chip.packets()[1].emit_cycle, 8u);
  EXPECT_EQ(chip.packets()[0].arrive_cycle, 4u);
  EXPECT_EQ(chip.packets()[1].arrive_cycle, 9u);
  EXPECT_EQ(chip.tick_cycles(), 10u);
}

TEST(RouterTiming, ContentionDelaysLowerPriorityInputs) {
  // Every neuron of both cores of a 2x1 chip fires at tick 0 towards core (1,0). Core 0 emits
  // at cycles 2, 4, 6, ... and its packets reach (1,0)'s local output at 4, 6, 8, ...; one
  // synaptic event on core 1's neuron 0 shifts core 1's emissions to 3, 5, 7, ..., so its
  // local packets want the same output in the same cycles and lose to the west input.
  ChipConfig config = make_empty_chip(grid(2, 1));
  for (int x = 0; x < 2; ++x) {
    CoreConfig& c = config.cores[x];
    NeuronParams p;
    p.leak = 1;
    p.threshold = 1;
    c.neuron_types = {p};
    for (int j = 0; j < 256; ++j) c.neurons[j] = {true, 0, true, {static_cast<int16_t>(1 - x), 0, 0, 1}};
  }
  set_crossbar_bit(config.cores[1], config.geometry, 0, 0, true);
  Chip chip(config, {true, 1});
  chip.inject({0, 1, 0, 0});
  chip.step();
  ASSERT_EQ(chip.packets().size(), 512u);
  uint64_t latest = 0;
  for (const PacketRecord& p : chip.packets()) {
    const uint64_t hops = p.src_core == 0 ? 1 : 0;
    EXPECT_GE(p.arrive_cycle, p.emit_cycle + 1 + hops);
    latest = std::max(latest, p.arrive_cycle);
  }
  bool delayed = false;
  for (const PacketRecord& p : chip.packets())
    if (p.src_core == 1 && p.arrive_cycle > p.emit_cycle + 1) delayed = true;
  EXPECT_TRUE(delayed);
  EXPECT_EQ(chip.tick_cycles(), latest + 1);
}

TEST(RouterTiming, TimedAndFunctionalDeliveryAgreeOnRandomModels) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    const ChipConfig config = generate_random_model(3, 2, seed);
    Chip fast(config, {false, 1}), timed(config, {true, 1});
    for (int t = 0; t < 40; ++t) {
      fast.step();
      timed.step();
      ASSERT_EQ(fast.spikes().size(), timed.spikes().size()) << "seed " << seed << " tick " << t;
      for (size_t c = 0; c < fast.counters().size(); ++c)
        for (int f = 0; f < kCounterFields; ++f)
          ASSERT_EQ(counter_value(fast.counters()[c], f), counter_value(timed.counters()[c], f))
              << counter_name(f) << " seed " << seed << " tick " << t << " core " << c;
    }
  }
}

TEST(RouterTiming, LatePacketsAreCountedNotDelivered) {
  // Period 3 cycles: the packet of (0,0) to (2,1) arrives at cycle 6 >= 3 * delay 1 -> late.
  ChipConfig config = make_empty_chip(grid(3, 3));
  config.tick_period_cycles = 3;
  CoreConfig& c = config.cores[0];
  NeuronParams p;
  p.leak = 1;
  p.threshold = 1;
  c.neuron_types = {p};
  c.neurons[0] = {true, 0, true, {2, 1, 5, 1}};
  Chip chip(config);
  chip.step();
  ASSERT_EQ(chip.packets().size(), 1u);
  EXPECT_TRUE(chip.packets()[0].late);
  EXPECT_EQ(chip.counters()[config.core_index(2, 1)].late_packets, 1u);
  EXPECT_FALSE(chip.scheduler(config.core_index(2, 1)).get(1, 5));
  // With delay 2 the deadline is 6 cycles: still late (arrives at 6). With delay 3: on time.
  c.neurons[0].dest.delay = 3;
  Chip ok(config);
  ok.step();
  EXPECT_FALSE(ok.packets()[0].late);
  EXPECT_TRUE(ok.scheduler(config.core_index(2, 1)).get(3, 5));
}

}  // namespace
}  // namespace meridian
