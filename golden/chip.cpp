#include "golden/chip.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "golden/huge_pages.h"

namespace meridian {

namespace {
// Requests a cache line for writing (exclusive), so the store that follows is not a read-for-
// ownership miss. PREFETCHW executes as a no-op on x86 CPUs that lack it.
inline void prefetch_for_write(const void* p) {
#if defined(__x86_64__) || defined(__i386__)
  asm volatile("prefetchw %0" : : "m"(*static_cast<const char*>(p)));
#else
  __builtin_prefetch(p, 1);
#endif
}

// How many cores ahead phase 1 starts fetching a core's memory. A full chip's state is far
// larger than L2; one core's step (~250 ns) is shorter than a miss chain, so look further ahead.
constexpr int kPrefetchCores = 4;
}  // namespace

Chip::Chip(const ChipConfig& config, ChipOptions options)
    : geometry_(config.geometry),
      tick_period_(config.tick_period_cycles),
      timing_(options.timing || config.tick_period_cycles > 0),
      y0_(options.band_begin),
      y1_(options.band_end < 0 ? config.geometry.height : options.band_end),
      base_(y0_ * config.geometry.width),
      band_cores_((y1_ - y0_) * config.geometry.width),
      pool_(std::make_unique<ThreadPool>(std::max(1, options.threads))),
      hops_(config.geometry.width, config.geometry.height, y0_, y1_) {
  if (static_cast<int>(config.cores.size()) != geometry_.cores())
    throw std::invalid_argument("chip config has " + std::to_string(config.cores.size()) +
                                " cores, geometry needs " + std::to_string(geometry_.cores()));
  if (y0_ < 0 || y1_ > geometry_.height || y0_ >= y1_)
    throw std::invalid_argument("band rows [" + std::to_string(y0_) + ", " + std::to_string(y1_) +
                                ") not inside [0, " + std::to_string(geometry_.height) + ")");
  if (timing_ && (y0_ != 0 || y1_ != geometry_.height))
    throw std::invalid_argument("timing mode needs the whole chip in one process");
  // Reserve first, advise, then construct: the cores are written only after the advice.
  cores_.reserve(band_cores_);
  schedulers_.reserve(band_cores_);
  advise_huge_pages(cores_.data(), sizeof(Core) * band_cores_);
  advise_huge_pages(schedulers_.data(), sizeof(Scheduler) * band_cores_);
  for (int c = base_; c < base_ + band_cores_; ++c) {
    // A delay outside [1, 15] has no scheduler row (model files are validated on load;
    // configurations built in code are checked here).
    for (int j = 0; j < geometry_.neurons; ++j) {
      const NeuronConfig& nc = config.cores[c].neurons[j];
      if (nc.has_destination && (nc.dest.delay < kDelayMin || nc.dest.delay > kDelayMax))
        throw std::invalid_argument("core " + std::to_string(c) + " neuron " + std::to_string(j) +
                                    ": dest.delay " + std::to_string(nc.dest.delay) +
                                    " out of range [" + std::to_string(kDelayMin) + ", " +
                                    std::to_string(kDelayMax) + "]");
    }
    cores_.emplace_back(geometry_, config.cores[c]);
    schedulers_.emplace_back(geometry_.axons);
  }
  host_in_.assign(static_cast<size_t>(band_cores_) * kDelaySlots, 0);
  results_.resize(band_cores_);
  counters_.resize(band_cores_);
  const int parts = pool_->threads();
  threads_.reserve(parts);
  for (int t = 0; t < parts; ++t)
    threads_.emplace_back(geometry_, y0_, y1_, parts,
                          (kPrefetchCores + 1) * ((geometry_.axons + 63) / 64));
  owner_.resize(band_cores_);
  for (int p = 0; p < parts; ++p) {
    int b, e;
    ThreadPool::chunk(band_cores_, parts, p, b, e);
    for (int c = b; c < e; ++c) owner_[c] = p;
  }
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
  if (!in_band(core))
    throw std::invalid_argument("input spike for core (" + std::to_string(s.x) + "," +
                                std::to_string(s.y) + ") outside this process's rows");
  const int slot = static_cast<int>(s.tick % kDelaySlots);
  schedulers_[core - base_].set(slot, s.axon);
  host_in_[static_cast<size_t>(core - base_) * kDelaySlots + slot] += 1;
}

void Chip::step() {
  begin_tick();
  if (!transits_.empty())
    throw std::logic_error("a whole-chip step produced band transits");
  end_tick();
}

void Chip::begin_tick() {
  const uint32_t t = static_cast<uint32_t>(tick_);
  const int slot = static_cast<int>(tick_ % kDelaySlots);
  const int n = band_cores_;
  const int w = geometry_.width;
  const int words = (geometry_.axons + 63) / 64;

  // Phase 1, parallel over cores: update neurons, and (functional mode) turn spikes into the
  // scheduler writes, hop counts and transits they cause. A write to a core of the same thread
  // is made at once: only that thread touches the core's scheduler in phase 1, and the write
  // goes to row tick + delay, never to the row `slot` being read (delays are 1..15). Writes to
  // other threads' cores wait for phase 2 (an atomic OR straight away measured slower: a locked
  // instruction per packet).
  pool_->parallel_for(n, [&](int begin, int end, int thread) {
    // Active-axon rows of cores c .. c + kPrefetchCores, read that many cores early so their
    // crossbar rows and potentials are fetched while core c runs (phase 1 only reads rows, so
    // reading early changes nothing).
    ThreadState& ts = threads_[thread];
    auto active_of = [&](int c) { return ts.active.data() + (c % (kPrefetchCores + 1)) * words; };
    auto fetch = [&](int c) {
      schedulers_[c].read_and_clear(slot, active_of(c));
      cores_[c].prefetch(active_of(c));
    };
    std::vector<Transit>& transit = ts.transits;
    HopAccounting& hops = ts.hops;
    for (auto& list : ts.deliveries) list.clear();
    hops.clear();
    transit.clear();
    // Core c's packets are routed after cores c+1 and c+2 have stepped (the pipeline below).
    std::vector<OffchipPacket>& offchip = ts.offchip;
    offchip.clear();
    auto route = [&](int c) {
      const int x = (c + base_) % w, y = (c + base_) / w;
      for (uint16_t j : results_[c].fired) {
        if (!cores_[c].has_destination(j)) continue;
        const Destination& d = cores_[c].destination(j);
        const uint8_t dt = static_cast<uint8_t>((tick_ + d.delay) % kDelaySlots);
        const PathEnd e = hops.add_path(x, y, d.dx, d.dy);
        if (e.kind == PathEnd::kOffchip) {
          offchip.push_back({tick_, x + d.dx, y + d.dy, d.axon, dt});
        } else if (e.kind == PathEnd::kTransit) {
          transit.push_back({e.x, e.y, e.dy, x + d.dx, y + d.dy, d.axon, dt});
        } else {
          const int32_t target = e.y * w + e.x - base_;
          if (owner_[target] == thread)
            schedulers_[target].set(dt, d.axon);
          else
            ts.deliveries[owner_[target]].push_back({target, d.axon, dt});
        }
      }
    };
    // The scheduler word a packet of core c will be written to, requested one core before
    // route(c) (on a full chip it is a cache miss per packet otherwise). Destinations outside
    // the band are left to route().
    auto prefetch_targets = [&](int c) {
      const int x = (c + base_) % w, y = (c + base_) / w;
      for (uint16_t j : results_[c].fired) {
        if (!cores_[c].has_destination(j)) continue;
        const Destination& d = cores_[c].destination(j);
        const int tx = x + d.dx, ty = y + d.dy;
        if (tx < 0 || tx >= w || ty < y0_ || ty >= y1_) continue;
        const int slot_d = static_cast<int>((tick_ + d.delay) % kDelaySlots);
        prefetch_for_write(schedulers_[ty * w + tx - base_].row(slot_d) + d.axon / 64);
      }
    };
    for (int c = begin; c < std::min(end, begin + kPrefetchCores); ++c) fetch(c);
    for (int c = begin; c < end; ++c) {
      // Twice as far ahead: the scheduler row and the core's header (which holds the pointers
      // that fetch() follows), so fetch() itself does not wait for them.
      if (c + 2 * kPrefetchCores < end) {
        __builtin_prefetch(schedulers_[c + 2 * kPrefetchCores].row(slot));
        const char* header = reinterpret_cast<const char*>(&cores_[c + 2 * kPrefetchCores]);
        for (int line = 0; line < Core::kHeaderLines; ++line)
          __builtin_prefetch(header + 64 * line);
      }
      if (c + kPrefetchCores < end) fetch(c + kPrefetchCores);
      cores_[c].step(t, active_of(c), timing_, results_[c]);
      counters_[c] = results_[c].counters;
      uint32_t& host_in = host_in_[static_cast<size_t>(c) * kDelaySlots + slot];
      counters_[c].host_in = host_in;
      host_in = 0;
      if (timing_) continue;
      // A three-stage pipeline over cores: destination records of c, then the target scheduler
      // words of c - 1, then the routing of c - 2, so each stage's misses overlap a core's step.
      cores_[c].prefetch_destinations(results_[c].fired);
      if (c > begin) prefetch_targets(c - 1);
      if (c > begin + 1) route(c - 2);
    }
    if (!timing_ && begin < end) {
      prefetch_targets(end - 1);
      if (end - 2 >= begin) route(end - 2);
      route(end - 1);
    }
  });

  offchip_.clear();
  packets_.clear();
  transits_.clear();
  spikes_built_ = false;
  spikes_tick_ = tick_;
  if (timing_) {
    deliver_timed();
  } else {
    deliver_functional();
    for (const ThreadState& ts : threads_)
      transits_.insert(transits_.end(), ts.transits.begin(), ts.transits.end());
    tick_cycles_ = 0;  // only meaningful in timing mode
  }
}

void Chip::accept_transits(const std::vector<Transit>& incoming) {
  std::vector<Transit> onward;
  const int w = geometry_.width;
  for (const Transit& tr : incoming) {
    if (tr.y < y0_ || tr.y >= y1_) continue;  // for another band
    const PathEnd e = hops_.add_path(tr.x, tr.y, 0, tr.dy);
    if (e.kind == PathEnd::kOffchip)
      offchip_.push_back({tick_, tr.tx, tr.ty, tr.axon, tr.slot});
    else if (e.kind == PathEnd::kTransit)
      onward.push_back({e.x, e.y, e.dy, tr.tx, tr.ty, tr.axon, tr.slot});
    else
      schedulers_[e.y * w + e.x - base_].set(tr.slot, tr.axon);
  }
  transits_ = std::move(onward);
}

void Chip::end_tick() {
  if (!timing_) hops_.flush(counters_);
  ++tick_;
}

const std::vector<Spike>& Chip::spikes() const {
  if (spikes_built_) return spikes_;
  // Each thread fills its own chunk of cores at an offset counted beforehand.
  const int parts = pool_->threads(), w = geometry_.width;
  std::vector<size_t> offset(parts + 1, 0);
  for (int p = 0; p < parts; ++p) {
    int b, e;
    ThreadPool::chunk(band_cores_, parts, p, b, e);
    offset[p + 1] = offset[p];
    for (int c = b; c < e; ++c) offset[p + 1] += results_[c].fired.size();
  }
  spikes_.resize(offset[parts]);
  pool_->parallel_for(band_cores_, [&](int begin, int end, int thread) {
    Spike* out = spikes_.data() + offset[thread];
    for (int c = begin; c < end; ++c) {
      const int x = (c + base_) % w, y = (c + base_) / w;
      for (uint16_t j : results_[c].fired) *out++ = {spikes_tick_, x, y, j};
    }
  });
  spikes_built_ = true;
  return spikes_;
}

void Chip::deliver_functional() {
  // Phase 2, parallel over cores: each thread applies the other threads' scheduler writes aimed
  // at its own cores (ORs, so packet order cannot matter) and adds every thread's hop counts for
  // its own cores into their counters (the arrays are only read here; each owner clears its own
  // at the start of the next phase 1), so a counter is only ever written by the thread that owns
  // its core.
  const int n = band_cores_;
  pool_->parallel_for(n, [&](int begin, int end, int thread) {
    for (const ThreadState& ts : threads_)
      for (const Delivery& d : ts.deliveries[thread]) schedulers_[d.core].set(d.slot, d.axon);
    for (const ThreadState& ts : threads_) ts.hops.add_counts_to(counters_, begin, end);
  });
  for (const ThreadState& ts : threads_)
    offchip_.insert(offchip_.end(), ts.offchip.begin(), ts.offchip.end());
}

void Chip::deliver_timed() {
  const int w = geometry_.width;
  MeshTiming mesh(w, geometry_.height, geometry_.neurons);
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
}

}  // namespace meridian
