#include "apps/engine_factory.h"

#include <stdexcept>

#include "sim/golden_engine.h"
#if MERIDIAN_HAVE_RTL
#include "sim/rtl/verilator_engine.h"
#endif
#if MERIDIAN_HAVE_SYSTEMC
#include "sim/systemc/systemc_engine.h"
#endif

namespace meridian {

std::vector<std::string> engine_names() {
  std::vector<std::string> names = {"golden"};
#if MERIDIAN_HAVE_RTL
  names.push_back("rtl");
#endif
#if MERIDIAN_HAVE_SYSTEMC
  names.push_back("systemc");
#endif
  return names;
}

std::unique_ptr<Engine> make_engine(const std::string& name, const EngineOptions& options,
                                    const Geometry& geometry) {
  (void)geometry;
  if (name == "golden") return std::make_unique<GoldenEngine>(options);
#if MERIDIAN_HAVE_RTL
  if (name == "rtl") return std::make_unique<VerilatorEngine>(geometry, options);
#endif
#if MERIDIAN_HAVE_SYSTEMC
  if (name == "systemc") return std::make_unique<SystemCEngine>(geometry, options);
#endif
  std::string known;
  for (const auto& n : engine_names()) known += (known.empty() ? "" : ", ") + n;
  throw std::invalid_argument("engine '" + name + "' is not available in this build (available: " +
                              known + ")");
}

}  // namespace meridian
