#include "golden/core.h"

#include <algorithm>

#include "golden/core_kernels.h"
#include "golden/neuron_datapath.h"
#include "golden/prng.h"

namespace meridian {

namespace {

// Per-thread scratch of the core step, so cores hold only their own state.
struct Scratch {
  std::vector<int16_t> count;   // [4][padded]: active synapses per axon type and slot
  std::vector<int32_t> syn, fired;
  std::vector<uint32_t> draw_lo, draw_hi;  // the slot-0 draw of every slot's neuron
  std::vector<uint64_t> rows;   // [active axon][word]: its synapses to enabled (or stochastic) slots
  std::vector<uint8_t> row_type;
  std::vector<uint64_t> fired_bits;  // fired flags as a bit set, by slot
  int size = 0;
  void reserve(int n) {
    if (size >= n) return;
    size = n;
    count.assign(static_cast<size_t>(kAxonTypes) * n, 0);
    syn.assign(n, 0); fired.assign(n, 0);
    draw_lo.assign(n, 0); draw_hi.assign(n, 0);
    rows.assign(static_cast<size_t>(kMaxAxons) * (n / 64 + 1), 0);
    row_type.assign(kMaxAxons, 0);
    fired_bits.assign(n / 64 + 1, 0);
  }
};
thread_local Scratch tls_scratch;

bool same_group(const NeuronParams& a, const NeuronParams& b) {
  NeuronParams x = a, y = b;
  x.initial_potential = y.initial_potential = 0;  // V0 is per neuron state, not a parameter
  return x == y;
}

}  // namespace

Core::Core(const Geometry& g, const CoreConfig& c)
    : axons_(g.axons),
      neurons_(g.neurons),
      padded_(g.words_per_row() * 64),
      words_(g.words_per_row()),
      seed_(c.seed) {
  const NeuronParams none{};
  auto params = [&](int j) -> const NeuronParams& {
    return c.neuron_types.empty() ? none : c.neuron_types[c.neurons[j].type];
  };
  // Group enabled neurons by parameters (first appearance order), then the disabled ones.
  std::vector<std::vector<int>> members;
  std::vector<int> group_type;
  for (int j = 0; j < neurons_; ++j) {
    if (!c.neurons[j].enabled) continue;
    size_t gi = 0;
    while (gi < group_type.size() && !same_group(params(group_type[gi]), params(j))) ++gi;
    if (gi == group_type.size()) {
      group_type.push_back(j);
      members.emplace_back();
    }
    members[gi].push_back(j);
  }
  int slot = 0;
  for (size_t gi = 0; gi < members.size(); ++gi) {
    const NeuronParams& p = params(group_type[gi]);
    Group grp;
    grp.begin = slot;
    for (int gt = 0; gt < kAxonTypes; ++gt) {
      grp.weight[gt] = p.weight[gt];
      grp.weight_det[gt] = p.stochastic_synapse[gt] ? 0 : p.weight[gt];
      grp.stochastic_synapse[gt] = p.stochastic_synapse[gt];
      any_stochastic_[gt] = any_stochastic_[gt] || p.stochastic_synapse[gt];
      counted_type_[gt] = counted_type_[gt] || grp.weight_det[gt] != 0;
    }
    grp.leak = p.leak;
    grp.stochastic_leak = p.stochastic_leak && p.leak != 0;
    grp.leak_reversal = p.leak_reversal;
    grp.alpha = static_cast<int32_t>(p.threshold);
    grp.beta = static_cast<int32_t>(p.neg_threshold);
    grp.mask = static_cast<int32_t>((1u << p.threshold_mask_bits) - 1u);
    grp.gamma = static_cast<int>(p.reset_mode);
    grp.kappa = p.neg_saturate;
    grp.reset = p.reset_potential;
    any_stochastic_leak_ |= grp.stochastic_leak;
    any_threshold_mask_ |= grp.mask != 0;
    for (int j : members[gi]) neuron_of_slot_[slot++] = static_cast<uint16_t>(j);
    grp.end = slot;
    groups_.push_back(grp);
  }
  enabled_count_ = slot;
  for (int j = 0; j < neurons_; ++j)
    if (!c.neurons[j].enabled) neuron_of_slot_[slot++] = static_cast<uint16_t>(j);
  for (int k = 0; k < neurons_; ++k) {
    const int j = neuron_of_slot_[k];
    slot_of_[j] = static_cast<uint16_t>(k);
    v_[k] = params(j).initial_potential;
    if (k < enabled_count_) enabled_bits_[k / 64] |= uint64_t{1} << (k % 64);
    if (c.neurons[j].has_destination) has_dest_bits_[j / 64] |= uint64_t{1} << (j % 64);
    identity_slots_ = identity_slots_ && j == k;
    dest_[j] = c.neurons[j].dest;
  }
  for (int i = 0; i < axons_; ++i)
    axon_type_bits_[i / 32] |= static_cast<uint64_t>(c.axon_type[i] & 3) << (i % 32 * 2);
  // Crossbar columns in slot order (a plain copy when slots are neuron indices, which keeps
  // building a 4,096-core chip well under a second).
  if (identity_slots_) {
    std::copy(c.crossbar.begin(), c.crossbar.end(), crossbar_.begin());
  } else {
    for (int i = 0; i < axons_; ++i)
      for (int k = 0; k < neurons_; ++k)
        if (crossbar_bit(c, g, i, neuron_of_slot_[k]))
          crossbar_[static_cast<size_t>(i) * words_ + k / 64] |= uint64_t{1} << (k % 64);
  }
  if (any_stochastic_[0] || any_stochastic_[1] || any_stochastic_[2] || any_stochastic_[3]) {
    stochastic_bits_.assign(static_cast<size_t>(kAxonTypes) * words_, 0);
    stochastic_weight_.assign(static_cast<size_t>(kAxonTypes) * padded_, 0);
    for (const Group& grp : groups_)
      for (int k = grp.begin; k < grp.end; ++k)
        for (int gt = 0; gt < kAxonTypes; ++gt)
          if (grp.stochastic_synapse[gt]) {
            stochastic_bits_[static_cast<size_t>(gt) * words_ + k / 64] |= uint64_t{1} << (k % 64);
            stochastic_weight_[static_cast<size_t>(gt) * padded_ + k] =
                static_cast<int16_t>(grp.weight[gt]);
          }
  }
}

namespace {
void prefetch_bytes(const void* p, size_t bytes) {
  const char* c = static_cast<const char*>(p);
  for (size_t off = 0; off < bytes; off += 64) __builtin_prefetch(c + off);
}
}  // namespace

void Core::prefetch(const uint64_t* active) const {
  for (int aw = 0; aw < words_; ++aw)
    for (uint64_t abits = active[aw]; abits; abits &= abits - 1) {
      const int i = aw * 64 + __builtin_ctzll(abits);
      if (i < axons_) __builtin_prefetch(&crossbar_[static_cast<size_t>(i) * words_]);
    }
  prefetch_bytes(groups_.data(), groups_.size() * sizeof(Group));
  prefetch_bytes(v_.data(), static_cast<size_t>(enabled_count_) * sizeof(int32_t));
  prefetch_bytes(stochastic_bits_.data(), stochastic_bits_.size() * sizeof(uint64_t));
}

void Core::step(uint32_t tick, const uint64_t* active, bool timing, CoreTickResult& out) {
  out.fired.clear();
  out.fire_cycle.clear();
  CoreCounters& cnt = out.counters;
  cnt = CoreCounters{};

  Scratch& sc = tls_scratch;
  sc.reserve(padded_);
  const int n = enabled_count_;
  // [gt * padded_ + k]; all zero on entry: each step clears the types it counted, at its end.
  int16_t* count = sc.count.data();
  unsigned types_hit = 0;
  int32_t* syn = sc.syn.data();

  // The active crossbar rows are the only rows touched; start fetching them all at once so the
  // cache misses of a large chip overlap instead of queueing one after another.
  for (int aw = 0; aw < (axons_ + 63) / 64; ++aw)
    for (uint64_t abits = active[aw]; abits; abits &= abits - 1) {
      const int i = aw * 64 + __builtin_ctzll(abits);
      if (i < axons_) __builtin_prefetch(&crossbar_[static_cast<size_t>(i) * words_]);
    }

  // Integration, event-driven over active axons: the active rows (AND the enabled slots) are
  // listed, then one SIMD kernel counts each slot's synapses per axon type (only popcounts rows
  // whose type has no deterministic weight, outside timing mode).
  uint64_t active_axons = 0;
  bool stochastic_hit = false;
  uint64_t* rows = sc.rows.data();
  uint8_t* row_type = sc.row_type.data();
  int row_count = 0;
  unsigned counted = 0;
  for (int gt = 0; gt < kAxonTypes; ++gt)
    if (timing || counted_type_[gt]) counted |= 1u << gt;
  for (int aw = 0; aw < (axons_ + 63) / 64; ++aw) {
    uint64_t abits = active[aw];
    while (abits) {
      const int i = aw * 64 + __builtin_ctzll(abits);
      abits &= abits - 1;
      ++active_axons;
      if (i >= axons_) break;
      const int gt = axon_type(i);
      const uint64_t* row = &crossbar_[static_cast<size_t>(i) * words_];
      uint64_t* masked = rows + static_cast<size_t>(row_count) * words_;
      uint64_t any = 0;
      for (int w = 0; w < words_; ++w) any |= masked[w] = row[w] & enabled_bits_[w];
      if (!any) continue;
      row_type[row_count++] = static_cast<uint8_t>(gt);
      if (any_stochastic_[gt]) stochastic_hit = true;
      types_hit |= (counted >> gt & 1u) << gt;
    }
  }
  const uint64_t syn_events = static_cast<uint64_t>(
      kernel_count_rows(count, padded_, rows, row_type, row_count, words_, counted));

  // Synaptic sums: deterministic weights are group constants.
  const int16_t* c0 = count;
  const int16_t* c1 = count + padded_;
  const int16_t* c2 = count + 2 * padded_;
  const int16_t* c3 = count + 3 * padded_;
  if (types_hit == 0) {  // no counted events (or no deterministic weights): the sums are 0
    std::fill_n(syn, n, 0);
  } else {
    auto hit = [&](int gt, const int16_t* c, int begin) {
      return (types_hit >> gt) & 1 ? c + begin : nullptr;
    };
    for (const Group& grp : groups_)
      kernel_synaptic_sums(grp.end - grp.begin, hit(0, c0, grp.begin), hit(1, c1, grp.begin),
                           hit(2, c2, grp.begin), hit(3, c3, grp.begin), grp.weight_det.data(),
                           syn + grp.begin);
  }
  // Random bits: one 64-bit draw per neuron (slot 0) serves its leak, threshold noise and first
  // four stochastic events (ARCHITECTURE.md section 4).
  uint32_t* draw_lo = sc.draw_lo.data();
  uint32_t* draw_hi = sc.draw_hi.data();
  const bool random_update = any_stochastic_leak_ || any_threshold_mask_;
  if (random_update || stochastic_hit)
    kernel_prng_draws(seed_, tick, neuron_of_slot_.data(), 0, n, draw_lo, draw_hi);
  // Stochastic synapses, active axons in ascending order: each neuron's k-th stochastic event
  // takes stream byte 4 + k, as the controller's INTEG walk does.
  if (stochastic_hit) {
    // The stochastic synapses of each listed row, compacted in place (ascending axon order kept).
    int stochastic_rows = 0;
    for (int r = 0; r < row_count; ++r) {
      const int gt = row_type[r];
      if (!any_stochastic_[gt]) continue;
      const uint64_t* src = rows + static_cast<size_t>(r) * words_;
      uint64_t* dst = rows + static_cast<size_t>(stochastic_rows) * words_;
      const uint64_t* sbits = &stochastic_bits_[static_cast<size_t>(gt) * words_];
      uint64_t any = 0;
      for (int w = 0; w < words_; ++w) any |= dst[w] = src[w] & sbits[w];
      if (any) row_type[stochastic_rows++] = static_cast<uint8_t>(gt);
    }
    row_count = stochastic_rows;
    // One group: its weights are constants (stochastic slots are within the group).
    const int32_t* uniform = groups_.size() == 1 ? groups_[0].weight.data() : nullptr;
    kernel_stochastic_synapses(seed_, tick, neuron_of_slot_.data(), rows, row_type, row_count,
                               words_, stochastic_weight_.data(), uniform, padded_, draw_hi, syn);
  }

  // UPDATE: leak terms and threshold noise come from stream bytes 0-3 (the slot-0 low word).
  // A one-group core (slots from 0) gets its fired flags as bits straight from the kernel;
  // otherwise groups write 0/1 words that are packed afterwards.
  int32_t* fired = sc.fired.data();
  uint64_t* fired_bits = sc.fired_bits.data();
  const bool direct_bits = groups_.size() == 1;
  for (const Group& grp : groups_) {
    UpdateParams up{grp.alpha, grp.beta, grp.reset, grp.leak, grp.gamma, grp.kappa,
                    grp.leak_reversal};
    up.stochastic_leak = grp.stochastic_leak;
    up.mask = grp.mask;
    const bool random = grp.stochastic_leak || grp.mask;
    kernel_update(grp.end - grp.begin, v_.data() + grp.begin, syn + grp.begin,
                  random ? draw_lo + grp.begin : nullptr, up,
                  direct_bits ? nullptr : fired + grp.begin,
                  direct_bits ? reinterpret_cast<uint8_t*>(fired_bits) : nullptr);
  }

  // Spikes in neuron order, and the controller's schedule (ARCHITECTURE.md 7.1).
  uint64_t packets = 0;
  // Flags past the enabled slots are stale scratch from other cores: mask them off.
  if (!direct_bits) kernel_nonzero_bits(fired, padded_, fired_bits);
  for (int w = 0; w < words_; ++w)
    for (uint64_t b = fired_bits[w] & enabled_bits_[w]; b; b &= b - 1)
      out.fired.push_back(static_cast<uint16_t>(neuron_of(w * 64 + __builtin_ctzll(b))));
  if (!identity_slots_) std::sort(out.fired.begin(), out.fired.end());
  for (uint16_t j : out.fired) packets += has_destination(j);
  if (timing) {
    // u_j = sum over enabled k <= j of (2 + e_k), walking neurons in index order.
    uint32_t cycle = 0;
    size_t next = 0;
    for (int j = 0; j < neurons_ && next < out.fired.size(); ++j) {
      const int k = slot(j);
      if (k >= n) continue;
      cycle += 2 + static_cast<uint32_t>(c0[k] + c1[k] + c2[k] + c3[k]);
      if (out.fired[next] == j) {
        out.fire_cycle.push_back(cycle);
        ++next;
      }
    }
  }
  cnt.active_axons = active_axons;
  cnt.synaptic_events = syn_events;
  cnt.neuron_updates = static_cast<uint64_t>(n);
  cnt.spikes = out.fired.size();
  cnt.packets_sent = packets;
  cnt.core_cycles = 1 + 2 * static_cast<uint64_t>(n) + syn_events;
  for (int gt = 0; gt < kAxonTypes; ++gt)
    if (types_hit & (1u << gt))
      std::fill_n(count + static_cast<size_t>(gt) * padded_, padded_, int16_t{0});
}

}  // namespace meridian
