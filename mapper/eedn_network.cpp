#include "mapper/eedn_network.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "golden/model_error.h"
#include "golden/json_reader.h"

namespace meridian {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& where, const std::string& path, const std::string& what) {
  throw ModelError(where + ": " + path + ": " + what);
}

void check_range(const std::string& where, const std::string& path, long long v, long long lo,
                 long long hi) {
  if (v < lo || v > hi) fail(where, path, out_of_range_text(v, lo, hi));
}

}  // namespace

int EednNetwork::population() const {
  if (layers.empty() || classes <= 0) return 0;
  return layers.back().shape.outputs() / classes;
}

bool EednNetwork::in_time() const {
  for (const EednLayer& l : layers)
    if (l.levels > 1) return true;
  return false;
}

size_t EednNetwork::neuron_count() const {
  size_t n = 0;
  for (const EednLayer& l : layers) n += l.shape.outputs();
  return n;
}

size_t EednNetwork::nonzero_weights() const {
  size_t n = 0;
  for (const EednLayer& l : layers)
    for (int8_t w : l.weights) n += w != 0;
  return n;
}

void validate_eedn_input(const EednInput& in, const std::string& where) {
  check_range(where, "/input/rows", in.rows, 1, kEednMaxSide);
  check_range(where, "/input/cols", in.cols, 1, kEednMaxSide);
  if (in.thresholds.empty() && in.bit_planes.empty())
    fail(where, "/input", "needs \"thresholds\" or \"bit_planes\" (non-empty)");
  for (size_t k = 0; k < in.thresholds.size(); ++k) {
    check_range(where, "/input/thresholds/" + std::to_string(k), in.thresholds[k], 1, 255);
    if (k > 0 && in.thresholds[k] <= in.thresholds[k - 1])
      fail(where, "/input/thresholds/" + std::to_string(k), "thresholds must ascend");
  }
  for (size_t k = 0; k < in.bit_planes.size(); ++k) {
    check_range(where, "/input/bit_planes/" + std::to_string(k), in.bit_planes[k], 0, 7);
    if (k > 0 && in.bit_planes[k] >= in.bit_planes[k - 1])
      fail(where, "/input/bit_planes/" + std::to_string(k), "bit planes must descend");
  }
}

