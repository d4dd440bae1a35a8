#include "golden/chip.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace meridian {

Chip::Chip(const ChipConfig& config, ChipOptions options)
    : geometry_(config.geometry),
      tick_period_(config.tick_period_cycles),
      timing_(options.timing || config.tick_period_cycles > 0),
      host_in_(config.cores.size(), std::vector<uint32_t>(kDelaySlots, 0)),
      pool_(std::make_unique<ThreadPool>(std::max(1, options.threads))),
      results_(config.cores.size()),
      hops_(config.geometry.width, config.geometry.height),
      counters_(config.cores.size()) {
  if (static_cast<int>(config.cores.size()) != geometry_.cores())
    throw std::invalid_argument("chip config has " + std::to_string(config.cores.size()) +
                                " cores, geometry needs " + std::to_string(geometry_.cores()));
  cores_.reserve(config.cores.size());
  for (const CoreConfig& c : config.cores) {
    cores_.emplace_back(geometry_, c);
    schedulers_.emplace_back(geometry_.axons);
  }
  active_.assign(pool_->threads(), std::vector<uint64_t>((geometry_.axons + 63) / 64, 0));
  deliveries_.resize(pool_->threads());
  for (int t = 0; t < pool_->threads(); ++t)
    thread_hops_.emplace_back(geometry_.width, geometry_.height);
  core_offchip_.resize(config.cores.size());
}

void Chip::inject(const InputSpike& s) {
  if (s.tick < tick_ || s.tick >= tick_ + kDelaySlots)
    throw std::invalid_argument("input spike for tick " + std::to_string(s.tick) +
                                " outside the scheduler window [" + std::to_string(tick_) + ", " +
                                std::to_string(tick_ + kDelaySlots - 1) + "]");
  if (s.x < 0 || s.y < 0 || s.x >= geometry_.width || s.y >= geometry_.height || s.axon < 0 ||
      s.axon >= geometry_.axons)
    throw std::invalid_argument("input spike addresses core (" + std::to_string(s.x) + "," +
                                std::to_string(s.y) + ") axon " + std::to_string(s.axon) +
                                " outside the chip");
  const int core = s.y * geometry_.width + s.x;
  const int slot = static_cast<int>(s.tick % kDelaySlots);
  schedulers_[core].set(slot, s.axon);
  host_in_[core][slot] += 1;
}

void Chip::step() {
  const uint32_t t = static_cast<uint32_t>(tick_);
  const int slot = static_cast<int>(tick_ % kDelaySlots);
  const int n = geometry_.cores();

  // Phase 1, parallel over cores: update neurons, and (functional mode) turn spikes into the
  // scheduler writes and hop counts they cause. Writes wait for phase 2 so that every core has
  // read its row first.
  const int w = geometry_.width, h = geometry_.height;
  pool_->parallel_for(n, [&](int begin, int end, int thread) {
    uint64_t* active = active_[thread].data();
    std::vector<Delivery>& out = deliveries_[thread];
    HopAccounting& hops = thread_hops_[thread];
    out.clear();
    for (int c = begin; c < end; ++c) {
      schedulers_[c].read_and_clear(slot, active);
      cores_[c].step(t, active, timing_, results_[c]);
      if (timing_) continue;
      core_offchip_[c].clear();
      const int x = c % w, y = c / w;
      for (uint16_t j : results_[c].fired) {
        if (!cores_[c].has_destination(j)) continue;
        const Destination& d = cores_[c].destination(j);
        const int dt = static_cast<int>((tick_ + d.delay) % kDelaySlots);
        hops.add_path(x, y, d.dx, d.dy);
        const RouteEnd e = route_end(x, y, d.dx, d.dy, w, h);
        if (e.offchip)
          core_offchip_[c].push_back({tick_, x + d.dx, y + d.dy, d.axon, dt});
        else
          out.push_back({e.y * w + e.x, d.axon, static_cast<uint8_t>(dt)});
      }
    }
  });

  spikes_.clear();
  offchip_.clear();
  packets_.clear();
  for (int c = 0; c < n; ++c) {
    counters_[c] = results_[c].counters;
    counters_[c].host_in = host_in_[c][slot];
    host_in_[c][slot] = 0;
    const int x = c % geometry_.width, y = c / geometry_.width;
    for (uint16_t j : results_[c].fired) spikes_.push_back({tick_, x, y, j});
  }
  if (timing_) {
    deliver_timed();
  } else {
    deliver_functional();
    uint64_t longest = 0;
    for (int c = 0; c < n; ++c) longest = std::max(longest, counters_[c].core_cycles);
    tick_cycles_ = 0;  // only meaningful in timing mode
    (void)longest;
  }
  ++tick_;
}

