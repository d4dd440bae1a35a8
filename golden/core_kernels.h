// The core's inner loops as SIMD kernels (Highway, with runtime dispatch: one binary uses SSE4,
// AVX2 or AVX-512, whichever the CPU has). Each kernel computes exactly the formulas of
// docs/ARCHITECTURE.md section 3-4; test_core_reference holds them equal to the scalar datapath.
#pragma once

#include <cstdint>

namespace meridian {

// counts[k] += 1 for every set bit k of bits[0 .. words) (bit k = word k/64, bit k%64); returns
// the number of set bits. (A portable build has no POPCNT instruction outside the kernels:
// __builtin_popcountll becomes a library call, which showed up at 4 % of a core step.)
int kernel_count_bits(int16_t* counts, const uint64_t* bits, int words);

// bits[k / 64] bit k % 64 = (values[k] != 0) for k in [0, n), n a multiple of 64: the fired
// flags as a bit set, so spikes are found by walking set bits instead of testing every neuron.
void kernel_nonzero_bits(const int32_t* values, int n, uint64_t* bits);

// syn[k] = c0[k]*w[0] + c1[k]*w[1] + c2[k]*w[2] + c3[k]*w[3] for k in [0, n).
void kernel_synaptic_sums(int n, const int16_t* c0, const int16_t* c1, const int16_t* c2,
                          const int16_t* c3, const int32_t* w, int32_t* syn);

// out[k] = prng_draw(seed, tick, neuron[k], slot) for k in [0, n).
void kernel_prng_draws(uint32_t seed, uint32_t tick, const uint16_t* neuron, uint32_t slot, int n,
                       uint32_t* out);

// Stochastic synapses of one active axon (draw slot = axon): for every set bit k of bits,
// syn[k] += F(weight[k], prng_draw(seed, tick, neuron[k], axon)); n is a multiple of 64.
void kernel_stochastic_synapses(uint32_t seed, uint32_t tick, uint32_t axon,
                                const uint16_t* neuron, const uint64_t* bits,
                                const int16_t* weight, int n, int32_t* syn);

// The parameters a group of neurons shares in the UPDATE step.
struct UpdateParams {
  int32_t alpha, beta, reset;
  int32_t leak;          // the leak term of every neuron when no per-neuron terms are given
  int gamma;             // 0 normal, 1 linear, 2 none
  bool kappa, leak_reversal;
};

// Leak, saturation, threshold and reset for n neurons: v is updated, fired[k] set to 0/1.
// leak_term may be null (every term is p.leak) and eta may be null (no threshold noise): the
// deterministic common case then reads no per-neuron arrays.
void kernel_update(int n, int32_t* v, const int32_t* syn, const int32_t* leak_term,
                   const int32_t* eta, const UpdateParams& p, int32_t* fired);

// Name of the instruction set the kernels dispatch to on this CPU (for benchmark reports).
const char* kernel_target_name();

}  // namespace meridian