void validate_eedn_network(const EednNetwork& net, const std::string& where) {
  validate_eedn_input(net.input, where);
  check_range(where, "/classes", net.classes, 1, 1000);
  if (net.layers.empty()) fail(where, "/layers", "needs at least one layer");
  int h = net.input.rows, w = net.input.cols, c = net.input.channels();
  int in_levels = 1;  // the largest input count of the layer: its previous layer's levels
  for (size_t li = 0; li < net.layers.size(); ++li) {
    const EednLayer& l = net.layers[li];
    const EednConvShape& s = l.shape;
    const std::string p = "/layers/" + std::to_string(li);
    if (s.in_h != h || s.in_w != w || s.in_c != c)
      fail(where, p + "/in", "input shape " + std::to_string(s.in_h) + "x" +
                                 std::to_string(s.in_w) + "x" + std::to_string(s.in_c) +
                                 " does not match the previous output " + std::to_string(h) +
                                 "x" + std::to_string(w) + "x" + std::to_string(c));
    // Absolute ranges first (what load_eedn_network accepts), so the relations below cannot
    // overflow or divide by zero.
    check_range(where, p + "/in/0", s.in_h, 1, kEednMaxSide);
    check_range(where, p + "/in/1", s.in_w, 1, kEednMaxSide);
    check_range(where, p + "/in/2", s.in_c, 1, kEednMaxChannels);
    check_range(where, p + "/stride", s.stride, 1, kEednMaxStride);
    check_range(where, p + "/pad", s.pad, 0, kEednMaxPad);
    check_range(where, p + "/kernel/0", s.kernel_h, 1, s.in_h + 2 * s.pad);
    check_range(where, p + "/kernel/1", s.kernel_w, 1, s.in_w + 2 * s.pad);
    check_range(where, p + "/pad", s.pad, 0, std::min(s.kernel_h, s.kernel_w) - 1);
    check_range(where, p + "/out_c", s.out_c, 1, kEednMaxChannels);
    check_range(where, p + "/groups", s.groups, 1, s.in_c);
    if (s.in_c % s.groups != 0 || s.out_c % s.groups != 0)
      fail(where, p + "/groups", "groups " + std::to_string(s.groups) +
                                     " must divide in_c " + std::to_string(s.in_c) +
                                     " and out_c " + std::to_string(s.out_c));
    if (!l.input_signs.empty() &&
        l.input_signs.size() != static_cast<size_t>(s.in_c_per_group()))
      fail(where, p + "/input_signs", std::to_string(l.input_signs.size()) +
                                          " signs, expected in_c / groups = " +
                                          std::to_string(s.in_c_per_group()));
    for (size_t ci = 0; ci < l.input_signs.size(); ++ci)
      if (l.input_signs[ci] != 1 && l.input_signs[ci] != -1)
        fail(where, p + "/input_signs/" + std::to_string(ci), "must be +1 or -1");
    // In 64 bits: a 1024x1024 kernel over 65536 channels overflows int.
    check_range(where, p + "/fan_in",
                static_cast<long long>(s.kernel_h) * s.kernel_w * s.in_c_per_group(), 1,
                eedn_max_fan_in(!l.input_signs.empty(), net.off_chip));
    const size_t nw = static_cast<size_t>(s.out_c) * s.fan_in();
    if (l.weights.size() != nw)
      fail(where, p + "/weights", std::to_string(l.weights.size()) + " weights, expected " +
                                      std::to_string(nw));
    for (size_t i = 0; i < nw; ++i) {
      if (l.weights[i] < -1 || l.weights[i] > 1)
        fail(where, p + "/weights", "weight " + std::to_string(i) + " is " +
                                        std::to_string(l.weights[i]) + ", not in {-1, 0, +1}");
      if (l.input_signs.empty() || l.weights[i] == 0) continue;
      const size_t ci = i % static_cast<size_t>(s.in_c_per_group());
      if (l.weights[i] != l.input_signs[ci]) {
        const size_t fan = static_cast<size_t>(s.fan_in());
        fail(where, p + "/weights/" + std::to_string(i / fan),
             "character " + std::to_string(i % fan) + " is '" + (l.weights[i] > 0 ? "+" : "-") +
                 "' but its input channel " + std::to_string(ci) + " has input sign '" +
                 (l.input_signs[ci] > 0 ? "+" : "-") + "'; allowed '0' or the input sign");
      }
    }
    check_range(where, p + "/levels", l.levels, 1, kEednMaxTimeLevels);
    if (l.levels == 1 && !l.alpha.empty())
      fail(where, p + "/alpha", "given for a layer of levels 1; omit it (every step is 1)");
    if (l.levels > 1 && l.alpha.size() != static_cast<size_t>(s.out_c))
      fail(where, p + "/alpha", std::to_string(l.alpha.size()) + " steps, expected out_c = " +
                                    std::to_string(s.out_c) + " (the layer has levels " +
                                    std::to_string(l.levels) + ")");
    for (size_t o = 0; o < l.alpha.size(); ++o)
      check_range(where, p + "/alpha/" + std::to_string(o), l.alpha[o], 1, kEednMaxLevelAlpha);
    if (!l.gain.empty() && l.levels == 1)
      fail(where, p + "/gain", "given for a layer of levels 1; omit it (every gain is 1)");
    if (!l.gain.empty() && l.gain.size() != static_cast<size_t>(s.out_c))
      fail(where, p + "/gain", std::to_string(l.gain.size()) + " gains, expected out_c = " +
                                   std::to_string(s.out_c));
    for (size_t o = 0; o < l.gain.size(); ++o)
      check_range(where, p + "/gain/" + std::to_string(o), l.gain[o], 1, kEednMaxLevelGain);
    if (l.leak.size() != static_cast<size_t>(s.out_c))
      fail(where, p + "/leak", std::to_string(l.leak.size()) + " leaks, expected " +
                                   std::to_string(s.out_c));
    for (int o = 0; o < s.out_c; ++o) {
      // The scaled input sum lies in [-reach, reach]; a leak beyond [alpha - reach - 1,
      // K alpha + reach] could only repeat the all-0 or all-K output of a value at that bound.
      // For binary layers of binary inputs this is the leak range [-fan_in, fan_in + 1] of the
      // memoryless neuron.
      const long long reach = static_cast<long long>(l.gain_of(o)) * in_levels * s.fan_in();
      if (l.levels > 1 || in_levels > 1)
        check_range(where, p + (l.gain.empty() ? "/fan_in" : "/gain/" + std::to_string(o)),
                    reach, 0, kEednMaxLevelReach);
      check_range(where, p + "/leak/" + std::to_string(o), l.leak[o], l.alpha_of(o) - reach - 1,
                  static_cast<long long>(l.levels) * l.alpha_of(o) + reach);
    }
    in_levels = l.levels;
    h = s.out_h();
    w = s.out_w();
    c = s.out_c;
  }
  const int last_c = net.layers.back().shape.out_c;
  const int per_group = net.layers.back().shape.out_c_per_group();
  if (last_c % net.classes != 0 || per_group % net.classes != 0)
    fail(where, "/classes", "the last layer's out_c per group (" + std::to_string(per_group) +
                                ") must be a multiple of classes (" +
                                std::to_string(net.classes) + ") so every group votes for all");
}

