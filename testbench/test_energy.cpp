// Energy model: a hand-countable model checked number by number, voltage scaling, table changes,
// malformed tables and counters files, the report formats, and the shipped calibration.
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "energy/analytic_counts.h"
#include "energy/counters_file.h"
#include "energy/energy_fit.h"
#include "energy/energy_model.h"
#include "energy/energy_report.h"
#include "energy/energy_table.h"
#include "golden/model_error.h"

namespace meridian {
namespace {

const std::string kTables = std::string(MERIDIAN_SOURCE_DIR) + "/energy/tables/";

// Energies are exact binary fractions so that the hand computation is exact.
const char* kHandTable = R"({
  "format": "meridian-energy-table-v1",
  "name": "hand",
  "nominal_vdd": 1.0,
  "components": {
    "a": {"x": {"energy_pj": 0.5, "counts": ["synaptic_events"], "provenance": "assumed",
                "source": "test"}},
    "b": {"y": {"energy_pj": 2.25, "counts": ["hops_east", "hops_west"],
                "provenance": "assumed", "source": "test"},
          "z": {"energy_pj": 4, "counts": ["core_ticks"], "provenance": "assumed",
                "source": "test"}},
    "io": {"out": {"energy_pj": 8, "counts": ["offchip_out"], "scales_with_vdd": false,
                   "provenance": "assumed", "source": "test"}}
  },
  "leakage": [
    {"vdd": 0.5, "mw_per_core": 0.25, "provenance": "assumed", "source": "test"},
    {"vdd": 1.0, "mw_per_core": 0.5, "provenance": "assumed", "source": "test"}
  ]
})";

// Two cores (2x1), 3 ticks of 1000 us, counters written down by hand.
struct HandModel {
  Geometry g;
  std::vector<CoreCounters> c;
  HandModel() {
    g.width = 2;
    g.height = 1;
    c.resize(2);
    c[0].synaptic_events = 10; c[0].hops_east = 3; c[0].hops_west = 1; c[0].offchip_out = 2;
    c[1].synaptic_events = 6; c[1].hops_west = 2;
    c[0].spikes = 7; c[1].neuron_updates = 9; c[1].core_cycles = 99;  // not in the table
  }
};

// The hand computation of every number in the report, at scale s and leakage l (mW/core).
struct Hand {
  std::vector<double> line_count, line_each, line_energy, core;
  double dynamic, leakage, total, power_mw, per_tick, per_frame, pj_per_event, gsops_per_w;
};

Hand hand_numbers(double s, double leak_mw) {
  Hand h;
  h.line_count = {16, 6, 6, 2, 2 * 0.003};
  h.line_each = {0.5 * s, 2.25 * s, 4 * s, 8, leak_mw * 1e9};
  // core 0: 10 events, 4 x-hops, 3 core-ticks, 2 off-chip; core 1: 6 events, 2 hops, 3 ticks.
  const double leak_core = leak_mw * 0.003 * 1e9;
  h.core = {(10 * 0.5 + 4 * 2.25 + 3 * 4) * s + 2 * 8 + leak_core,
            (6 * 0.5 + 2 * 2.25 + 3 * 4) * s + leak_core};
  h.line_energy = {16 * 0.5 * s, 6 * 2.25 * s, 6 * 4 * s, 16, 2 * leak_core};
  h.dynamic = (16 * 0.5 + 6 * 2.25 + 6 * 4) * s + 16;
  h.leakage = 2 * leak_core;
  h.total = h.dynamic + h.leakage;
  h.power_mw = h.total / 0.003 * 1e-9;
  h.per_tick = h.total / 3;
  h.per_frame = h.per_tick * 3;
  h.pj_per_event = h.total / 16;
  h.gsops_per_w = (16 / 0.003) / (h.power_mw * 1e-3) / 1e9;
  return h;
}

