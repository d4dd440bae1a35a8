// The one SystemC engine of a test process. SystemC elaborates once per process, so ctest runs
// every test in its own process (gtest_discover_tests); run by hand in one process, a test that
// needs another grid than the one already elaborated is skipped, saying why.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <utility>

#include "sim/systemc/systemc_engine.h"

namespace meridian {

struct ProcessEngine {
  std::unique_ptr<SystemCEngine> engine;
  std::pair<int, int> grid{0, 0};
};

inline ProcessEngine& process_engine() {
  static ProcessEngine p;
  return p;
}

// The process's engine for grid g, or nullptr if the process already elaborated another grid.
inline SystemCEngine* engine_for(const Geometry& g) {
  ProcessEngine& p = process_engine();
  if (!p.engine) {
    p.engine = std::make_unique<SystemCEngine>(g);
    p.grid = {g.width, g.height};
    // Destroy it before Verilator's static context (created with the model) goes.
    std::atexit([] { process_engine().engine.reset(); });
  }
  return p.grid == std::make_pair(g.width, g.height) ? p.engine.get() : nullptr;
}

}  // namespace meridian

#define MERIDIAN_SC_ENGINE_OR_SKIP(var, geometry)                                      \
  SystemCEngine* var = engine_for(geometry);                                            \
  if (var == nullptr) {                                                                 \
    GTEST_SKIP() << "this process already elaborated another grid; run each test in " \
                    "its own process (ctest does)";                                     \
  }
