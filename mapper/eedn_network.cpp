#include "mapper/eedn_network.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "golden/model_error.h"

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

const json& field(const std::string& where, const json& obj, const std::string& path,
                  const char* key) {
  if (!obj.is_object()) fail(where, path, "expected an object");
  auto it = obj.find(key);
  if (it == obj.end()) fail(where, path + "/" + key, "missing field");
  return *it;
}

long long get_int(const std::string& where, const json& obj, const std::string& path,
                  const char* key, long long lo, long long hi) {
  const json& v = field(where, obj, path, key);
  if (!v.is_number_integer()) fail(where, path + "/" + key, "expected an integer");
  const long long x = v.get<long long>();
  check_range(where, path + "/" + key, x, lo, hi);
  return x;
}

}  // namespace

int EednNetwork::population() const {
  if (layers.empty() || classes <= 0) return 0;
  return layers.back().shape.outputs() / classes;
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
  check_range(where, "/input/rows", in.rows, 1, 1024);
  check_range(where, "/input/cols", in.cols, 1, 1024);
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
  for (size_t li = 0; li < net.layers.size(); ++li) {
    const EednLayer& l = net.layers[li];
    const EednConvShape& s = l.shape;
    const std::string p = "/layers/" + std::to_string(li);
    if (s.in_h != h || s.in_w != w || s.in_c != c)
      fail(where, p + "/in", "input shape " + std::to_string(s.in_h) + "x" +
                                 std::to_string(s.in_w) + "x" + std::to_string(s.in_c) +
                                 " does not match the previous output " + std::to_string(h) +
                                 "x" + std::to_string(w) + "x" + std::to_string(c));
    check_range(where, p + "/kernel/0", s.kernel_h, 1, s.in_h + 2 * s.pad);
    check_range(where, p + "/kernel/1", s.kernel_w, 1, s.in_w + 2 * s.pad);
    check_range(where, p + "/stride", s.stride, 1, 64);
    check_range(where, p + "/pad", s.pad, 0, std::min(s.kernel_h, s.kernel_w) - 1);
    check_range(where, p + "/groups", s.groups, 1, s.in_c);
    if (s.in_c % s.groups != 0 || s.out_c % s.groups != 0)
      fail(where, p + "/groups", "groups " + std::to_string(s.groups) +
                                     " must divide in_c " + std::to_string(s.in_c) +
                                     " and out_c " + std::to_string(s.out_c));
    check_range(where, p + "/out_c", s.out_c, 1, 65536);
    if (!l.input_signs.empty() &&
        l.input_signs.size() != static_cast<size_t>(s.in_c_per_group()))
      fail(where, p + "/input_signs", std::to_string(l.input_signs.size()) +
                                          " signs, expected in_c / groups = " +
                                          std::to_string(s.in_c_per_group()));
    for (size_t ci = 0; ci < l.input_signs.size(); ++ci)
      if (l.input_signs[ci] != 1 && l.input_signs[ci] != -1)
        fail(where, p + "/input_signs/" + std::to_string(ci), "must be +1 or -1");
    check_range(where, p + "/fan_in", s.fan_in(), 1,
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
    if (l.leak.size() != static_cast<size_t>(s.out_c))
      fail(where, p + "/leak", std::to_string(l.leak.size()) + " leaks, expected " +
                                   std::to_string(s.out_c));
    for (int o = 0; o < s.out_c; ++o)
      check_range(where, p + "/leak/" + std::to_string(o), l.leak[o], -s.fan_in(),
                  s.fan_in() + 1);
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
  std::ifstream in(path);
  if (!in) throw ModelError(path + ": cannot open Eedn network file");
  json j;
  try {
    in >> j;
  } catch (const json::exception& e) {
    throw ModelError(path + ": not valid JSON: " + e.what());
  }
  const std::string& w = path;
  const json& fmt = field(w, j, "", "format");
  if (!fmt.is_string() || fmt.get<std::string>() != "meridian-eedn")
    fail(w, "/format", "expected \"meridian-eedn\"");
  get_int(w, j, "", "version", 1, 1);
  EednNetwork net;
  const json& name = field(w, j, "", "name");
  if (!name.is_string()) fail(w, "/name", "expected a string");
  net.name = name.get<std::string>();
  net.classes = static_cast<int>(get_int(w, j, "", "classes", 1, 1000));
  if (j.contains("off_chip")) {
    if (!j["off_chip"].is_boolean()) fail(w, "/off_chip", "expected true or false");
    net.off_chip = j["off_chip"].get<bool>();
  }
  // The 9-bit leak field, or int16 for an off-chip network; validate_eedn_network then checks
  // each leak against its layer's fan-in.
  const long long max_leak = net.off_chip ? kEednOffChipMaxFanIn + 1 : 255;
  const json& in_j = field(w, j, "", "input");
  net.input.rows = static_cast<int>(get_int(w, in_j, "/input", "rows", 1, 1024));
  net.input.cols = static_cast<int>(get_int(w, in_j, "/input", "cols", 1, 1024));
  // The transduction: "thresholds" (thermometer) or "bit_planes"; validate_eedn_network checks
  // that exactly one is given.
  auto int_list = [&](const char* key, std::vector<int>& out) {
    if (!in_j.is_object() || !in_j.contains(key)) return;
    const std::string p = std::string("/input/") + key;
    const json& a = in_j[key];
    if (!a.is_array()) fail(w, p, "expected an array");
    for (size_t k = 0; k < a.size(); ++k) {
      if (!a[k].is_number_integer()) fail(w, p + "/" + std::to_string(k), "expected an integer");
      out.push_back(a[k].get<int>());
    }
  };
  int_list("thresholds", net.input.thresholds);
  int_list("bit_planes", net.input.bit_planes);
  const json& layers = field(w, j, "", "layers");
  if (!layers.is_array()) fail(w, "/layers", "expected an array");
  for (size_t li = 0; li < layers.size(); ++li) {
    const std::string p = "/layers/" + std::to_string(li);
    const json& lj = layers[li];
    EednLayer l;
    EednConvShape& s = l.shape;
    const json& inn = field(w, lj, p, "in");
    const json& ker = field(w, lj, p, "kernel");
    if (!inn.is_array() || inn.size() != 3) fail(w, p + "/in", "expected [h, w, c]");
    if (!ker.is_array() || ker.size() != 2) fail(w, p + "/kernel", "expected [kh, kw]");
    for (int k = 0; k < 3; ++k)
      if (!inn[k].is_number_integer()) fail(w, p + "/in/" + std::to_string(k), "not an integer");
    for (int k = 0; k < 2; ++k)
      if (!ker[k].is_number_integer())
        fail(w, p + "/kernel/" + std::to_string(k), "not an integer");
    s.in_h = inn[0].get<int>();
    s.in_w = inn[1].get<int>();
    s.in_c = inn[2].get<int>();
    check_range(w, p + "/in/0", s.in_h, 1, 1024);
    check_range(w, p + "/in/1", s.in_w, 1, 1024);
    check_range(w, p + "/in/2", s.in_c, 1, 65536);
    s.kernel_h = ker[0].get<int>();
    s.kernel_w = ker[1].get<int>();
    check_range(w, p + "/kernel/0", s.kernel_h, 1, 1024);
    check_range(w, p + "/kernel/1", s.kernel_w, 1, 1024);
    s.stride = static_cast<int>(get_int(w, lj, p, "stride", 1, 64));
    s.pad = static_cast<int>(get_int(w, lj, p, "pad", 0, 64));
    s.groups = static_cast<int>(get_int(w, lj, p, "groups", 1, 65536));
    s.out_c = static_cast<int>(get_int(w, lj, p, "out_c", 1, 65536));
    const json& leak = field(w, lj, p, "leak");
    if (!leak.is_array()) fail(w, p + "/leak", "expected an array");
    for (size_t o = 0; o < leak.size(); ++o) {
      if (!leak[o].is_number_integer()) fail(w, p + "/leak/" + std::to_string(o), "not an integer");
      const long long v = leak[o].get<long long>();
      check_range(w, p + "/leak/" + std::to_string(o), v, -max_leak, max_leak);
      l.leak.push_back(static_cast<int16_t>(v));
    }
    if (lj.contains("input_signs")) {
      const json& sj = lj["input_signs"];
      if (!sj.is_string()) fail(w, p + "/input_signs", "expected a string over {'+', '-'}");
      const std::string signs = sj.get<std::string>();
      if (signs.empty()) fail(w, p + "/input_signs", "empty; omit the field for free weights");
      for (size_t i = 0; i < signs.size(); ++i) {
        if (signs[i] != '+' && signs[i] != '-')
          fail(w, p + "/input_signs", "character " + std::to_string(i) + " is '" +
                                          std::string(1, signs[i]) + "', allowed '+', '-'");
        l.input_signs.push_back(static_cast<int8_t>(signs[i] == '+' ? 1 : -1));
      }
    }
    const json& rows = field(w, lj, p, "weights");
    if (!rows.is_array()) fail(w, p + "/weights", "expected an array of strings");
    for (size_t o = 0; o < rows.size(); ++o) {
      const std::string rp = p + "/weights/" + std::to_string(o);
      if (!rows[o].is_string()) fail(w, rp, "expected a string over {'-', '0', '+'}");
      const std::string row = rows[o].get<std::string>();
      for (size_t i = 0; i < row.size(); ++i) {
        const char ch = row[i];
        if (ch != '-' && ch != '0' && ch != '+')
          fail(w, rp, "character " + std::to_string(i) + " is '" + std::string(1, ch) +
                          "', allowed '-', '0', '+'");
        l.weights.push_back(static_cast<int8_t>(ch == '+' ? 1 : (ch == '-' ? -1 : 0)));
      }
    }
    net.layers.push_back(std::move(l));
  }
  if (j.contains("provenance") && j["provenance"].is_object()) {
    const json& pv = j["provenance"];
    EednProvenance& p = net.provenance;
    p.dataset = pv.value("dataset", "");
    p.seed = pv.value("seed", uint64_t{0});
    p.command = pv.value("command", "");
    p.test_accuracy = pv.value("test_accuracy", -1.0);
    p.train_accuracy = pv.value("train_accuracy", -1.0);
    p.train_seconds = pv.value("train_seconds", -1.0);
    p.epochs = pv.value("epochs", 0);
  }
  validate_eedn_network(net, path);
  return net;
}

}  // namespace meridian