// Every mismatch between report and hand computation, as text (empty = all equal). Dynamic
// energies are exact; values through the 1e-6 / 1e9 unit factors are compared to 1e-12.
std::vector<std::string> mismatches(const EnergyReport& r, const Hand& h) {
  std::vector<std::string> out;
  auto near = [&](const std::string& what, double got, double want) {
    if (!(std::fabs(got - want) <= 1e-12 * std::fabs(want)))
      out.push_back(what + ": got " + std::to_string(got) + " want " + std::to_string(want));
  };
  auto exact = [&](const std::string& what, double got, double want) {
    if (got != want)
      out.push_back(what + ": got " + std::to_string(got) + " want " + std::to_string(want));
  };
  if (r.lines.size() != h.line_count.size()) {
    out.push_back("line count " + std::to_string(r.lines.size()));
    return out;
  }
  for (size_t i = 0; i + 1 < r.lines.size(); ++i) {
    exact("count " + r.lines[i].action, r.lines[i].count, h.line_count[i]);
    exact("each " + r.lines[i].action, r.lines[i].energy_pj_each, h.line_each[i]);
    exact("energy " + r.lines[i].action, r.lines[i].energy_pj, h.line_energy[i]);
  }
  const size_t l = r.lines.size() - 1;
  near("leak count", r.lines[l].count, h.line_count[l]);
  near("leak each", r.lines[l].energy_pj_each, h.line_each[l]);
  near("leak energy", r.lines[l].energy_pj, h.line_energy[l]);
  for (size_t k = 0; k < h.core.size(); ++k)
    near("core " + std::to_string(k), r.core_energy_pj[k], h.core[k]);
  exact("dynamic", r.dynamic_pj, h.dynamic);
  near("leakage", r.leakage_pj, h.leakage);
  near("total", r.total_pj, h.total);
  near("power", r.power_mw, h.power_mw);
  near("per tick", r.energy_per_tick_pj, h.per_tick);
  near("per frame", r.energy_per_frame_pj, h.per_frame);
  near("pJ per event", r.pj_per_synaptic_event, h.pj_per_event);
  near("GSOPS/W", r.gsops_per_w, h.gsops_per_w);
  return out;
}

EnergyReport hand_report(const EnergyTable& t, double vdd) {
  HandModel m;
  EnergyOptions o;
  o.vdd = vdd;
  o.ticks_per_frame = 3;
  return compute_energy(t, m.c, 3, 1000, m.g, o);
}

TEST(EnergyModel, HandCountableModelAtNominalVoltage) {
  const EnergyTable t = parse_energy_table(kHandTable, "hand.json");
  const EnergyReport r = hand_report(t, 0);
  EXPECT_EQ(r.vdd, 1.0);
  EXPECT_EQ(r.synaptic_events, 16u);
  EXPECT_EQ(r.lines.back().component, "leakage");
  const std::vector<std::string> bad = mismatches(r, hand_numbers(1.0, 0.5));
  EXPECT_TRUE(bad.empty()) << bad.front();
  // Spot values written out in full: 0.5*16 + 2.25*6 + 4*6 + 8*2 = 61.5 pJ dynamic.
  EXPECT_EQ(r.dynamic_pj, 61.5);
  EXPECT_NEAR(r.leakage_pj, 3e6, 1e-6);  // 2 cores x 0.5 mW x 3 ms
}

TEST(EnergyModel, VoltageScalesDynamicEntriesAndInterpolatesLeakage) {
  const EnergyTable t = parse_energy_table(kHandTable, "hand.json");
  // 0.75 V: scale (0.75/1)^2 = 0.5625, leakage halfway between 0.25 and 0.5 mW.
  const EnergyReport r = hand_report(t, 0.75);
  const std::vector<std::string> bad = mismatches(r, hand_numbers(0.5625, 0.375));
  EXPECT_TRUE(bad.empty()) << bad.front();
  EXPECT_EQ(r.lines[3].energy_pj_each, 8.0);  // the I/O entry does not scale
}

TEST(EnergyModel, CheckerDetectsABrokenNumber) {
  const EnergyTable t = parse_energy_table(kHandTable, "hand.json");
  EnergyReport r = hand_report(t, 0);
  ASSERT_TRUE(mismatches(r, hand_numbers(1.0, 0.5)).empty());
  r.lines[1].count += 1;          // one hop too many
  r.core_energy_pj[1] *= 1.0001;  // a core slightly off
  EXPECT_EQ(mismatches(r, hand_numbers(1.0, 0.5)).size(), 2u);
  // The wrong scale or leakage is caught too.
  EXPECT_FALSE(mismatches(hand_report(t, 0), hand_numbers(0.5625, 0.5)).empty());
  EXPECT_FALSE(mismatches(hand_report(t, 0), hand_numbers(1.0, 0.375)).empty());
}

