// The Eedn network IR: what a trained network is, independent of how it was trained or mapped.
// A network is an input transduction (a thermometer code of grey pixels, done by the host), a chain
// of grouped convolution layers of memoryless threshold neurons with trinary weights, and class
// populations that vote. docs/EEDN.md defines the semantics; mapper/eedn_inference.h computes it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace meridian {

// Fan-in limit of one neuron: the +/- two-axon encoding gives 128 distinct inputs per core, and a
// neuron's leak must cover every threshold in [-fan_in, fan_in + 1] within |leak| <= 255.
constexpr int kEednMaxFanIn = 128;
// Fan-in limit of a layer with sign-shared inputs (EednLayer::input_signs): each input then costs
// one axon per core, so up to 256 inputs fit; 254 keeps every threshold in [-fan_in, fan_in + 1]
// within the 9-bit leak field (|leak| <= 255).
constexpr int kEednMaxSignSharedFanIn = 254;
// Fan-in limit of an off-chip network (EednNetwork::off_chip): any layout whose leaks fit int16.
constexpr int kEednOffChipMaxFanIn = 16384;
// Upper bound of EednLayer::levels. A level neuron's spikes reach the next layer in two windows
// of `levels` ticks, the negative window one window after the positive one, and an axonal delay
// is at most 15 ticks (mapper/eedn_frame.h), so levels + 1 <= 15.
constexpr int kEednMaxTimeLevels = 14;
// Upper bound of EednLayer::alpha: it keeps levels x alpha + levels x fan-in within the int16
// leak field (14 x 1024 + 14 x 1000 < 32767) and the spike-count staircase within reach of the
// chip's 18-bit threshold.
constexpr int kEednMaxLevelAlpha = 1024;
// Upper bounds of EednLayer::gain and of gain x input levels x fan-in (the reach of a level
// layer's scaled sums), which with kEednMaxLevelAlpha keep every leak within int16.
constexpr int kEednMaxLevelGain = 16;
constexpr int kEednMaxLevelReach = 16384;

// Ranges of the shape fields of a network file (docs/EEDN.md "Network file"), shared by
// eedn_train --layers so that whatever trains also saves and loads.
constexpr int kEednMaxSide = 1024;       // input rows/cols, a layer's in h/w and kernel h/w
constexpr int kEednMaxStride = 64;
constexpr int kEednMaxPad = 64;          // and at most kernel - 1
constexpr int kEednMaxChannels = 65536;  // in_c, out_c, groups

// The fan-in limit of a layer: sign-shared or free inputs, on or off chip.
constexpr int eedn_max_fan_in(bool sign_shared, bool off_chip) {
  return off_chip ? kEednOffChipMaxFanIn : sign_shared ? kEednMaxSignSharedFanIn : kEednMaxFanIn;
}

// A grouped 2-D convolution over an H x W x C binary map (channels last). Input channel c belongs
// to group c / (in_c / groups); output channel o to group o / (out_c / groups). Padding positions
// are absent inputs (no axon), i.e. zeros.
struct EednConvShape {
  int in_h = 0, in_w = 0, in_c = 0;
  int kernel_h = 1, kernel_w = 1;
  int stride = 1;
  int pad = 0;
  int groups = 1;
  int out_c = 0;

  int out_h() const { return (in_h + 2 * pad - kernel_h) / stride + 1; }
  int out_w() const { return (in_w + 2 * pad - kernel_w) / stride + 1; }
  int in_c_per_group() const { return in_c / groups; }
  int out_c_per_group() const { return out_c / groups; }
  int fan_in() const { return kernel_h * kernel_w * in_c_per_group(); }
  int outputs() const { return out_h() * out_w() * out_c; }
};

// One layer of threshold neurons. With levels = 1 (every layer of a network that runs one frame
// per tick) the neuron of output channel o at any position is the memoryless threshold neuron of
// ARCHITECTURE.md 3.4 and spikes iff  sum_i w[o][i] * x_i + leak[o] >= 1, where x_i are the
// inputs of its receptive field. With levels = K > 1 its output is a spike count
//   clamp(floor((gain[o] * sum_i w[o][i] * x_i + leak[o]) / alpha[o]), 0, K),
// sent as that many spikes within one frame by the level neuron of docs/EEDN.md section 8; the
// next layer's inputs x_i are then counts in [0, K]. K = 1 is the same rule with gain and
// alpha 1. The gain (the chip weight of an input spike) makes steps alpha / gain finer than one.
struct EednLayer {
  EednConvShape shape;
  // Trinary weights, [out_c][kernel_h][kernel_w][in_c_per_group], values -1, 0, +1.
  std::vector<int8_t> weights;
  // Per output channel, the folded bias + batch norm: [out_c], within [-fan_in, fan_in + 1].
  std::vector<int16_t> leak;
  // Sign-shared inputs (docs/EEDN.md section 4): empty for free trinary weights; otherwise one
  // sign (+1 or -1) per input channel of a group, [in_c_per_group], the same for every group, and
  // every weight on input channel ci is 0 or input_signs[ci]. All neurons of a core then use an
  // input with one sign, so it costs one axon, and the fan-in may reach kEednMaxSignSharedFanIn.
  std::vector<int8_t> input_signs;
  // Spikes per frame a neuron may send (1: binary); see above.
  int levels = 1;
  // Per output channel, the spike-count step: [out_c], each in [1, kEednMaxLevelAlpha], when
  // levels > 1; empty (every step 1) when levels = 1.
  std::vector<int16_t> alpha;
  // Per output channel, the weight of an input spike: [out_c], each in [1, kEednMaxLevelGain],
  // or empty (every gain 1). Only for levels > 1.
  std::vector<int16_t> gain;

