#include "mapper/eedn_inference.h"

#include <algorithm>
#include <thread>

namespace meridian {

EednMap eedn_transduce(const EednInput& input, const uint8_t* image) {
  const int t = input.channels();
  EednMap m(static_cast<size_t>(input.rows) * input.cols * t);
  for (int p = 0; p < input.rows * input.cols; ++p)
    for (int k = 0; k < t; ++k) m[static_cast<size_t>(p) * t + k] = input.spike(k, image[p]);
  return m;
}

std::vector<int32_t> eedn_layer_sums(const EednLayer& layer, const EednMap& in) {
  const EednConvShape& s = layer.shape;
  const int oh = s.out_h(), ow = s.out_w(), cg = s.in_c_per_group(), og = s.out_c_per_group();
  std::vector<int32_t> sums(static_cast<size_t>(oh) * ow * s.out_c, 0);
  std::vector<int8_t> patch(s.fan_in());
  for (int y = 0; y < oh; ++y)
    for (int x = 0; x < ow; ++x)
      for (int g = 0; g < s.groups; ++g) {
        // Gather this group's receptive field once; padding positions are absent (0).
        int i = 0;
        for (int ky = 0; ky < s.kernel_h; ++ky)
          for (int kx = 0; kx < s.kernel_w; ++kx) {
            const int iy = y * s.stride - s.pad + ky, ix = x * s.stride - s.pad + kx;
            const bool inside = iy >= 0 && iy < s.in_h && ix >= 0 && ix < s.in_w;
            const uint8_t* src =
                inside ? &in[(static_cast<size_t>(iy) * s.in_w + ix) * s.in_c + g * cg] : nullptr;
            for (int c = 0; c < cg; ++c) patch[i++] = inside ? static_cast<int8_t>(src[c]) : 0;
          }
        for (int o = g * og; o < (g + 1) * og; ++o) {
          const int8_t* w = &layer.weights[static_cast<size_t>(o) * s.fan_in()];
          int32_t acc = 0;
          for (int k = 0; k < s.fan_in(); ++k) acc += w[k] * patch[k];
          sums[(static_cast<size_t>(y) * ow + x) * s.out_c + o] = acc;
        }
      }
  return sums;
}

EednMap eedn_layer_spikes(const EednLayer& layer, const EednMap& in) {
  const std::vector<int32_t> sums = eedn_layer_sums(layer, in);
  EednMap out(sums.size());
  const int oc = layer.shape.out_c;
  for (size_t i = 0; i < sums.size(); ++i)
    out[i] = static_cast<uint8_t>(layer.count(sums[i], static_cast<int>(i % oc)));
  return out;
}

std::vector<EednMap> eedn_run(const EednNetwork& net, const uint8_t* image) {
  std::vector<EednMap> maps;
  maps.push_back(eedn_transduce(net.input, image));
  for (const EednLayer& l : net.layers) maps.push_back(eedn_layer_spikes(l, maps.back()));
  return maps;
}

std::vector<int> eedn_votes(const EednNetwork& net, const EednMap& last) {
  std::vector<int> votes(net.classes, 0);
  const int oc = net.layers.back().shape.out_c;
  for (size_t i = 0; i < last.size(); ++i) votes[(i % oc) % net.classes] += last[i];
  return votes;
}

int eedn_winner(const std::vector<int>& votes) {
  return static_cast<int>(std::max_element(votes.begin(), votes.end()) - votes.begin());
}

int eedn_classify(const EednNetwork& net, const uint8_t* image) {
  return eedn_winner(eedn_votes(net, eedn_run(net, image).back()));
}

EednEvaluation eedn_evaluate(const EednNetwork& net, const ImageSet& set, int threads) {
  EednEvaluation ev;
  ev.predictions.assign(set.size(), 0);
  threads = std::max(1, threads);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (size_t i = t; i < set.size(); i += threads)
        ev.predictions[i] = eedn_classify(net, set.image(i));
    });
  for (std::thread& th : pool) th.join();
  size_t correct = 0;
  for (size_t i = 0; i < set.size(); ++i) correct += ev.predictions[i] == set.labels[i];
  ev.accuracy = set.size() ? static_cast<double>(correct) / set.size() : 0.0;
  return ev;
}

}  // namespace meridian