void Chip::deliver_functional() {
  // Phase 2, parallel over target cores: each thread applies the writes aimed at its own cores
  // (scheduler writes are ORs, so the order of packets cannot matter).
  const int n = geometry_.cores();
  pool_->parallel_for(n, [&](int begin, int end, int) {
    for (const auto& list : deliveries_)
      for (const Delivery& d : list)
        if (d.core >= begin && d.core < end) schedulers_[d.core].set(d.slot, d.axon);
  });
  for (HopAccounting& hops : thread_hops_) hops.flush(counters_);
  for (int c = 0; c < n; ++c)
    offchip_.insert(offchip_.end(), core_offchip_[c].begin(), core_offchip_[c].end());
}

void Chip::deliver_timed() {
  const int w = geometry_.width, h = geometry_.height;
  MeshTiming mesh(w, h, geometry_.neurons);
  for (int c = 0; c < geometry_.cores(); ++c) {
    const int x = c % w, y = c / w;
    const Core& core = cores_[c];
    const CoreTickResult& r = results_[c];
    for (size_t k = 0; k < r.fired.size(); ++k) {
      const int j = r.fired[k];
      if (!core.has_destination(j)) continue;
      const Destination& d = core.destination(j);
      Packet p;
      p.dx = d.dx; p.dy = d.dy; p.axon = d.axon; p.delay = d.delay;
      p.tick = static_cast<uint8_t>((tick_ + d.delay) % kDelaySlots);
      p.src_core = c; p.src_neuron = j;
      p.tx = x + d.dx; p.ty = y + d.dy;
      p.emit_cycle = r.fire_cycle[k];
      mesh.inject(c, p);
      hops_.add_path(x, y, d.dx, d.dy);  // same per-router counts as the functional path
    }
  }
  uint64_t last_move = 0;
  std::vector<MeshTiming::Arrival> arrivals = mesh.run(last_move);
  hops_.flush(counters_);

  uint64_t longest = 0;
  for (int c = 0; c < geometry_.cores(); ++c) longest = std::max(longest, counters_[c].core_cycles);
  tick_cycles_ = std::max(longest, last_move == 0 ? 0 : last_move + 1);

  // Canonical order for reports: by source core, then neuron.
  std::sort(arrivals.begin(), arrivals.end(), [](const auto& a, const auto& b) {
    return a.packet.src_core != b.packet.src_core ? a.packet.src_core < b.packet.src_core
                                                  : a.packet.src_neuron < b.packet.src_neuron;
  });
  for (const auto& a : arrivals) {
    const Packet& p = a.packet;
    PacketRecord rec{p.src_core, p.src_neuron, p.tx, p.ty, p.axon, p.tick,
                     p.emit_cycle, a.cycle, a.offchip, false};
    if (a.offchip) {
      offchip_.push_back({tick_, p.tx, p.ty, p.axon, p.tick});
    } else {
      const int dst = a.y * w + a.x;
      if (tick_period_ > 0 && a.cycle >= static_cast<uint64_t>(tick_period_) * p.delay) {
        rec.late = true;
        counters_[dst].late_packets += 1;
      } else {
        schedulers_[dst].set(p.tick, p.axon);
      }
    }
    packets_.push_back(rec);
  }
  (void)h;
}

}  // namespace meridian
