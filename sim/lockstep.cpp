#include "sim/lockstep.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <stdexcept>
#include <tuple>

namespace meridian {

namespace {

std::string offchip_str(const OffchipPacket& p) {
  std::ostringstream os;
  os << "(tick " << p.tick << " -> (" << p.tx << "," << p.ty << ") axon " << p.axon
     << " delivery " << p.delivery_tick << ")";
  return os.str();
}

}  // namespace

std::string Divergence::message() const {
  std::ostringstream os;
  os << "divergence at tick " << tick;
  if (x >= 0) os << ", core (" << x << "," << y << ")";
  if (neuron >= 0) os << ", neuron " << neuron;
  os << ", field " << field << ": " << ref_name << " " << ref_value << ", " << dut_name << " "
     << dut_value;
  return os.str();
}

Lockstep::Lockstep(Engine& ref, Engine& dut, LockstepOptions opt)
    : ref_(ref), dut_(dut), opt_(opt) {}

void Lockstep::load(const ChipConfig& chip) {
  geometry_ = chip.geometry;
  ref_.load(chip);
  dut_.load(chip);
}

void Lockstep::inject(const InputSpike& s) {
  ref_.inject(s);
  dut_.inject(s);
}

std::optional<Divergence> Lockstep::step() {
  const uint64_t t = ref_.tick();
  if (dut_.tick() != t) {
    Divergence d;
    d.tick = t;
    d.field = "tick";
    d.ref_name = ref_.name();
    d.dut_name = dut_.name();
    d.ref_value = std::to_string(t);
    d.dut_value = std::to_string(dut_.tick());
    return d;
  }
  ref_.step();
  dut_.step();
  return compare(t);
}

std::optional<Divergence> Lockstep::run(uint64_t ticks, const std::vector<InputSpike>& inputs) {
  std::vector<InputSpike> sorted = inputs;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const InputSpike& a, const InputSpike& b) { return a.tick < b.tick; });
  size_t next = 0;
  for (uint64_t k = 0; k < ticks; ++k) {
    const uint64_t t = tick();
    if (next < sorted.size() && sorted[next].tick < t) {
      throw std::invalid_argument("lockstep: input spike for tick " +
                                  std::to_string(sorted[next].tick) +
                                  " is before the current tick " + std::to_string(t));
    }
    while (next < sorted.size() && sorted[next].tick == t) inject(sorted[next++]);
    if (auto d = step()) return d;
  }
  return std::nullopt;
}

