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
                        const int32_t* __restrict w) {
  for (int l = 0; l < 8; ++l) a[l] += m[l] & w[l];
}
// Leak, saturation, threshold and reset for every neuron (ARCHITECTURE.md 3.2-3.3), branch-free
// over restrict-qualified arrays so that it compiles to vector code.
void update_neurons(int n, int32_t* __restrict v, const int32_t* __restrict acc,
                    const int32_t* __restrict leak_reversal, const int32_t* __restrict leak_term,
                    const int32_t* __restrict eta_in, const int32_t* __restrict alpha,
                    const int32_t* __restrict beta, const int32_t* __restrict kappa,
                    const int32_t* __restrict gamma, const int32_t* __restrict reset,
                    const int32_t* __restrict enabled, int32_t* __restrict fired) {
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
  auto zeros = [&] { return std::vector<int32_t>(padded_, 0); };
  v_ = zeros();
  for (int gt = 0; gt < kAxonTypes; ++gt) {
    weight_[gt] = zeros();
    weight_det_[gt] = zeros();
    stochastic_bits_[gt].assign(words_, 0);
  }
  leak_ = zeros(); stochastic_leak_ = zeros(); leak_reversal_ = zeros();
  alpha_ = zeros(); beta_ = zeros(); mask_ = zeros(); gamma_ = zeros(); kappa_ = zeros();
  reset_ = zeros(); enabled_ = zeros();
  has_dest_.assign(padded_, 0);
  dest_.assign(padded_, Destination{});
  acc_ = zeros(); events_ = zeros(); leak_term_ = zeros(); eta_ = zeros(); fired_ = zeros();
  draws_.assign(padded_, 0);

  for (int j = 0; j < neurons_; ++j) {
    const NeuronConfig& n = c.neurons[j];
    const NeuronParams& p = c.neuron_types.empty() ? NeuronParams{} : c.neuron_types[n.type];
    const uint64_t bit = uint64_t{1} << (j % 64);
    for (int gt = 0; gt < kAxonTypes; ++gt) {
      weight_[gt][j] = p.weight[gt];
      weight_det_[gt][j] = p.stochastic_synapse[gt] ? 0 : p.weight[gt];
      if (n.enabled && p.stochastic_synapse[gt]) {
        stochastic_bits_[gt][j / 64] |= bit;
        any_stochastic_[gt] = true;
      }
    }
    leak_[j] = p.leak;
    stochastic_leak_[j] = p.stochastic_leak;
    leak_reversal_[j] = p.leak_reversal;
    alpha_[j] = static_cast<int32_t>(p.threshold);
    beta_[j] = static_cast<int32_t>(p.neg_threshold);
    mask_[j] = static_cast<int32_t>((1u << p.threshold_mask_bits) - 1u);
    gamma_[j] = static_cast<int32_t>(p.reset_mode);
    kappa_[j] = p.neg_saturate;
    reset_[j] = p.reset_potential;
    v_[j] = p.initial_potential;
    if (n.enabled) {
      enabled_[j] = 1;
      enabled_bits_[j / 64] |= bit;
      any_stochastic_leak_ |= p.stochastic_leak && p.leak != 0;
      any_threshold_mask_ |= p.threshold_mask_bits > 0;
    }
    has_dest_[j] = n.has_destination;
    dest_[j] = n.dest;
  }
}

void Core::step(uint32_t tick, const uint64_t* active, bool timing, CoreTickResult& out) {
  out.fired.clear();
  out.fire_cycle.clear();
  CoreCounters& cnt = out.counters;
  cnt = CoreCounters{};

  int32_t* acc = acc_.data();
  std::fill(acc_.begin(), acc_.end(), 0);
  if (timing) std::fill(events_.begin(), events_.end(), 0);

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
      const int32_t* wdet = weight_det_[gt].data();
      for (int w = 0; w < words_; ++w) {
        const uint64_t bits = row[w];
        if (!bits) continue;
        syn_events += static_cast<uint64_t>(__builtin_popcountll(bits & enabled_bits_[w]));
        int32_t* a = acc + w * 64;
        const int32_t* ww = wdet + w * 64;
        // Expand 8 crossbar bits at a time into lane masks from a table; the inner loop is one
        // 8-lane vector operation.
        for (int k = 0; k < 8; ++k) {
          const int32_t* m = kByteMasks.lane[(bits >> (8 * k)) & 0xFFu];
          masked_add8(a + 8 * k, m, ww + 8 * k);
        }
        if (timing) {
          int32_t* ev = events_.data() + w * 64;
          for (int k = 0; k < 8; ++k) {
            const int32_t* m = kByteMasks.lane[(bits >> (8 * k)) & 0xFFu];
            for (int l = 0; l < 8; ++l) ev[8 * k + l] -= m[l];  // mask is -1 per set bit
          }
        }
        if (any_stochastic_[gt]) {
          uint64_t sbits = bits & stochastic_bits_[gt][w];
          while (sbits) {
            const int j = w * 64 + __builtin_ctzll(sbits);
            sbits &= sbits - 1;
            acc[j] += stochastic_unit(weight_[gt][j],
                                      prng_draw(seed_, tick, static_cast<uint32_t>(j),
                                                static_cast<uint32_t>(i)));
          }
        }
      }
    }
  }

  // Leak term and threshold noise (draw slots 256 and 257), only where some neuron uses them.
  const int n = padded_;
  if (any_stochastic_leak_) {
    prng_draw_neurons(seed_, tick, kSlotLeak, n, draws_.data());
    for (int j = 0; j < n; ++j) {
      const int32_t l = leak_[j];
      const int32_t mag = l < 0 ? -l : l;
      const int32_t s = mag > static_cast<int32_t>(draws_[j] & 0xFFu) ? (l > 0 ? 1 : -1) : 0;
      leak_term_[j] = stochastic_leak_[j] ? s : l;
    }
  } else {
    std::copy(leak_.begin(), leak_.end(), leak_term_.begin());
  }
  if (any_threshold_mask_) {
    prng_draw_neurons(seed_, tick, kSlotThreshold, n, draws_.data());
    for (int j = 0; j < n; ++j) eta_[j] = static_cast<int32_t>(draws_[j]) & mask_[j];
  } else {
    std::fill(eta_.begin(), eta_.end(), 0);
  }

  update_neurons(padded_, v_.data(), acc, leak_reversal_.data(), leak_term_.data(), eta_.data(),
                 alpha_.data(), beta_.data(), kappa_.data(), gamma_.data(), reset_.data(),
                 enabled_.data(), fired_.data());

  // Controller bookkeeping (cycle model, ARCHITECTURE.md 7.1).
  uint64_t enabled = 0, spikes = 0, packets = 0;
  uint32_t cycle = 0;
  for (int j = 0; j < neurons_; ++j) {
    if (!enabled_[j]) continue;
    ++enabled;
    if (timing) cycle += 2 + static_cast<uint32_t>(events_[j]);
    if (fired_[j]) {
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
