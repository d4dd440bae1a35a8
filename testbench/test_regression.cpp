// The regression harness: a suite passes on the engine that produced it, a deliberately broken
// engine fails with the field named, JUnit XML records the failure, update mode says what changed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "mapper/model_spec.h"
#include "sim/golden_engine.h"
#include "sim/regression_suite.h"

namespace meridian {
namespace {

// Golden, except that one potential of core 0 is nudged at a chosen tick (a planted bug).
class FaultyEngine : public GoldenEngine {
 public:
  explicit FaultyEngine(uint64_t fault_tick) : fault_tick_(fault_tick) {}
  void step() override {
    GoldenEngine::step();
    if (tick() == fault_tick_ + 1) chip().core(0).set_potential(5, chip().core(0).potential(5) + 1);
  }

 private:
  uint64_t fault_tick_;
};

class RegressionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("meridian_regress_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "suite.json") << R"({"name": "t", "cases": [
      {"name": "tonic", "model": {"gen": "example", "name": "tonic"}, "ticks": 30},
      {"name": "random", "model": {"gen": "random", "grid": "2x2", "seed": 4}, "ticks": 40,
       "timing": true, "inputs": {"gen": "inputs", "rate": 0.02, "seed": 1}}]})";
    hooks_.model = resolve_model_spec;
    hooks_.inputs = resolve_inputs_spec;
    golden();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void golden() {
    hooks_.engine = [](const Geometry&, bool timing) {
      EngineOptions o;
      o.timing = timing;
      return std::unique_ptr<Engine>(new GoldenEngine(o));
    };
  }
  std::filesystem::path dir_;
  RegressionHooks hooks_;
};

TEST_F(RegressionTest, UpdateThenPassOnTheSameEngine) {
  const RegressionSuite suite = load_suite(dir_.string());
  auto r = run_suite(suite, hooks_, 2, true);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].status, CaseStatus::kNew);
  r = run_suite(suite, hooks_, 2, false);
  EXPECT_EQ(r[0].status, CaseStatus::kPass) << r[0].detail;
  EXPECT_EQ(r[1].status, CaseStatus::kPass) << r[1].detail;
  r = run_suite(suite, hooks_, 1, true);
  EXPECT_EQ(r[1].status, CaseStatus::kUnchanged);
}

TEST_F(RegressionTest, PlantedBugFailsNamingTheField) {
  const RegressionSuite suite = load_suite(dir_.string());
  run_suite(suite, hooks_, 1, true);
  hooks_.engine = [](const Geometry&, bool) { return std::unique_ptr<Engine>(new FaultyEngine(7)); };
  const auto r = run_suite(suite, hooks_, 1, false);
  EXPECT_EQ(r[0].status, CaseStatus::kFail);
  EXPECT_NE(r[0].detail.find("potential_hash"), std::string::npos) << r[0].detail;
  const std::string xml = junit_xml(suite, "faulty", r);
  EXPECT_NE(xml.find("<failure message=\"potential_hash"), std::string::npos) << xml;
  EXPECT_NE(xml.find("failures=\"2\""), std::string::npos) << xml;
  // Update mode now reports what changed.
  hooks_.engine = [](const Geometry&, bool) { return std::unique_ptr<Engine>(new FaultyEngine(7)); };
  const auto u = run_suite(suite, hooks_, 1, true);
  EXPECT_EQ(u[0].status, CaseStatus::kUpdated);
  EXPECT_NE(u[0].detail.find("potential_hash"), std::string::npos);
}

TEST_F(RegressionTest, MissingExpectationIsAnError) {
  const auto r = run_suite(load_suite(dir_.string()), hooks_, 1, false);
  EXPECT_EQ(r[0].status, CaseStatus::kError);
  EXPECT_NE(r[0].detail.find("--update"), std::string::npos);
}

