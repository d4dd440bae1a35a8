// The verilated RTL against the golden model in lockstep (sim/lockstep.h): directed feature
// tests, a constrained-random campaign with timing (cycles and packet latencies compared), and
// proofs that the checker catches a corrupted DUT.
//
// Replay one random case:
//   MERIDIAN_LOCKSTEP_REPLAY=<W>x<H>:<seed>:<ticks>:<period> ./testbench/test_lockstep
//     --gtest_filter=LockstepRandom.Replay
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "mapper/random_model.h"
#include "chip_builder.h"
#include "sim/golden_engine.h"
#include "sim/lockstep.h"
#include "sim/rtl/verilator_engine.h"

namespace meridian {
namespace {

using test::grid;

struct Case {
  int width = 1, height = 1;
  uint64_t seed = 1;
  uint64_t ticks = 200;
  uint32_t period = 0;  // tick_period_cycles; > 0 exercises late packets

  std::string str() const {
    std::ostringstream os;
    os << width << "x" << height << ":" << seed << ":" << ticks << ":" << period;
    return os.str();
  }
  std::string replay() const {
    return "MERIDIAN_LOCKSTEP_REPLAY=" + str() +
           " ./testbench/test_lockstep --gtest_filter=LockstepRandom.Replay";
  }
};

// Input rate per axon and tick: low enough that cores stay in the 1k-cycle range.
constexpr double kInputRate = 0.02;

// What a run exercised, so a campaign that stopped exercising something fails.
struct Activity {
  uint64_t spikes = 0, packets = 0, offchip = 0, late = 0, host_in = 0, max_tick_cycles = 0;
  uint64_t contended = 0;  // on-chip packets slower than 1 + hops: arbitration or back-pressure
};

std::optional<Divergence> run_case(const Case& c, Activity* act = nullptr) {
  ChipConfig chip = generate_random_model(c.width, c.height, c.seed);
  chip.tick_period_cycles = c.period;
  GoldenEngine golden(EngineOptions{true, 1});
  VerilatorEngine rtl(chip.geometry, EngineOptions{true, 1});
  Lockstep ls(golden, rtl, LockstepOptions{true});
  ls.load(chip);
  const auto inputs = generate_random_inputs(chip.geometry, c.ticks, kInputRate, c.seed ^ 0x5a5a);
  Activity a;
  size_t next = 0;
  for (uint64_t t = 0; t < c.ticks; ++t) {
    while (next < inputs.size() && inputs[next].tick == t) ls.inject(inputs[next++]);
    if (auto d = ls.step()) return d;
    for (const CoreCounters& k : rtl.counters()) {
      a.spikes += k.spikes;
      a.late += k.late_packets;
      a.host_in += k.host_in;
    }
    a.packets += rtl.packets().size();
    for (const DeliveredPacket& p : rtl.packets()) {
      if (p.offchip) continue;
      const int hops = std::abs(p.dst_x - p.src_core % c.width) +
                       std::abs(p.dst_y - p.src_core / c.width);
      if (p.arrive_cycle > p.emit_cycle + 1 + static_cast<uint64_t>(hops)) ++a.contended;
    }
    a.offchip += rtl.offchip().size();
    a.max_tick_cycles = std::max(a.max_tick_cycles, rtl.tick_cycles());
  }
  if (act) {
    act->spikes += a.spikes;
    act->packets += a.packets;
    act->offchip += a.offchip;
    act->late += a.late;
    act->host_in += a.host_in;
    act->contended += a.contended;
    act->max_tick_cycles = std::max(act->max_tick_cycles, a.max_tick_cycles);
  }
  return std::nullopt;
}

// ------------------------------------------------------------------------------------------------
// Directed features.

ChipConfig quiet_chip(int w, int h) {
  ChipConfig chip = make_empty_chip(grid(w, h));
  NeuronParams p;
  p.threshold = 1000;
  p.neg_threshold = 1000;  // V stays at -12: no input, no leak, above -beta
  p.initial_potential = -12;
  for (CoreConfig& c : chip.cores) c.neuron_types = {p};
  chip.cores[1].neurons[42].enabled = true;
  return chip;
}

TEST(LockstepDirected, EveryNeuronModeOnOneCore) {
  // One core, one neuron type per combination of reset mode, kappa, leak reversal and the
  // stochastic switches, all driven by the same dense inputs.
  Geometry g = grid(1, 1);
  ChipConfig chip = make_empty_chip(g);
  CoreConfig& core = chip.cores[0];
  core.seed = 0xC0FFEE;
  for (int gamma = 0; gamma < 3; ++gamma)
    for (int kappa = 0; kappa < 2; ++kappa)
      for (int eps = 0; eps < 2; ++eps)
        for (int stoch = 0; stoch < 2; ++stoch) {
          NeuronParams p;
          p.weight = {7, -5, 120, -200};
          p.stochastic_synapse = {stoch != 0, false, stoch != 0, true};
          p.leak = static_cast<int16_t>(eps ? -3 : 2);
          p.stochastic_leak = stoch != 0;
          p.leak_reversal = eps != 0;
          p.threshold = 20;
          p.neg_threshold = 15;
          p.threshold_mask_bits = static_cast<uint8_t>(stoch ? 4 : 0);
          p.reset_mode = static_cast<ResetMode>(gamma);
          p.neg_saturate = kappa != 0;
          p.reset_potential = -3;
          p.initial_potential = 5;
          core.neuron_types.push_back(p);
        }
  for (int j = 0; j < g.neurons; ++j) {
    core.neurons[j].enabled = (j % 7) != 3;
    core.neurons[j].type = static_cast<uint16_t>(j % core.neuron_types.size());
    core.neurons[j].has_destination = (j % 3) == 0;
    core.neurons[j].dest =
        Destination{0, 0, static_cast<uint8_t>(j), static_cast<uint8_t>(1 + j % 15)};
  }
  for (int i = 0; i < g.axons; ++i) {
    core.axon_type[i] = static_cast<uint8_t>(i % 4);
    for (int j = 0; j < g.neurons; ++j)
      if ((i * 31 + j * 17) % 11 == 0) set_crossbar_bit(core, g, i, j, true);
  }
  GoldenEngine golden(EngineOptions{true, 1});
  VerilatorEngine rtl(g);
  Lockstep ls(golden, rtl, LockstepOptions{true});
  ls.load(chip);
  std::vector<InputSpike> in;
  for (uint64_t t = 0; t < 60; ++t)
    for (int a = 0; a < g.axons; a += 5 + static_cast<int>(t % 3)) in.push_back({t, 0, 0, a});
  const auto d = ls.run(60, in);
  EXPECT_FALSE(d) << d->message();
}

TEST(LockstepDirected, LatePacketsWithATickPeriod) {
  // A 4x4 chip whose packets cross the mesh: with a period of a few cycles every packet with a
  // short delay arrives late. Both engines must count and report the same ones.
  Case c{4, 4, 77, 30, 40};
  Activity a;
  const auto d = run_case(c, &a);
  EXPECT_FALSE(d) << d->message() << "\nreplay: " << c.replay();
  EXPECT_GT(a.late, 0u) << "the case should produce late packets";
}

TEST(LockstepDirected, HotspotSaturatesTheMeshWithBackPressure) {
  // Every neuron of every core fires every tick toward core (3,0): the routers next to it get
  // three times the traffic one output can carry, so FIFOs fill and back-pressure stalls the
  // mesh. Cycle counts and every packet's arrival must still match.
  Geometry g = grid(4, 4);
  ChipConfig chip = make_empty_chip(g);
  NeuronParams p;
  p.threshold = 0;
  for (int c = 0; c < g.cores(); ++c) {
    chip.cores[c].neuron_types = {p};
    for (int j = 0; j < g.neurons; ++j) {
      NeuronConfig& n = chip.cores[c].neurons[j];
      n.enabled = true;
      n.has_destination = true;
      n.dest = Destination{static_cast<int16_t>(3 - c % 4), static_cast<int16_t>(-(c / 4)),
                           static_cast<uint8_t>(j), static_cast<uint8_t>(1 + j % 15)};
    }
  }
  GoldenEngine golden(EngineOptions{true, 1});
  VerilatorEngine rtl(g);
  Lockstep ls(golden, rtl, LockstepOptions{true});
  ls.load(chip);
  const auto d = ls.run(3, {});
  EXPECT_FALSE(d) << d->message();
  uint64_t worst = 0;
  for (const DeliveredPacket& q : rtl.packets()) {
    worst = std::max(worst, q.arrive_cycle - q.emit_cycle);
  }
  EXPECT_GT(worst, 1000u) << "the hotspot should stall packets for a long time";
  EXPECT_GT(rtl.tick_cycles(), 4u * 256u) << "the mesh, not the cores, should bound the tick";
}

// ------------------------------------------------------------------------------------------------
// The checker catches a corrupted DUT.

TEST(LockstepChecker, ReportsACorruptedRtlPotential) {
  ChipConfig chip = quiet_chip(2, 2);
  GoldenEngine golden(EngineOptions{true, 1});
  VerilatorEngine rtl(chip.geometry);
  Lockstep ls(golden, rtl, LockstepOptions{true});
  ls.load(chip);
  for (int t = 0; t < 17; ++t) {
    const auto d = ls.step();
    ASSERT_FALSE(d) << d->message();
  }
  // Neuron 42 of core (1,0) holds -12 (no input, no leak); flip its stored value by one.
  rtl.corrupt_potential_for_test(1, 42, -11);
  const auto d = ls.step();
  ASSERT_TRUE(d);
  EXPECT_EQ(d->message(),
            "divergence at tick 17, core (1,0), neuron 42, field potential: golden -12, rtl -11");
}

// Delegates to an engine and perturbs one observable at one tick.
class FaultyEngine : public Engine {
 public:
  enum class Fault { kCounter, kArriveCycle, kTickCycles, kDropSpike };
  FaultyEngine(Engine& inner, Fault f, uint64_t at) : in_(inner), fault_(f), at_(at) {}
  std::string name() const override { return "rtl"; }
  void load(const ChipConfig& c) override { in_.load(c); }
  void inject(const InputSpike& s) override { in_.inject(s); }
  void step() override {
    const uint64_t t = in_.tick();
    in_.step();
    spikes_ = in_.spikes();
    counters_ = in_.counters();
    packets_ = in_.packets();
    cycles_ = in_.tick_cycles();
    if (t != at_) return;
    switch (fault_) {
      case Fault::kCounter: counters_[3].hops_west += 1; break;
      case Fault::kArriveCycle: if (!packets_.empty()) packets_.back().arrive_cycle += 2; break;
      case Fault::kTickCycles: cycles_ += 1; break;
      case Fault::kDropSpike: if (!spikes_.empty()) spikes_.erase(spikes_.begin()); break;
    }
  }
  uint64_t tick() const override { return in_.tick(); }
  const std::vector<Spike>& spikes() const override { return spikes_; }
  const std::vector<OffchipPacket>& offchip() const override { return in_.offchip(); }
  const std::vector<CoreCounters>& counters() const override { return counters_; }
  const std::vector<DeliveredPacket>& packets() const override { return packets_; }
  uint64_t tick_cycles() const override { return cycles_; }
  void potentials(int core, std::vector<int32_t>& out) const override {
    in_.potentials(core, out);
  }

