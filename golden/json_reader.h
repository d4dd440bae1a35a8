// Reading Meridian's JSON files with errors that name the file, the JSON pointer of the value and
// what was expected, e.g.
//   model.json: /cores/3/neuron_types/0/threshold: value 300000 out of range [0, 262143]
// Shared by the model loader (golden/model_json.cpp) and the mapper's network files. Integers are
// range-checked before any narrowing, so 4294967488 is refused, never wrapped.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>

namespace meridian {

// "non-integer number", "number" (an integer), "string", ...: the type a message says it got.
std::string describe_json_type(const nlohmann::json& v);

// Parses a whole file; a missing file, a directory or bad JSON is a ModelError naming `path`.
// `what` names the kind of file in messages (e.g. "Eedn network file").
nlohmann::json read_json_file(const std::string& path, const std::string& what);

// Reads one parsed document; every accessor takes the JSON pointer of the value for messages
// and throws ModelError("<name>: <pointer>: <problem>").
class JsonReader {
 public:
  explicit JsonReader(std::string name) : name_(std::move(name)) {}

  [[noreturn]] void fail(const std::string& path, const std::string& msg) const;

  void expect_object(const nlohmann::json& v, const std::string& path) const;
  void expect_array(const nlohmann::json& v, const std::string& path) const;
  // Refuses a key not in `allowed`: a misspelt optional field would otherwise be dropped unseen.
  void check_keys(const nlohmann::json& obj, const std::string& path,
                  std::initializer_list<const char*> allowed) const;
  const nlohmann::json& require(const nlohmann::json& obj, const std::string& path,
                                const char* key) const;
  const nlohmann::json* optional(const nlohmann::json& obj, const char* key) const;

  int64_t get_int(const nlohmann::json& v, const std::string& path, int64_t lo, int64_t hi) const;
  uint64_t get_uint64(const nlohmann::json& v, const std::string& path) const;
  // A finite number (integer or not) in [lo, hi].
  double get_number(const nlohmann::json& v, const std::string& path, double lo, double hi) const;
  bool get_bool(const nlohmann::json& v, const std::string& path) const;
  const std::string& get_string(const nlohmann::json& v, const std::string& path) const;

 private:
  std::string name_;
};

}  // namespace meridian
