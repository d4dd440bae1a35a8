#include "golden/neuron_datapath.h"

#include "golden/prng.h"

namespace meridian {

NeuronUpdate neuron_finish(const NeuronParams& p, int64_t v1, uint32_t update_word) {
  const int32_t omega = p.leak_reversal ? sgn(v1) : 1;
  const int32_t leak = p.stochastic_leak ? stochastic_unit(p.leak, update_word) : p.leak;
  const int32_t v2 = sat20(v1 + static_cast<int64_t>(omega) * leak);

  const int64_t eta = threshold_noise(update_word, p.threshold_mask_bits);
  const int64_t pos = static_cast<int64_t>(p.threshold) + eta;
  const int64_t neg = p.neg_saturate ? static_cast<int64_t>(p.neg_threshold)
                                     : static_cast<int64_t>(p.neg_threshold) + eta;
  NeuronUpdate out;
  out.v = v2;
  if (v2 >= pos) {
    out.spike = true;
    switch (p.reset_mode) {
      case ResetMode::kNormal: out.v = p.reset_potential; break;
      case ResetMode::kLinear: out.v = static_cast<int32_t>(v2 - pos); break;
      case ResetMode::kNone: break;
    }
  } else if (v2 < -neg) {
    if (p.neg_saturate) {
      out.v = -static_cast<int32_t>(p.neg_threshold);
    } else {
      switch (p.reset_mode) {
        case ResetMode::kNormal: out.v = -p.reset_potential; break;
        case ResetMode::kLinear: out.v = static_cast<int32_t>(v2 + neg); break;
        case ResetMode::kNone: break;
      }
    }
  }
  return out;
}

}  // namespace meridian
