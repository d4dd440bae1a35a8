// FST waveforms of a chosen set of cores: only their hierarchies (plus the chip's own ports) are
// in the file. Read back with fst2vcd from Debian's gtkwave package.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "mapper/random_model.h"
#include "sim/rtl/verilator_engine.h"

namespace meridian {
namespace {

std::string scopes_of(const std::string& fst) {
  std::string out;
  FILE* p = popen(("fst2vcd '" + fst + "' 2>/dev/null | grep '\\$scope'").c_str(), "r");
  if (!p) return out;
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  pclose(p);
  return out;
}

std::string trace(const std::vector<int>& cores, const std::string& name) {
  const ChipConfig chip = generate_random_model(2, 2, 17);
  VerilatorEngine e(chip.geometry);
  const std::string path = (std::filesystem::temp_directory_path() / name).string();
  e.trace_to(path, 1, 2, cores);
  e.load(chip);
  for (int t = 0; t < 4; ++t) e.step();
  const std::string s = scopes_of(path);
  std::filesystem::remove(path);
  return s;
}

TEST(RtlTraceCores, OnlyTheChosenCoresAreDumped) {
  if (std::system("command -v fst2vcd >/dev/null") != 0) GTEST_SKIP() << "fst2vcd (gtkwave) missing";
  const std::string all = trace({}, "meridian_all.fst");
  EXPECT_NE(all.find("g_y[0]"), std::string::npos);
  EXPECT_NE(all.find("g_y[1]"), std::string::npos);
  const std::string one = trace({3}, "meridian_core3.fst");  // core (1, 1)
  EXPECT_EQ(one.find("g_y[0]"), std::string::npos) << one;
  EXPECT_NE(one.find("g_y[1]"), std::string::npos) << one;
  EXPECT_NE(one.find("u_ctrl"), std::string::npos) << one;
}

TEST(RtlTraceCores, CoreOutsideTheGridIsRejected) {
  const ChipConfig chip = generate_random_model(2, 2, 1);
  VerilatorEngine e(chip.geometry);
  EXPECT_THROW(e.trace_to("/tmp/x.fst", 0, 1, {4}), std::invalid_argument);
}

}  // namespace
}  // namespace meridian