std::optional<Divergence> Lockstep::compare(uint64_t t) const {
  const Geometry& g = geometry_;
  Divergence d;
  d.tick = t;
  d.ref_name = ref_.name();
  d.dut_name = dut_.name();
  auto at_core = [&](int c) {
    d.x = c % g.width;
    d.y = c / g.width;
  };

  // Spikes: per core, the set of neurons that fired; report the lowest differing neuron.
  {
    std::vector<std::vector<char>> a(g.cores(), std::vector<char>(g.neurons, 0)), b = a;
    auto fill = [&](const std::vector<Spike>& s, std::vector<std::vector<char>>& m) {
      for (const Spike& k : s) {
        if (k.x < 0 || k.y < 0 || k.x >= g.width || k.y >= g.height || k.neuron < 0 ||
            k.neuron >= g.neurons)
          return false;
        m[k.y * g.width + k.x][k.neuron] = 1;
      }
      return true;
    };
    if (!fill(ref_.spikes(), a) || !fill(dut_.spikes(), b)) {
      d.field = "spike address";
      d.ref_value = std::to_string(ref_.spikes().size()) + " spikes";
      d.dut_value = std::to_string(dut_.spikes().size()) + " spikes";
      return d;
    }
    for (int c = 0; c < g.cores(); ++c) {
      for (int j = 0; j < g.neurons; ++j) {
        if (a[c][j] != b[c][j]) {
          at_core(c);
          d.neuron = j;
          d.field = "spike";
          d.ref_value = a[c][j] ? "fired" : "silent";
          d.dut_value = b[c][j] ? "fired" : "silent";
          return d;
        }
      }
    }
    if (ref_.spikes().size() != dut_.spikes().size()) {  // duplicates
      d.field = "spike count";
      d.ref_value = std::to_string(ref_.spikes().size());
      d.dut_value = std::to_string(dut_.spikes().size());
      return d;
    }
  }

  // Potentials of every neuron.
  std::vector<int32_t> va, vb;
  for (int c = 0; c < g.cores(); ++c) {
    ref_.potentials(c, va);
    dut_.potentials(c, vb);
    for (int j = 0; j < g.neurons; ++j) {
      const int32_t ra = j < static_cast<int>(va.size()) ? va[j] : 0;
      const int32_t rb = j < static_cast<int>(vb.size()) ? vb[j] : 0;
      if (ra != rb || va.size() != vb.size()) {
        at_core(c);
        d.neuron = j;
        d.field = "potential";
        d.ref_value = std::to_string(ra);
        d.dut_value = std::to_string(rb);
        return d;
      }
    }
  }

  // Every counter of every core.
  const auto& ca = ref_.counters();
  const auto& cb = dut_.counters();
  for (int c = 0; c < g.cores(); ++c) {
    const CoreCounters za{}, zb{};
    const CoreCounters& x = c < static_cast<int>(ca.size()) ? ca[c] : za;
    const CoreCounters& y = c < static_cast<int>(cb.size()) ? cb[c] : zb;
    for (int f = 0; f < kCounterFields; ++f) {
      if (!opt_.compare_timing && f == kCounterFields - 1) continue;  // core_cycles: timing
      if (counter_value(x, f) != counter_value(y, f)) {
        at_core(c);
        d.field = counter_name(f);
        d.ref_value = std::to_string(counter_value(x, f));
        d.dut_value = std::to_string(counter_value(y, f));
        return d;
      }
    }
  }

  // Off-chip packets, in canonical order.
  const auto& oa = ref_.offchip();
  const auto& ob = dut_.offchip();
  for (size_t i = 0; i < std::max(oa.size(), ob.size()); ++i) {
    const bool ha = i < oa.size(), hb = i < ob.size();
    if (ha && hb &&
        std::tie(oa[i].tick, oa[i].tx, oa[i].ty, oa[i].axon, oa[i].delivery_tick) ==
            std::tie(ob[i].tick, ob[i].tx, ob[i].ty, ob[i].axon, ob[i].delivery_tick))
      continue;
    d.field = "offchip[" + std::to_string(i) + "]";
    d.ref_value = ha ? offchip_str(oa[i]) : "none";
    d.dut_value = hb ? offchip_str(ob[i]) : "none";
    return d;
  }

  if (!opt_.compare_timing) return std::nullopt;

  if (ref_.tick_cycles() != dut_.tick_cycles()) {
    d.field = "tick_cycles";
    d.ref_value = std::to_string(ref_.tick_cycles());
    d.dut_value = std::to_string(dut_.tick_cycles());
    return d;
  }
  // Delivered packets, matched by emitter (a neuron sends at most one packet per tick).
  std::map<std::pair<int, int>, const DeliveredPacket*> pa, pb;
  for (const auto& p : ref_.packets()) pa[{p.src_core, p.src_neuron}] = &p;
  for (const auto& p : dut_.packets()) pb[{p.src_core, p.src_neuron}] = &p;
  auto src = [&](const std::pair<int, int>& k) {
    at_core(k.first);
    d.neuron = k.second;
  };
  for (const auto& [k, p] : pa) {
    auto it = pb.find(k);
    if (it == pb.end()) {
      src(k);
      d.field = "packet";
      d.ref_value = "delivered at cycle " + std::to_string(p->arrive_cycle);
      d.dut_value = "none";
      return d;
    }
    const DeliveredPacket& q = *it->second;
    const std::pair<const char*, std::pair<int64_t, int64_t>> fields[] = {
        {"packet emit_cycle", {p->emit_cycle, q.emit_cycle}},
        {"packet arrive_cycle", {p->arrive_cycle, q.arrive_cycle}},
        {"packet dst_x", {p->dst_x, q.dst_x}},
        {"packet dst_y", {p->dst_y, q.dst_y}},
        {"packet axon", {p->axon, q.axon}},
        {"packet delivery_tick", {p->delivery_tick, q.delivery_tick}},
        {"packet offchip", {p->offchip, q.offchip}},
        {"packet late", {p->late, q.late}}};
    for (const auto& [name, v] : fields) {
      if (v.first != v.second) {
        src(k);
        d.field = name;
        d.ref_value = std::to_string(v.first);
        d.dut_value = std::to_string(v.second);
        return d;
      }
    }
  }
  for (const auto& [k, q] : pb) {
    if (!pa.count(k)) {
      src(k);
      d.field = "packet";
      d.ref_value = "none";
      d.dut_value = "delivered at cycle " + std::to_string(q->arrive_cycle);
      return d;
    }
  }
  return std::nullopt;
}

}  // namespace meridian
