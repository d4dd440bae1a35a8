// `meridian regress`: run a regression suite on an engine, print a pass/fail table, write JUnit.
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "apps/commands.h"
#include "apps/engine_factory.h"
#include "mapper/model_spec.h"
#include "sim/regression_suite.h"

namespace meridian {

void add_regress_command(CLI::App& app) {
  struct Args {
    std::string suite, engine = "golden", junit, filter;
    int jobs = 1;
    bool update = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "regress", "Run a regression suite (manifest + expected digests) on an engine");
  cmd->add_option("suite", a->suite, "Suite directory (holding suite.json) or manifest file")->required();
  CLI::Option* engine_opt = cmd->add_option("--engine,-e", a->engine, "Engine under test: " + engine_list());
  cmd->add_option("--junit", a->junit, "Write JUnit XML here");
  cmd->add_option("--jobs,-j", a->jobs, "Cases run in parallel")->check(CLI::Range(1, 64));
  cmd->add_option("--filter", a->filter, "Only cases whose name contains this");
  cmd->add_flag("--update", a->update, "Regenerate expectations from the golden engine and say what changed");
  cmd->callback([a, engine_opt] {
    // Checked before any case runs: an unknown engine would otherwise skip every case, exit 0.
    check_engine_name(a->engine);
    if (a->update && engine_opt->count() > 0 && a->engine != "golden")
      throw std::invalid_argument("--update regenerates expectations from the golden engine; it "
                                  "cannot run --engine " + a->engine);
    const RegressionSuite suite = load_suite(a->suite);
    if (!a->filter.empty()) {  // a filter that selects nothing would "pass" with 0 cases
      bool any = false;
      for (const auto& c : suite.cases) any = any || c.name.find(a->filter) != std::string::npos;
      if (!any)
        throw std::invalid_argument("--filter '" + a->filter + "' matches none of the " +
                                    std::to_string(suite.cases.size()) + " case names in " +
                                    suite.manifest);
    }
    const std::string engine = a->update ? "golden" : a->engine;
    RegressionHooks hooks;
    hooks.model = resolve_model_spec;
    hooks.inputs = resolve_inputs_spec;
    hooks.engine = [engine](const Geometry& g, bool timing) {
      EngineOptions o;
      o.timing = timing;
      try {
        return make_engine(engine, o, g);
      } catch (const UnsupportedModel&) {
        throw;
      } catch (const std::invalid_argument& e) {
        if (engine == "golden") throw;
        throw UnsupportedModel(e.what());  // e.g. no verilated chip of this grid: skip the case
      }
    };
    hooks.isolate = engine == "systemc";  // one SystemC elaboration per process
    const auto results = run_suite(suite, hooks, a->jobs, a->update, a->filter);
    std::cout << results_table(results);
    int bad = 0, skipped = 0;
    for (const auto& r : results) {
      bad += r.status == CaseStatus::kFail || r.status == CaseStatus::kError;
      skipped += r.status == CaseStatus::kSkip;
    }
    std::cout << (results.size() - bad - skipped) << " passed, " << bad << " failed, " << skipped
              << " skipped\n";
    if (!a->junit.empty()) {
      std::ofstream out(a->junit);
      if (!out) throw std::runtime_error(a->junit + ": cannot open for writing");
      out << junit_xml(suite, engine, results);
    }
    if (bad > 0) throw CLI::RuntimeError(1);
  });
}

}  // namespace meridian
