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

// "value V out of range [LO, HI]": the common tail of range errors in all formats.
inline std::string out_of_range_text(long long value, long long lo, long long hi) {
  return "value " + std::to_string(value) + " out of range [" + std::to_string(lo) + ", " +
         std::to_string(hi) + "]";
}

}  // namespace meridian
