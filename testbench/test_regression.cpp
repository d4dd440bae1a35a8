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
}

}  // namespace
}  // namespace meridian