void save_eedn_network(const EednNetwork& net, const std::string& path) {
  validate_eedn_network(net, path);
  json j;
  j["format"] = "meridian-eedn";
  j["version"] = 1;
  j["name"] = net.name;
  j["classes"] = net.classes;
  if (net.off_chip) j["off_chip"] = true;
  j["input"] = {{"rows", net.input.rows}, {"cols", net.input.cols}};
  if (!net.input.thresholds.empty()) j["input"]["thresholds"] = net.input.thresholds;
  if (!net.input.bit_planes.empty()) j["input"]["bit_planes"] = net.input.bit_planes;
  json layers = json::array();
  for (const EednLayer& l : net.layers) {
    const EednConvShape& s = l.shape;
    json rows = json::array();
    const int fan = s.fan_in();
    for (int o = 0; o < s.out_c; ++o) {
      std::string row(fan, '0');
      for (int i = 0; i < fan; ++i) {
        const int8_t w = l.weights[static_cast<size_t>(o) * fan + i];
        row[i] = w > 0 ? '+' : (w < 0 ? '-' : '0');
      }
      rows.push_back(row);
    }
    layers.push_back({{"in", {s.in_h, s.in_w, s.in_c}},
                      {"kernel", {s.kernel_h, s.kernel_w}},
                      {"stride", s.stride},
                      {"pad", s.pad},
                      {"groups", s.groups},
                      {"out_c", s.out_c},
                      {"leak", l.leak},
                      {"weights", rows}});
    if (!l.input_signs.empty()) {
      std::string signs;
      for (int8_t t : l.input_signs) signs += t > 0 ? '+' : '-';
      layers.back()["input_signs"] = signs;
    }
    if (l.levels > 1) {
      layers.back()["levels"] = l.levels;
      layers.back()["alpha"] = l.alpha;
      if (!l.gain.empty()) layers.back()["gain"] = l.gain;
    }
  }
  j["layers"] = layers;
  const EednProvenance& pv = net.provenance;
  j["provenance"] = {{"dataset", pv.dataset},          {"seed", pv.seed},
                     {"command", pv.command},          {"test_accuracy", pv.test_accuracy},
                     {"train_accuracy", pv.train_accuracy}, {"train_seconds", pv.train_seconds},
                     {"epochs", pv.epochs}};
  std::ofstream out(path);
  if (!out) throw ModelError(path + ": cannot open for writing");
  out << j.dump(1) << "\n";
  if (!out) throw ModelError(path + ": write failed");
}

