// The platform's file-driven mode (spike source -> chip -> spike sink) and FST tracing.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "golden/model_error.h"
#include "golden/spike_io.h"
#include "mapper/random_model.h"
#include "sim/golden_engine.h"
#include "sim/systemc/tests/platform_fixture.h"

namespace meridian {
namespace {

std::string temp_path(const std::string& name) {
  return testing::TempDir() + "meridian_sc_" + std::to_string(::getpid()) + "_" + name;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

TEST(SystemCPlatform, SpikeFilesInAndOutMatchGolden) {
  const ChipConfig chip = generate_random_model(2, 2, 4242);
  MERIDIAN_SC_ENGINE_OR_SKIP(sc, chip.geometry);
  constexpr uint64_t kTicks = 60;
  const auto inputs = generate_random_inputs(chip.geometry, kTicks, 0.03, 11);
  const std::string in = temp_path("in.csv"), out = temp_path("out.csv"),
                    expected = temp_path("golden.csv");
  save_input_spikes(inputs, in);

  GoldenEngine golden;
  golden.load(chip);
  std::vector<Spike> golden_spikes;
  size_t next = 0;
  for (uint64_t t = 0; t < kTicks; ++t) {
    while (next < inputs.size() && inputs[next].tick == t) golden.inject(inputs[next++]);
    golden.step();
    golden_spikes.insert(golden_spikes.end(), golden.spikes().begin(), golden.spikes().end());
  }
  save_spikes(golden_spikes, expected);

  sc->load(chip);
  sc->run_spike_files(in, out, kTicks);
  EXPECT_EQ(sc->tick(), kTicks);
  ASSERT_GT(golden_spikes.size(), 0u);
  EXPECT_EQ(read_text(out), read_text(expected));
  // The counters of the last tick are there as after step().
  std::vector<int32_t> a, b;
  for (int c = 0; c < chip.geometry.cores(); ++c) {
    golden.potentials(c, a);
    sc->potentials(c, b);
    EXPECT_EQ(a, b) << "core " << c;
  }
  std::remove(in.c_str());
  std::remove(out.c_str());
  std::remove(expected.c_str());
}

TEST(SystemCPlatform, BadSpikeFileIsRejectedNamingTheFile) {
  const ChipConfig chip = generate_random_model(1, 1, 8);
  MERIDIAN_SC_ENGINE_OR_SKIP(sc, chip.geometry);
  const std::string in = temp_path("bad.csv");
  {
    std::ofstream os(in);
    write_input_spike_header(os);
    os << "0,0,0,256\n";  // axon out of range
  }
  sc->load(chip);
  try {
    sc->run_spike_files(in, temp_path("never.csv"), 5);
    FAIL() << "axon 256 accepted";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find(in), std::string::npos) << e.what();
  }
  std::remove(in.c_str());
}

TEST(SystemCPlatform, FstTraceCoversTheRequestedWindowOnly) {
  const ChipConfig chip = generate_random_model(1, 1, 12);
  MERIDIAN_SC_ENGINE_OR_SKIP(sc, chip.geometry);
  const std::string fst = temp_path("window.fst");
  std::remove(fst.c_str());
  sc->load(chip);
  sc->step();
  sc->trace_to(fst, 2, 3);
  sc->step();  // tick 1: before the window
  EXPECT_FALSE(std::ifstream(fst).good()) << "trace opened before its window";
  sc->step();
  sc->step();  // ticks 2 and 3
  const auto closed_size = read_text(fst).size();
  sc->step();  // tick 4: after the window, nothing more is written
  const std::string data = read_text(fst);
  ASSERT_GT(closed_size, 100u);
  EXPECT_EQ(data.size(), closed_size);
  EXPECT_EQ(static_cast<unsigned char>(data[0]), 0u) << "FST files start with a header block";
  std::remove(fst.c_str());
}

}  // namespace
}  // namespace meridian