TEST(EnergyModel, ChangedTableChangesTheResultAsExpected) {
  EnergyTable t = parse_energy_table(kHandTable, "hand.json");
  const EnergyReport before = hand_report(t, 0);
  t.find("a", "x")->energy_pj = 1.5;  // +1 pJ per synaptic event
  const EnergyReport after = hand_report(t, 0);
  EXPECT_EQ(after.dynamic_pj - before.dynamic_pj, 16.0);  // 16 synaptic events
  EXPECT_EQ(after.lines[1].energy_pj, before.lines[1].energy_pj);
  EXPECT_EQ(after.core_energy_pj[0] - before.core_energy_pj[0], 10.0);
  EXPECT_EQ(after.core_energy_pj[1] - before.core_energy_pj[1], 6.0);
  t.leakage[1].mw_per_core = 1.0;  // doubles leakage at the nominal 1.0 V
  EXPECT_NEAR(hand_report(t, 0).leakage_pj, 2 * before.leakage_pj, 1e-6);
}

TEST(EnergyModel, RejectsBadArguments) {
  const EnergyTable t = parse_energy_table(kHandTable, "hand.json");
  HandModel m;
  EXPECT_THROW(compute_energy(t, m.c, 0, 1000, m.g), ModelError);
  EXPECT_THROW(compute_energy(t, m.c, 3, 0, m.g), ModelError);
  std::vector<CoreCounters> one(1);
  EXPECT_THROW(compute_energy(t, one, 3, 1000, m.g), ModelError);
  // Not finite: inf us gave an infinite duration and -nan% shares.
  EXPECT_THROW(compute_energy(t, m.c, 3, INFINITY, m.g), ModelError);
  EXPECT_THROW(compute_energy(t, m.c, 3, std::nan(""), m.g), ModelError);
  // Only 0 means "nominal": NaN and negative supplies used to fall back to it silently.
  for (double vdd : {std::nan(""), -1.0}) {
    EnergyOptions o;
    o.vdd = vdd;
    EXPECT_THROW(compute_energy(t, m.c, 3, 1000, m.g, o), ModelError) << vdd;
  }
  try {
    EnergyOptions o;
    o.vdd = 1.2;
    compute_energy(t, m.c, 3, 1000, m.g, o);
    FAIL() << "1.2 V accepted";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("hand.json"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("[0.5, 1]"), std::string::npos) << e.what();
  }
}

// Replace the first occurrence of `from` in the hand table.
std::string mutate(const std::string& from, const std::string& to) {
  std::string s = kHandTable;
  const size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

// The hand table with the value at a JSON pointer replaced.
std::string with(const std::string& pointer, const nlohmann::json& value) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(kHandTable);
  j[nlohmann::ordered_json::json_pointer(pointer)] = value;
  return j.dump();
}

