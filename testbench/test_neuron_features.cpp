// One test per neuron feature and mode, each expectation derived by hand from
// docs/ARCHITECTURE.md section 3 (the derivation is in the comment above each check).
#include <gtest/gtest.h>

#include "chip_builder.h"
#include "golden/chip.h"

namespace meridian {
namespace {

using test::fire_ticks;
using test::single_neuron;

std::vector<uint64_t> every(uint64_t first, uint64_t period, uint64_t ticks) {
  std::vector<uint64_t> v;
  for (uint64_t t = first; t < ticks; t += period) v.push_back(t);
  return v;
}

int32_t potential_after(const ChipConfig& config, uint64_t ticks,
                        const std::vector<InputSpike>& inputs = {}) {
  Chip chip(config);
  for (uint64_t t = 0; t < ticks; ++t) {
    for (const auto& s : inputs)
      if (s.tick == t) chip.inject(s);
    chip.step();
  }
  return chip.core(0).potential(0);
}

TEST(NeuronFeatures, TonicAlpha10Leak1FiresWithPeriod10) {
  // V: 1, 2, ..., 10 at tick 9 >= alpha -> spike, reset to 0; so ticks 9, 19, 29, ...
  NeuronParams p;
  p.threshold = 10;
  p.leak = 1;
  EXPECT_EQ(fire_ticks(single_neuron(p), 60), every(9, 10, 60));
}

TEST(NeuronFeatures, TonicAlpha10Leak1InitialOneShiftsPhase) {
  // V(0)=1: reaches 10 at tick 8, then every 10.
  NeuronParams p;
  p.threshold = 10;
  p.leak = 1;
  p.initial_potential = 1;
  EXPECT_EQ(fire_ticks(single_neuron(p), 60), every(8, 10, 60));
}

TEST(NeuronFeatures, TonicAlpha11Leak2FiresWithPeriod6) {
  // V: 2, 4, ..., 12 at tick 5 >= 11 -> reset to 0: period 6.
  NeuronParams p;
  p.threshold = 11;
  p.leak = 2;
  EXPECT_EQ(fire_ticks(single_neuron(p), 60), every(5, 6, 60));
}

TEST(NeuronFeatures, InputEveryTickWithLeakMinusOneFiresEveryFifthTick) {
  // s0 = 3 on an axon driven every tick, leak -1: net +2 per tick, alpha 10 -> 2,4,..,10 at tick 4.
  NeuronParams p;
  p.weight = {3, 0, 0, 0};
  p.leak = -1;
  p.threshold = 10;
  ChipConfig chip = single_neuron(p);
  set_crossbar_bit(chip.cores[0], chip.geometry, 17, 0, true);
  std::vector<InputSpike> in;
  for (uint64_t t = 0; t < 50; ++t) in.push_back({t, 0, 0, 17});
  EXPECT_EQ(fire_ticks(chip, 50, in), every(4, 5, 50));
}

TEST(NeuronFeatures, FourAxonTypesUseTheirOwnWeights) {
  // One spike on an axon of each type at tick 0 with weights 1, 10, 100, 1000? (max 255):
  // weights 1, -2, 40, -80 -> V = -41 after tick 0 (alpha high, beta high, no leak).
  NeuronParams p;
  p.weight = {1, -2, 40, -80};
  p.threshold = 1000;
  p.neg_threshold = 1000;
  ChipConfig chip = single_neuron(p);
  for (int a = 0; a < 4; ++a) {
    chip.cores[0].axon_type[a] = static_cast<uint8_t>(a);
    set_crossbar_bit(chip.cores[0], chip.geometry, a, 0, true);
  }
  std::vector<InputSpike> in = {{0, 0, 0, 0}, {0, 0, 0, 1}, {0, 0, 0, 2}, {0, 0, 0, 3}};
  EXPECT_EQ(potential_after(chip, 1, in), 1 - 2 + 40 - 80);
  // An axon without a crossbar bit does nothing.
  set_crossbar_bit(chip.cores[0], chip.geometry, 2, 0, false);
  EXPECT_EQ(potential_after(chip, 1, in), 1 - 2 - 80);
}

TEST(NeuronFeatures, LinearResetSubtractsThreshold) {
  // leak +7, alpha 10, linear: V 7, 14->4 (spike t1), 11->1 (t2), 8, 15->5 (t4), 12->2 (t5), 9,
  // 16->6 (t7), 13->3 (t8), 10->0 (t9).
  NeuronParams p;
  p.threshold = 10;
  p.leak = 7;
  p.reset_mode = ResetMode::kLinear;
  EXPECT_EQ(fire_ticks(single_neuron(p), 10), (std::vector<uint64_t>{1, 2, 4, 5, 7, 8, 9}));
  EXPECT_EQ(potential_after(single_neuron(p), 10), 0);
}

TEST(NeuronFeatures, NonResetKeepsPotentialAndFiresEveryTickAboveThreshold) {
  // leak +3, alpha 7, no reset: V 3, 6, 9 (spike t2), 12 (t3), ... fires every tick from t2.
  NeuronParams p;
  p.threshold = 7;
  p.leak = 3;
  p.reset_mode = ResetMode::kNone;
  EXPECT_EQ(fire_ticks(single_neuron(p), 6), (std::vector<uint64_t>{2, 3, 4, 5}));
  EXPECT_EQ(potential_after(single_neuron(p), 6), 18);
}

TEST(NeuronFeatures, NormalResetGoesToResetPotential) {
  // R = -5, leak +4, alpha 8: V 4, 8 (spike t1) -> -5, -1, 3, 7, 11 (spike t5) -> -5, -1.
  NeuronParams p;
  p.threshold = 8;
  p.leak = 4;
  p.reset_potential = -5;
  p.neg_threshold = 100;
  EXPECT_EQ(fire_ticks(single_neuron(p), 7), (std::vector<uint64_t>{1, 5}));
  EXPECT_EQ(potential_after(single_neuron(p), 6), -5);
  EXPECT_EQ(potential_after(single_neuron(p), 7), -1);
}

// Negative threshold: leak -3, beta 10, so V walks 0, -3, -6, -9, -12 (crossed at tick 3).
NeuronParams falling(ResetMode mode, bool kappa, int32_t reset = 0) {
  NeuronParams p;
  p.leak = -3;
  p.threshold = 100;
  p.neg_threshold = 10;
  p.reset_mode = mode;
  p.neg_saturate = kappa;
  p.reset_potential = reset;
  return p;
}

TEST(NeuronFeatures, NegativeThresholdKappaSaturatesForEveryResetMode) {
  for (ResetMode m : {ResetMode::kNormal, ResetMode::kLinear, ResetMode::kNone}) {
    // -12 < -10 -> V = -10, then -13 -> -10 again: pinned at -beta.
    EXPECT_EQ(potential_after(single_neuron(falling(m, true, 4)), 4), -10) << int(m);
    EXPECT_EQ(potential_after(single_neuron(falling(m, true, 4)), 9), -10) << int(m);
    EXPECT_TRUE(fire_ticks(single_neuron(falling(m, true, 4)), 9).empty());
  }
}

TEST(NeuronFeatures, NegativeThresholdWithoutKappaNormalResetGoesToMinusR) {
  // -12 < -10 at tick 3 -> V = -R = -4; then -7, -10 (not < -10), -13 -> -4 at tick 6.
  EXPECT_EQ(potential_after(single_neuron(falling(ResetMode::kNormal, false, 4)), 4), -4);
  EXPECT_EQ(potential_after(single_neuron(falling(ResetMode::kNormal, false, 4)), 6), -10);
  EXPECT_EQ(potential_after(single_neuron(falling(ResetMode::kNormal, false, 4)), 7), -4);
}

TEST(NeuronFeatures, NegativeThresholdWithoutKappaLinearAddsBeta) {
  // -12 -> -12 + 10 = -2 at tick 3; then -5, -8, -11 -> -1 at tick 6.
  EXPECT_EQ(potential_after(single_neuron(falling(ResetMode::kLinear, false)), 4), -2);
  EXPECT_EQ(potential_after(single_neuron(falling(ResetMode::kLinear, false)), 7), -1);
}

TEST(NeuronFeatures, NegativeThresholdWithoutKappaNonResetKeepsFalling) {
  EXPECT_EQ(potential_after(single_neuron(falling(ResetMode::kNone, false)), 7), -21);
}

TEST(NeuronFeatures, LeakReversalDecaysTowardZeroFromBothSides) {
  // epsilon = 1, lambda = -2: V0 = 7 -> 5, 3, 1, -1, 1, -1 ... ; V0 = -7 -> -5, -3, -1, 1, -1.
  NeuronParams p;
  p.leak = -2;
  p.leak_reversal = true;
  p.threshold = 100;
  p.neg_threshold = 100;
  p.initial_potential = 7;
  EXPECT_EQ(potential_after(single_neuron(p), 3), 1);
  EXPECT_EQ(potential_after(single_neuron(p), 4), -1);
  EXPECT_EQ(potential_after(single_neuron(p), 5), 1);
  p.initial_potential = -7;
  EXPECT_EQ(potential_after(single_neuron(p), 3), -1);
  // V = 0 gets no leak at all (Omega = sgn(0) = 0).
  p.initial_potential = 0;
  EXPECT_EQ(potential_after(single_neuron(p), 5), 0);
}

TEST(NeuronFeatures, LeakReversalWithPositiveLeakDiverges) {
  // lambda = +3, epsilon = 1, V0 = -1: -4, -7, -10 (beta 100 far away).
  NeuronParams p;
  p.leak = 3;
  p.leak_reversal = true;
  p.threshold = 100;
  p.neg_threshold = 100;
  p.initial_potential = -1;
  EXPECT_EQ(potential_after(single_neuron(p), 3), -10);
}

TEST(NeuronFeatures, SaturatesAtUpperBound) {
  // 255 per axon x 256 axons x every tick with alpha at its maximum and no reset: V climbs by
  // 65,280 per tick and must stop at 2^19 - 1.
  NeuronParams p;
  p.weight = {255, 0, 0, 0};
  p.threshold = kThresholdMax;
  p.reset_mode = ResetMode::kNone;
  ChipConfig chip = single_neuron(p);
  std::vector<InputSpike> in;
  for (int a = 0; a < 256; ++a) {
    set_crossbar_bit(chip.cores[0], chip.geometry, a, 0, true);
    for (uint64_t t = 0; t < 12; ++t) in.push_back({t, 0, 0, a});
  }
  EXPECT_EQ(potential_after(chip, 12, in), kPotentialMax);
}

TEST(NeuronFeatures, SaturatesAtLowerBound) {
  NeuronParams p;
  p.weight = {-255, 0, 0, 0};
  p.neg_threshold = kThresholdMax;
  p.neg_saturate = false;
  p.reset_mode = ResetMode::kNone;  // gamma 2 with kappa 0 leaves V below -beta untouched
  ChipConfig chip = single_neuron(p);
  std::vector<InputSpike> in;
  for (int a = 0; a < 256; ++a) {
    set_crossbar_bit(chip.cores[0], chip.geometry, a, 0, true);
    for (uint64_t t = 0; t < 12; ++t) in.push_back({t, 0, 0, a});
  }
  EXPECT_EQ(potential_after(chip, 12, in), kPotentialMin);
}

TEST(NeuronFeatures, SaturationHappensOnceAfterLeakNotPerSynapse) {
  // V0 = 2^19 - 1, +100 then -100 at the same tick, leak -1: wide sum = max - 1 (no clamp in
  // between), while per-step clamping would give max - 101.
  NeuronParams p;
  p.weight = {100, -100, 0, 0};
  p.leak = -1;
  p.threshold = kThresholdMax;
  p.reset_mode = ResetMode::kNone;
  p.initial_potential = kPotentialMax;
  ChipConfig chip = single_neuron(p);
  // alpha max (262143) < V: the neuron fires but gamma 2 keeps V. Check the value only.
  chip.cores[0].axon_type[0] = 0;
  chip.cores[0].axon_type[1] = 1;
  set_crossbar_bit(chip.cores[0], chip.geometry, 0, 0, true);
  set_crossbar_bit(chip.cores[0], chip.geometry, 1, 0, true);
  EXPECT_EQ(potential_after(chip, 1, {{0, 0, 0, 0}, {0, 0, 0, 1}}), kPotentialMax - 1);
}

TEST(NeuronFeatures, MemorylessThresholdNeuronComputesStepOfSumPlusBias) {
  // Section 3.4: +1/-1 axon types, alpha 1, beta 0, kappa 1, R 0, leak = bias.
  NeuronParams p;
  p.weight = {1, -1, 0, 0};
  p.threshold = 1;
  p.neg_threshold = 0;
  p.neg_saturate = true;
  p.leak = -1;  // bias -1: fires iff (#plus - #minus) >= 2
  ChipConfig chip = single_neuron(p);
  for (int a = 0; a < 6; ++a) {
    chip.cores[0].axon_type[a] = static_cast<uint8_t>(a < 3 ? 0 : 1);
    set_crossbar_bit(chip.cores[0], chip.geometry, a, 0, true);
  }
  // tick 0: 3 plus -> 3-1=2 fire; tick 1: 2 plus 1 minus -> 0 no; tick 2: 2 plus -> 1 fire;
  // tick 3: nothing -> -1 clamps to 0, no fire; tick 4: 1 plus -> 0 no (memoryless).
  std::vector<InputSpike> in = {{0, 0, 0, 0}, {0, 0, 0, 1}, {0, 0, 0, 2}, {1, 0, 0, 0},
                                {1, 0, 0, 1}, {1, 0, 0, 3}, {2, 0, 0, 1}, {2, 0, 0, 2},
                                {4, 0, 0, 0}};
  EXPECT_EQ(fire_ticks(chip, 5, in), (std::vector<uint64_t>{0, 2}));
  EXPECT_EQ(potential_after(chip, 5, in), 0);
}

TEST(NeuronFeatures, DisabledNeuronNeverChangesAndCostsNothing) {
  NeuronParams p;
  p.threshold = 1;
  p.leak = 5;
  p.initial_potential = 3;
  ChipConfig chip = single_neuron(p);
  chip.cores[0].neurons[0].enabled = false;
  Chip c(chip);
  c.step();
  EXPECT_TRUE(c.spikes().empty());
  EXPECT_EQ(c.core(0).potential(0), 3);
  EXPECT_EQ(c.counters()[0].neuron_updates, 0u);
  EXPECT_EQ(c.counters()[0].core_cycles, 1u);
}

}  // namespace
}  // namespace meridian
