// Each subcommand registers itself on the CLI app; main() only dispatches.
#pragma once

#include <CLI/CLI.hpp>

namespace meridian {

void add_run_command(CLI::App& app);
void add_gen_command(CLI::App& app);
void add_convert_command(CLI::App& app);
void add_regress_command(CLI::App& app);
void add_energy_command(CLI::App& app);
void add_cosim_command(CLI::App& app);
void add_classify_command(CLI::App& app);

}  // namespace meridian
