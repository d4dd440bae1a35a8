// The counter-based PRNG of docs/ARCHITECTURE.md section 4. Every random number is a pure
// function of (core seed, tick, neuron, slot), so engines never fall out of step and draws can
// be evaluated for many neurons at once.
//
// A neuron's random bits in one tick form a byte stream: byte m is byte (m mod 8) of the 64-bit
// draw at slot m / 8. Bytes 0-3 serve the UPDATE step (leak rho, threshold noise), byte 4 + k the
// neuron's k-th stochastic synaptic event. One evaluation thus covers a typical neuron-tick.
#pragma once

#include <cstdint>

namespace meridian {

constexpr uint32_t kPrngConstant = 0x6D657269u;  // "meri"
constexpr int kPrngRounds = 4;
constexpr uint32_t kStreamFirstEvent = 4;  // stream byte of a neuron's first stochastic event

inline uint32_t prng_rotl(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

// The 64-bit draw: low word a XOR c, high word b XOR d of the final state.
inline uint64_t prng_draw(uint32_t seed, uint32_t tick, uint32_t neuron, uint32_t slot) {
  uint32_t a = seed, b = tick, c = (neuron << 16) | slot, d = kPrngConstant;
  for (int r = 0; r < kPrngRounds; ++r) {
    a += b; d ^= a; d = prng_rotl(d, 16);
    c += d; b ^= c; b = prng_rotl(b, 12);
    a += b; d ^= a; d = prng_rotl(d, 8);
    c += d; b ^= c; b = prng_rotl(b, 7);
  }
  return (static_cast<uint64_t>(b ^ d) << 32) | (a ^ c);
}

// Byte m of neuron `neuron`'s stream at (seed, tick).
inline uint32_t prng_stream_byte(uint32_t seed, uint32_t tick, uint32_t neuron, uint32_t m) {
  return static_cast<uint32_t>(prng_draw(seed, tick, neuron, m / 8) >> (8 * (m % 8))) & 0xFFu;
}

// Stream bytes 0-3 as one word: leak rho = bits 0-7, threshold noise eta = bits 8.. (masked).
inline uint32_t prng_update_word(uint32_t seed, uint32_t tick, uint32_t neuron) {
  return static_cast<uint32_t>(prng_draw(seed, tick, neuron, 0));
}

// The stochastic operator F(s, rho) = sgn(s) if |s| > rho else 0 (rho: the low 8 bits of `rho`).
inline int32_t stochastic_unit(int32_t s, uint32_t rho) {
  const int32_t mag = s < 0 ? -s : s;
  const int32_t r = static_cast<int32_t>(rho & 0xFFu);
  return mag > r ? (s > 0 ? 1 : -1) : 0;
}

// Threshold noise eta from the UPDATE word: the low TM bits above the leak byte (TM <= 18).
inline uint32_t threshold_noise(uint32_t update_word, int tm) {
  return (update_word >> 8) & ((1u << tm) - 1u);
}

}  // namespace meridian
