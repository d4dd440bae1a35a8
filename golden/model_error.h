// The one error type of every Meridian file reader and writer (models, spike files).
// what() always names the file and the place in it, e.g.
//   model.json: /cores/3/neuron_types/0/threshold: value 300000 out of range [0, 262143]
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace meridian {

class ModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An error inside a JSON value that sits in a larger file (a regression case's model or inputs
// spec): path() is relative to that value, so the reader of the file puts the file name and the
// value's own path in front, e.g. "suite.json: /cases/2/inputs" + "/period" + ": ...".
class JsonValueError : public ModelError {
 public:
  JsonValueError(const std::string& path, const std::string& detail)
      : ModelError((path.empty() ? "/" : path) + ": " + detail), path_(path), detail_(detail) {}
  const std::string& path() const { return path_; }
  const std::string& detail() const { return detail_; }

 private:
  std::string path_, detail_;
};

// "value V out of range [LO, HI]": the common tail of range errors in all formats.
inline std::string out_of_range_text(long long value, long long lo, long long hi) {
  return "value " + std::to_string(value) + " out of range [" + std::to_string(lo) + ", " +
         std::to_string(hi) + "]";
}

}  // namespace meridian
