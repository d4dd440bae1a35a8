// meridian: the command-line front end of the toolkit (see README.md and `meridian --help`).
#include <iostream>

#include "apps/commands.h"
#include "golden/model_error.h"

int main(int argc, char** argv) {
  CLI::App app{"Meridian: co-design toolkit for TrueNorth-class neuromorphic chips"};
  app.require_subcommand(1);
  meridian::add_run_command(app);
  meridian::add_gen_command(app);
  meridian::add_convert_command(app);
  meridian::add_regress_command(app);
  meridian::add_energy_command(app);
  meridian::add_cosim_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "meridian: error: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