TEST_F(RegressionTest, BadManifestNamesFileAndPath) {
  std::ofstream(dir_ / "suite.json") << R"({"cases": [{"name": "x", "model": "m.json", "ticks": 0}]})";
  try {
    load_suite(dir_.string());
    FAIL() << "expected an error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("suite.json: /cases/0/ticks"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("[1, 1000000]"), std::string::npos) << e.what();
  }
  std::ofstream(dir_ / "suite.json") << R"({"cases": [{"name": "x", "model": "m.json", "ticks": 3, "tick": 1}]})";
  EXPECT_THROW(load_suite(dir_.string()), std::runtime_error);
  // A name of the wrong type gave a raw json type_error; no cases would pass without a test.
  for (const auto& [text, want] : std::vector<std::pair<std::string, std::string>>{
           {R"({"name": 5, "cases": [{"name": "x", "model": "m.json", "ticks": 3}]})",
            "suite.json: /name: must be a string, got 5"},
           {R"({"name": "t", "cases": []})", "suite.json: /cases: must hold at least one case"}}) {
    std::ofstream(dir_ / "suite.json") << text;
    try {
      load_suite(dir_.string());
      ADD_FAILURE() << "accepted: " << text;
    } catch (const std::exception& e) {
      EXPECT_NE(std::string(e.what()).find(want), std::string::npos) << e.what();
    }
  }
}

// Bad model and inputs specs are case errors naming the manifest, the field inside the case and
// the allowed range: nothing wraps into range (-1, 5000000000), is ignored (a misspelt key, input
// past the last tick) or crashes (a directory gave std::bad_alloc).
TEST_F(RegressionTest, BadSpecsNameManifestCaseFieldAndRange) {
  std::ofstream(dir_ / "late.csv") << "tick,x,y,axon\n3,0,0,0\n30,0,0,0\n";
  const std::string tonic = R"("model": {"gen": "example", "name": "tonic"}, "ticks": 5)";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"("model": ".", "ticks": 5)", "/cases/0/model: " + dir_.string() + "/.: is a directory"},
      {R"("model": {"gen": "benchmark", "grid": "1x1", "rate": 20, "synapses": 5000000000,
                    "seed": 1}, "ticks": 5)",
       "/cases/1/model/synapses: value 5000000000 out of range [0, 256]"},
      {R"("model": {"gen": "random", "grid": "1x1", "seed": -1}, "ticks": 5)",
       "/cases/2/model/seed: value -1 out of range [0, 18446744073709551615]"},
      {R"("model": {"gen": "example", "name": "tonic", "seed": 3}, "ticks": 5)",
       "/cases/3/model/seed: unknown field for generator \"example\" (allowed: gen, name)"},
      {tonic + R"(, "inputs": {"gen": "inputs", "rate": 2, "seed": 1})",
       "/cases/4/inputs/rate: value 2 out of range [0, 1]"},
      {tonic + R"(, "inputs": [null, {"gen": "drive", "x": 0, "y": 0, "axons": [0], "period": 1,
                                     "phase": "a"}])",
       "/cases/5/inputs/1/phase: must be an integer in [0, 4], got \"a\""},
      {tonic + R"(, "inputs": {"gen": "drive", "x": 99, "y": 0, "axons": [0], "period": -1})",
       "/cases/6/inputs/x: value 99 out of range [0, 0]"},
      {tonic + R"(, "inputs": {"gen": "drive", "x": 0, "y": 0, "axons": [0], "period": -1})",
       "/cases/7/inputs/period: value -1 out of range [1, 1000000]"},
      {tonic + R"(, "inputs": "late.csv")",
       "/cases/8/inputs: input spike at tick 30 (core (0,0) axon 0) is at or after the case's 5 ticks"},
  };
  std::string manifest = R"({"name": "t", "cases": [)";
  for (size_t i = 0; i < cases.size(); ++i)
    manifest += (i ? ",\n" : "") + std::string(R"({"name": "c)") + std::to_string(i) + "\", " +
                cases[i].first + "}";
  std::ofstream(dir_ / "suite.json") << manifest << "]}";
  const auto r = run_suite(load_suite(dir_.string()), hooks_, 1, false);
  ASSERT_EQ(r.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(r[i].status, CaseStatus::kError) << i << ": " << r[i].detail;
    EXPECT_NE(r[i].detail.find((dir_ / "suite.json").string() + ": " + cases[i].second),
              std::string::npos)
        << i << ": " << r[i].detail;
  }
}

// An engine that cannot run a model still skips the case, its reason unchanged.
TEST_F(RegressionTest, UnsupportedModelStaysASkip) {
  hooks_.engine = [](const Geometry&, bool) -> std::unique_ptr<Engine> {
    throw UnsupportedModel("no verilated chip of this grid");
  };
  const auto r = run_suite(load_suite(dir_.string()), hooks_, 1, false);
  EXPECT_EQ(r[0].status, CaseStatus::kSkip);
  EXPECT_EQ(r[0].detail, "no verilated chip of this grid");
}

}  // namespace
}  // namespace meridian
