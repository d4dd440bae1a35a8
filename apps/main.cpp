// meridian: the command-line front end of the toolkit (see README.md and `meridian --help`).
#include <unistd.h>

#include <cstring>
#include <iostream>
#include <string>

#include "apps/cli_decimal.h"
#include "apps/commands.h"
#include "apps/engine_factory.h"
#include "golden/model_error.h"

#if MERIDIAN_HAVE_SYSTEMC
#include <systemc>
// libsystemc wants this symbol; the platform is driven from main() instead and never calls it.
extern "C" int sc_main(int, char**) { return 1; }
#endif

namespace {

// `--engine systemc` (or -e systemc) in a binary built without SystemC: run meridian-sc, which
// sits next to this executable, with the same arguments.
void hand_over_to_systemc_build(int argc, char** argv) {
#if !MERIDIAN_HAVE_SYSTEMC
  bool wants = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--engine=systemc" || ((a == "--engine" || a == "-e") && i + 1 < argc &&
                                    std::strcmp(argv[i + 1], "systemc") == 0))
      wants = true;
  }
  if (!wants) return;
  const std::string sc = meridian::systemc_program();
  if (sc.empty()) return;  // not built: the engine factory explains
  argv[0] = const_cast<char*>(sc.c_str());
  execv(sc.c_str(), argv);
#else
  (void)argc;
  (void)argv;
#endif
}

}  // namespace

int main(int argc, char** argv) {
  hand_over_to_systemc_build(argc, argv);
  CLI::App app{"Meridian: co-design toolkit for TrueNorth-class neuromorphic chips"};
  app.require_subcommand(1);
  meridian::add_run_command(app);
  meridian::add_gen_command(app);
  meridian::add_convert_command(app);
  meridian::add_regress_command(app);
  meridian::add_energy_command(app);
  meridian::add_cosim_command(app);
  meridian::add_classify_command(app);
  meridian::decimal_integer_options(app);
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