EednNetwork load_eedn_network(const std::string& path) {
  const json j = read_json_file(path, "Eedn network file");
  const JsonReader r(path);
  r.expect_object(j, "");
  // The format first: another kind of file (a side-by-side list) is named as such.
  const std::string& format = r.get_string(r.require(j, "", "format"), "/format");
  if (format != "meridian-eedn")
    r.fail("/format", "\"" + format + "\", expected \"meridian-eedn\"");
  r.get_int(r.require(j, "", "version"), "/version", 1, 1);
  r.check_keys(j, "", {"format", "version", "name", "classes", "off_chip", "input", "layers",
                       "provenance"});
  EednNetwork net;
  net.name = r.get_string(r.require(j, "", "name"), "/name");
  net.classes = static_cast<int>(r.get_int(r.require(j, "", "classes"), "/classes", 1, 1000));
  if (j.contains("off_chip")) net.off_chip = r.get_bool(j["off_chip"], "/off_chip");
  // The 9-bit leak field, or int16 for an off-chip network; validate_eedn_network then checks
  // each leak against its layer's fan-in.
  const long long max_leak = net.off_chip ? kEednOffChipMaxFanIn + 1 : 255;
  const json& in_j = r.require(j, "", "input");
  r.expect_object(in_j, "/input");
  r.check_keys(in_j, "/input", {"rows", "cols", "thresholds", "bit_planes"});
  net.input.rows = static_cast<int>(
      r.get_int(r.require(in_j, "/input", "rows"), "/input/rows", 1, kEednMaxSide));
  net.input.cols = static_cast<int>(
      r.get_int(r.require(in_j, "/input", "cols"), "/input/cols", 1, kEednMaxSide));
  // The transduction: "thresholds" (thermometer) and/or "bit_planes"; validate_eedn_network
  // checks that at least one is given and their order.
  auto int_list = [&](const char* key, int lo, int hi, std::vector<int>& out) {
    if (!in_j.contains(key)) return;
    const std::string p = std::string("/input/") + key;
    const json& a = in_j[key];
    r.expect_array(a, p);
    for (size_t k = 0; k < a.size(); ++k)
      out.push_back(static_cast<int>(r.get_int(a[k], p + "/" + std::to_string(k), lo, hi)));
  };
  int_list("thresholds", 1, 255, net.input.thresholds);
  int_list("bit_planes", 0, 7, net.input.bit_planes);
  const json& layers = r.require(j, "", "layers");
  r.expect_array(layers, "/layers");
  int prev_levels = 1;
  for (size_t li = 0; li < layers.size(); ++li) {
    const std::string p = "/layers/" + std::to_string(li);
    const json& lj = layers[li];
    r.expect_object(lj, p);
    r.check_keys(lj, p, {"in", "kernel", "stride", "pad", "groups", "out_c", "leak", "weights",
                         "input_signs", "levels", "alpha", "gain"});
    EednLayer l;
    EednConvShape& s = l.shape;
    const json& inn = r.require(lj, p, "in");
    const json& ker = r.require(lj, p, "kernel");
    if (!inn.is_array() || inn.size() != 3) r.fail(p + "/in", "expected [h, w, c]");
    if (!ker.is_array() || ker.size() != 2) r.fail(p + "/kernel", "expected [kh, kw]");
    s.in_h = static_cast<int>(r.get_int(inn[0], p + "/in/0", 1, kEednMaxSide));
    s.in_w = static_cast<int>(r.get_int(inn[1], p + "/in/1", 1, kEednMaxSide));
    s.in_c = static_cast<int>(r.get_int(inn[2], p + "/in/2", 1, kEednMaxChannels));
    s.kernel_h = static_cast<int>(r.get_int(ker[0], p + "/kernel/0", 1, kEednMaxSide));
    s.kernel_w = static_cast<int>(r.get_int(ker[1], p + "/kernel/1", 1, kEednMaxSide));
    s.stride = static_cast<int>(r.get_int(r.require(lj, p, "stride"), p + "/stride", 1,
                                          kEednMaxStride));
    s.pad = static_cast<int>(r.get_int(r.require(lj, p, "pad"), p + "/pad", 0, kEednMaxPad));
    s.groups = static_cast<int>(r.get_int(r.require(lj, p, "groups"), p + "/groups", 1,
                                          kEednMaxChannels));
    s.out_c = static_cast<int>(r.get_int(r.require(lj, p, "out_c"), p + "/out_c", 1,
                                         kEednMaxChannels));
    if (lj.contains("levels"))
      l.levels = static_cast<int>(
          r.get_int(lj["levels"], p + "/levels", 1, kEednMaxTimeLevels));
    // The per-channel steps and gains of a layer in time.
    auto int16_list = [&](const char* key, long long hi, std::vector<int16_t>& out) {
      if (!lj.contains(key)) return;
      const std::string q = p + "/" + key;
      r.expect_array(lj[key], q);
      for (size_t o = 0; o < lj[key].size(); ++o)
        out.push_back(static_cast<int16_t>(r.get_int(lj[key][o], q + "/" + std::to_string(o), 1, hi)));
    };
    int16_list("alpha", kEednMaxLevelAlpha, l.alpha);
    int16_list("gain", kEednMaxLevelGain, l.gain);
    // A layer of a network in time has no chip leak: its leak is the offset of its spike-count
    // staircase (docs/EEDN.md section 8) and may exceed the 9-bit field.
    const long long layer_max_leak = l.levels > 1 || prev_levels > 1 ? 32767 : max_leak;
    prev_levels = l.levels;
    const json& leak = r.require(lj, p, "leak");
    r.expect_array(leak, p + "/leak");
    for (size_t o = 0; o < leak.size(); ++o)
      l.leak.push_back(static_cast<int16_t>(r.get_int(
          leak[o], p + "/leak/" + std::to_string(o), -layer_max_leak, layer_max_leak)));
    if (lj.contains("input_signs")) {
      const std::string& signs = r.get_string(lj["input_signs"], p + "/input_signs");
      if (signs.empty()) r.fail(p + "/input_signs", "empty; omit the field for free weights");
      for (size_t i = 0; i < signs.size(); ++i) {
        if (signs[i] != '+' && signs[i] != '-')
          r.fail(p + "/input_signs", "character " + std::to_string(i) + " is '" +
                                         std::string(1, signs[i]) + "', allowed '+', '-'");
        l.input_signs.push_back(static_cast<int8_t>(signs[i] == '+' ? 1 : -1));
      }
    }
    const json& rows = r.require(lj, p, "weights");
    r.expect_array(rows, p + "/weights");
    // One row of fan-in characters per output channel: rows of the wrong lengths whose total
    // happens to match would otherwise shift weights between neurons unseen. (When groups does
    // not divide in_c, validate_eedn_network names that instead.)
    const bool shaped = s.in_c % s.groups == 0;
    const long long fan = static_cast<long long>(s.kernel_h) * s.kernel_w * (s.in_c / s.groups);
    if (shaped && rows.size() != static_cast<size_t>(s.out_c))
      r.fail(p + "/weights", std::to_string(rows.size()) + " rows, expected out_c = " +
                                 std::to_string(s.out_c));
    for (size_t o = 0; o < rows.size(); ++o) {
      const std::string rp = p + "/weights/" + std::to_string(o);
      const std::string& row = r.get_string(rows[o], rp);
      if (shaped && static_cast<long long>(row.size()) != fan)
        r.fail(rp, std::to_string(row.size()) + " characters, expected the fan-in " +
                       std::to_string(fan) + " (kernel " + std::to_string(s.kernel_h) + "x" +
                       std::to_string(s.kernel_w) + " x in_c/groups " +
                       std::to_string(s.in_c / s.groups) + ")");
      for (size_t i = 0; i < row.size(); ++i) {
        const char ch = row[i];
        if (ch != '-' && ch != '0' && ch != '+')
          r.fail(rp, "character " + std::to_string(i) + " is '" + std::string(1, ch) +
                         "', allowed '-', '0', '+'");
        l.weights.push_back(static_cast<int8_t>(ch == '+' ? 1 : (ch == '-' ? -1 : 0)));
      }
    }
    net.layers.push_back(std::move(l));
  }
  if (j.contains("provenance")) {
    const json& pv = j["provenance"];
    const std::string q = "/provenance";
    r.expect_object(pv, q);
    r.check_keys(pv, q, {"dataset", "seed", "command", "test_accuracy", "train_accuracy",
                         "train_seconds", "epochs"});
    EednProvenance& p = net.provenance;
    if (pv.contains("dataset")) p.dataset = r.get_string(pv["dataset"], q + "/dataset");
    if (pv.contains("seed")) p.seed = r.get_uint64(pv["seed"], q + "/seed");
    if (pv.contains("command")) p.command = r.get_string(pv["command"], q + "/command");
    // Fractions, or -1 for "not measured" (what save_eedn_network writes for an unknown value).
    auto fraction = [&](const char* key, double& out) {
      if (!pv.contains(key)) return;
      const std::string k = q + "/" + key;
      out = r.get_number(pv[key], k, -1, 1);
      if (out < 0 && out != -1) r.fail(k, "expected a fraction in [0, 1] or -1 (not measured)");
    };
    fraction("test_accuracy", p.test_accuracy);
    fraction("train_accuracy", p.train_accuracy);
    if (pv.contains("train_seconds")) {
      p.train_seconds = r.get_number(pv["train_seconds"], q + "/train_seconds", -1, 1e12);
      if (p.train_seconds < 0 && p.train_seconds != -1)
        r.fail(q + "/train_seconds", "expected seconds >= 0 or -1 (not measured)");
    }
    if (pv.contains("epochs"))
      p.epochs = static_cast<int>(r.get_int(pv["epochs"], q + "/epochs", 0, 1000000));
  }
  validate_eedn_network(net, path);
  return net;
}

}  // namespace meridian
