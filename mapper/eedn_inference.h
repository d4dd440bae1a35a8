// Integer inference of an Eedn network: exactly what the chip computes, image by image. Every
// neuron is the memoryless threshold neuron of ARCHITECTURE.md 3.4, so a layer's spikes are
// [integer sum of trinary-weighted binary inputs + leak >= 1]; the class is the population with the
// most spikes (ties go to the lowest class index). The mapper's chip configuration must reproduce
// these spikes exactly.
#pragma once

#include <cstdint>
#include <vector>

#include "mapper/dataset.h"
#include "mapper/eedn_network.h"

namespace meridian {

// A binary map, [h][w][c] (channels last), values 0/1.
using EednMap = std::vector<uint8_t>;

// The host-side thermometer code of one grey image, [rows][cols][thresholds].
EednMap eedn_transduce(const EednInput& input, const uint8_t* image);

// Integer pre-activation sums of one layer, [out_h][out_w][out_c] (without the leak).
std::vector<int32_t> eedn_layer_sums(const EednLayer& layer, const EednMap& in);

// One layer's spikes: sum + leak >= 1.
EednMap eedn_layer_spikes(const EednLayer& layer, const EednMap& in);

// Every map of one image: maps[0] is the transduced input, maps[l + 1] the output of layer l.
std::vector<EednMap> eedn_run(const EednNetwork& net, const uint8_t* image);

// Votes per class from the last layer's spikes, and the winning class.
std::vector<int> eedn_votes(const EednNetwork& net, const EednMap& last);
int eedn_winner(const std::vector<int>& votes);
int eedn_classify(const EednNetwork& net, const uint8_t* image);

struct EednEvaluation {
  double accuracy = 0;
  std::vector<int> predictions;  // [set.size()]
};
// Classifies a whole set with `threads` worker threads (results do not depend on the count).
EednEvaluation eedn_evaluate(const EednNetwork& net, const ImageSet& set, int threads = 1);

}  // namespace meridian
