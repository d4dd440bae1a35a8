// Regression suites: a manifest of cases (model, stimulus, ticks) with the expected trace digest
// of each stored beside it. Runs any engine, in parallel, and reports pass/fail, JUnit XML, and
// (in update mode) what changed. Format: docs/REGRESSION.md.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "golden/config.h"
#include "golden/spike.h"
#include "sim/engine.h"
#include "sim/trace_digest.h"

namespace meridian {

struct RegressionCase {
  std::string name;
  std::string model_spec;   // JSON text: "file.json" (relative to the suite) or {"gen": ...}
  std::string inputs_spec;  // JSON text: null, "file.csv" or {"gen": "inputs", ...}
  uint64_t ticks = 0;
  bool timing = false;
  std::string expect_path;  // <suite dir>/expected/<name>.json
  std::string manifest;     // the suite.json it came from, and its JSON path there ("/cases/3"):
  std::string json_path;    // the case's errors start with both
};

struct RegressionSuite {
  std::string name, dir, manifest;
  std::vector<RegressionCase> cases;
};

// Reads <path>/suite.json or the manifest file `path`; errors name file, JSON path and range.
RegressionSuite load_suite(const std::string& path);

enum class CaseStatus { kPass, kFail, kError, kSkip, kNew, kUpdated, kUnchanged };
const char* status_name(CaseStatus s);

struct CaseResult {
  std::string name;
  CaseStatus status = CaseStatus::kError;
  double seconds = 0;
  std::string detail;
};

struct RegressionHooks {
  // Builds a model from a spec (JSON text) relative to the suite directory.
  std::function<ChipConfig(const std::string& spec, const std::string& dir)> model;
  // Builds the input spikes from a spec, for a geometry and a tick count.
  std::function<std::vector<InputSpike>(const std::string& spec, const std::string& dir,
                                        const Geometry&, uint64_t ticks)> inputs;
  // Creates the engine under test.
  std::function<std::unique_ptr<Engine>(const Geometry&, bool timing)> engine;
  // Run each case in a forked child process: for engines that allow one instance per process
  // (SystemC elaborates once).
  bool isolate = false;
};

// Runs one case and returns its digest. Errors (other than UnsupportedModel) name the manifest
// and the case's field, e.g. "suite.json: /cases/3/inputs/period: value 0 out of range [1, ...]";
// input spikes at or after the case's last tick are refused.
TraceDigest run_case(const RegressionCase& c, const std::string& dir, const RegressionHooks& h);

// Runs every case (on `jobs` threads, results in manifest order). In update mode, the hooks'
// engine should be the golden one: expectations are rewritten and the statuses say what changed.
std::vector<CaseResult> run_suite(const RegressionSuite& suite, const RegressionHooks& hooks,
                                  int jobs, bool update, const std::string& filter = "");

std::string junit_xml(const RegressionSuite& suite, const std::string& engine,
                      const std::vector<CaseResult>& results);
std::string results_table(const std::vector<CaseResult>& results);

// Expected-digest files.
TraceDigest load_digest(const std::string& path);
void save_digest(const TraceDigest& d, const std::string& path);

}  // namespace meridian
