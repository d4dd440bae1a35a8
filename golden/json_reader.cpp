#include "golden/json_reader.h"

#include <filesystem>
#include <fstream>

#include "golden/model_error.h"

namespace meridian {

using nlohmann::json;

namespace {

// 0.5 rather than 0.500000 in range messages.
std::string number_text(double v) {
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

std::string describe_json_type(const json& v) {
  if (v.is_number_float()) return "non-integer number";
  return v.type_name();
}

json read_json_file(const std::string& path, const std::string& what) {
  // An ifstream opens a directory fine and only fails on reading, with a libstdc++ message
  // ("basic_filebuf::underflow ...") that names neither the path nor the problem.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw ModelError(path + ": is a directory, expected an " + what);
  std::ifstream in(path);
  if (!in) throw ModelError(path + ": cannot open " + what);
  json j;
  try {
    in >> j;
  } catch (const json::exception& e) {
    throw ModelError(path + ": not valid JSON: " + e.what());
  } catch (const std::exception& e) {
    throw ModelError(path + ": cannot read " + what + ": " + e.what());
  }
  return j;
}

void JsonReader::fail(const std::string& path, const std::string& msg) const {
  throw ModelError(name_ + ": " + (path.empty() ? std::string() : path + ": ") + msg);
}

void JsonReader::expect_object(const json& v, const std::string& path) const {
  if (!v.is_object()) fail(path, "expected object, got " + describe_json_type(v));
}

void JsonReader::expect_array(const json& v, const std::string& path) const {
  if (!v.is_array()) fail(path, "expected array, got " + describe_json_type(v));
}

void JsonReader::check_keys(const json& obj, const std::string& path,
                            std::initializer_list<const char*> allowed) const {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || it.key() == a;
    if (ok) continue;
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    fail(path, "unknown field '" + it.key() + "' (allowed: " + list + ")");
  }
}

const json& JsonReader::require(const json& obj, const std::string& path, const char* key) const {
  expect_object(obj, path);
  auto it = obj.find(key);
  if (it == obj.end()) fail(path, std::string("missing field '") + key + "'");
  return *it;
}

const json* JsonReader::optional(const json& obj, const char* key) const {
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

int64_t JsonReader::get_int(const json& v, const std::string& path, int64_t lo,
                            int64_t hi) const {
  if (!v.is_number_integer())
    fail(path, "expected integer in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                   "], got " + describe_json_type(v));
  if (v.is_number_unsigned()) {  // may exceed int64: compare unsigned, never wrap
    const uint64_t u = v.get<uint64_t>();
    if (hi < 0 || u > static_cast<uint64_t>(hi) || static_cast<int64_t>(u) < lo)
      fail(path, "value " + std::to_string(u) + " out of range [" + std::to_string(lo) + ", " +
                     std::to_string(hi) + "]");
    return static_cast<int64_t>(u);
  }
  const int64_t s = v.get<int64_t>();
  if (s < lo || s > hi) fail(path, out_of_range_text(s, lo, hi));
  return s;
}

uint64_t JsonReader::get_uint64(const json& v, const std::string& path) const {
  if (!v.is_number_unsigned())
    fail(path, v.is_number_integer()
                   ? "value " + std::to_string(v.get<int64_t>()) +
                         " out of range [0, 18446744073709551615]"
                   : "expected unsigned integer, got " + describe_json_type(v));
  return v.get<uint64_t>();
}

double JsonReader::get_number(const json& v, const std::string& path, double lo,
                              double hi) const {
  if (!v.is_number()) fail(path, "expected number, got " + describe_json_type(v));
  const double d = v.get<double>();
  if (!(d >= lo && d <= hi))
    fail(path, "value " + number_text(d) + " out of range [" + number_text(lo) + ", " +
                   number_text(hi) + "]");
  return d;
}

bool JsonReader::get_bool(const json& v, const std::string& path) const {
  if (!v.is_boolean()) fail(path, "expected boolean (true or false), got " + describe_json_type(v));
  return v.get<bool>();
}

const std::string& JsonReader::get_string(const json& v, const std::string& path) const {
  if (!v.is_string()) fail(path, "expected string, got " + describe_json_type(v));
  return v.get_ref<const std::string&>();
}

}  // namespace meridian
