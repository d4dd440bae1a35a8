// Highway kernels of golden/core_kernels.h. This file is compiled once per SIMD target through
// foreach_target.h; HWY_DYNAMIC_DISPATCH picks the best one for the running CPU.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "golden/core_kernels.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "golden/config.h"
#include "golden/core_kernels.h"
#include "golden/prng.h"

HWY_BEFORE_NAMESPACE();
namespace meridian {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

int CountBits(int16_t* HWY_RESTRICT counts, const uint64_t* HWY_RESTRICT bits, int words) {
  const hn::ScalableTag<int16_t> d;
  const size_t lanes = hn::Lanes(d);
  const auto* bytes = reinterpret_cast<const uint8_t*>(bits);  // little-endian: lane order
  const int total = words * 64;
  int set = 0;
  if (lanes < 8) {
    for (int k = 0; k < total; ++k) {
      const int b = (bytes[k / 8] >> (k % 8)) & 1;
      counts[k] = static_cast<int16_t>(counts[k] + b);
      set += b;
    }
    return set;
  }
  const auto one = hn::Set(d, 1);
  for (int k = 0; k < total; k += static_cast<int>(lanes)) {
    const auto m = hn::LoadMaskBits(d, bytes + k / 8);
    set += static_cast<int>(hn::CountTrue(d, m));
    hn::StoreU(hn::Add(hn::LoadU(d, counts + k), hn::IfThenElseZero(m, one)), d, counts + k);
  }
  return set;
}

int PopCount(const uint64_t* HWY_RESTRICT bits, int words) {
  const hn::ScalableTag<uint8_t> d;
  const int lanes = static_cast<int>(hn::Lanes(d));
  const auto* bytes = reinterpret_cast<const uint8_t*>(bits);
  const int total = words * 64;
  int set = 0;
  if (lanes < 8 || total % lanes != 0) {
    for (int k = 0; k < total; ++k) set += (bytes[k / 8] >> (k % 8)) & 1;
    return set;
  }
  for (int k = 0; k < total; k += lanes)
    set += static_cast<int>(hn::CountTrue(d, hn::LoadMaskBits(d, bytes + k / 8)));
  return set;
}

int CountRows(int16_t* HWY_RESTRICT counts, int padded, const uint64_t* HWY_RESTRICT rows,
              const uint8_t* HWY_RESTRICT types, int row_count, int words,
              unsigned counted_types) {
  int set = 0;
  for (int r = 0; r < row_count; ++r) {
    const uint64_t* row = rows + static_cast<size_t>(r) * words;
    set += (counted_types >> types[r]) & 1
               ? CountBits(counts + static_cast<size_t>(types[r]) * padded, row, words)
               : PopCount(row, words);
  }
  return set;
}

void NonzeroBits(const int32_t* HWY_RESTRICT values, int n, uint64_t* HWY_RESTRICT bits) {
  const hn::ScalableTag<int32_t> d;
  const int lanes = static_cast<int>(hn::Lanes(d));
  if (lanes < 8) {
    for (int w = 0; w < n / 64; ++w) bits[w] = 0;
    for (int k = 0; k < n; ++k)
      if (values[k]) bits[k / 64] |= uint64_t{1} << (k % 64);
    return;
  }
  auto* bytes = reinterpret_cast<uint8_t*>(bits);
  for (int k = 0; k < n; k += lanes)
    hn::StoreMaskBits(d, hn::Ne(hn::LoadU(d, values + k), hn::Zero(d)), bytes + k / 8);
}

// One type's term: count * w, without the multiply for the common weights +-1 (vpmulld is two
// micro-ops with a long latency).
template <class D, class V>
HWY_INLINE V WeightedCount(D d, V count, int32_t w) {
  if (w == 1) return count;
  if (w == -1) return hn::Neg(count);
  return hn::Mul(count, hn::Set(d, w));
}

void SynapticSums(int n, const int16_t* HWY_RESTRICT c0, const int16_t* HWY_RESTRICT c1,
                  const int16_t* HWY_RESTRICT c2, const int16_t* HWY_RESTRICT c3,
                  const int32_t* HWY_RESTRICT w, int32_t* HWY_RESTRICT syn) {
  const hn::ScalableTag<int32_t> d;
  const hn::Rebind<int16_t, decltype(d)> d16;
  const int lanes = static_cast<int>(hn::Lanes(d));
  // Only the types with a count array and a nonzero weight contribute.
  const int16_t* counts[kAxonTypes] = {c0, c1, c2, c3};
  const int16_t* c[kAxonTypes];
  int32_t cw[kAxonTypes];
  int m = 0;
  for (int t = 0; t < kAxonTypes; ++t)
    if (counts[t] && w[t] != 0) {
      c[m] = counts[t];
      cw[m++] = w[t];
    }
  auto term = [&](int t, int k) {
    return WeightedCount(d, hn::PromoteTo(d, hn::LoadU(d16, c[t] + k)), cw[t]);
  };
  int k = 0;
  if (m == 2) {  // the usual excitatory + inhibitory pair: a loop without inner branches
    for (; k + lanes <= n; k += lanes) hn::StoreU(hn::Add(term(0, k), term(1, k)), d, syn + k);
  } else {
    for (; k + lanes <= n; k += lanes) {
      auto s = hn::Zero(d);
      for (int t = 0; t < m; ++t) s = hn::Add(s, term(t, k));
      hn::StoreU(s, d, syn + k);
    }
  }
  for (; k < n; ++k) {
    int32_t v = 0;
    for (int t = 0; t < m; ++t) v += c[t][k] * cw[t];
    syn[k] = v;
  }
}

template <class D, class V>
HWY_INLINE void QuarterRound(D, V& a, V& b, V& c, V& x) {
  a = hn::Add(a, b); x = hn::Xor(x, a); x = hn::RotateRight<16>(x);
  c = hn::Add(c, x); b = hn::Xor(b, c); b = hn::RotateRight<20>(b);
  a = hn::Add(a, b); x = hn::Xor(x, a); x = hn::RotateRight<24>(x);
  c = hn::Add(c, x); b = hn::Xor(b, c); b = hn::RotateRight<25>(b);
}

// The stochastic operator F(s, rho) = sgn(s) if |s| > rho else 0 on signed lanes (prng.h's
// stochastic_unit): |s| > rho >= 0 implies s != 0, so the sign is +-1.
template <class D, class V>
HWY_INLINE V StochasticUnit(D d, V s, V rho) {
  return hn::IfThenElseZero(hn::Gt(hn::Abs(s), rho),
                            hn::IfThenElse(hn::Gt(s, hn::Zero(d)), hn::Set(d, 1), hn::Set(d, -1)));
}

// The 64-bit draw of every lane: lo = a ^ c, hi = b ^ d (ARCHITECTURE.md section 4).
template <class D, class VU>
HWY_INLINE void DrawVector(D d, uint32_t seed, uint32_t tick, VU c, VU& lo, VU& hi) {
  auto a = hn::Set(d, seed), b = hn::Set(d, tick), x = hn::Set(d, kPrngConstant);
  for (int r = 0; r < kPrngRounds; ++r) QuarterRound(d, a, b, c, x);
  lo = hn::Xor(a, c);
  hi = hn::Xor(b, x);
}

void PrngDraws(uint32_t seed, uint32_t tick, const uint16_t* HWY_RESTRICT neuron, uint32_t slot,
               int n, uint32_t* HWY_RESTRICT lo, uint32_t* HWY_RESTRICT hi) {
  const hn::ScalableTag<uint32_t> d;
  const hn::Rebind<uint16_t, decltype(d)> d16;
  const int lanes = static_cast<int>(hn::Lanes(d));
  int k = 0;
  for (; k + lanes <= n; k += lanes) {
    const auto c = hn::Or(hn::ShiftLeft<16>(hn::PromoteTo(d, hn::LoadU(d16, neuron + k))),
                          hn::Set(d, slot));
    hn::Vec<decltype(d)> l, h;
    DrawVector(d, seed, tick, c, l, h);
    hn::StoreU(l, d, lo + k);
    hn::StoreU(h, d, hi + k);
  }
  for (; k < n; ++k) {
    const uint64_t w = prng_draw(seed, tick, neuron[k], slot);
    lo[k] = static_cast<uint32_t>(w);
    hi[k] = static_cast<uint32_t>(w >> 32);
  }
}

// The reference loop, for targets with too few lanes: one event at a time.
void StochasticSynapsesScalar(uint32_t seed, uint32_t tick, const uint16_t* neuron,
                              const uint64_t* rows, const uint8_t* row_type, int row_count,
                              int words, const int16_t* weight, const int32_t* uniform, int n,
                              int32_t* syn) {
  uint32_t events[kMaxNeurons] = {};  // n <= kMaxNeurons
  for (int r = 0; r < row_count; ++r)
    for (int k = 0; k < n; ++k)
      if ((rows[static_cast<size_t>(r) * words + k / 64] >> (k % 64)) & 1)
        syn[k] += stochastic_unit(
            uniform ? uniform[row_type[r]] : weight[static_cast<size_t>(row_type[r]) * n + k],
            prng_stream_byte(seed, tick, neuron[k], kStreamFirstEvent + events[k]++));
}

#if HWY_TARGET != HWY_SCALAR
// Splits the 32-bit words of two vectors (lanes [0, h) in a, [h, 2h) in b) into their low and
// high 16-bit halves, in lane order (little-endian: the low half is the even 16-bit lane).
template <class DU, class V32>
HWY_INLINE void SplitHalves(DU du, V32 a, V32 b, hn::Vec<DU>& lo, hn::Vec<DU>& hi) {
  lo = hn::ConcatEven(du, hn::BitCast(du, b), hn::BitCast(du, a));
  hi = hn::ConcatOdd(du, hn::BitCast(du, b), hn::BitCast(du, a));
}
#endif

// kUniform: every slot has the same weights (a one-group core), given as uniform[type], so the
// weight magnitudes and signs are constants outside all loops.
template <bool kUniform>
void StochasticSynapsesImpl(uint32_t seed, uint32_t tick, const uint16_t* HWY_RESTRICT neuron,
                            const uint64_t* HWY_RESTRICT rows, const uint8_t* HWY_RESTRICT row_type,
                            int row_count, int words, const int16_t* HWY_RESTRICT weight,
                            const int32_t* HWY_RESTRICT uniform, int n,
                            const uint32_t* HWY_RESTRICT hi0, int32_t* HWY_RESTRICT syn) {
#if HWY_TARGET == HWY_SCALAR
  (void)hi0;
  StochasticSynapsesScalar(seed, tick, neuron, rows, row_type, row_count, words, weight, uniform,
                           n, syn);
#else
  // 16-bit lanes: sums, counts, weights and rho all fit, so a vector covers twice the neurons of
  // 32-bit lanes. A lane's current 32-bit random word is held as two 16-bit halves.
  const hn::ScalableTag<int16_t> di;
  const hn::RebindToUnsigned<decltype(di)> du;
  const hn::Repartition<uint32_t, decltype(du)> d32;  // draws, half a vector of neurons each
  const hn::Rebind<uint16_t, decltype(d32)> dn;
  const hn::Repartition<int32_t, decltype(di)> di32;
  const hn::Half<decltype(di)> dh;
  const int lanes = static_cast<int>(hn::Lanes(di));
  const int half = lanes / 2;
  if (lanes < 8) {  // mask bits must start on a byte
    StochasticSynapsesScalar(seed, tick, neuron, rows, row_type, row_count, words, weight, uniform,
                             n, syn);
    return;
  }
  using VI = hn::Vec<decltype(di)>;
  using VU = hn::Vec<decltype(du)>;
  using V32 = hn::Vec<decltype(d32)>;
  const auto one = hn::Set(di, 1), two = hn::Set(di, 2), three = hn::Set(di, 3);
  const auto byte_mask = hn::Set(du, 0xFF);
  VI umag[kAxonTypes], usgn[kAxonTypes];
  if (kUniform)
    for (int t = 0; t < kAxonTypes; ++t) {
      umag[t] = hn::Set(di, static_cast<int16_t>(uniform[t] < 0 ? -uniform[t] : uniform[t]));
      usgn[t] = hn::Set(di, static_cast<int16_t>(uniform[t] > 0 ? 1 : -1));
    }
  // neuron << 16 of the two halves of the vector at k: the generator's c input without the slot.
  auto neuron_words = [&](int k, V32& a, V32& b) {
    a = hn::ShiftLeft<16>(hn::PromoteTo(d32, hn::LoadU(dn, neuron + k)));
    b = hn::ShiftLeft<16>(hn::PromoteTo(d32, hn::LoadU(dn, neuron + k + half)));
  };
  // Vector-outer, rows-inner: each lane's current random word (two halves), its unread byte
  // count, the word's index and the sum stay in registers across rows. A lane reads its word's
  // low byte per event and shifts the word down; when all four bytes are read, the next word of
  // its stream is loaded. Words are 4 stream bytes: word 1 is bytes 4-7 (events 0-3), words 2-3
  // the slot-1 draw, word w >= 4 half (w mod 2) of the draw at slot w / 2.
  for (int k = 0; k < n; k += lanes) {
    auto acc = hn::Zero(di);
    auto left = hn::Set(di, 4);  // unread bytes of cur
    auto word = hn::Set(di, 1);  // stream word held in cur
    VU cur_lo, cur_hi;           // word 1
    SplitHalves(du, hn::LoadU(d32, hi0 + k), hn::LoadU(d32, hi0 + k + half), cur_lo, cur_hi);
    bool have1 = false;  // slot-1 draw computed for this vector
    VU w2_lo = hn::Zero(du), w2_hi = w2_lo, w3_lo = w2_lo, w3_hi = w2_lo;
    for (int r = 0; r < row_count; ++r) {
      const uint64_t* row = rows + static_cast<size_t>(r) * words;
      if (lanes < 64 && ((row[k / 64] >> (k % 64)) & ((uint64_t{1} << lanes) - 1)) == 0) continue;
      const auto mi = hn::LoadMaskBits(di, reinterpret_cast<const uint8_t*>(row) + k / 8);
      const auto mu = hn::RebindMask(du, mi);
      const auto need = hn::And(mi, hn::Eq(left, hn::Zero(di)));
      // A refill is a lane's fifth (ninth, ...) event: in most rows no lane of the vector has
      // one, so the refill blends sit behind a branch. The slot-1 draw is made at the vector's
      // first refill. (Making the draws of all vectors that need one in a separate loop first,
      // or for a packed list of slots in Core::step, or always, all measured slower.)
      if (HWY_UNLIKELY(!hn::AllFalse(di, need))) {
        V32 ca, cb;
        neuron_words(k, ca, cb);
        if (!have1) {
          V32 la, ha, lb, hb;
          DrawVector(d32, seed, tick, hn::Or(ca, hn::Set(d32, 1u)), la, ha);
          DrawVector(d32, seed, tick, hn::Or(cb, hn::Set(d32, 1u)), lb, hb);
          SplitHalves(du, la, lb, w2_lo, w2_hi);
          SplitHalves(du, ha, hb, w3_lo, w3_hi);
          have1 = true;
        }
        const auto next_word = hn::Add(word, one);
        const auto past2 = hn::RebindMask(du, hn::Gt(next_word, two));
        auto next_lo = hn::IfThenElse(past2, w3_lo, w2_lo);
        auto next_hi = hn::IfThenElse(past2, w3_hi, w2_hi);
        const auto far = hn::And(need, hn::Gt(next_word, three));
        if (HWY_UNLIKELY(!hn::AllFalse(di, far))) {
          // Slot next_word / 2 of every lane, half next_word % 2 of it.
          const auto slot16 = hn::BitCast(du, hn::ShiftRight<1>(next_word));
          V32 la, ha, lb, hb;
          DrawVector(d32, seed, tick, hn::Or(ca, hn::PromoteTo(d32, hn::LowerHalf(slot16))), la, ha);
          DrawVector(d32, seed, tick,
                     hn::Or(cb, hn::PromoteTo(d32, hn::UpperHalf(hn::Half<decltype(du)>(), slot16))),
                     lb, hb);
          VU l_lo, l_hi, h_lo, h_hi;
          SplitHalves(du, la, lb, l_lo, l_hi);
          SplitHalves(du, ha, hb, h_lo, h_hi);
          const auto odd = hn::RebindMask(du, hn::Eq(hn::And(next_word, one), one));
          const auto fu = hn::RebindMask(du, far);
          next_lo = hn::IfThenElse(fu, hn::IfThenElse(odd, h_lo, l_lo), next_lo);
          next_hi = hn::IfThenElse(fu, hn::IfThenElse(odd, h_hi, l_hi), next_hi);
        }
        const auto nu = hn::RebindMask(du, need);
        cur_lo = hn::IfThenElse(nu, next_lo, cur_lo);
        cur_hi = hn::IfThenElse(nu, next_hi, cur_hi);
        left = hn::IfThenElse(need, hn::Set(di, 4), left);
        word = hn::IfThenElse(need, next_word, word);
      }
      const auto rho = hn::BitCast(di, hn::And(cur_lo, byte_mask));
      // F(S, rho); with uniform weights |S| and sgn(S) are loop constants.
      const VI unit =
          kUniform ? hn::IfThenElseZero(hn::Gt(umag[row_type[r]], rho), usgn[row_type[r]])
                   : StochasticUnit(di, hn::LoadU(di, weight + row_type[r] * n + k), rho);
      acc = hn::IfThenElse(mi, hn::Add(acc, unit), acc);
      // The 32-bit word moves down one byte: the high half's low byte enters the low half.
      cur_lo = hn::IfThenElse(mu, hn::Or(hn::ShiftRight<8>(cur_lo), hn::ShiftLeft<8>(cur_hi)),
                              cur_lo);
      cur_hi = hn::IfThenElse(mu, hn::ShiftRight<8>(cur_hi), cur_hi);
      left = hn::IfThenElse(mi, hn::Sub(left, one), left);
    }
    hn::StoreU(hn::Add(hn::LoadU(di32, syn + k), hn::PromoteTo(di32, hn::LowerHalf(acc))), di32,
               syn + k);
    hn::StoreU(hn::Add(hn::LoadU(di32, syn + k + half), hn::PromoteTo(di32, hn::UpperHalf(dh, acc))),
               di32, syn + k + half);
  }
#endif
}

void StochasticSynapses(uint32_t seed, uint32_t tick, const uint16_t* HWY_RESTRICT neuron,
                        const uint64_t* HWY_RESTRICT rows, const uint8_t* HWY_RESTRICT row_type,
                        int row_count, int words, const int16_t* HWY_RESTRICT weight,
                        const int32_t* HWY_RESTRICT uniform, int n,
                        const uint32_t* HWY_RESTRICT hi0, int32_t* HWY_RESTRICT syn) {
  if (uniform)
    StochasticSynapsesImpl<true>(seed, tick, neuron, rows, row_type, row_count, words, weight,
                                 uniform, n, hi0, syn);
  else
    StochasticSynapsesImpl<false>(seed, tick, neuron, rows, row_type, row_count, words, weight,
                                  uniform, n, hi0, syn);
}

// One vector of neurons: the formulas of ARCHITECTURE.md 3.2-3.3 on whole lanes.
// Returns the fire mask; also stores it as 0/1 words when `fired` is not null.
template <class D>
HWY_INLINE auto UpdateVector(D d, int32_t* HWY_RESTRICT v, const int32_t* HWY_RESTRICT syn,
                             const uint32_t* HWY_RESTRICT rand, const UpdateParams& p,
                             int32_t* HWY_RESTRICT fired) {
  const auto zero = hn::Zero(d), one = hn::Set(d, 1), minus_one = hn::Set(d, -1);
  const auto alpha = hn::Set(d, p.alpha), beta = hn::Set(d, p.beta), reset = hn::Set(d, p.reset);
  const auto v1 = hn::Add(hn::LoadU(d, v), hn::LoadU(d, syn));
  const auto r = rand ? hn::BitCast(d, hn::LoadU(hn::RebindToUnsigned<D>(), rand)) : zero;
  auto leak = hn::Set(d, p.leak);
  if (p.stochastic_leak) {  // F(lambda, rho), rho = bits 0-7
    const auto rho = hn::And(r, hn::Set(d, 0xFF));
    leak = StochasticUnit(d, leak, rho);
  }
  if (p.leak_reversal) {
    const auto sg = hn::IfThenElse(hn::Gt(v1, zero), one, hn::IfThenElseZero(hn::Lt(v1, zero), minus_one));
    leak = hn::Mul(sg, leak);
  }
  const auto v2 = hn::Min(hn::Max(hn::Add(v1, leak), hn::Set(d, kPotentialMin)), hn::Set(d, kPotentialMax));
  // eta = bits 8.. under the mask (the mask is below 2^24, so the arithmetic shift is harmless).
  const auto eta = p.mask ? hn::And(hn::ShiftRight<8>(r), hn::Set(d, p.mask)) : zero;
  const auto pos = hn::Add(alpha, eta);
  const auto neg = p.kappa ? beta : hn::Add(beta, eta);
  const auto fire = hn::Not(hn::Lt(v2, pos));  // integer Ge is not in Highway 1.0
  const auto below = hn::Lt(v2, hn::Neg(neg));
  const auto v_fire = p.gamma == 0 ? reset : (p.gamma == 1 ? hn::Sub(v2, pos) : v2);
  const auto v_neg = p.kappa ? hn::Neg(beta)
                             : (p.gamma == 0 ? hn::Neg(reset) : (p.gamma == 1 ? hn::Add(v2, neg) : v2));
  hn::StoreU(hn::IfThenElse(fire, v_fire, hn::IfThenElse(below, v_neg, v2)), d, v);
  if (fired) hn::StoreU(hn::IfThenElseZero(fire, one), d, fired);
  return fire;
}

void Update(int n, int32_t* HWY_RESTRICT v, const int32_t* HWY_RESTRICT syn,
            const uint32_t* HWY_RESTRICT rand, const UpdateParams& p,
            int32_t* HWY_RESTRICT fired, uint8_t* HWY_RESTRICT fired_bits) {
  const hn::ScalableTag<int32_t> d;
  const int lanes = static_cast<int>(hn::Lanes(d));
  // Fired flags as bits: one whole byte per 8 lanes, so narrower vectors take the word path.
  HWY_ALIGN int32_t words[kMaxNeurons];
  int32_t* out = fired_bits && lanes < 8 ? words : fired;
  auto emit = [&](int k, auto fire) {
    if (fired_bits && lanes >= 8) hn::StoreMaskBits(d, fire, fired_bits + k / 8);
  };
  int k = 0;
  for (; k + lanes <= n; k += lanes)
    emit(k, UpdateVector(d, v + k, syn + k, rand ? rand + k : nullptr, p,
                         out ? out + k : nullptr));
  if (k < n) {
    // The group's tail: run one whole vector on copies, so no lane outside the group is touched.
    constexpr int kMax = HWY_MAX_BYTES / sizeof(int32_t);
    HWY_ALIGN int32_t tv[kMax] = {}, ts[kMax] = {}, tf[kMax] = {};
    HWY_ALIGN uint32_t tr[kMax] = {};
    const int rest = n - k;
    for (int i = 0; i < rest; ++i) {
      tv[i] = v[k + i]; ts[i] = syn[k + i];
      tr[i] = rand ? rand[k + i] : 0;
    }
    emit(k, UpdateVector(d, tv, ts, rand ? tr : nullptr, p, tf));
    for (int i = 0; i < rest; ++i) {
      v[k + i] = tv[i];
      if (out) out[k + i] = tf[i];
    }
  }
  if (fired_bits && lanes < 8) {
    for (int i = 0; i < (n + 7) / 8; ++i) fired_bits[i] = 0;
    for (int i = 0; i < n; ++i) fired_bits[i / 8] |= static_cast<uint8_t>((words[i] & 1) << (i % 8));
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace meridian
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace meridian {

HWY_EXPORT(CountBits);
HWY_EXPORT(CountRows);
HWY_EXPORT(NonzeroBits);
HWY_EXPORT(SynapticSums);
HWY_EXPORT(PrngDraws);
HWY_EXPORT(Update);
HWY_EXPORT(StochasticSynapses);

int kernel_count_bits(int16_t* counts, const uint64_t* bits, int words) {
  return HWY_DYNAMIC_DISPATCH(CountBits)(counts, bits, words);
}
int kernel_count_rows(int16_t* counts, int padded, const uint64_t* rows, const uint8_t* types,
                      int row_count, int words, unsigned counted_types) {
  return HWY_DYNAMIC_DISPATCH(CountRows)(counts, padded, rows, types, row_count, words,
                                         counted_types);
}
void kernel_nonzero_bits(const int32_t* values, int n, uint64_t* bits) {
  HWY_DYNAMIC_DISPATCH(NonzeroBits)(values, n, bits);
}
void kernel_synaptic_sums(int n, const int16_t* c0, const int16_t* c1, const int16_t* c2,
                          const int16_t* c3, const int32_t* w, int32_t* syn) {
  HWY_DYNAMIC_DISPATCH(SynapticSums)(n, c0, c1, c2, c3, w, syn);
}
void kernel_prng_draws(uint32_t seed, uint32_t tick, const uint16_t* neuron, uint32_t slot, int n,
                       uint32_t* lo, uint32_t* hi) {
  HWY_DYNAMIC_DISPATCH(PrngDraws)(seed, tick, neuron, slot, n, lo, hi);
}
void kernel_update(int n, int32_t* v, const int32_t* syn, const uint32_t* rand,
                   const UpdateParams& p, int32_t* fired, uint8_t* fired_bits) {
  HWY_DYNAMIC_DISPATCH(Update)(n, v, syn, rand, p, fired, fired_bits);
}
void kernel_stochastic_synapses(uint32_t seed, uint32_t tick, const uint16_t* neuron,
                                const uint64_t* rows, const uint8_t* row_type, int row_count,
                                int words, const int16_t* weight, const int32_t* uniform_weight,
                                int n, const uint32_t* hi0, int32_t* syn) {
  HWY_DYNAMIC_DISPATCH(StochasticSynapses)(seed, tick, neuron, rows, row_type, row_count, words,
                                           weight, uniform_weight, n, hi0, syn);
}
const char* kernel_target_name() {
  // Lower target bits are the better instruction sets; dispatch picks the best supported one.
  const int64_t targets = hwy::SupportedTargets() & HWY_TARGETS;
  return hwy::TargetName(targets & -targets);
}

}  // namespace meridian
#endif  // HWY_ONCE
