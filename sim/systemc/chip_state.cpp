#include "sim/systemc/chip_state.h"

#include <verilated.h>
#include <verilated_syms.h>

#include <stdexcept>
#include <string>

#include "sim/chip_protocol.h"

namespace meridian {
namespace {

// Where each counter lives in a core's hierarchy, in counter_name() order.
struct CounterSource {
  const char* block;
  const char* var;
  int element;  // index into an unpacked array (the router's per-port hop counters)
};
constexpr CounterSource kCounterSources[kCounterFields] = {
    {"u_core.u_ctrl", "cnt_active_axons_q", 0}, {"u_core.u_ctrl", "cnt_syn_events_q", 0},
    {"u_core.u_ctrl", "cnt_neuron_updates_q", 0}, {"u_core.u_ctrl", "cnt_spikes_q", 0},
    {"u_core.u_ctrl", "cnt_packets_q", 0}, {"u_core", "cnt_local_q", 0},
    {"u_router", "hops_q", 0}, {"u_router", "hops_q", 1},
    {"u_router", "hops_q", 2}, {"u_router", "hops_q", 3},
    {"u_router", "offchip_q", 0}, {"u_core", "cnt_host_in_q", 0},
    {"u_core", "cnt_late_q", 0}, {"u_core.u_ctrl", "cnt_cycles_q", 0}};

constexpr uint64_t CoreCounters::*kCounterMembers[kCounterFields] = {
    &CoreCounters::active_axons, &CoreCounters::synaptic_events, &CoreCounters::neuron_updates,
    &CoreCounters::spikes, &CoreCounters::packets_sent, &CoreCounters::local_deliveries,
    &CoreCounters::hops_north, &CoreCounters::hops_east, &CoreCounters::hops_south,
    &CoreCounters::hops_west, &CoreCounters::offchip_out, &CoreCounters::host_in,
    &CoreCounters::late_packets, &CoreCounters::core_cycles};

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Core (x, y) sits in the chip's generate blocks g_y[y].g_x[x].
uint32_t* find_variable(VerilatedContext& ctx, const Geometry& g, int core,
                        const std::string& block, const char* var) {
  const std::string tail = ".g_y[" + std::to_string(core / g.width) + "].g_x[" +
                           std::to_string(core % g.width) + "]." + block;
  for (const auto& scope : *ctx.scopeNameMap()) {
    if (!ends_with(scope.first, tail)) continue;
    if (VerilatedVar* v = scope.second->varFind(var)) return static_cast<uint32_t*>(v->datap());
  }
  throw std::logic_error("SystemC engine: " + block + "." + var + " of core " +
                         std::to_string(core) + " not found (is it still public_flat_rd?)");
}

}  // namespace

ChipState::ChipState(VerilatedContext& ctx, const Geometry& g) : cores_(g.cores()) {
  for (int c = 0; c < cores_; ++c) {
    potentials_.push_back(find_variable(ctx, g, c, "u_core.u_v_mem", "mem_q"));
    for (const CounterSource& s : kCounterSources) {
      counters_.push_back(find_variable(ctx, g, c, s.block, s.var) + s.element);
    }
  }
}

void ChipState::read_counters(std::vector<CoreCounters>& out) const {
  out.assign(cores_, CoreCounters{});
  for (int c = 0; c < cores_; ++c) {
    for (int f = 0; f < kCounterFields; ++f) {
      out[c].*kCounterMembers[f] = *counters_[static_cast<size_t>(c) * kCounterFields + f];
    }
  }
}

void ChipState::read_potentials(int core, int neurons, std::vector<int32_t>& out) const {
  out.resize(neurons);
  for (int j = 0; j < neurons; ++j) {
    out[j] = chip_protocol::sign_extend(potentials_[core][j], chip_protocol::kPotentialBits);
  }
}

}  // namespace meridian
