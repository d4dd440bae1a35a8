#include "mapper/eedn_level_neuron.h"

#include <algorithm>
#include <stdexcept>

namespace meridian {
namespace {

constexpr int kClock = 255;  // weight magnitude of one boost or clear axon

// Highest potential after the emission, where the first clear tick starts: the residue below
// alpha, or with K spikes sent what the largest sum leaves (a binary neuron resets instead).
long long highest_after_emission(int levels, int gain, int alpha, int offset, int in_levels,
                                 int positive) {
  const long long top = offset + static_cast<long long>(gain) * in_levels * positive;
  return levels == 1 ? alpha - 1 : std::max<long long>(alpha - 1, top - static_cast<long long>(levels) * alpha);
}

}  // namespace

EednLevelNeeds eedn_level_needs(int levels, int gain, int alpha, int offset, int in_levels,
                                int positive, int negative) {
  EednLevelNeeds n;
  // Before the boost V = c - B + m (partial sum), with partial sums in [-K_in N, K_in P] in any
  // order: B > c + m K_in P - alpha keeps it below alpha, B >= m K_in N keeps it at or above the
  // floor -beta = c - 2B, and 2B >= c keeps beta >= 0.
  const long long top = offset + static_cast<long long>(gain) * in_levels * positive;
  const long long bottom = static_cast<long long>(gain) * in_levels * negative;
  while (static_cast<long long>(kClock) * n.boost_axons <= top - alpha ||
         static_cast<long long>(kClock) * n.boost_axons < bottom ||
         2LL * kClock * n.boost_axons < offset)
    ++n.boost_axons;
  // The first clear tick must take the highest potential below alpha, or it fires a K+1-th spike.
  const long long high = highest_after_emission(levels, gain, alpha, offset, in_levels, positive);
  while (high - static_cast<long long>(kClock) * n.clear_axons >= alpha) ++n.clear_axons;
  return n;
}

EednLevelNeuron eedn_level_neuron(int levels, int gain, int alpha, int offset, int in_levels,
                                  int positive, int negative, int boost_axons, int clear_axons) {
  const EednLevelNeeds need =
      eedn_level_needs(levels, gain, alpha, offset, in_levels, positive, negative);
  if (boost_axons < need.boost_axons || clear_axons < need.clear_axons)
    throw std::invalid_argument("eedn_level_neuron: " + std::to_string(boost_axons) +
                                " boost and " + std::to_string(clear_axons) +
                                " clear axons, the neuron needs " +
                                std::to_string(need.boost_axons) + " and " +
                                std::to_string(need.clear_axons));
  const long long boost = static_cast<long long>(kClock) * boost_axons;
  const long long beta = 2 * boost - offset;
  if (beta > 262143)
    throw std::invalid_argument("eedn_level_neuron: negative threshold " + std::to_string(beta) +
                                " exceeds the 18-bit field (offset " + std::to_string(offset) +
                                ", " + std::to_string(boost_axons) + " boost axons)");
  EednLevelNeuron n;
  NeuronParams& p = n.params;
  p.weight = {static_cast<int16_t>(gain), static_cast<int16_t>(-gain), -kClock, kClock};
  p.leak = 0;
  p.threshold = static_cast<uint32_t>(alpha);
  p.neg_threshold = static_cast<uint32_t>(beta);
  p.neg_saturate = true;
  p.reset_mode = levels == 1 ? ResetMode::kNormal : ResetMode::kLinear;
  p.reset_potential = static_cast<int32_t>(-beta);
  p.initial_potential = static_cast<int32_t>(-beta);
  const long long high = highest_after_emission(levels, gain, alpha, offset, in_levels, positive);
  n.clear_drop = high + beta;
  n.clear_ticks = eedn_clear_ticks(n.clear_drop, clear_axons);
  return n;
}

int eedn_clear_ticks(long long drop, int clear_axons) {
  // high - C per_tick < -beta  <=>  C > drop / per_tick
  return static_cast<int>(drop / (static_cast<long long>(kClock) * clear_axons) + 1);
}

int eedn_clear_axons_within(long long drop, int ticks) {
  if (ticks < 1) throw std::invalid_argument("eedn_clear_axons_within: ticks must be >= 1");
  // drop / (255 a) + 1 <= ticks  <=>  drop < 255 a ticks
  return static_cast<int>(drop / (static_cast<long long>(kClock) * ticks) + 1);
}

}  // namespace meridian
