// The counter-based PRNG of docs/ARCHITECTURE.md section 4. Every random number is a pure
// function of (core seed, tick, neuron, slot), so engines never fall out of step and draws can
// be evaluated for many neurons at once.
#pragma once

#include <cstdint>

namespace meridian {

constexpr uint32_t kPrngConstant = 0x6D657269u;  // "meri"
constexpr int kPrngRounds = 4;
constexpr uint32_t kSlotLeak = 256;       // slot of the stochastic-leak draw
constexpr uint32_t kSlotThreshold = 257;  // slot of the threshold-mask draw

inline uint32_t prng_rotl(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

inline uint32_t prng_draw(uint32_t seed, uint32_t tick, uint32_t neuron, uint32_t slot) {
  uint32_t a = seed, b = tick, c = (neuron << 16) | slot, d = kPrngConstant;
  for (int r = 0; r < kPrngRounds; ++r) {
    a += b; d ^= a; d = prng_rotl(d, 16);
    c += d; b ^= c; b = prng_rotl(b, 12);
    a += b; d ^= a; d = prng_rotl(d, 8);
    c += d; b ^= c; b = prng_rotl(b, 7);
  }
  return a ^ c;
}

// Draws for neurons 0..n-1 at one (seed, tick, slot); written as a plain loop so it vectorises.
inline void prng_draw_neurons(uint32_t seed, uint32_t tick, uint32_t slot, int n, uint32_t* out) {
  for (int j = 0; j < n; ++j) out[j] = prng_draw(seed, tick, static_cast<uint32_t>(j), slot);
}

// The stochastic operator F(s, rho) = sgn(s) if |s| > rho else 0 (rho: low 8 bits of a draw).
inline int32_t stochastic_unit(int32_t s, uint32_t draw) {
  const int32_t mag = s < 0 ? -s : s;
  const int32_t rho = static_cast<int32_t>(draw & 0xFFu);
  return mag > rho ? (s > 0 ? 1 : -1) : 0;
}

}  // namespace meridian
