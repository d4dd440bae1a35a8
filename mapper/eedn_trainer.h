// Training of Eedn networks (Esser et al. 2016 style) on the CPU with Eigen:
// - trinary weights {-1, 0, +1} driven by hidden float weights with hysteresis (eedn_hysteresis);
// - binary spiking activations y = [bn(z) >= 0], trained through the triangular surrogate
//   gradient max(0, 1 - |bn(z)|) (straight-through: quantized forward, float backward); or, per
//   layer, K-level activations sum_k [bn(z) >= k step] with one triangle per threshold, which the
//   export expands into K binary neurons per channel (docs/EEDN.md section 7);
// - batch norm after every layer, folded at export into one integer leak per output channel;
// - a fixed host-side transduction of grey pixels (thermometer levels or bit planes);
// - class populations in the last layer whose spike counts are the logits of a softmax loss.
// Deterministic for a seed whatever the thread count (fixed work chunks, fixed reduction order).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mapper/dataset.h"
#include "mapper/eedn_augment.h"
#include "mapper/eedn_inference.h"
#include "mapper/eedn_network.h"

namespace meridian {

struct EednLayerSpec {
  int kernel = 3;
  int stride = 1;
  int pad = 0;
  int groups = 1;
  int out_c = 16;
  // Sign-shared inputs (docs/EEDN.md section 4): empty for free trinary weights; otherwise a
  // pattern over {'+', '-'} repeated over a group's input channels (e.g. "+-": even channels
  // excitatory, odd inhibitory). Allows a fan-in up to kEednMaxSignSharedFanIn.
  std::string input_signs;
  // Activation levels (docs/EEDN.md section 7): 1 for binary spikes; K > 1 makes each neuron's
  // output the count of the K thresholds 0, step, ..., (K-1) step its batch-normed sum reaches.
  // The export turns each such neuron into K binary neurons, so the next layer's fan-in grows
  // K-fold. The last layer (the class votes) must stay at 1.
  int levels = 1;
};

// Ranges of the numeric training settings, checked when an EednFloatModel is built (and by the
// eedn_train CLI): outside them training crashes (batch 0, epochs < 1, a thread per image) or runs
// without learning (lr <= 0; a band of 0.5 or more, which no weight clipped to [-1, 1] can leave).
inline constexpr int kEednMaxEpochs = 10000;
// Upper bound of EednLayerSpec::levels: beyond it the next layer's fan-in cannot fit a core anyway
// (a 3x3 kernel over one 16-level channel already takes 144 axons).
inline constexpr int kEednMaxLevels = 16;
inline constexpr int kEednMaxBatch = 4096;
inline constexpr int kEednMaxThreads = 256;
inline constexpr float kEednMaxLr = 1.0f;            // lr in (0, 1]
inline constexpr float kEednMaxHysteresis = 0.5f;    // hysteresis in [0, 0.5)
inline constexpr float kEednMaxLogitScale = 1000.0f; // logit_scale in (0, 1000]

struct EednTrainConfig {
  std::string name = "eedn";
  std::string dataset;               // recorded in the network's provenance
  std::string command;               // recorded: how to retrain from scratch
  std::vector<int> thresholds = {64, 128, 192};  // input thermometer levels
  std::vector<int> bit_planes;  // if not empty: bit-plane input instead of the thermometer
  std::vector<EednLayerSpec> layers;  // the last one holds the class populations
  float level_step = 0.5f;  // spacing of the thresholds of multi-level layers, in (0, 4]
  // Export multi-level layers as level neurons in time (docs/EEDN.md section 8): one chip neuron
  // per channel sending its count as spikes over a frame, with the thresholds rounded to an
  // equal integer step alpha per channel; the next layer's fan-in is unchanged. Levels are then
  // at most kEednMaxTimeLevels. Without it, K binary copies per channel (section 7).
  bool levels_in_time = false;
  // With levels_in_time: the most boost + clear axons (mapper/eedn_level_neuron.h) a neuron may
  // need for the export to give it a gain above 1, which makes its integer thresholds exact
  // (docs/EEDN.md section 8); with gain 1 a neuron takes what it needs. In [2, 64].
  int level_clock_axons = 8;
  // Lift the chip's fan-in limit (EednNetwork::off_chip): for measuring what a layout reaches
  // without the hardware constraint; the network cannot be mapped.
  bool off_chip = false;
  int classes = 10;
  int epochs = 10;
  int batch = 64;
  float lr = 0.01f;          // Adam, cosine-decayed to 0 over the run
  float hysteresis = 0.05f;  // h of eedn_hysteresis (every shipped network uses 0.05)
  float logit_scale = 8.0f;  // logit of a class = logit_scale * votes / population
  EednAugment augment;       // training augmentation (shift, rotation, scale)
  uint64_t seed = 1;
  int threads = 1;
  bool progress = true;      // progress bar on stderr
  size_t max_train = 0;      // use only the first max_train training images (0: all)
  size_t recalib_images = 10000;  // images for the final batch-norm statistics
  // Distillation (mapper/eedn_teacher.h): with teachers, the loss is
  //   (1 - w) * CE(label, softmax(s)) + w * T^2 * KL(softmax(t / T) || softmax(s / T))
  // for student logits s and teacher logits t (their mean votes on the same augmented image).
  std::vector<EednNetwork> teachers;
  float distill_weight = 0;         // w, in [0, 1]; 0 without teachers
  float distill_temperature = 2.0f; // T, in (0, 100]
};

struct EednEpochLog {
  int epoch = 0;
  double loss = 0;
  double train_accuracy = 0;  // of the training-mode float forward, on augmented batches
  double test_accuracy = -1;  // integer inference of the exported network (if a test set is given)
  double seconds = 0;         // cumulative
};

struct EednTrainResult {
  EednNetwork network;
  std::vector<EednEpochLog> log;
  double seconds = 0;
  // With levels_in_time and a test set: the test accuracy of the same model with its exact level
  // thresholds (binary copies, off chip), against which the in-time export's rounding is judged.
  double exact_levels_test_accuracy = -1;
};

// The trinary value of a hidden weight with hysteresis h: +1 at hidden >= 0.5 + h, -1 at
// hidden <= -(0.5 + h), 0 at |hidden| < 0.5 - h; in a band 0.5 - h <= |hidden| < 0.5 + h the
// previous value is kept when it is one of the band's two neighbours (0 or the band's sign),
// otherwise (a jump across zero) it becomes 0.
int8_t eedn_hysteresis(float hidden, int8_t previous, float h);

// Every check EednFloatModel makes before it allocates anything, for a config and images of
// rows x cols: the numeric settings' ranges above, the input code, augmentation, and each layer
// of `layers` (kernel, stride, pad, groups, out_c, input signs, levels, fan-in, and their
// relations, in the ranges of the network file). Throws std::invalid_argument (or ModelError for
// the input code) starting "EednTrainConfig: " and naming the field, e.g.
//   EednTrainConfig: layers[0].groups 0 is outside [1, 3] (the layer's input is 28x28x3)
// so a caller can check a config before it loads any data.
void validate_eedn_train_config(const EednTrainConfig& config, int rows, int cols);

// The float model under training. Exposed so tests can compare its quantized forward pass with
// the integer inference of the exported network.
class EednFloatModel {
 public:
  EednFloatModel(const EednTrainConfig& config, int rows, int cols);
  ~EednFloatModel();
  EednFloatModel(const EednFloatModel&) = delete;
  EednFloatModel& operator=(const EednFloatModel&) = delete;