TEST(EnergyTable, MalformedTablesAreRejectedWithFilePathAndRange) {
  struct Case {
    std::string text;
    std::vector<std::string> want;  // substrings of the message
  };
  const std::vector<Case> cases = {
      {mutate("\"energy_pj\": 0.5", "\"energy_pj\": -1"),
       {"bad.json: /components/a/x/energy_pj", "out of range [0, 1e+06]"}},
      {mutate("\"energy_pj\": 0.5", "\"energy_pj\": \"half\""),
       {"/components/a/x/energy_pj", "must be a number in [0, 1e+06]"}},
      {mutate("\"energy_pj\": 0.5, ", ""), {"/components/a/x", "missing field \"energy_pj\""}},
      {mutate("\"synaptic_events\"", "\"synapse_events\""),
       {"/components/a/x/counts/0", "not a counter name", "synaptic_events"}},
      {mutate("\"counts\": [\"synaptic_events\"]", "\"counts\": []"),
       {"/components/a/x/counts", "non-empty array"}},
      // Listed twice, a counter would be charged twice.
      {mutate("\"hops_east\", \"hops_west\"", "\"hops_west\", \"hops_west\""),
       {"bad.json: /components/b/y/counts/1", "\"hops_west\" is listed twice"}},
      {mutate("\"provenance\": \"assumed\"", "\"provenance\": \"guessed\""),
       {"/components/a/x/provenance", "\"published\", \"derived\", \"fitted\", \"assumed\""}},
      {mutate(", \"provenance\": \"assumed\",\n                \"source\": \"test\"}}",
              ", \"provenance\": \"assumed\"}}"),
       {"/components/a/x", "missing field \"source\""}},
      {mutate("\"scales_with_vdd\": false", "\"scales_with_vdd\": 0"),
       {"/components/io/out/scales_with_vdd", "true or false"}},
      {mutate("\"energy_pj\": 0.5", "\"energy_pj\": 0.5, \"enrgy\": 1"),
       {"/components/a/x/enrgy", "unknown field"}},
      {mutate("\"vdd\": 0.5", "\"vdd\": 1.5"), {"/leakage/1/vdd", "strictly ascending"}},
      {mutate("\"vdd\": 0.5", "\"vdd\": 5"), {"/leakage/0/vdd", "out of range [0.3, 2]"}},
      {mutate("\"mw_per_core\": 0.25", "\"mw_per_core\": 2000"),
       {"/leakage/0/mw_per_core", "out of range [0, 1000]"}},
      {mutate("\"nominal_vdd\": 1.0", "\"nominal_vdd\": 1.2"),
       {"/nominal_vdd", "out of range [0.5, 1]"}},
      {mutate("\"nominal_vdd\": 1.0", "\"nominal_vdd\": 0"),
       {"/nominal_vdd", "out of range [0.3, 2]"}},
      {mutate("meridian-energy-table-v1", "accelergy-ert"), {"/format", "is not"}},
      {with("/leakage", nlohmann::json::array()), {"bad.json: /leakage", "non-empty array"}},
      {with("/components/b", nlohmann::json::object()), {"/components/b", "non-empty object"}},
      {mutate("\"components\": {", "\"components\": {,"), {"bad.json: not valid JSON"}},
      {"[1, 2]", {"bad.json: /: must be a JSON object"}},
  };
  ASSERT_NO_THROW(parse_energy_table(kHandTable, "bad.json"));  // the base is valid
  for (size_t i = 0; i < cases.size(); ++i) {
    try {
      parse_energy_table(cases[i].text, "bad.json");
      ADD_FAILURE() << "case " << i << " accepted";
    } catch (const ModelError& e) {
      for (const auto& w : cases[i].want)
        EXPECT_NE(std::string(e.what()).find(w), std::string::npos)
            << "case " << i << ": \"" << w << "\" not in: " << e.what();
    }
  }
}

TEST(EnergyTable, RoundTripsThroughJson) {
  const EnergyTable t = parse_energy_table(kHandTable, "hand.json");
  const EnergyTable u = parse_energy_table(energy_table_to_json(t), "again.json");
  ASSERT_EQ(u.actions.size(), t.actions.size());
  for (size_t i = 0; i < t.actions.size(); ++i) {
    EXPECT_EQ(u.actions[i].component, t.actions[i].component);
    EXPECT_EQ(u.actions[i].action, t.actions[i].action);
    EXPECT_EQ(u.actions[i].energy_pj, t.actions[i].energy_pj);
    EXPECT_EQ(u.actions[i].counts, t.actions[i].counts);
    EXPECT_EQ(u.actions[i].scales_with_vdd, t.actions[i].scales_with_vdd);
  }
  EXPECT_EQ(u.leakage.size(), 2u);
  EXPECT_EQ(u.leakage[1].mw_per_core, 0.5);
}

