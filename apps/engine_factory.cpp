#include "apps/engine_factory.h"

#include <climits>
#include <stdexcept>

#include <unistd.h>

#include "sim/golden_engine.h"
#if MERIDIAN_HAVE_RTL
#include "sim/rtl/verilator_engine.h"
#endif
#if MERIDIAN_HAVE_SYSTEMC
#include "sim/systemc/systemc_engine.h"
#endif

namespace meridian {

std::string systemc_program() {
#if MERIDIAN_HAVE_SYSTEMC
  return "";
#else
  char self[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return "";
  self[n] = '\0';
  std::string sc = self;
  sc = sc.substr(0, sc.find_last_of('/') + 1) + "meridian-sc";
  return access(sc.c_str(), X_OK) == 0 ? sc : "";
#endif
}

std::vector<std::string> engine_names() {
  std::vector<std::string> names = {"golden"};
#if MERIDIAN_HAVE_RTL
  names.push_back("rtl");
#endif
#if MERIDIAN_HAVE_SYSTEMC
  names.push_back("systemc");
#else
  if (!systemc_program().empty()) names.push_back("systemc");  // apps/main.cpp hands over
#endif
  return names;
}

std::string engine_list() {
  std::string known;
  for (const auto& n : engine_names()) known += (known.empty() ? "" : ", ") + n;
  return known;
}

void check_engine_name(const std::string& name) {
  for (const auto& n : engine_names())
    if (n == name) return;
  throw std::invalid_argument("--engine '" + name + "' is not available in this build (available: " +
                              engine_list() + ")");
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
#else
  // Only reached when the hand-over in apps/main.cpp did not see the option (e.g. -esystemc).
  if (name == "systemc" && !systemc_program().empty())
    throw std::invalid_argument("engine 'systemc' runs in " + systemc_program() +
                                ": spell it --engine systemc or -e systemc");
#endif
  check_engine_name(name);
  throw std::invalid_argument("engine '" + name + "' cannot be created here");  // not reached
}

}  // namespace meridian
