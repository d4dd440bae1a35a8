// Mirror twins: a network whose votes on an image are another network's votes on that image
// mirrored left to right. Flipping every layer's kernels left to right does it exactly when each
// layer's windows sit symmetrically across its input columns, i.e. (in_w + 2 pad - kernel_w) is
// a multiple of the stride: then output column j of the twin reads the mirror image of what
// output column out_w - 1 - j of the original reads, and the class votes, summed over all
// positions, are the same. A network and its twin side by side are test-time mirror augmentation
// done by the chip itself (docs/EEDN.md section 9); nothing is trained.
#pragma once

#include <string>

#include "mapper/eedn_network.h"

namespace meridian {

// The mirror twin of `net`, named `name`, with `net`'s provenance (the caller adds how the twin
// was made). Throws std::invalid_argument naming the first layer whose windows are not symmetric,
// its columns, kernel, pad and stride.
EednNetwork mirror_eedn_network(const EednNetwork& net, const std::string& name);

}  // namespace meridian
