// Ensembles of Eedn networks as one network. Members trained independently (different seeds) make
// different mistakes; summing their class votes is the population vote Eedn already uses, just
// over more neurons. Members of one architecture stack exactly into a single wider network:
// layer 0 concatenates output channels (every member sees the same input), every later layer
// concatenates channels and multiplies the group count, so each member stays a block of groups
// and the mapper, chip and inference need nothing new.
#pragma once

#include <vector>

#include "mapper/eedn_network.h"

namespace meridian {

// Members may also differ in input code: n thermometer members sharing one input and n bit-plane
// members sharing another. Layer 0 then has two groups, one per code (the smaller code padded
// with unused levels to the other's channel count), and the input is both codes.
// Throws std::invalid_argument naming the first member and field that differ from member 0
// (input, classes, layer shapes) or a first layer with groups != 1.
EednNetwork stack_eedn_ensemble(const std::vector<EednNetwork>& members, const std::string& name);

}  // namespace meridian