  // One optimisation step on a batch of grey images; returns the mean loss and adds the number of
  // correct training-mode predictions to *correct. teacher_logits ([images][classes]) turns on the
  // distillation term of the config's distill_weight and distill_temperature.
  double train_step(const std::vector<const uint8_t*>& images, const std::vector<int>& labels,
                    double lr, int* correct,
                    const std::vector<std::vector<float>>* teacher_logits = nullptr);
  // Recomputes every layer's batch-norm statistics from these images in inference mode.
  void recalibrate(const std::vector<const uint8_t*>& images);
  // Inference mode in float (quantized weights, batch-norm statistics): every layer's spikes, a
  // K-level layer's as its K binary copies per channel (channel o -> o * K + k), as exported.
  std::vector<EednMap> forward_eval(const uint8_t* image) const;
  // The integer network: trinary weights with the batch norm folded into leaks.
  EednNetwork export_network() const;
  // With levels_in_time: the levels as binary copies with exact thresholds (section 7's export),
  // marked off_chip; otherwise export_network().
  EednNetwork export_exact_levels() const;

  // Hidden and trinary weights of layer l, [out_c * fan_in] (for tests).
  std::vector<float> hidden_weights(int l) const;
  std::vector<int8_t> trinary_weights(int l) const;

 private:
  EednNetwork export_network(bool exact_levels) const;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The network with the staircases of its layers in time fitted again for another clock-axon
// budget (EednTrainConfig::level_clock_axons): each channel's current integer thresholds are
// the targets, so a smaller budget trades gains (and the clock axons they need) for thresholds
// that may move by a sum unit. Binary layers are unchanged. Throws std::invalid_argument for a
// budget outside [2, 64] and ModelError for an invalid network.
EednNetwork refit_eedn_levels(const EednNetwork& net, int clock_axons);

// Trains from scratch. `test` may be null; when given, each epoch reports its integer accuracy.
EednTrainResult train_eedn(const EednTrainConfig& config, const ImageSet& train,
                           const ImageSet* test);

}  // namespace meridian
