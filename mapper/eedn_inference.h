// Integer inference of an Eedn network: exactly what the chip computes, image by image. In a
// network that runs one frame per tick every neuron is the memoryless threshold neuron of
// ARCHITECTURE.md 3.4, so a layer's spikes are [integer sum of trinary-weighted binary inputs +
// leak >= 1]; in a network in time a neuron's output is its spike count per frame
// (EednLayer::count). The class is the population with the most spikes (ties go to the lowest
// class index). The mapper's chip configuration must reproduce these spikes exactly.
#pragma once

#include <cstdint>
#include <vector>

#include "mapper/dataset.h"
#include "mapper/eedn_network.h"

namespace meridian {

// A map of spike counts, [h][w][c] (channels last): 0/1 for binary layers and the input, counts
// in [0, levels] for a layer of levels > 1 (EednLayer).
using EednMap = std::vector<uint8_t>;

// The host-side thermometer code of one grey image, [rows][cols][thresholds].
EednMap eedn_transduce(const EednInput& input, const uint8_t* image);

// Integer pre-activation sums of one layer, [out_h][out_w][out_c] (without the leak).
std::vector<int32_t> eedn_layer_sums(const EednLayer& layer, const EednMap& in);

// One layer's outputs: sum + leak >= 1 for a binary layer, EednLayer::count for every layer.
EednMap eedn_layer_spikes(const EednLayer& layer, const EednMap& in);

// Every map of one image: maps[0] is the transduced input, maps[l + 1] the output of layer l.
std::vector<EednMap> eedn_run(const EednNetwork& net, const uint8_t* image);

// Votes per class from the last layer's spikes (each spike of a count one vote), and the winner.
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
