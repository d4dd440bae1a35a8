// Creates an engine by its CLI name; the RTL and SystemC engines exist only when built.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/engine.h"

namespace meridian {

// The engines a user can name: those built into this program, plus "systemc" when this program
// hands `--engine systemc` over to meridian-sc beside it (systemc_program()).
std::vector<std::string> engine_names();
std::string engine_list();  // "golden, rtl, systemc"
// Throws std::invalid_argument "--engine 'x' is not available in this build (available: ...)"
// unless engine_names() has `name`: commands check before any work is done.
void check_engine_name(const std::string& name);
// The meridian-sc executable beside this one, or "" when this program has SystemC itself or
// meridian-sc was not built.
std::string systemc_program();
// Throws std::invalid_argument naming the available engines for an unknown or absent one.
std::unique_ptr<Engine> make_engine(const std::string& name, const EngineOptions& options,
                                    const Geometry& geometry);

}  // namespace meridian
