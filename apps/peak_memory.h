// Peak resident memory of this process (VmHWM), in bytes; 0 where /proc is unavailable.
#pragma once

#include <cstdint>
#include <fstream>
#include <string>

namespace meridian {

inline uint64_t peak_resident_bytes() {
  std::ifstream in("/proc/self/status");
  std::string key;
  while (in >> key) {
    if (key == "VmHWM:") {
      uint64_t kb = 0;
      in >> kb;
      return kb * 1024;
    }
    std::getline(in, key);
  }
  return 0;
}

}  // namespace meridian
