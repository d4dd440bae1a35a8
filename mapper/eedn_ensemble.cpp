#include "mapper/eedn_ensemble.h"

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <string>

namespace meridian {
namespace {

void require(bool ok, size_t member, const std::string& what) {
  if (!ok)
    throw std::invalid_argument("ensemble member " + std::to_string(member) + ": " + what);
}

}  // namespace

namespace {

// Appends a member layer's gains to a stacked layer that already holds its leaks (an empty gain
// list means all 1; the stack keeps it empty only while every member's is).
void append_gains(EednLayer& stacked, const EednLayer& member) {
  const size_t before = stacked.leak.size() - member.leak.size();
  if (member.gain.empty() && stacked.gain.empty()) return;
  stacked.gain.resize(before, 1);
  for (int o = 0; o < member.shape.out_c; ++o)
    stacked.gain.push_back(static_cast<int16_t>(member.gain_of(o)));
}

// Pads a code's level list to `size` entries with levels it does not use, drawn from `spare` in
// order, and returns it sorted by `before`.
template <class Before>
std::vector<int> padded_levels(std::vector<int> levels, size_t size, const std::vector<int>& spare,
                               Before before, const std::string& what) {
  for (int v : spare) {
    if (levels.size() >= size) break;
    if (std::find(levels.begin(), levels.end(), v) == levels.end()) levels.push_back(v);
  }
  if (levels.size() < size) throw std::invalid_argument("ensemble: no spare " + what + " to pad with");
  std::sort(levels.begin(), levels.end(), before);
  return levels;
}

// Layer 0 of an ensemble whose thermometer and bit-plane members differ in input: two groups of
// cg channels (the padded thermometer levels, then the padded bit planes), each holding the output
// channels of its code's members. A member weight on its channel j moves to the position of j's
// level in its group; pad channels get weight 0 (no neuron uses them, so they cost no axon).
EednLayer mixed_first_layer(const std::vector<const EednNetwork*>& order, const EednInput& in,
                            int cg) {
  const EednConvShape& s0 = order.front()->layers[0].shape;
  EednLayer layer;
  layer.shape = s0;
  layer.shape.in_c = 2 * cg;
  layer.shape.groups = 2;
  layer.shape.out_c = s0.out_c * static_cast<int>(order.size());
  for (const EednNetwork* n : order) {
    const EednLayer& l = n->layers[0];
    const bool thermometer = !n->input.thresholds.empty();
    const std::vector<int>& mine = thermometer ? n->input.thresholds : n->input.bit_planes;
    const std::vector<int>& all = thermometer ? in.thresholds : in.bit_planes;
    std::vector<int> pos(mine.size());
    for (size_t j = 0; j < mine.size(); ++j)
      pos[j] = static_cast<int>(std::find(all.begin(), all.end(), mine[j]) - all.begin());
    const int c = l.shape.in_c;  // the member's channels (groups == 1)
    for (int o = 0; o < l.shape.out_c; ++o)
      for (int ky = 0; ky < s0.kernel_h; ++ky)
        for (int kx = 0; kx < s0.kernel_w; ++kx) {
          std::vector<int8_t> row(cg, 0);
          for (int j = 0; j < c; ++j) row[pos[j]] = l.weight(o, ky, kx, j);
          layer.weights.insert(layer.weights.end(), row.begin(), row.end());
        }
    layer.leak.insert(layer.leak.end(), l.leak.begin(), l.leak.end());
    layer.levels = l.levels;
    layer.alpha.insert(layer.alpha.end(), l.alpha.begin(), l.alpha.end());
    append_gains(layer, l);
  }
  return layer;
}

}  // namespace

EednNetwork stack_eedn_ensemble(const std::vector<EednNetwork>& members, const std::string& name) {
  if (members.empty()) throw std::invalid_argument("ensemble: no members");
  const EednNetwork& first = members.front();
  // One input for all, or (mixed) thermometer members sharing one input and as many bit-plane
  // members sharing another.
  bool mixed = false;
  for (const EednNetwork& n : members) mixed = mixed || !(n.input == first.input);
  std::vector<const EednNetwork*> order;  // mixed: thermometer members first
  for (int pass = 0; pass < (mixed ? 2 : 1); ++pass)
    for (size_t m = 0; m < members.size(); ++m) {
      const EednInput& in = members[m].input;
      if (mixed) {
        require(in.thresholds.empty() != in.bit_planes.empty(), m,
                "input mixes thermometer levels and bit planes (each member of an ensemble with "
                "different inputs must use one code)");
        if ((pass == 0) != !in.thresholds.empty()) continue;
      }
      order.push_back(&members[m]);
    }
  for (size_t m = 0; m < members.size(); ++m) {
    const EednNetwork& n = members[m];
    require(!n.layers.empty() && n.layers[0].shape.groups == 1, m,
            "layers[0].shape.groups must be 1 (members are stacked on a shared input)");
    require(n.input.rows == first.input.rows && n.input.cols == first.input.cols, m,
            "input rows or cols differ from member 0");
    require(n.classes == first.classes, m, "classes differs from member 0");
    require(n.layers.size() == first.layers.size(), m, "layer count differs from member 0");
    for (size_t l = 0; l < n.layers.size(); ++l) {
      const EednConvShape& a = n.layers[l].shape;
      const EednConvShape& b = first.layers[l].shape;
      require(a.in_h == b.in_h && a.in_w == b.in_w && (a.in_c == b.in_c || (mixed && l == 0)) &&
                  a.kernel_h == b.kernel_h && a.kernel_w == b.kernel_w && a.stride == b.stride &&
                  a.pad == b.pad && a.groups == b.groups && a.out_c == b.out_c,
              m, "layers[" + std::to_string(l) + "].shape differs from member 0");
      require(n.layers[l].input_signs == first.layers[l].input_signs, m,
              "layers[" + std::to_string(l) + "].input_signs differ from member 0");
      require(n.layers[l].levels == first.layers[l].levels, m,
              "layers[" + std::to_string(l) + "].levels differs from member 0");
    }
    require(!mixed || n.layers[0].input_signs.empty(), m,
            "layers[0] has sign-shared inputs, which an ensemble with different input codes "
            "cannot regroup");
  }
  const int k = static_cast<int>(members.size());
  EednNetwork out;
  out.name = name;
  out.input = first.input;
  out.classes = first.classes;
  // One off-chip member makes the stack off-chip: its layers keep their fan-in.
  out.off_chip = std::any_of(members.begin(), members.end(),
                             [](const EednNetwork& n) { return n.off_chip; });
  size_t first_layer = 0;
  if (mixed) {
    const size_t thermometers = static_cast<size_t>(std::count_if(
        order.begin(), order.end(), [](const EednNetwork* n) { return !n->input.thresholds.empty(); }));
    const EednInput& t = order.front()->input;
    const EednInput& b = order.back()->input;
    for (size_t i = 0; i < order.size(); ++i) {
      const EednInput& mine = i < thermometers ? t : b;
      require(order[i]->input == mine, static_cast<size_t>(order[i] - members.data()),
              "input (thresholds or bit_planes) differs from the other members of its code");
    }
    if (thermometers * 2 != order.size())
      throw std::invalid_argument(
          "ensemble: members with different inputs need as many thermometer as bit-plane members "
          "(" + std::to_string(thermometers) + " and " + std::to_string(order.size() - thermometers) +
          ")");
    const size_t cg = std::max(t.thresholds.size(), b.bit_planes.size());
    out.input.thresholds = padded_levels(t.thresholds, cg, {255, 254, 253, 252, 251, 250, 249, 248},
                                         std::less<int>(), "thermometer levels");
    out.input.bit_planes = padded_levels(b.bit_planes, cg, {0, 1, 2, 3, 4, 5, 6, 7},
                                         std::greater<int>(), "bit planes");
    out.layers.push_back(mixed_first_layer(order, out.input, static_cast<int>(cg)));
    first_layer = 1;
  }
  for (size_t l = first_layer; l < first.layers.size(); ++l) {
    EednLayer layer;
    layer.shape = first.layers[l].shape;
    layer.input_signs = first.layers[l].input_signs;  // per in-group channel: unchanged
    layer.levels = first.layers[l].levels;
    layer.shape.out_c *= k;
    if (l > 0) {
      layer.shape.in_c *= k;
      layer.shape.groups *= k;
    }
    // Weights are [out_c][kh][kw][in_c_per_group] and in_c_per_group is unchanged, so member
    // blocks concatenate along the output channel.
    for (const EednNetwork* n : order) {
      layer.weights.insert(layer.weights.end(), n->layers[l].weights.begin(),
                           n->layers[l].weights.end());
      layer.leak.insert(layer.leak.end(), n->layers[l].leak.begin(), n->layers[l].leak.end());
      layer.alpha.insert(layer.alpha.end(), n->layers[l].alpha.begin(),
                         n->layers[l].alpha.end());
      append_gains(layer, n->layers[l]);
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
