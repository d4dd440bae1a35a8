#include "mapper/eedn_ensemble.h"

#include <stdexcept>
#include <string>

namespace meridian {
namespace {

void require(bool ok, size_t member, const std::string& what) {
  if (!ok)
    throw std::invalid_argument("ensemble member " + std::to_string(member) + ": " + what);
}

}  // namespace

EednNetwork stack_eedn_ensemble(const std::vector<EednNetwork>& members, const std::string& name) {
  if (members.empty()) throw std::invalid_argument("ensemble: no members");
  const EednNetwork& first = members.front();
  require(!first.layers.empty() && first.layers[0].shape.groups == 1, 0,
          "layers[0].shape.groups must be 1 (all members share the input)");
  for (size_t m = 1; m < members.size(); ++m) {
    const EednNetwork& n = members[m];
    require(n.input == first.input, m,
            "input (rows, cols, thresholds, bit_planes) differs from member 0");
    require(n.classes == first.classes, m, "classes differs from member 0");
    require(n.layers.size() == first.layers.size(), m, "layer count differs from member 0");
    for (size_t l = 0; l < n.layers.size(); ++l) {
      const EednConvShape& a = n.layers[l].shape;
      const EednConvShape& b = first.layers[l].shape;
      require(a.in_h == b.in_h && a.in_w == b.in_w && a.in_c == b.in_c &&
                  a.kernel_h == b.kernel_h && a.kernel_w == b.kernel_w && a.stride == b.stride &&
                  a.pad == b.pad && a.groups == b.groups && a.out_c == b.out_c,
              m, "layers[" + std::to_string(l) + "].shape differs from member 0");
    }
  }
  const int k = static_cast<int>(members.size());
  EednNetwork out;
  out.name = name;
  out.input = first.input;
  out.classes = first.classes;
  for (size_t l = 0; l < first.layers.size(); ++l) {
    EednLayer layer;
    layer.shape = first.layers[l].shape;
    layer.shape.out_c *= k;
    if (l > 0) {
      layer.shape.in_c *= k;
      layer.shape.groups *= k;
    }
    // Weights are [out_c][kh][kw][in_c_per_group] and in_c_per_group is unchanged, so member
    // blocks concatenate along the output channel.
    for (const EednNetwork& n : members) {
      layer.weights.insert(layer.weights.end(), n.layers[l].weights.begin(),
                           n.layers[l].weights.end());
      layer.leak.insert(layer.leak.end(), n.layers[l].leak.begin(), n.layers[l].leak.end());
    }
    out.layers.push_back(std::move(layer));
  }
  // Votes of channel o go to class o % classes: a member's channel j lands at m * out_c + j, the
  // same class as long as out_c is a multiple of classes.
  require(first.layers.back().shape.out_c % first.classes == 0, 0,
          "last layer's out_c must be a multiple of classes");
  out.provenance = first.provenance;
  out.provenance.command.clear();
  out.provenance.test_accuracy = -1;
  out.provenance.train_accuracy = -1;
  return out;
}

}  // namespace meridian
