// Creates an engine by its CLI name; the RTL and SystemC engines exist only when built.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/engine.h"

namespace meridian {

std::vector<std::string> engine_names();  // the engines this binary was built with
// Throws std::invalid_argument naming the available engines for an unknown or absent one.
std::unique_ptr<Engine> make_engine(const std::string& name, const EngineOptions& options,
                                    const Geometry& geometry);

}  // namespace meridian