TEST(EnergyReport, JsonAndCsvCarryTheSameNumbers) {
  const EnergyTable t = parse_energy_table(kHandTable, "hand.json");
  const EnergyReport r = hand_report(t, 0);
  const auto j = nlohmann::json::parse(energy_report_json(r));
  EXPECT_EQ(j["total_pj"].get<double>(), r.total_pj);
  EXPECT_EQ(j["power_mw"].get<double>(), r.power_mw);
  EXPECT_EQ(j["gsops_per_w"].get<double>(), r.gsops_per_w);
  EXPECT_EQ(j["breakdown"].size(), r.lines.size());
  EXPECT_EQ(j["breakdown"][1]["energy_pj"].get<double>(), 13.5);
  ASSERT_EQ(j["cores"].size(), 2u);
  EXPECT_EQ(j["cores"][1]["x"].get<int>(), 1);
  EXPECT_EQ(j["cores"][1]["energy_pj"].get<double>(), r.core_energy_pj[1]);

  const std::string csv = energy_summary_csv(r);
  const size_t at = csv.find("\ntotal_pj,");
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(std::strtod(csv.c_str() + at + 10, nullptr), r.total_pj);  // exact round trip
  const std::string bd = energy_breakdown_csv(r);
  EXPECT_NE(bd.find("\nb,y,6,2.25,13.5,"), std::string::npos) << bd;
  EXPECT_NE(energy_per_core_csv(r).find("\n1,1,0,"), std::string::npos);

  // Without synaptic events the efficiency figures are undefined, not 0 or infinite.
  HandModel m;
  for (auto& c : m.c) c.synaptic_events = 0;
  const EnergyReport idle = compute_energy(t, m.c, 3, 1000, m.g);
  EXPECT_TRUE(nlohmann::json::parse(energy_report_json(idle))["gsops_per_w"].is_null());
  EXPECT_NE(energy_summary_csv(idle).find("\ngsops_per_w,\n"), std::string::npos);
}

TEST(CountersFile, RoundTripsAndRejectsBadFiles) {
  HandModel m;
  CountersFile f;
  f.geometry = m.g;
  f.ticks = 3;
  f.tick_us = 1000;
  f.cores = m.c;
  const CountersFile g = parse_counters_file(counters_file_to_json(f), "c.json");
  ASSERT_EQ(g.cores.size(), 2u);
  for (int i = 0; i < kCounterFields; ++i)
    for (int k = 0; k < 2; ++k) EXPECT_EQ(counter_value(g.cores[k], i), counter_value(m.c[k], i));
  std::string bad = counters_file_to_json(f);
  bad.replace(bad.find("\"hops_east\":3"), 13, "\"hops_east\":-3");
  try {
    parse_counters_file(bad, "c.json");
    FAIL() << "negative counter accepted";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("c.json: /cores/0/hops_east"), std::string::npos)
        << e.what();
  }
  std::string short_file = counters_file_to_json(f);
  short_file.replace(short_file.find("\"width\":2"), 9, "\"width\":3");
  EXPECT_THROW(parse_counters_file(short_file, "c.json"), ModelError);
}

// Misspelt or extra fields are refused (they were ignored), and a recorded tick period must be in
// [0.001, 1e9] us (0 silently became 1000); an unrecorded one is left out of the file.
TEST(CountersFile, RefusesUnknownFieldsAndTickPeriodOutOfRange) {
  HandModel m;
  CountersFile f;
  f.geometry = m.g;
  f.ticks = 3;
  f.cores = m.c;
  const std::string unrecorded = counters_file_to_json(f);
  EXPECT_EQ(unrecorded.find("tick_us"), std::string::npos) << unrecorded;
  EXPECT_EQ(parse_counters_file(unrecorded, "c.json").tick_us, 0);
  f.tick_us = 1000;
  const std::string good = counters_file_to_json(f);
  ASSERT_NO_THROW(parse_counters_file(good, "c.json"));
  auto edit = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    const size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) s.replace(at, from.size(), to);
    return s;
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {edit("\"tick_us\"", "\"tick_uss\""), "c.json: /tick_uss: unknown field (allowed: format"},
      {edit("\"tick_us\": 1000.0", "\"tick_us\": 0"), "c.json: /tick_us: value 0 is not a number in [0.001, 1e9] us"},
      {edit("\"tick_us\": 1000.0", "\"tick_us\": 1e300"), "c.json: /tick_us: value 1e+300 is not a number"},
      {edit("\"width\":2", "\"width\":2,\"depth\":1"), "c.json: /geometry/depth: unknown field"},
      {edit("\"hops_east\":3", "\"hops_east\":3,\"hops_up\":1"), "c.json: /cores/0/hops_up: unknown field (allowed: active_axons"},
  };
  for (const auto& [text, want] : cases) {
    try {
      parse_counters_file(text, "c.json");
      ADD_FAILURE() << "accepted: " << want;
    } catch (const ModelError& e) {
      EXPECT_NE(std::string(e.what()).find(want), std::string::npos) << e.what();
    }
  }
}

