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

// Throws std::invalid_argument naming the first member and field that differ from member 0
// (input thresholds, classes, layer shapes) or a first layer with groups != 1.
EednNetwork stack_eedn_ensemble(const std::vector<EednNetwork>& members, const std::string& name);

}  // namespace meridian
