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

// All active rows of a tick at once (one dispatch per core, not per row): row r is
// rows[r * words ..] with axon type types[r]. Rows whose type is in the bit set counted_types are
// counted into counts[type * padded + k] as kernel_count_bits does; the others are only
// popcounted. Returns the total number of set bits.
int kernel_count_rows(int16_t* counts, int padded, const uint64_t* rows, const uint8_t* types,
                      int row_count, int words, unsigned counted_types);

// bits[k / 64] bit k % 64 = (values[k] != 0) for k in [0, n), n a multiple of 64: the fired
// flags as a bit set, so spikes are found by walking set bits instead of testing every neuron.
void kernel_nonzero_bits(const int32_t* values, int n, uint64_t* bits);

// syn[k] = c0[k]*w[0] + c1[k]*w[1] + c2[k]*w[2] + c3[k]*w[3] for k in [0, n); a null count
// array is a type with no events (its term is 0).
void kernel_synaptic_sums(int n, const int16_t* c0, const int16_t* c1, const int16_t* c2,
                          const int16_t* c3, const int32_t* w, int32_t* syn);

// lo[k], hi[k] = low and high word of prng_draw(seed, tick, neuron[k], slot), k in [0, n).
void kernel_prng_draws(uint32_t seed, uint32_t tick, const uint16_t* neuron, uint32_t slot, int n,
                       uint32_t* lo, uint32_t* hi);

// Stochastic synapses of a tick. rows[r * words ..] are the stochastic synapses (by slot) of the
// r-th active axon in ascending axon order, row_type[r] its axon type, weight[t * n + k] the
// weight S_t of slot k. For every set bit k of row r: syn[k] += F(weight, stream byte 4 + e)
// of neuron[k], where e counts slot k's set bits in rows 0..r-1 (the neuron's earlier
// stochastic events). hi0[k] is the high word of neuron[k]'s slot-0 draw (stream bytes 4-7),
// so a neuron's first four events evaluate no generator. uniform_weight, when not null, holds
// S_0..S_3 shared by every slot (a one-group core) and replaces `weight`. n is a multiple of 64.
void kernel_stochastic_synapses(uint32_t seed, uint32_t tick, const uint16_t* neuron,
                                const uint64_t* rows, const uint8_t* row_type, int row_count,
                                int words, const int16_t* weight, const int32_t* uniform_weight,
                                int n, const uint32_t* hi0, int32_t* syn);

// The parameters a group of neurons shares in the UPDATE step.
struct UpdateParams {
  int32_t alpha, beta, reset;
  int32_t leak;          // lambda
  int gamma;             // 0 normal, 1 linear, 2 none
  bool kappa, leak_reversal;
  bool stochastic_leak = false;  // c_lambda: the leak term is F(lambda, rho)
  int32_t mask = 0;              // 2^TM - 1: threshold noise
};

// Leak, saturation, threshold and reset for n neurons: v is updated, fired[k] set to 0/1.
// rand[k] is stream bytes 0-3 of the neuron (the low word of its slot-0 draw): rho of a
// stochastic leak in bits 0-7, threshold noise in bits 8 and up. It may be null when the group
// has neither, so the deterministic common case reads no per-neuron random words.
// The flags go to `fired` (0/1 per neuron) if it is not null, and to `fired_bits` (bit k of byte
// k / 8; bits from n up to the next multiple of 64 are unspecified) if that is not null.
void kernel_update(int n, int32_t* v, const int32_t* syn, const uint32_t* rand,
                   const UpdateParams& p, int32_t* fired, uint8_t* fired_bits = nullptr);

// Name of the instruction set the kernels dispatch to on this CPU (for benchmark reports).
const char* kernel_target_name();

}  // namespace meridian