// `meridian energy` tells a counters file from a model by its first bytes: a counters file whose
// format is missing or mistyped is still one (its /format error is the one to see).
TEST(CountersFile, ToldApartFromModels) {
  EXPECT_TRUE(looks_like_counters_file(R"({"format": "meridian-counters-v1", "ticks": 3})"));
  EXPECT_TRUE(looks_like_counters_file(R"({"geometry": {"width": 1}, "ticks": 5, "cores": []})"));
  EXPECT_TRUE(looks_like_counters_file(R"({"format": 1, "geometry": {}, "tick_us": 5})"));
  EXPECT_FALSE(looks_like_counters_file(R"({"format": "meridian-model", "version": 1,
                                            "tick_period_cycles": 0, "cores": []})"));
  EXPECT_FALSE(looks_like_counters_file(R"({"geometry": {"width": 1}, "cores": []})"));
  EXPECT_FALSE(looks_like_counters_file(std::string("MRDNMDL\0\"ticks\"", 15)));
}

// The shipped default table reproduces the published figures it was calibrated to.
TEST(ShippedTables, TrueNorthCalibrationHolds) {
  const EnergyTable t = load_energy_table(kTables + "truenorth-28nm.json");
  EXPECT_EQ(t.find("router", "hop_x")->energy_pj, 2.3);
  EXPECT_EQ(t.nominal_vdd, 0.775);
  RandomNetworkWorkload w;  // 64x64, 20 Hz, 128 synapses, 1 ms ticks
  w.ticks = 10;
  const CountersFile c = analytic_random_network_counts(w);
  const EnergyReport r = compute_energy(t, c.cores, c.ticks, c.tick_us, c.geometry);
  EXPECT_NEAR(r.power_mw, 72, 7.2);
  EXPECT_NEAR(r.pj_per_synaptic_event, 26, 2.6);
  w.rate_hz = 0;
  w.synapses = 0;
  const CountersFile idle = analytic_random_network_counts(w);
  EnergyOptions o;
  o.vdd = 0.70;
  EXPECT_NEAR(compute_energy(t, idle.cores, idle.ticks, idle.tick_us, idle.geometry, o).power_mw,
              42, 4.2);
}

// Re-running the fit on the shipped spec gives exactly the shipped fitted values.
TEST(ShippedTables, FitIsReproducible) {
  const FitSpec spec = load_fit_spec(kTables + "truenorth-28nm.fit.json");
  const EnergyTable shipped = load_energy_table(spec.table_path);
  const FitOutcome out = fit_energy_table(shipped, spec);
  ASSERT_EQ(out.values.size(), 4u);
  EXPECT_EQ(out.values[0], shipped.find("neuron", "synaptic_event")->energy_pj);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(out.values[1 + i], shipped.leakage[i].mw_per_core);
  for (size_t i = 0; i < spec.points.size(); ++i) {
    if (spec.points[i].fit) {
      EXPECT_NEAR(out.predicted_mw[i], spec.points[i].target_mw, 0.01 * spec.points[i].target_mw)
          << spec.points[i].name;
    }
  }
}

TEST(ShippedTables, FitRejectsAnUnderdeterminedSystem) {
  FitSpec spec = load_fit_spec(kTables + "truenorth-28nm.fit.json");
  const EnergyTable shipped = load_energy_table(spec.table_path);
  spec.points.resize(3);  // 4 unknowns, 3 points
  EXPECT_THROW(fit_energy_table(shipped, spec), ModelError);
}

TEST(ShippedTables, LoihiTableLoadsAndPricesSynapticEvents) {
  const EnergyTable t = load_energy_table(kTables + "loihi-14nm.json");
  RandomNetworkWorkload w;
  w.ticks = 10;
  const CountersFile c = analytic_random_network_counts(w);
  const EnergyReport r = compute_energy(t, c.cores, c.ticks, c.tick_us, c.geometry);
  // Dynamic only, synaptic operations at 23.6 pJ each are the floor.
  EXPECT_GT(r.pj_per_synaptic_event, 23.6);
  EXPECT_EQ(r.leakage_pj, 0.0);
  EnergyOptions o;
  o.vdd = 0.8;  // the single leakage point admits only its own voltage
  EXPECT_THROW(compute_energy(t, c.cores, c.ticks, c.tick_us, c.geometry, o), ModelError);
}

}  // namespace
}  // namespace meridian