 private:
  Engine& in_;
  Fault fault_;
  uint64_t at_;
  std::vector<Spike> spikes_;
  std::vector<CoreCounters> counters_;
  std::vector<DeliveredPacket> packets_;
  uint64_t cycles_ = 0;
};

struct FaultRun {
  std::unique_ptr<GoldenEngine> golden;
  std::unique_ptr<VerilatorEngine> rtl;
  std::unique_ptr<FaultyEngine> faulty;
  std::optional<Divergence> divergence;
};

FaultRun run_faulty(FaultyEngine::Fault f, uint64_t at) {
  FaultRun r;
  ChipConfig chip = generate_random_model(2, 2, 12345);
  r.golden = std::make_unique<GoldenEngine>(EngineOptions{true, 1});
  r.rtl = std::make_unique<VerilatorEngine>(chip.geometry);
  r.faulty = std::make_unique<FaultyEngine>(*r.rtl, f, at);
  Lockstep ls(*r.golden, *r.faulty, LockstepOptions{true});
  ls.load(chip);
  r.divergence = ls.run(40, generate_random_inputs(chip.geometry, 40, kInputRate, 99));
  return r;
}

TEST(LockstepChecker, ReportsCounterTimingAndSpikeFaults) {
  {
    const FaultRun r = run_faulty(FaultyEngine::Fault::kCounter, 9);
    ASSERT_TRUE(r.divergence);
    const uint64_t v = r.golden->counters()[3].hops_west;
    EXPECT_EQ(r.divergence->message(),
              "divergence at tick 9, core (1,1), field hops_west: golden " + std::to_string(v) +
                  ", rtl " + std::to_string(v + 1));
  }
  {
    const FaultRun r = run_faulty(FaultyEngine::Fault::kTickCycles, 5);
    ASSERT_TRUE(r.divergence);
    const uint64_t v = r.golden->tick_cycles();
    EXPECT_EQ(r.divergence->message(), "divergence at tick 5, field tick_cycles: golden " +
                                           std::to_string(v) + ", rtl " + std::to_string(v + 1));
  }
  {
    const FaultRun r = run_faulty(FaultyEngine::Fault::kArriveCycle, 6);
    ASSERT_TRUE(r.divergence);
    ASSERT_FALSE(r.golden->packets().empty());
    const DeliveredPacket& p = r.golden->packets().back();
    std::ostringstream want;
    want << "divergence at tick 6, core (" << p.src_core % 2 << "," << p.src_core / 2
         << "), neuron " << p.src_neuron << ", field packet arrive_cycle: golden "
         << p.arrive_cycle << ", rtl " << p.arrive_cycle + 2;
    EXPECT_EQ(r.divergence->message(), want.str());
  }
  {
    const FaultRun r = run_faulty(FaultyEngine::Fault::kDropSpike, 4);
    ASSERT_TRUE(r.divergence);
    ASSERT_FALSE(r.golden->spikes().empty());
    const Spike& s = r.golden->spikes().front();
    std::ostringstream want;
    want << "divergence at tick 4, core (" << s.x << "," << s.y << "), neuron " << s.neuron
         << ", field spike: golden fired, rtl silent";
    EXPECT_EQ(r.divergence->message(), want.str());
  }
}

// ------------------------------------------------------------------------------------------------
// Constrained-random campaign: random models (every neuron mode, random crossbars, destinations
// across cores and off chip) and random inputs, timing compared cycle for cycle.

int campaign_scale() {
  const char* s = std::getenv("MERIDIAN_LOCKSTEP_SCALE");
  return s ? std::max(1, std::atoi(s)) : 1;
}

// MERIDIAN_LOCKSTEP_MODELS_<W>x<H>=<n> sets one grid's model count outright (extended campaigns).
int campaign_models(int w, int h, int models) {
  const std::string var = "MERIDIAN_LOCKSTEP_MODELS_" + std::to_string(w) + "x" + std::to_string(h);
  const char* s = std::getenv(var.c_str());
  return s ? std::max(1, std::atoi(s)) : models * campaign_scale();
}

void campaign(int w, int h, int base_models, uint64_t ticks, uint64_t seed0) {
  Activity a;
  const int models = campaign_models(w, h, base_models);
  for (int k = 0; k < models; ++k) {
    Case c{w, h, seed0 + static_cast<uint64_t>(k), ticks, 0};
    if (k % 3 == 2) c.period = 150 + 50 * static_cast<uint32_t>(k % 7);  // some late packets
    const auto d = run_case(c, &a);
    ASSERT_FALSE(d) << d->message() << "\nreplay: " << c.replay();
  }
  // The campaign must keep exercising spikes, the mesh, the chip edge, late packets and input.
  EXPECT_GT(a.spikes, 0u);
  EXPECT_GT(a.packets, 0u);
  EXPECT_GT(a.offchip, 0u);
  EXPECT_GT(a.late, 0u);
  EXPECT_GT(a.host_in, 0u);
  if (w * h > 1) {
    EXPECT_GT(a.contended, 0u);
  }
  std::printf("[ campaign ] %dx%d: %d models x %llu ticks, %llu spikes, %llu packets, %llu off "
              "chip, %llu late, %llu delayed by contention, longest tick %llu cycles\n",
              w, h, models, static_cast<unsigned long long>(ticks),
              static_cast<unsigned long long>(a.spikes),
              static_cast<unsigned long long>(a.packets),
              static_cast<unsigned long long>(a.offchip), static_cast<unsigned long long>(a.late),
              static_cast<unsigned long long>(a.contended),
              static_cast<unsigned long long>(a.max_tick_cycles));
}

// Sized for CI: 500 models of 200 ticks, about three minutes of CPU in four test processes;
// MERIDIAN_LOCKSTEP_SCALE=<n> runs n times as many (docs/RTL.md, "Extended campaign").
TEST(LockstepRandom, Grid1x1) { campaign(1, 1, 420, 200, 1000); }
TEST(LockstepRandom, Grid2x2) { campaign(2, 2, 60, 200, 2000); }
TEST(LockstepRandom, Grid3x2) { campaign(3, 2, 12, 200, 3000); }
TEST(LockstepRandom, Grid4x4) { campaign(4, 4, 8, 200, 4000); }

TEST(LockstepRandom, Replay) {
  const char* r = std::getenv("MERIDIAN_LOCKSTEP_REPLAY");
  if (!r) GTEST_SKIP() << "set MERIDIAN_LOCKSTEP_REPLAY=<W>x<H>:<seed>:<ticks>:<period>";
  Case c;
  unsigned long long seed = 0, ticks = 0;
  unsigned period = 0;
  ASSERT_EQ(std::sscanf(r, "%dx%d:%llu:%llu:%u", &c.width, &c.height, &seed, &ticks, &period), 5)
      << "bad MERIDIAN_LOCKSTEP_REPLAY '" << r << "'";
  c.seed = seed;
  c.ticks = ticks;
  c.period = period;
  const auto d = run_case(c);
  EXPECT_FALSE(d) << d->message() << "\nreplay: " << c.replay();
}

}  // namespace
}  // namespace meridian
