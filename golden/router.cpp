#include "golden/router.h"

#include <algorithm>
#include <array>

namespace meridian {

HopAccounting::HopAccounting(int width, int height, int y0, int y1)
    : w_(width), h_(height), y0_(y0), y1_(y1),
      east_(static_cast<size_t>(width + 1) * (y1 - y0 + 1), 0), west_(east_.size(), 0),
      north_(static_cast<size_t>(width + 1) * (height + 1), 0), south_(north_.size(), 0),
      local_(static_cast<size_t>(width) * (y1 - y0), 0), offchip_(local_.size(), 0) {}

PathEnd HopAccounting::add_path(int x, int y, int dx, int dy) {
  dirty_ = true;
  const int tx = x + dx, ty = y + dy;
  // X leg along row y (inside the band): routers x .. last forward east (or west).
  if (dx > 0) {
    const int last = std::min(tx - 1, w_ - 1);
    east_[at(x, y)] += 1;
    east_[at(last + 1, y)] -= 1;
    if (tx >= w_) { offchip_[node(w_ - 1, y)] += 1; return {PathEnd::kOffchip, w_ - 1, y, 0}; }
  } else if (dx < 0) {
    const int last = std::max(tx + 1, 0);  // routers last..x forward west
    west_[at(last, y)] += 1;
    west_[at(x + 1, y)] -= 1;
    if (tx < 0) { offchip_[node(0, y)] += 1; return {PathEnd::kOffchip, 0, y, 0}; }
  }
  // Y leg along column tx, clipped to the band; column arrays are indexed by absolute y.
  if (dy > 0) {
    const int last = std::min({ty - 1, h_ - 1, y1_ - 1});
    north_[col(tx, y)] += 1;
    north_[col(tx, last + 1)] -= 1;
    if (ty >= h_ && last == h_ - 1) {
      offchip_[node(tx, h_ - 1)] += 1;
      return {PathEnd::kOffchip, tx, h_ - 1, 0};
    }
    if (ty >= y1_) return {PathEnd::kTransit, tx, y1_, ty - y1_};
  } else if (dy < 0) {
    const int last = std::max({ty + 1, 0, y0_});
    south_[col(tx, last)] += 1;
    south_[col(tx, y + 1)] -= 1;
    if (ty < 0 && last == 0) {
      offchip_[node(tx, 0)] += 1;
      return {PathEnd::kOffchip, tx, 0, 0};
    }
    if (ty < y0_) return {PathEnd::kTransit, tx, y0_ - 1, ty - (y0_ - 1)};
  }
  local_[node(tx, ty)] += 1;
  return {PathEnd::kDeliver, tx, ty, 0};
}

void HopAccounting::flush(std::vector<CoreCounters>& per_core) {
  if (!dirty_) return;
  add_counts_to(per_core, 0, w_ * (y1_ - y0_));
  clear();
}

void HopAccounting::add_counts_to(std::vector<CoreCounters>& per_core, int begin,
                                  int end) const {
  if (!dirty_ || begin >= end) return;
  const int ya = y0_ + begin / w_, yb = y0_ + (end - 1) / w_;
  // Column sums of the north/south difference arrays up to the first row of the range.
  std::vector<int32_t> nv(w_, 0), sv(w_, 0);
  for (int x = 0; x < w_; ++x)
    for (int y = 0; y < ya; ++y) {
      nv[x] += north_[col(x, y)];
      sv[x] += south_[col(x, y)];
    }
  for (int y = ya; y <= yb; ++y) {
    const int xs = y == ya ? begin % w_ : 0;
    const int xe = y == yb ? (end - 1) % w_ + 1 : w_;
    int32_t e = 0, wv = 0;
    for (int x = 0; x < xs; ++x) {
      e += east_[at(x, y)];
      wv += west_[at(x, y)];
    }
    for (int x = 0; x < w_; ++x) {
      nv[x] += north_[col(x, y)];
      sv[x] += south_[col(x, y)];
      if (x < xs || x >= xe) continue;
      e += east_[at(x, y)];
      wv += west_[at(x, y)];
      CoreCounters& c = per_core[node(x, y)];
      c.hops_east += static_cast<uint64_t>(e);
      c.hops_west += static_cast<uint64_t>(wv);
      c.hops_north += static_cast<uint64_t>(nv[x]);
      c.hops_south += static_cast<uint64_t>(sv[x]);
      c.local_deliveries += local_[node(x, y)];
      c.offchip_out += offchip_[node(x, y)];
    }
  }
}

void HopAccounting::clear() {
  std::fill(east_.begin(), east_.end(), 0);
  std::fill(west_.begin(), west_.end(), 0);
  std::fill(north_.begin(), north_.end(), 0);
  std::fill(south_.begin(), south_.end(), 0);
  std::fill(local_.begin(), local_.end(), 0);
  std::fill(offchip_.begin(), offchip_.end(), 0);
  dirty_ = false;
}

MeshTiming::MeshTiming(int width, int height, int neurons)
    : w_(width), h_(height), neurons_(neurons),
      pending_(static_cast<size_t>(width) * height),
      fifo_(static_cast<size_t>(width) * height) {}

void MeshTiming::inject(int core, const Packet& p) { pending_[core].push_back(p); }

std::vector<MeshTiming::Arrival> MeshTiming::run(uint64_t& last_move_cycle) {
  std::vector<Arrival> arrivals;
  last_move_cycle = 0;
  const int n = w_ * h_;
  size_t in_flight = 0, pending = 0;
  for (const auto& q : pending_) pending += q.size();
  // Which input port of the neighbour a packet leaving through `out` arrives on.
  static constexpr std::array<int, 4> kOpposite = {kSouth, kWest, kNorth, kEast};
  static constexpr std::array<int, 4> kStepX = {0, 1, 0, -1};
  static constexpr std::array<int, 4> kStepY = {1, 0, -1, 0};

  struct Move { int router, in, out; };
  std::vector<Move> moves;
  std::vector<size_t> count(static_cast<size_t>(n) * 5);
  for (uint64_t cycle = 1; pending + in_flight > 0; ++cycle) {
    // Packets pushed at the end of cycle-1 are in the local FIFO at the start of this cycle.
    for (int r = 0; r < n; ++r) {
      auto& q = pending_[r];
      while (!q.empty() && q.front().emit_cycle == cycle - 1) {
        fifo_[r][kLocal].push_back(q.front());
        q.pop_front();
        --pending;
        ++in_flight;
      }
    }
    for (int r = 0; r < n; ++r)
      for (int p = 0; p < 5; ++p) count[static_cast<size_t>(r) * 5 + p] = fifo_[r][p].size();

    moves.clear();
    for (int r = 0; r < n; ++r) {
      const int x = r % w_, y = r / w_;
      std::array<int, 5> granted = {-1, -1, -1, -1, -1};  // output -> input
      for (int in = 0; in < 5; ++in) {  // priority N, E, S, W, L: first requester wins
        if (count[static_cast<size_t>(r) * 5 + in] == 0) continue;
        const Packet& h = fifo_[r][in].front();
        const int out = route_port(h.dx, h.dy);
        if (granted[out] >= 0) continue;
        if (out != kLocal) {
          const int nx = x + kStepX[out], ny = y + kStepY[out];
          const bool edge = nx < 0 || ny < 0 || nx >= w_ || ny >= h_;
          if (!edge) {
            const int nr = ny * w_ + nx;
            if (count[static_cast<size_t>(nr) * 5 + kOpposite[out]] >=
                static_cast<size_t>(kRouterFifoDepth))
              continue;  // neighbour full at the start of the cycle: no grant is used
          }
        }
        granted[out] = in;
      }
      for (int out = 0; out < 5; ++out)
        if (granted[out] >= 0) moves.push_back({r, granted[out], out});
    }
    if (!moves.empty()) last_move_cycle = cycle;
    for (const Move& m : moves) {
      Packet p = fifo_[m.router].at(m.in).front();
      fifo_[m.router][m.in].pop_front();
      const int x = m.router % w_, y = m.router / w_;
      if (m.out == kLocal) {
        arrivals.push_back({p, cycle, false, x, y});
        --in_flight;
        continue;
      }
      const int nx = x + kStepX[m.out], ny = y + kStepY[m.out];
      p.dx = static_cast<int16_t>(p.dx - kStepX[m.out]);
      p.dy = static_cast<int16_t>(p.dy - kStepY[m.out]);
      if (nx < 0 || ny < 0 || nx >= w_ || ny >= h_) {
        arrivals.push_back({p, cycle, true, x, y});
        --in_flight;
        continue;
      }
      fifo_[ny * w_ + nx][kOpposite[m.out]].push_back(p);
    }
  }
  return arrivals;
}

}  // namespace meridian
