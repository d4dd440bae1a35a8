// The SystemC platform is bit-exact with the golden engine: directed examples and a random
// campaign in lockstep (spikes, potentials, counters, off-chip packets, tick_cycles and packet
// timing), plus proofs that the comparison catches a planted difference.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "mapper/example_models.h"
#include "mapper/random_model.h"
#include "sim/golden_engine.h"
#include "sim/lockstep.h"
#include "sim/systemc/tests/platform_fixture.h"

namespace meridian {
namespace {

constexpr int kCampaignModels = 30;
constexpr uint64_t kCampaignTicks = 100;
constexpr uint64_t kExampleTicks = 120;

// Runs `chip` in lockstep on golden (timing mode) and the SystemC engine; returns the divergence
// message or "" and adds the DUT's spikes and synaptic events to `activity`.
std::string lockstep_run(SystemCEngine& sc, const ChipConfig& chip, uint64_t ticks,
                         const std::vector<InputSpike>& inputs, uint64_t& activity) {
  GoldenEngine golden(EngineOptions{true, 1});
  Lockstep ls(golden, sc, LockstepOptions{true});
  ls.load(chip);
  activity = 0;
  size_t next = 0;  // inputs are in tick order (generate_random_inputs)
  for (uint64_t t = 0; t < ticks; ++t) {
    while (next < inputs.size() && inputs[next].tick == t) ls.inject(inputs[next++]);
    if (auto d = ls.step()) return d->message();
    activity += sc.spikes().size();
    for (const CoreCounters& c : sc.counters()) activity += c.synaptic_events;
  }
  return "";
}

class Example : public testing::TestWithParam<std::string> {};

TEST_P(Example, BitExactWithGoldenInTimingMode) {
  const ChipConfig chip = make_example(GetParam());
  MERIDIAN_SC_ENGINE_OR_SKIP(sc, chip.geometry);
  const auto inputs = generate_random_inputs(chip.geometry, kExampleTicks, 0.02, 5);
  uint64_t activity = 0;
  EXPECT_EQ(lockstep_run(*sc, chip, kExampleTicks, inputs, activity), "");
  EXPECT_GT(activity, 0u) << "the example did nothing: the comparison proved nothing";
}

INSTANTIATE_TEST_SUITE_P(SystemC, Example, testing::ValuesIn(example_names()),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n) c = (c == '-') ? '_' : c;
                           return n;
                         });

// Model i of the campaign: 1x1 and 2x2 alternately, its own seed.
class Campaign : public testing::TestWithParam<int> {};

TEST_P(Campaign, RandomModelBitExactWithGolden) {
  const int i = GetParam();
  const int side = i % 2 == 0 ? 1 : 2;
  const uint64_t seed = 9000 + static_cast<uint64_t>(i);
  const ChipConfig chip = generate_random_model(side, side, seed);
  MERIDIAN_SC_ENGINE_OR_SKIP(sc, chip.geometry);
  const auto inputs = generate_random_inputs(chip.geometry, kCampaignTicks, 0.03, seed + 1);
  uint64_t activity = 0;
  EXPECT_EQ(lockstep_run(*sc, chip, kCampaignTicks, inputs, activity), "")
      << "model " << side << "x" << side << " seed " << seed;
  EXPECT_GT(activity, 0u);
}

INSTANTIATE_TEST_SUITE_P(SystemC, Campaign, testing::Range(0, kCampaignModels));

TEST(SystemCChecks, LockstepCatchesAPlantedPotential) {
  const ChipConfig chip = generate_random_model(1, 1, 77);
  MERIDIAN_SC_ENGINE_OR_SKIP(sc, chip.geometry);
  GoldenEngine golden(EngineOptions{true, 1});
  Lockstep ls(golden, *sc, LockstepOptions{true});
  ls.load(chip);
  for (int t = 0; t < 5; ++t) ASSERT_FALSE(ls.step().has_value()) << "tick " << t;
  int neuron = 0;  // the first enabled neuron
  while (!chip.cores[0].neurons[neuron].enabled) ++neuron;
  std::vector<int32_t> v;
  sc->potentials(0, v);
  sc->corrupt_potential_for_test(0, neuron, v[neuron] ^ 0x40);
  auto d = ls.step();
  ASSERT_TRUE(d.has_value()) << "a corrupted potential went unnoticed";
  EXPECT_EQ(d->tick, 5u);
  EXPECT_EQ(d->dut_name, "systemc");
  EXPECT_NE(d->message().find("core (0,0)"), std::string::npos) << d->message();
}

TEST(SystemCChecks, LockstepCatchesAPlantedRoutingDifference) {
  // The reference runs a model whose packets all go to the next axon: the first packet that
  // differs must stop the lockstep run.
  const ChipConfig chip = generate_random_model(1, 1, 31);
  MERIDIAN_SC_ENGINE_OR_SKIP(sc, chip.geometry);
  ChipConfig other = chip;
  for (NeuronConfig& n : other.cores[0].neurons) {
    n.dest.axon = static_cast<uint8_t>((n.dest.axon + 1) % chip.geometry.axons);
  }
  GoldenEngine golden(EngineOptions{true, 1});
  golden.load(other);
  sc->load(chip);
  Lockstep ls(golden, *sc, LockstepOptions{true});  // not ls.load(): the models differ on purpose
  const auto d = ls.run(kCampaignTicks, generate_random_inputs(chip.geometry, kCampaignTicks,
                                                               0.03, 4));
  ASSERT_TRUE(d.has_value()) << "packets to other axons went unnoticed";
  EXPECT_FALSE(d->message().empty());
}

TEST(SystemCEngineRules, SecondEngineInAProcessIsRefused) {
  Geometry g;
  MERIDIAN_SC_ENGINE_OR_SKIP(sc, g);
  (void)sc;
  try {
    SystemCEngine second(g);
    FAIL() << "a second SystemC engine was created";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("already created a SystemC engine"), std::string::npos)
        << e.what();
  }
}

TEST(SystemCEngineRules, UnsupportedGridNamesTheSupportedOnes) {
  Geometry g;
  g.width = 5;
  g.height = 7;
  try {
    SystemCEngine e(g);
    FAIL() << "5x7 accepted";
  } catch (const std::invalid_argument& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("5x7"), std::string::npos) << m;
    EXPECT_NE(m.find("2x2"), std::string::npos) << m;
  }
}

TEST(SystemCEngineRules, BadModelAndInputAreRejectedNamingTheField) {
  ChipConfig chip = generate_random_model(1, 1, 5);
  MERIDIAN_SC_ENGINE_OR_SKIP(sc, chip.geometry);
  chip.cores[0].neuron_types.at(0).threshold = kThresholdMax + 1;
  try {
    sc->load(chip);
    FAIL() << "threshold out of range accepted";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("threshold"), std::string::npos) << e.what();
  }
  sc->load(generate_random_model(1, 1, 5));
  InputSpike s;
  s.axon = 256;
  try {
    sc->inject(s);
    FAIL() << "axon 256 accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("axon"), std::string::npos) << e.what();
  }
  s.axon = 0;
  s.tick = 16;
  EXPECT_THROW(sc->inject(s), std::invalid_argument);
}

}  // namespace
}  // namespace meridian
