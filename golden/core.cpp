#include "golden/core.h"

#include <algorithm>

#include "golden/neuron_datapath.h"
#include "golden/prng.h"

namespace meridian {

namespace {
// lane[b][l] = -1 if bit l of byte b is set, else 0.
struct ByteMasks {
  alignas(32) int32_t lane[256][8];
  ByteMasks() {
    for (int b = 0; b < 256; ++b)
      for (int l = 0; l < 8; ++l) lane[b][l] = ((b >> l) & 1) ? -1 : 0;
  }
};
const ByteMasks kByteMasks;

// a[l] += m[l] & w[l] for 8 lanes; restrict lets the compiler emit one vector operation.
inline void masked_add8(int32_t* __restrict a, const int32_t* __restrict m,
                        const int16_t* __restrict w) {
  for (int l = 0; l < 8; ++l) a[l] += m[l] & w[l];
}
// Leak, saturation, threshold and reset for every neuron (ARCHITECTURE.md 3.2-3.3), branch-free
// over restrict-qualified arrays so that it compiles to vector code.
void update_neurons(int n, int32_t* __restrict v, const int32_t* __restrict acc,
                    const int8_t* __restrict leak_reversal, const int32_t* __restrict leak_term,
                    const int32_t* __restrict eta_in, const int32_t* __restrict alpha,
                    const int32_t* __restrict beta, const int8_t* __restrict kappa,
                    const int8_t* __restrict gamma, const int32_t* __restrict reset,
                    const int8_t* __restrict enabled, int32_t* __restrict fired) {
  for (int j = 0; j < n; ++j) {
    const int32_t v1 = v[j] + acc[j];
    const int32_t sg = (v1 > 0) - (v1 < 0);
    const int32_t omega = leak_reversal[j] ? sg : 1;
    int32_t v2 = v1 + omega * leak_term[j];
    v2 = v2 < kPotentialMin ? kPotentialMin : (v2 > kPotentialMax ? kPotentialMax : v2);
    const int32_t eta = eta_in[j];
    const int32_t pos = alpha[j] + eta;
    const int32_t neg = kappa[j] ? beta[j] : beta[j] + eta;
    const int32_t fire = v2 >= pos;
    const int32_t below = v2 < -neg;
    const int32_t g = gamma[j];
    const int32_t v_fire = g == 0 ? reset[j] : (g == 1 ? v2 - pos : v2);
    const int32_t v_neg = kappa[j] ? -beta[j] : (g == 0 ? -reset[j] : (g == 1 ? v2 + neg : v2));
    const int32_t next = fire ? v_fire : (below ? v_neg : v2);
    v[j] = enabled[j] ? next : v[j];
    fired[j] = enabled[j] & fire;
  }
}
// Per-thread scratch of the core step, so cores hold only their own state.
struct Scratch {
  std::vector<int32_t> acc, events, leak_term, eta, fired;
  std::vector<uint32_t> draws;
  void size(int n) {
    if (static_cast<int>(acc.size()) >= n) return;
    acc.assign(n, 0); events.assign(n, 0); leak_term.assign(n, 0); eta.assign(n, 0);
    fired.assign(n, 0); draws.assign(n, 0);
  }
};
thread_local Scratch tls_scratch;
}  // namespace

Core::Core(const Geometry& g, const CoreConfig& c)
    : axons_(g.axons),
      neurons_(g.neurons),
      padded_(g.words_per_row() * 64),
      words_(g.words_per_row()),
      seed_(c.seed),
      axon_type_(c.axon_type),
      crossbar_(c.crossbar),
      enabled_bits_(words_, 0) {
  mem32_.assign(static_cast<size_t>(kFields32) * padded_, 0);
  mem16_.assign(static_cast<size_t>(kFields16) * padded_, 0);
  mem8_.assign(static_cast<size_t>(kFields8) * padded_, 0);
  has_dest_.assign(padded_, 0);
  dest_.assign(padded_, Destination{});
  std::vector<uint64_t> stochastic(static_cast<size_t>(kAxonTypes) * words_, 0);
  std::vector<int16_t> weight(static_cast<size_t>(kAxonTypes) * padded_, 0);

  for (int j = 0; j < neurons_; ++j) {
    const NeuronConfig& n = c.neurons[j];
    const NeuronParams& p = c.neuron_types.empty() ? NeuronParams{} : c.neuron_types[n.type];
    const uint64_t bit = uint64_t{1} << (j % 64);
    for (int gt = 0; gt < kAxonTypes; ++gt) {
      weight[static_cast<size_t>(gt) * padded_ + j] = p.weight[gt];
      f16(kWDet0 + gt)[j] = p.stochastic_synapse[gt] ? 0 : p.weight[gt];
      if (n.enabled && p.stochastic_synapse[gt]) {
        stochastic[static_cast<size_t>(gt) * words_ + j / 64] |= bit;
        any_stochastic_[gt] = true;
      }
    }
    f16(kLeak)[j] = p.leak;
    f8(kStochLeak)[j] = p.stochastic_leak;
    f8(kLeakRev)[j] = p.leak_reversal;
    f32(kAlpha)[j] = static_cast<int32_t>(p.threshold);
    f32(kBeta)[j] = static_cast<int32_t>(p.neg_threshold);
    f32(kMask)[j] = static_cast<int32_t>((1u << p.threshold_mask_bits) - 1u);
    f8(kGamma)[j] = static_cast<int8_t>(p.reset_mode);
    f8(kKappa)[j] = p.neg_saturate;
    f32(kReset)[j] = p.reset_potential;
    f32(kV)[j] = p.initial_potential;
    if (n.enabled) {
      f8(kEnabled)[j] = 1;
      enabled_bits_[j / 64] |= bit;
      any_stochastic_leak_ |= p.stochastic_leak && p.leak != 0;
      any_threshold_mask_ |= p.threshold_mask_bits > 0;
    }
    has_dest_[j] = n.has_destination;
    dest_[j] = n.dest;
  }
  if (any_stochastic_[0] || any_stochastic_[1] || any_stochastic_[2] || any_stochastic_[3]) {
    stochastic_bits_ = std::move(stochastic);
    weight_ = std::move(weight);
  }
}

void Core::step(uint32_t tick, const uint64_t* active, bool timing, CoreTickResult& out) {
  out.fired.clear();
  out.fire_cycle.clear();
  CoreCounters& cnt = out.counters;
  cnt = CoreCounters{};

  Scratch& sc = tls_scratch;
  sc.size(padded_);
  int32_t* acc = sc.acc.data();
  std::fill(acc, acc + padded_, 0);
  if (timing) std::fill(sc.events.data(), sc.events.data() + padded_, 0);

  // Synaptic integration, event-driven over active axons in ascending order. Order does not
  // matter for the result (no intermediate saturation), only for the reading of the spec.
  uint64_t syn_events = 0, active_axons = 0;
  for (int aw = 0; aw < (axons_ + 63) / 64; ++aw) {
    uint64_t abits = active[aw];
    active_axons += static_cast<uint64_t>(__builtin_popcountll(abits));
    while (abits) {
      const int i = aw * 64 + __builtin_ctzll(abits);
      abits &= abits - 1;
      if (i >= axons_) break;
      const int gt = axon_type_[i];
      const uint64_t* row = &crossbar_[static_cast<size_t>(i) * words_];
      const int16_t* wdet = f16(kWDet0 + gt);
      for (int w = 0; w < words_; ++w) {
        const uint64_t bits = row[w];
        if (!bits) continue;
        syn_events += static_cast<uint64_t>(__builtin_popcountll(bits & enabled_bits_[w]));
        int32_t* a = acc + w * 64;
        const int16_t* ww = wdet + w * 64;
        // Expand 8 crossbar bits at a time into lane masks from a table; the inner loop is one
        // 8-lane vector operation.
        for (int k = 0; k < 8; ++k) {
          const int32_t* m = kByteMasks.lane[(bits >> (8 * k)) & 0xFFu];
          masked_add8(a + 8 * k, m, ww + 8 * k);
        }
        if (timing) {
          int32_t* ev = sc.events.data() + w * 64;
          for (int k = 0; k < 8; ++k) {
            const int32_t* m = kByteMasks.lane[(bits >> (8 * k)) & 0xFFu];
            for (int l = 0; l < 8; ++l) ev[8 * k + l] -= m[l];  // mask is -1 per set bit
          }
        }
        if (any_stochastic_[gt]) {
          uint64_t sbits = bits & stochastic_bits_[static_cast<size_t>(gt) * words_ + w];
          while (sbits) {
            const int j = w * 64 + __builtin_ctzll(sbits);
            sbits &= sbits - 1;
            acc[j] += stochastic_unit(weight_[static_cast<size_t>(gt) * padded_ + j],
                                      prng_draw(seed_, tick, static_cast<uint32_t>(j),
                                                static_cast<uint32_t>(i)));
          }
        }
      }
    }
  }

  // Leak term and threshold noise (draw slots 256 and 257), only where some neuron uses them.
  const int n = padded_;
  const int16_t* leak = f16(kLeak);
  const int8_t* stoch_leak = f8(kStochLeak);
  int32_t* leak_term = sc.leak_term.data();
  int32_t* eta = sc.eta.data();
  uint32_t* draws = sc.draws.data();
  if (any_stochastic_leak_) {
    prng_draw_neurons(seed_, tick, kSlotLeak, n, draws);
    for (int j = 0; j < n; ++j) {
      const int32_t l = leak[j];
      const int32_t mag = l < 0 ? -l : l;
      const int32_t s = mag > static_cast<int32_t>(draws[j] & 0xFFu) ? (l > 0 ? 1 : -1) : 0;
      leak_term[j] = stoch_leak[j] ? s : l;
    }
  } else {
    for (int j = 0; j < n; ++j) leak_term[j] = leak[j];
  }
  if (any_threshold_mask_) {
    prng_draw_neurons(seed_, tick, kSlotThreshold, n, draws);
    const int32_t* mask = f32(kMask);
    for (int j = 0; j < n; ++j) eta[j] = static_cast<int32_t>(draws[j]) & mask[j];
  } else {
    std::fill(eta, eta + n, 0);
  }

  int32_t* fired = sc.fired.data();
  update_neurons(n, f32(kV), acc, f8(kLeakRev), leak_term, eta, f32(kAlpha), f32(kBeta),
                 f8(kKappa), f8(kGamma), f32(kReset), f8(kEnabled), fired);

  // Controller bookkeeping (cycle model, ARCHITECTURE.md 7.1).
  uint64_t enabled = 0, spikes = 0, packets = 0;
  uint32_t cycle = 0;
  const int8_t* en = f8(kEnabled);
  for (int j = 0; j < neurons_; ++j) {
    if (!en[j]) continue;
    ++enabled;
    if (timing) cycle += 2 + static_cast<uint32_t>(sc.events[j]);
    if (fired[j]) {
      ++spikes;
      packets += has_dest_[j];
      out.fired.push_back(static_cast<uint16_t>(j));
      if (timing) out.fire_cycle.push_back(cycle);
    }
  }
  cnt.active_axons = active_axons;
  cnt.synaptic_events = syn_events;
  cnt.neuron_updates = enabled;
  cnt.spikes = spikes;
  cnt.packets_sent = packets;
  cnt.core_cycles = 1 + 2 * enabled + syn_events;
}

}  // namespace meridian