  int alpha_of(int o) const { return alpha.empty() ? 1 : alpha[o]; }
  // The numbers of +1 and of -1 weights of output channel o.
  std::pair<int, int> signed_weights(int o) const {
    const int fan = shape.fan_in();
    int positive = 0, negative = 0;
    for (int i = 0; i < fan; ++i) {
      const int8_t w = weights[static_cast<size_t>(o) * fan + i];
      positive += w > 0;
      negative += w < 0;
    }
    return {positive, negative};
  }
  int gain_of(int o) const { return gain.empty() ? 1 : gain[o]; }
  // The output of channel o for an integer input sum (the rule above).
  int count(int32_t sum, int o) const {
    const int32_t v = gain_of(o) * sum + leak[o], a = alpha_of(o);
    return v < a ? 0 : static_cast<int>(std::min<int32_t>(levels, v / a));
  }

  int8_t weight(int o, int ky, int kx, int ci) const {
    const EednConvShape& s = shape;
    return weights[((static_cast<size_t>(o) * s.kernel_h + ky) * s.kernel_w + kx) *
                       s.in_c_per_group() + ci];
  }
};

// Host-side input transduction: the thermometer channels, then the bit-plane channels (at least
// one list is non-empty; both are used by ensembles of members with different inputs):
// - thermometer: channel k of pixel p is the spike [grey(p) >= thresholds[k]];
// - bit planes: channel T + k of pixel p (T thermometer channels) is bit bit_planes[k] of
//   grey(p), most significant first.
struct EednInput {
  int rows = 28, cols = 28;
  std::vector<int> thresholds;  // ascending, each in [1, 255]
  std::vector<int> bit_planes;  // descending, each in [0, 7]
  int channels() const { return static_cast<int>(thresholds.size() + bit_planes.size()); }
  bool spike(int k, uint8_t grey) const {
    const int t = static_cast<int>(thresholds.size());
    return k < t ? grey >= thresholds[k] : (grey >> bit_planes[k - t]) & 1;
  }
  bool operator==(const EednInput& o) const {
    return rows == o.rows && cols == o.cols && thresholds == o.thresholds &&
           bit_planes == o.bit_planes;
  }
};

// Facts about how a network file came to be (reported, never used by inference).
struct EednProvenance {
  std::string dataset;
  uint64_t seed = 0;
  std::string command;         // how to retrain from scratch
  double test_accuracy = -1;   // integer inference on the test split, fraction
  double train_accuracy = -1;
  double train_seconds = -1;
  int epochs = 0;
};

struct EednNetwork {
  std::string name;
  EednInput input;
  std::vector<EednLayer> layers;
  // The last layer's output channel o votes for class o % classes (every spike is one vote).
  int classes = 10;
  // Trained without the chip's fan-in limit (eedn_train --off-chip, docs/EEDN.md section 6): the
  // fan-in may reach kEednOffChipMaxFanIn and the leaks exceed the 9-bit field. Integer inference,
  // ensembles and distillation work as for any network; mapping onto cores refuses it. It exists
  // to measure what a layout would reach without the hardware constraint.
  bool off_chip = false;
  EednProvenance provenance;

  int population() const;  // output neurons per class, all positions included
  // Some layer sends spike counts (levels > 1): the network runs in frames of several ticks
  // (docs/EEDN.md section 8) instead of one frame per tick.
  bool in_time() const;
  size_t neuron_count() const;
  size_t nonzero_weights() const;
};

// The input transduction's ranges and order; throws ModelError naming `where` and the JSON path.
void validate_eedn_input(const EednInput& input, const std::string& where);

// Checks every shape relation and value range; throws ModelError naming `where` and the JSON path.
void validate_eedn_network(const EednNetwork& net, const std::string& where);

// JSON file: docs/EEDN.md "Network file". Weight rows are strings over {'-','0','+'}.
void save_eedn_network(const EednNetwork& net, const std::string& path);
EednNetwork load_eedn_network(const std::string& path);

}  // namespace meridian
