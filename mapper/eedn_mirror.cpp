#include "mapper/eedn_mirror.h"

#include <stdexcept>

namespace meridian {

EednNetwork mirror_eedn_network(const EednNetwork& net, const std::string& name) {
  for (size_t l = 0; l < net.layers.size(); ++l) {
    const EednConvShape& s = net.layers[l].shape;
    const int span = s.in_w + 2 * s.pad - s.kernel_w;
    if (span % s.stride != 0)
      throw std::invalid_argument(
          "layer " + std::to_string(l) + " is not mirror-symmetric: in_w " +
          std::to_string(s.in_w) + " + 2 x pad " + std::to_string(s.pad) + " - kernel_w " +
          std::to_string(s.kernel_w) + " = " + std::to_string(span) +
          " is not a multiple of stride " + std::to_string(s.stride) +
          ", so its last window leaves " + std::to_string(span % s.stride) +
          " column(s) on the right unread and a flipped kernel would read other pixels");
  }
  EednNetwork twin = net;
  twin.name = name;
  for (size_t l = 0; l < net.layers.size(); ++l) {
    const EednLayer& from = net.layers[l];
    const EednConvShape& s = from.shape;
    const size_t row = static_cast<size_t>(s.in_c_per_group());
    for (int o = 0; o < s.out_c; ++o)
      for (int ky = 0; ky < s.kernel_h; ++ky)
        for (int kx = 0; kx < s.kernel_w; ++kx) {
          const size_t at = ((static_cast<size_t>(o) * s.kernel_h + ky) * s.kernel_w + kx) * row;
          for (size_t ci = 0; ci < row; ++ci)
            twin.layers[l].weights[at + ci] =
                from.weight(o, ky, s.kernel_w - 1 - kx, static_cast<int>(ci));
        }
  }
  return twin;
}

}  // namespace meridian
