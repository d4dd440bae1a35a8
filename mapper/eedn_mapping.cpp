#include "mapper/eedn_mapping.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

namespace meridian {
namespace {

constexpr uint8_t kPlus = 1, kMinus = 2;

// A rectangle of output positions x a channel range of one group of one layer: one core.
struct Block {
  int layer = 0, group = 0, c0 = 0, c1 = 0, y0 = 0, y1 = 0, x0 = 0, x1 = 0;
  std::vector<std::pair<int, uint8_t>> inputs;  // source index, signs used; ascending
  int axons = 0;
  int neurons = 0;  // chip neurons, copies included
};

// Calls fn(source index, weight) for every nonzero weight of output neuron (y, x, o) of group
// `group`: the receptive-field walk shared by partitioning and crossbar building.
template <class Fn>
void for_each_input(const EednLayer& l, int y, int x, int o, int group, Fn&& fn) {
  const EednConvShape& s = l.shape;
  const int cg = s.in_c_per_group();
  for (int ky = 0; ky < s.kernel_h; ++ky)
    for (int kx = 0; kx < s.kernel_w; ++kx) {
      const int iy = y * s.stride - s.pad + ky, ix = x * s.stride - s.pad + kx;
      if (iy < 0 || iy >= s.in_h || ix < 0 || ix >= s.in_w) continue;
      for (int ci = 0; ci < cg; ++ci) {
        const int8_t w = l.weight(o, ky, kx, ci);
        if (w != 0) fn((iy * s.in_w + ix) * s.in_c + group * cg + ci, w);
      }
    }
}

// Signs with which the neurons of `b` use each input (in the layer's input map order).
void block_inputs(const EednLayer& l, Block& b, std::vector<uint8_t>& mask,
                  std::vector<int>& touched) {
  touched.clear();
  for (int y = b.y0; y < b.y1; ++y)
    for (int x = b.x0; x < b.x1; ++x)
      for (int o = b.c0; o < b.c1; ++o)
        for_each_input(l, y, x, o, b.group, [&](int src, int8_t w) {
          if (!mask[src]) touched.push_back(src);
          mask[src] |= w > 0 ? kPlus : kMinus;
        });
  std::sort(touched.begin(), touched.end());
  b.inputs.clear();
  b.axons = 0;
  for (int src : touched) {
    b.inputs.emplace_back(src, mask[src]);
    b.axons += (mask[src] & kPlus ? 1 : 0) + (mask[src] & kMinus ? 1 : 0);
    mask[src] = 0;
  }
}

int map_index(const EednConvShape& s, int y, int x, int o) {
  return (y * s.out_w() + x) * s.out_c + o;
}

// Cuts layer l into the fewest blocks that fit a core. copies[n] is the number of chip neurons
// logical neuron n needs (0: unused).
std::vector<Block> partition_layer(const EednNetwork& net, int li, const std::vector<int>& copies,
                                   const Geometry& g) {
  const EednLayer& l = net.layers[li];
  const EednConvShape& s = l.shape;
  const int oh = s.out_h(), ow = s.out_w(), og = s.out_c_per_group();
  struct Cand {
    int th, tw, cpb;
    long long blocks;
  };
  std::vector<Cand> cands;
  std::vector<int> cpbs;
  for (int k = 1; k <= og; ++k) {
    const int c = (og + k - 1) / k;
    if (cpbs.empty() || cpbs.back() != c) cpbs.push_back(c);
  }
  for (int th = 1; th <= oh; ++th)
    for (int tw = 1; tw <= ow; ++tw)
      for (int cpb : cpbs) {
        if (th * tw * cpb > 4 * g.neurons) continue;  // hopeless even before copies
        const long long n = static_cast<long long>((oh + th - 1) / th) * ((ow + tw - 1) / tw) *
                            s.groups * ((og + cpb - 1) / cpb);
        cands.push_back({th, tw, cpb, n});
      }
  std::stable_sort(cands.begin(), cands.end(), [](const Cand& a, const Cand& b) {
    if (a.blocks != b.blocks) return a.blocks < b.blocks;
    return std::abs(a.th - a.tw) < std::abs(b.th - b.tw);  // prefer square tiles
  });
  std::vector<uint8_t> mask(static_cast<size_t>(s.in_h) * s.in_w * s.in_c, 0);
  std::vector<int> touched;
  for (const Cand& c : cands) {
    std::vector<Block> blocks;
    bool ok = true;
    for (int grp = 0; grp < s.groups && ok; ++grp)
      for (int c0 = 0; c0 < og && ok; c0 += c.cpb)
        for (int y0 = 0; y0 < oh && ok; y0 += c.th)
          for (int x0 = 0; x0 < ow && ok; x0 += c.tw) {
            Block b;
            b.layer = li;
            b.group = grp;
            b.c0 = grp * og + c0;
            b.c1 = grp * og + std::min(og, c0 + c.cpb);
            b.y0 = y0;
            b.y1 = std::min(oh, y0 + c.th);
            b.x0 = x0;
            b.x1 = std::min(ow, x0 + c.tw);
            for (int y = b.y0; y < b.y1; ++y)
              for (int x = b.x0; x < b.x1; ++x)
                for (int o = b.c0; o < b.c1; ++o) b.neurons += copies[map_index(s, y, x, o)];
            if (b.neurons > g.neurons) {
              ok = false;
              break;
            }
            block_inputs(l, b, mask, touched);
            if (b.axons > g.axons) {
              ok = false;
              break;
            }
            blocks.push_back(std::move(b));
          }
    if (ok) return blocks;
  }
  throw std::invalid_argument("map_eedn_network: layer " + std::to_string(li) +
                              " has a neuron whose inputs or copies do not fit one core");
}

long long hop_cost(const std::vector<std::vector<std::pair<int, int>>>& adj,
                   const std::vector<int>& slot, int width) {
  long long c = 0;
  for (size_t a = 0; a < adj.size(); ++a)
    for (const auto& [b, w] : adj[a])
      if (static_cast<int>(a) < b)
        c += static_cast<long long>(w) * (std::abs(slot[a] % width - slot[b] % width) +
                                          std::abs(slot[a] / width - slot[b] / width));
  return c;
}

}  // namespace

EednMapping map_eedn_network(const EednNetwork& net, const EednMapOptions& options) {
  return map_eedn_networks({&net}, options);
}

EednMapping map_eedn_networks(const std::vector<const EednNetwork*>& members,
                              const EednMapOptions& options) {
  if (members.empty()) throw std::invalid_argument("map_eedn_networks: no networks");
  for (size_t k = 0; k < members.size(); ++k) {
    const EednNetwork& net = *members[k];
    validate_eedn_network(net, "map_eedn_networks: network " + std::to_string(k));
    if (net.off_chip)
      throw std::invalid_argument(
          "map_eedn_networks: network " + std::to_string(k) + " ('" + net.name +
          "') is off_chip: it was trained without the chip's fan-in limit (fan-in up to " +
          std::to_string(kEednOffChipMaxFanIn) + " instead of " + std::to_string(kEednMaxFanIn) +
          ", or " + std::to_string(kEednMaxSignSharedFanIn) +
          " sign-shared) and cannot be mapped onto cores; retrain it without --off-chip");
    // One vote vector for all: the members must agree on the classes.
    if (net.classes != members[0]->classes)
      throw std::invalid_argument("map_eedn_networks: network " + std::to_string(k) + " has " +
                                  std::to_string(net.classes) + " classes, network 0 has " +
                                  std::to_string(members[0]->classes));
  }
  Geometry g;  // axons and neurons per core: the defaults, 256 x 256
  const int nm = static_cast<int>(members.size());
  // A mesh runs one frame schedule: with any member in time, binary members run in it too, as
  // level neurons of one level (the same rule z + leak >= 1).
  bool in_time = false;
  for (const EednNetwork* net : members) in_time |= net->in_time();
  // In time: per member and layer, the clock axons its cores reserve (the most any of its
  // neurons needs), and the frame window (the largest levels).
  EednFrameSchedule sched;
  std::vector<std::vector<EednLevelNeeds>> needs(nm);
  if (in_time)
    for (int k = 0; k < nm; ++k) {
      const EednNetwork& net = *members[k];
      int in_levels = 1;
      for (const EednLayer& l : net.layers) {
        EednLevelNeeds most{1, 1};
        for (int o = 0; o < l.shape.out_c; ++o) {
          const auto [positive, negative] = l.signed_weights(o);
          const EednLevelNeeds n = eedn_level_needs(l.levels, l.gain_of(o), l.alpha_of(o),
                                                    l.leak[o], in_levels, positive, negative);
          most.boost_axons = std::max(most.boost_axons, n.boost_axons);
          most.clear_axons = std::max(most.clear_axons, n.clear_axons);
        }
        needs[k].push_back(most);
        sched.window = std::max(sched.window, l.levels);
        in_levels = l.levels;
      }
    }
  // One readout tick for all: a shallower network's input enters later (the host writes it
  // up to kDelaySlots - 1 ticks ahead), so every network's class neurons fire at the same tick.
  int nl = 0, shallowest = std::numeric_limits<int>::max();
  for (const EednNetwork* net : members) {
    nl = std::max(nl, static_cast<int>(net->layers.size()));
    shallowest = std::min(shallowest, static_cast<int>(net->layers.size()));
  }
  if (nl - shallowest > kDelaySlots - 1)
    throw std::invalid_argument("map_eedn_networks: the networks have " +
                                std::to_string(shallowest) + " to " + std::to_string(nl) +
                                " layers; depths may differ by at most " +
                                std::to_string(kDelaySlots - 1) +
                                " (a host input is written at most that many ticks ahead)");
  // Per member: blocks[l] and targets[l][n], the (block, axon) pairs that logical neuron n of
  // layer l - 1 (l = 0: input bit n) feeds, with block ids local to layer l.
  struct Plan {
    std::vector<std::vector<Block>> blocks;
    std::vector<std::vector<std::vector<std::pair<int, int>>>> targets;
    std::vector<int> first;  // global id of each layer's first block
  };
  std::vector<Plan> plans(nm);
  int nb = 0;
  for (int k = 0; k < nm; ++k) {
    const EednNetwork& net = *members[k];
    const int depth = static_cast<int>(net.layers.size());
    Plan& pl = plans[k];
    pl.blocks.resize(depth);
    pl.targets.resize(depth + 1);
    // Partition from the last layer back: a layer's copies depend on its consumers' axons.
    for (int li = depth - 1; li >= 0; --li) {
      const EednConvShape& s = net.layers[li].shape;
      std::vector<int> copies(s.outputs(), 1);
      if (li < depth - 1)
        for (int n = 0; n < s.outputs(); ++n)
          copies[n] = static_cast<int>(pl.targets[li + 1][n].size());
      Geometry budget = g;  // in time, the clock axons come off every core's axons
      if (in_time) budget.axons -= needs[k][li].boost_axons + needs[k][li].clear_axons;
      pl.blocks[li] = partition_layer(net, li, copies, budget);
      const int in_size = s.in_h * s.in_w * s.in_c;
      pl.targets[li].assign(in_size, {});
      for (size_t b = 0; b < pl.blocks[li].size(); ++b) {
        int axon = 0;
        for (const auto& [src, msk] : pl.blocks[li][b].inputs) {
          if (msk & kPlus) pl.targets[li][src].emplace_back(static_cast<int>(b), axon++);
          if (msk & kMinus) pl.targets[li][src].emplace_back(static_cast<int>(b), axon++);
        }
      }
    }
    // Global block ids: members in order, layers in order; the row-major placement puts block
    // i at slot i.
    pl.first.assign(depth + 1, nb);
    for (int li = 0; li < depth; ++li)
      pl.first[li + 1] = pl.first[li] + static_cast<int>(pl.blocks[li].size());
    nb = pl.first[depth];
  }
  // In time: each core's spare axons become extra clear axons, so that the clear, and with it the
  // frame period, is as short as the fullest core allows. First the shortest clear every core can
  // reach, then per core the fewest clear axons that reach it (fewer clock spikes).
  std::vector<std::vector<std::vector<int>>> clear_axons(nm);  // [member][layer][block]
  if (in_time) {
    std::vector<std::vector<std::vector<long long>>> drop(nm);  // the most any neuron of a block needs
    int ticks = 1;
    for (int k = 0; k < nm; ++k) {
      const EednNetwork& net = *members[k];
      drop[k].resize(net.layers.size());
      for (size_t li = 0; li < net.layers.size(); ++li) {
        const EednLayer& l = net.layers[li];
        const EednLevelNeeds& need = needs[k][li];
        const int in_levels = li == 0 ? 1 : net.layers[li - 1].levels;
        std::vector<long long> channel_drop(l.shape.out_c);  // depends on the layer's boost only
        for (int o = 0; o < l.shape.out_c; ++o) {
          const auto [positive, negative] = l.signed_weights(o);
          channel_drop[o] = eedn_level_neuron(l.levels, l.gain_of(o), l.alpha_of(o), l.leak[o],
                                              in_levels, positive, negative, need.boost_axons,
                                              need.clear_axons)
                                .clear_drop;
        }
        for (const Block& b : plans[k].blocks[li]) {
          const int most = options.spare_clear_axons ? g.axons - b.axons - need.boost_axons
                                                     : need.clear_axons;
          const long long d = *std::max_element(channel_drop.begin() + b.c0,
                                                channel_drop.begin() + b.c1);
          ticks = std::max(ticks, eedn_clear_ticks(d, most));
          drop[k][li].push_back(d);
        }
      }
    }
    for (int k = 0; k < nm; ++k) {
      clear_axons[k].resize(drop[k].size());
      for (size_t li = 0; li < drop[k].size(); ++li)
        for (long long d : drop[k][li])
          clear_axons[k][li].push_back(
              std::max(needs[k][li].clear_axons, eedn_clear_axons_within(d, ticks)));
    }
  }
  EednMapping m;
  m.layers = nl;
  m.classes = members[0]->classes;
  m.in_time = in_time;
  // A shallower network's frame enters later, so that every network's class neurons fire at the
  // same tick: by whole layers (one tick each, or one stage stride in time).
  for (const EednNetwork* net : members)
    m.input_delay.push_back((nl - static_cast<int>(net->layers.size())) *
                            (in_time ? sched.stride() : 1));
  m.readout_tick = in_time ? nl * sched.stride() : nl - 1;
  m.stats.cores = nb;
  m.stats.cores_per_layer.assign(nl, 0);
  for (const Plan& pl : plans)
    for (size_t li = 0; li < pl.blocks.size(); ++li)
      m.stats.cores_per_layer[li] += static_cast<int>(pl.blocks[li].size());
  g.width = std::max(1, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(nb)))));
  g.height = (nb + g.width - 1) / g.width;
  if (options.grid_width > 0 || options.grid_height > 0) {
    // A caller-chosen mesh, e.g. one of the grids an RTL engine was built for.
    if (options.grid_width * options.grid_height < nb)
      throw std::invalid_argument("map_eedn_network: " + std::to_string(nb) + " cores do not fit the requested " +
                                  std::to_string(options.grid_width) + "x" +
                                  std::to_string(options.grid_height) + " mesh");
    g.width = options.grid_width;
    g.height = options.grid_height;
  }
  if (g.width > kMaxGridSide || g.height > kMaxGridSide)
    throw std::invalid_argument("map_eedn_network: " + std::to_string(nb) +
                                " cores do not fit a 256 x 256 mesh");
  // Traffic between blocks: one route per copy.
  std::vector<std::map<int, int>> traffic(nb);
  for (int k = 0; k < nm; ++k) {
    const Plan& pl = plans[k];
    for (size_t li = 0; li + 1 < pl.blocks.size(); ++li) {
      const EednConvShape& s = members[k]->layers[li].shape;
      for (size_t b = 0; b < pl.blocks[li].size(); ++b) {
        const Block& bl = pl.blocks[li][b];
        for (int y = bl.y0; y < bl.y1; ++y)
          for (int x = bl.x0; x < bl.x1; ++x)
            for (int o = bl.c0; o < bl.c1; ++o)
              for (const auto& [tb, ax] : pl.targets[li + 1][map_index(s, y, x, o)]) {
                (void)ax;
                const int a = pl.first[li] + static_cast<int>(b), c = pl.first[li + 1] + tb;
                ++traffic[a][c];
                ++traffic[c][a];
              }
      }
    }
  }
  std::vector<std::vector<std::pair<int, int>>> adj(nb);
  for (int a = 0; a < nb; ++a) adj[a].assign(traffic[a].begin(), traffic[a].end());
  const int slots = g.width * g.height;
  std::vector<int> slot(nb), occupant(slots, -1);
  for (int b = 0; b < nb; ++b) slot[b] = occupant[b] = b;
  m.stats.naive_hop_traffic = hop_cost(adj, slot, g.width);
  // Pairwise swaps (an occupant with another or with an empty slot), kept when they shorten.
  std::mt19937_64 rng(options.placement_seed);
  auto block_cost = [&](int a, int skip) {
    long long c = 0;
    for (const auto& [b, w] : adj[a])
      if (b != skip)
        c += static_cast<long long>(w) * (std::abs(slot[a] % g.width - slot[b] % g.width) +
                                          std::abs(slot[a] / g.width - slot[b] / g.width));
    return c;
  };
  for (int it = 0; it < options.placement_iterations && slots > 1; ++it) {
    const int s1 = static_cast<int>(rng() % slots), s2 = static_cast<int>(rng() % slots);
    const int a = occupant[s1], b = occupant[s2];
    if (s1 == s2 || (a < 0 && b < 0)) continue;
    const long long before = (a >= 0 ? block_cost(a, b) : 0) + (b >= 0 ? block_cost(b, a) : 0);
    if (a >= 0) slot[a] = s2;
    if (b >= 0) slot[b] = s1;
    const long long after = (a >= 0 ? block_cost(a, b) : 0) + (b >= 0 ? block_cost(b, a) : 0);
    if (after < before) {
      occupant[s1] = b;
      occupant[s2] = a;
    } else {
      if (a >= 0) slot[a] = s1;
      if (b >= 0) slot[b] = s2;
    }
  }
  m.stats.placed_hop_traffic = hop_cost(adj, slot, g.width);

  // The chip.
  m.chip = make_empty_chip(g);
  const int ncores = g.cores();
  m.origin.assign(ncores, std::vector<EednNeuronOrigin>(g.neurons));
  m.vote_class.assign(ncores, std::vector<int>(g.neurons, -1));
  m.core_layer.assign(ncores, -1);
  for (int k = 0; k < nm; ++k) {
    const EednNetwork& net = *members[k];
    const std::vector<std::vector<Block>>& blocks = plans[k].blocks;
    const std::vector<std::vector<std::vector<std::pair<int, int>>>>& targets = plans[k].targets;
    auto core_of = [&](int li, int b) { return slot[plans[k].first[li] + b]; };
    m.input_offset.push_back(m.input_targets.size());
    for (size_t src = 0; src < targets[0].size(); ++src) {
      m.input_targets.emplace_back();
      for (const auto& [b, ax] : targets[0][src])
        m.input_targets.back().push_back({core_of(0, b), ax});
    }
    const int depth = static_cast<int>(net.layers.size());
    for (int li = 0; li < depth; ++li) {
      const EednLayer& l = net.layers[li];
      const EednConvShape& s = l.shape;
      for (size_t b = 0; b < blocks[li].size(); ++b) {
        const Block& bl = blocks[li][b];
        const int ci_core = core_of(li, static_cast<int>(b));
        CoreConfig& core = m.chip.cores[ci_core];
        m.core_layer[ci_core] = li;
        // Axons of this block: + then - per input, in ascending input order.
        std::unordered_map<int, std::pair<int, int>> axon_of;  // src -> (+ axon, - axon)
        int axon = 0;
        for (const auto& [src, msk] : bl.inputs) {
          std::pair<int, int> p{-1, -1};
          if (msk & kPlus) {
            core.axon_type[axon] = 0;
            p.first = axon++;
          }
          if (msk & kMinus) {
            core.axon_type[axon] = 1;
            p.second = axon++;
          }
          axon_of[src] = p;
        }
        // In time: the boost and clear axons after the inputs, which every neuron uses.
        EednCoreClock clock;
        if (in_time) {
          clock.core = ci_core;
          clock.stage = m.input_delay[k] + li * sched.stride();
          clock.levels = l.levels;
          clock.boost_axon = axon;
          clock.boost_axons = needs[k][li].boost_axons;
          for (int a = 0; a < clock.boost_axons; ++a) core.axon_type[axon++] = 3;
          clock.clear_axon = axon;
          clock.clear_axons = clear_axons[k][li][b];
          for (int a = 0; a < clock.clear_axons; ++a) core.axon_type[axon++] = 2;
          m.clocks.push_back(clock);
        }
        const int in_levels = li == 0 ? 1 : net.layers[li - 1].levels;
        m.stats.axons += axon;
        // The neuron type of each channel of the block, made at its first neuron: the memoryless
        // threshold neuron of ARCHITECTURE.md 3.4 with the channel's leak, or in time its level
        // neuron. Channels with equal parameters share a type.
        std::vector<int> channel_type(bl.c1 - bl.c0, -1);
        std::map<std::tuple<int, uint32_t, uint32_t, int, int16_t>, uint16_t> type_of;
        auto type_for = [&](int o) {
          int& t = channel_type[o - bl.c0];
          if (t >= 0) return static_cast<uint16_t>(t);
          NeuronParams p;
          if (in_time) {
            const auto [positive, negative] = l.signed_weights(o);
            const EednLevelNeuron ln =
                eedn_level_neuron(l.levels, l.gain_of(o), l.alpha_of(o), l.leak[o], in_levels,
                                  positive, negative, clock.boost_axons, clock.clear_axons);
            sched.clear_ticks = std::max(sched.clear_ticks, ln.clear_ticks);
            p = ln.params;
          } else {
            p.weight = {1, -1, 0, 0};
            p.leak = static_cast<int16_t>(l.leak[o]);
            p.threshold = 1;
            p.neg_threshold = 0;
            p.neg_saturate = true;
            p.reset_mode = ResetMode::kNormal;
            p.reset_potential = 0;
          }
          const auto key = std::make_tuple(static_cast<int>(p.leak), p.threshold, p.neg_threshold,
                                           static_cast<int>(p.reset_mode), p.weight[0]);
          auto [it, fresh] = type_of.emplace(key, 0);
          if (fresh) {
            it->second = static_cast<uint16_t>(core.neuron_types.size());
            core.neuron_types.push_back(p);
          }
          t = it->second;
          return it->second;
        };
        int j = 0;
        for (int y = bl.y0; y < bl.y1; ++y)
          for (int x = bl.x0; x < bl.x1; ++x)
            for (int o = bl.c0; o < bl.c1; ++o) {
              const int n = map_index(s, y, x, o);
              const uint16_t type = type_for(o);
              const bool last = li == depth - 1;
              const int ncopies = last ? 1 : static_cast<int>(targets[li + 1][n].size());
              ++m.stats.logical_neurons;
              for (int cp = 0; cp < ncopies; ++cp, ++j) {
                NeuronConfig& nc = core.neurons[j];
                nc.enabled = true;
                nc.type = type;
                m.origin[ci_core][j] = {li, n, k};
                if (last) {
                  nc.has_destination = false;
                  m.vote_class[ci_core][j] = o % net.classes;
                } else {
                  const auto& [tb, tax] = targets[li + 1][n][cp];
                  const int dst = core_of(li + 1, tb);
                  nc.has_destination = true;
                  nc.dest.dx = static_cast<int16_t>(dst % g.width - ci_core % g.width);
                  nc.dest.dy = static_cast<int16_t>(dst / g.width - ci_core / g.width);
                  nc.dest.axon = static_cast<uint8_t>(tax);
                  nc.dest.delay = 1;
                }
                for_each_input(l, y, x, o, bl.group, [&](int src, int8_t w) {
                  const auto& p = axon_of.at(src);
                  set_crossbar_bit(core, g, w > 0 ? p.first : p.second, j, true);
                });
                if (in_time) {
                  for (int a = 0; a < clock.boost_axons; ++a)
                    set_crossbar_bit(core, g, clock.boost_axon + a, j, true);
                  for (int a = 0; a < clock.clear_axons; ++a)
                    set_crossbar_bit(core, g, clock.clear_axon + a, j, true);
                }
              }
              m.stats.copies += ncopies > 0 ? ncopies - 1 : 0;
              m.stats.max_copies = std::max(m.stats.max_copies, ncopies);
            }
        m.stats.neurons += j;
      }
    }
  }
  m.schedule = sched;
  m.frame_period = in_time ? sched.period() : 1;
  return m;
}

std::vector<InputSpike> eedn_input_spikes(const EednMapping& m, const EednNetwork& net,
                                          const uint8_t* image, uint64_t tick) {
  return eedn_input_spikes(m, std::vector<const EednNetwork*>{&net}, image, tick);
}

std::vector<InputSpike> eedn_input_spikes(const EednMapping& m,
                                          const std::vector<const EednNetwork*>& members,
                                          const uint8_t* image, uint64_t tick) {
  if (members.size() != m.input_offset.size())
    throw std::invalid_argument("eedn_input_spikes: " + std::to_string(members.size()) +
                                " networks for a mapping of " +
                                std::to_string(m.input_offset.size()));
  std::vector<InputSpike> out;
  const int w = m.chip.geometry.width;
  for (size_t k = 0; k < members.size(); ++k) {
    const EednInput& in = members[k]->input;
    const int t = in.channels();
    for (int p = 0; p < in.rows * in.cols; ++p)
      for (int c = 0; c < t; ++c)
        if (in.spike(c, image[p]))
          for (const EednCoreTarget& tg :
               m.input_targets[m.input_offset[k] + static_cast<size_t>(p) * t + c]) {
            // In time: the first tick of stage 0's input window.
            const uint64_t at = tick + static_cast<uint64_t>(m.input_delay[k]) + (m.in_time ? 1 : 0);
            out.push_back({at, tg.core % w, tg.core / w, tg.axon});
          }
  }
  // In time: every core's clocks for this frame's stage (mapper/eedn_level_neuron.h).
  for (const EednCoreClock& c : m.clocks) {
    const uint64_t stage = tick + static_cast<uint64_t>(c.stage);
    const int x = c.core % w, y = c.core / w, boost = m.schedule.boost_tick();
    for (int a = 0; a < c.boost_axons; ++a) {
      out.push_back({stage, x, y, c.boost_axon + a});  // pedestal
      out.push_back({stage + static_cast<uint64_t>(boost), x, y, c.boost_axon + a});
    }
    for (int r = boost + c.levels; r < m.frame_period; ++r)
      for (int a = 0; a < c.clear_axons; ++a)
        out.push_back({stage + static_cast<uint64_t>(r), x, y, c.clear_axon + a});
  }
  return out;
}

std::vector<int> eedn_chip_votes(const EednMapping& m, const std::vector<Spike>& spikes,
                                 uint64_t tick) {
  std::vector<int> votes(m.classes, 0);
  const int w = m.chip.geometry.width;
  for (const Spike& s : spikes) {
    if (s.tick != tick) continue;
    const int c = m.vote_class[s.y * w + s.x][s.neuron];
    if (c >= 0) ++votes[c];
  }
  return votes;
}

}  // namespace meridian
