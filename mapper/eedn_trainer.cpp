#include "mapper/eedn_trainer.h"

#include <Eigen/Dense>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <random>
#include <stdexcept>
#include <thread>

#include "mapper/eedn_level_neuron.h"
#include "mapper/eedn_teacher.h"

namespace meridian {
namespace {

using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vec = Eigen::VectorXf;

constexpr float kBnEps = 1e-3f;
constexpr float kBnMomentum = 0.1f;
constexpr float kAdamB1 = 0.9f, kAdamB2 = 0.999f, kAdamEps = 1e-8f;
// Work is split into this many row chunks whatever the thread count, and chunk results are summed
// in chunk order, so training is bit-identical for a seed on any number of threads.
constexpr int kChunks = 8;

// The inference-mode firing rule of a batch-normalised neuron at threshold `at` (0 for binary
// spikes, k * level_step for level k). Kept out of line so the folding in export_network and the
// float forward pass evaluate exactly the same float expression.
__attribute__((noinline)) bool bn_fires(float z, float gamma, float beta, float mean,
                                        float inv_std, float at) {
  return gamma * ((z - mean) * inv_std) + beta >= at;
}

// softmax(x / temperature), computed stably.
std::vector<double> softmax(const std::vector<double>& x, double temperature) {
  const double mx = *std::max_element(x.begin(), x.end());
  std::vector<double> p(x.size());
  double z = 0;
  for (size_t k = 0; k < x.size(); ++k) z += p[k] = std::exp((x[k] - mx) / temperature);
  for (double& v : p) v /= z;
  return p;
}

void run_chunks(int rows, int threads, const std::function<void(int, int, int)>& fn) {
  auto bounds = [rows](int c) {
    return static_cast<int>(static_cast<long long>(rows) * c / kChunks);
  };
  if (threads <= 1) {
    for (int c = 0; c < kChunks; ++c) fn(c, bounds(c), bounds(c + 1));
    return;
  }
  threads = std::min(threads, kChunks);  // a thread beyond the chunk count would have no work
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (int c = t; c < kChunks; c += threads) fn(c, bounds(c), bounds(c + 1));
    });
  for (std::thread& th : pool) th.join();
}

struct Adam {
  Mat m, v;
  void init(Eigen::Index r, Eigen::Index c) {
    m = Mat::Zero(r, c);
    v = Mat::Zero(r, c);
  }
  template <class P, class G>
  void step(P& p, const G& g, double lr, int t) {
    m = kAdamB1 * m + (1 - kAdamB1) * g;
    v = kAdamB2 * v + (1 - kAdamB2) * g.cwiseProduct(g);
    const float c1 = 1.0f - std::pow(kAdamB1, static_cast<float>(t));
    const float c2 = 1.0f - std::pow(kAdamB2, static_cast<float>(t));
    const float a = static_cast<float>(lr);
    p.array() -= a * (m.array() / c1) / ((v.array() / c2).sqrt() + kAdamEps);
  }
};

struct Layer {
  EednConvShape s;
  Mat hidden;   // [out_c, fan_in]
  Mat trinary;  // same, values -1/0/+1
  // [fan_in]: the hidden weights' clipping range per input, [-1, 1], or [0, 1] / [-1, 0] for an
  // input channel of sign + / - in a sign-shared layer (the same for every output channel)
  Eigen::RowVectorXf lo, hi;
  std::vector<int8_t> input_signs;  // EednLayer::input_signs
  int levels = 1;        // EednLayerSpec::levels: outputs are counts in [0, levels]
  int in_levels = 1;     // the levels of this layer's inputs (each input is that many copies)
  float level_step = 0;  // EednTrainConfig::level_step
  Eigen::RowVectorXf gamma, beta, run_mean, run_var;
  Adam adam_w, adam_g, adam_b;
  // Saved by the training forward pass for the backward pass.
  std::vector<Mat> cols;  // per group, [rows, fan_in]
  Mat xhat, y;            // [rows, out_c]
  Eigen::RowVectorXf inv_std;
};

// A batch of binary maps: rows are (image, y, x), columns channels.
void im2col(const EednConvShape& s, const Mat& x, int n, int g, Mat& col, int threads) {
  const int oh = s.out_h(), ow = s.out_w(), cg = s.in_c_per_group();
  col.setZero(static_cast<Eigen::Index>(n) * oh * ow, s.fan_in());
  run_chunks(n * oh * ow, threads, [&](int, int r0, int r1) {
    for (int r = r0; r < r1; ++r) {
      const int img = r / (oh * ow), y = (r / ow) % oh, xo = r % ow;
      int i = 0;
      for (int ky = 0; ky < s.kernel_h; ++ky)
        for (int kx = 0; kx < s.kernel_w; ++kx, i += cg) {
          const int iy = y * s.stride - s.pad + ky, ix = xo * s.stride - s.pad + kx;
          if (iy < 0 || iy >= s.in_h || ix < 0 || ix >= s.in_w) continue;
          const Eigen::Index src = (static_cast<Eigen::Index>(img) * s.in_h + iy) * s.in_w + ix;
          col.row(r).segment(i, cg) = x.row(src).segment(g * cg, cg);
        }
    }
  });
}

void col2im_add(const EednConvShape& s, const Mat& dcol, int n, int g, Mat& dx) {
  const int oh = s.out_h(), ow = s.out_w(), cg = s.in_c_per_group();
  // Serial: scattered adds from overlapping windows would race across chunks.
  for (int r = 0; r < n * oh * ow; ++r) {
    const int img = r / (oh * ow), y = (r / ow) % oh, xo = r % ow;
    int i = 0;
    for (int ky = 0; ky < s.kernel_h; ++ky)
      for (int kx = 0; kx < s.kernel_w; ++kx, i += cg) {
        const int iy = y * s.stride - s.pad + ky, ix = xo * s.stride - s.pad + kx;
        if (iy < 0 || iy >= s.in_h || ix < 0 || ix >= s.in_w) continue;
        const Eigen::Index dst = (static_cast<Eigen::Index>(img) * s.in_h + iy) * s.in_w + ix;
        dx.row(dst).segment(g * cg, cg) += dcol.row(r).segment(i, cg);
      }
  }
}

// Z[:, group] = col * W_g^T, in fixed row chunks.
void gemm_forward(const Mat& col, const Mat& w, int g, int og, Mat& z, int threads) {
  run_chunks(static_cast<int>(col.rows()), threads, [&](int, int r0, int r1) {
    if (r1 > r0)
      z.block(r0, g * og, r1 - r0, og).noalias() =
          col.middleRows(r0, r1 - r0) * w.middleRows(g * og, og).transpose();
  });
}

}  // namespace

int8_t eedn_hysteresis(float hidden, int8_t previous, float h) {
  const float a = std::fabs(hidden);
  const int8_t sign = hidden >= 0 ? 1 : -1;
  if (a >= 0.5f + h) return sign;
  if (a < 0.5f - h) return 0;
  return (previous == 0 || previous == sign) ? previous : 0;
}

struct EednFloatModel::Impl {
  EednTrainConfig cfg;
  EednInput input;
  std::vector<Layer> layers;
  int step = 0;

  Mat transduce(const std::vector<const uint8_t*>& images) const {
    const int t = input.channels(), px = input.rows * input.cols;
    Mat x(static_cast<Eigen::Index>(images.size()) * px, t);
    for (size_t n = 0; n < images.size(); ++n)
      for (int p = 0; p < px; ++p)
        for (int k = 0; k < t; ++k)
          x(static_cast<Eigen::Index>(n) * px + p, k) = input.spike(k, images[n][p]);
    return x;
  }

  // Integer sums of a layer; the im2col matrices are kept in *cols if given (for backward).
  Mat preact(const Layer& l, const Mat& x, int n, std::vector<Mat>* cols) const {
    const EednConvShape& s = l.s;
    Mat z(static_cast<Eigen::Index>(n) * s.out_h() * s.out_w(), s.out_c);
    if (cols) cols->resize(s.groups);
    Mat col;
    for (int g = 0; g < s.groups; ++g) {
      Mat& c = cols ? (*cols)[g] : col;
      im2col(s, x, n, g, c, cfg.threads);
      gemm_forward(c, l.trinary, g, s.out_c_per_group(), z, cfg.threads);
    }
    return z;
  }

  // Training forward of one layer: batch statistics, saves what backward needs, returns spikes.
  Mat forward_train(Layer& l, const Mat& x, int n) {
    const Mat z = preact(l, x, n, &l.cols);
    const Eigen::RowVectorXf mean = z.colwise().mean();
    const Eigen::RowVectorXf var =
        (z.rowwise() - mean).array().square().matrix().colwise().mean();
    l.run_mean = (1 - kBnMomentum) * l.run_mean + kBnMomentum * mean;
    l.run_var = (1 - kBnMomentum) * l.run_var + kBnMomentum * var;
    l.inv_std = (var.array() + kBnEps).rsqrt().matrix();
    l.xhat = ((z.rowwise() - mean).array().rowwise() * l.inv_std.array()).matrix();
    l.y = ((l.xhat.array().rowwise() * l.gamma.array()).rowwise() + l.beta.array()).matrix();
    Mat a = (l.y.array() >= 0.0f).cast<float>().matrix();
    for (int k = 1; k < l.levels; ++k)
      a.array() += (l.y.array() >= k * l.level_step).cast<float>();
    return a;
  }

  // Inference-mode activation of one layer's integer sums, in place: the level count per neuron.
  // With `copies`, also the exported binary copies of each channel, [rows][out_c * levels].
  void activate_eval(const Layer& l, Mat& z, Mat* copies) const {
    const Eigen::RowVectorXf inv = (l.run_var.array() + kBnEps).rsqrt().matrix();
    const int levels = l.levels;
    if (copies) copies->resize(z.rows(), z.cols() * levels);
    for (Eigen::Index r = 0; r < z.rows(); ++r)
      for (Eigen::Index c = 0; c < z.cols(); ++c) {
        int count = 0;
        for (int k = 0; k < levels; ++k) {
          const bool f = bn_fires(z(r, c), l.gamma(c), l.beta(c), l.run_mean(c), inv(c),
                                  k * l.level_step);
          count += f;
          if (copies) (*copies)(r, c * levels + k) = f;
        }
        z(r, c) = static_cast<float>(count);
      }
  }

  // Backward of one layer given d(loss)/d(spikes); returns d(loss)/d(input spikes) if wanted.
  Mat backward(Layer& l, const Mat& dspike, int n, bool want_dx, double lr) {
    const EednConvShape& s = l.s;
    // Surrogate derivative of the activation: one triangle of height 1 per threshold, of
    // half-width 1 for binary spikes and of half-width level_step around each of K levels.
    Mat dy;
    if (l.levels == 1) {
      dy = (dspike.array() * (1.0f - l.y.array().abs()).max(0.0f)).matrix();
    } else {
      Mat slope = Mat::Zero(l.y.rows(), l.y.cols());
      const float inv_step = 1.0f / l.level_step;
      for (int k = 0; k < l.levels; ++k)
        slope.array() += (1.0f - (l.y.array() - k * l.level_step).abs() * inv_step).max(0.0f);
      dy = dspike.cwiseProduct(slope);
    }
    const Eigen::RowVectorXf dgamma = dy.cwiseProduct(l.xhat).colwise().sum();
    const Eigen::RowVectorXf dbeta = dy.colwise().sum();
    const Mat dxhat = (dy.array().rowwise() * l.gamma.array()).matrix();
    const float m = static_cast<float>(dy.rows());
    const Eigen::RowVectorXf mean_dxhat = dxhat.colwise().sum() / m;
    const Eigen::RowVectorXf mean_dxhat_xhat = dxhat.cwiseProduct(l.xhat).colwise().sum() / m;
    const Mat dz = (((dxhat.rowwise() - mean_dxhat).array() -
                     l.xhat.array().rowwise() * mean_dxhat_xhat.array())
                        .rowwise() *
                    l.inv_std.array())
                       .matrix();
    const int og = s.out_c_per_group();
    Mat dw = Mat::Zero(s.out_c, s.fan_in());
    Mat dx;
    if (want_dx) dx = Mat::Zero(static_cast<Eigen::Index>(n) * s.in_h * s.in_w, s.in_c);
    for (int g = 0; g < s.groups; ++g) {
      const Mat& col = l.cols[g];
      std::vector<Mat> part(kChunks);
      run_chunks(static_cast<int>(col.rows()), cfg.threads, [&](int c, int r0, int r1) {
        part[c] = dz.block(r0, g * og, r1 - r0, og).transpose() * col.middleRows(r0, r1 - r0);
      });
      for (int c = 0; c < kChunks; ++c)
        if (part[c].size()) dw.middleRows(g * og, og) += part[c];
      if (want_dx) {
        Mat dcol(col.rows(), col.cols());
        run_chunks(static_cast<int>(col.rows()), cfg.threads, [&](int, int r0, int r1) {
          if (r1 > r0)
            dcol.middleRows(r0, r1 - r0).noalias() =
                dz.block(r0, g * og, r1 - r0, og) * l.trinary.middleRows(g * og, og);
        });
        col2im_add(s, dcol, n, g, dx);
      }
    }
    // Adam on hidden weights and batch-norm parameters, then clip and re-quantize.
    l.adam_w.step(l.hidden, dw, lr, step);
    l.adam_g.step(l.gamma, dgamma, lr, step);
    l.adam_b.step(l.beta, dbeta, lr, step);
    for (Eigen::Index o = 0; o < l.hidden.rows(); ++o)
      l.hidden.row(o) = l.hidden.row(o).cwiseMax(l.lo).cwiseMin(l.hi);
    // A negative gamma folds into negated weights (export_network), which would break the input
    // signs; keep it >= 0 so the folded rule is "z >= theta" with the weights as trained.
    if (!l.input_signs.empty()) l.gamma = l.gamma.cwiseMax(0.0f);
    for (Eigen::Index i = 0; i < l.hidden.size(); ++i)
      l.trinary.data()[i] = eedn_hysteresis(l.hidden.data()[i],
                                            static_cast<int8_t>(l.trinary.data()[i]),
                                            cfg.hysteresis);
    return dx;
  }

  // Class of each output column and votes per class.
  int class_of(int col) const { return (col % layers.back().s.out_c) % cfg.classes; }
};

void validate_eedn_train_config(const EednTrainConfig& config, int rows, int cols) {
  EednInput input;
  input.rows = rows;
  input.cols = cols;
  input.thresholds = config.thresholds;
  input.bit_planes = config.bit_planes;
  if (!config.bit_planes.empty()) input.thresholds.clear();
  validate_eedn_input(input, "EednTrainConfig");
  validate_eedn_augment(config.augment, "EednTrainConfig");
  // Messages "EednTrainConfig: <field> <value> is outside <range>"; the float checks are
  // written so that NaN fails too.
  auto int_in = [](const std::string& field, long long v, long long lo, long long hi,
                   const std::string& why = "") {
    if (v < lo || v > hi)
      throw std::invalid_argument("EednTrainConfig: " + field + " " + std::to_string(v) +
                                  " is outside [" + std::to_string(lo) + ", " +
                                  std::to_string(hi) + "]" + why);
  };
  auto float_in = [](const char* field, float v, bool ok, const char* range) {
    if (!ok)
      throw std::invalid_argument(std::string("EednTrainConfig: ") + field + " " +
                                  std::to_string(v) + " is outside " + range);
  };
  float_in("distill_weight", config.distill_weight,
           config.distill_weight >= 0 && config.distill_weight <= 1, "[0, 1]");
  float_in("distill_temperature", config.distill_temperature,
           config.distill_temperature > 0 && config.distill_temperature <= 100, "(0, 100]");
  if (config.layers.empty()) throw std::invalid_argument("EednTrainConfig: no layers");
  int_in("epochs", config.epochs, 1, kEednMaxEpochs);
  int_in("batch", config.batch, 1, kEednMaxBatch);
  int_in("threads", config.threads, 1, kEednMaxThreads);
  int_in("classes", config.classes, 1, 1000);  // the network file's range
  float_in("lr", config.lr, config.lr > 0 && config.lr <= kEednMaxLr, "(0, 1]");
  float_in("hysteresis", config.hysteresis,
           config.hysteresis >= 0 && config.hysteresis < kEednMaxHysteresis, "[0, 0.5)");
  float_in("logit_scale", config.logit_scale,
           config.logit_scale > 0 && config.logit_scale <= kEednMaxLogitScale, "(0, 1000]");
  float_in("level_step", config.level_step, config.level_step > 0 && config.level_step <= 4,
           "(0, 4]");
  int_in("level_clock_axons", config.level_clock_axons, 2, 64);
  for (size_t li = 0; li < config.layers.size(); ++li) {
    const bool last = li + 1 == config.layers.size();
    int_in("layers[" + std::to_string(li) + "].levels", config.layers[li].levels, 1,
           last ? 1 : config.levels_in_time ? kEednMaxTimeLevels : kEednMaxLevels,
           last ? " (the last layer's neurons are the class votes, which are binary)"
           : config.levels_in_time
               ? " (levels in time: a neuron's spikes must fit the 15-tick axonal delay)"
               : "");
  }
  // The shape of every layer, in the ranges of the network file (validate_eedn_network), so a
  // bad layout is refused here rather than by a division by zero, a huge allocation, or the
  // save after the last epoch. 64-bit arithmetic: no product below can overflow.
  long long h = rows, w = cols, c = input.channels(), in_levels = 1;
  for (size_t li = 0; li < config.layers.size(); ++li) {
    const EednLayerSpec& spec = config.layers[li];
    const std::string f = "layers[" + std::to_string(li) + "].";
    const std::string in_text =
        " (the layer's input is " + std::to_string(h) + "x" + std::to_string(w) + "x" +
        std::to_string(c) + (in_levels > 1 ? " of " + std::to_string(in_levels) + " levels" : "") +
        ")";
    int_in(f + "kernel", spec.kernel, 1, kEednMaxSide);
    int_in(f + "stride", spec.stride, 1, kEednMaxStride);
    int_in(f + "pad", spec.pad, 0, std::min(kEednMaxPad, spec.kernel - 1),
           " (at most kernel - 1)");
    int_in(f + "kernel", spec.kernel, 1, std::min(h, w) + 2 * spec.pad,
           in_text + ": the kernel must fit the padded input");
    const int copies = config.levels_in_time ? 1 : spec.levels;
    int_in(f + "out_c", spec.out_c, 1, kEednMaxChannels / copies,
           copies > 1 ? " (out_c x levels " + std::to_string(spec.levels) +
                                 " channels are exported, at most " +
                                 std::to_string(kEednMaxChannels) + ")"
                           : std::string());
    int_in(f + "groups", spec.groups, 1, c, in_text);
    if (c % spec.groups || spec.out_c % spec.groups)
      throw std::invalid_argument("EednTrainConfig: " + f + "groups " +
                                  std::to_string(spec.groups) + " must divide in_c " +
                                  std::to_string(c) + " and out_c " + std::to_string(spec.out_c));
    const long long cg = c / spec.groups;
    for (size_t k = 0; k < spec.input_signs.size(); ++k)
      if (spec.input_signs[k] != '+' && spec.input_signs[k] != '-')
        throw std::invalid_argument("EednTrainConfig: " + f + "input_signs '" +
                                    spec.input_signs + "': character " + std::to_string(k) +
                                    " is not '+' or '-'");
    // The pattern repeats over a group's input channels; signs past them would be dropped.
    if (static_cast<long long>(spec.input_signs.size()) > cg)
      throw std::invalid_argument("EednTrainConfig: " + f + "input_signs '" + spec.input_signs +
                                  "' has " + std::to_string(spec.input_signs.size()) +
                                  " signs, more than the " + std::to_string(cg) +
                                  " input channels of a group (in_c / groups)");
    const int max_fan_in = eedn_max_fan_in(!spec.input_signs.empty(), config.off_chip);
    // With binary copies the chip sees each multi-level input as in_levels binary inputs; in
    // time, as one input.
    const long long fan_in = static_cast<long long>(spec.kernel) * spec.kernel * cg *
                             (config.levels_in_time ? 1 : in_levels);
    if (fan_in > max_fan_in)
      throw std::invalid_argument(
          "EednTrainConfig: layer " + std::to_string(li) + " (in " + std::to_string(h) + "x" +
          std::to_string(w) + "x" + std::to_string(c) + ", kernel " +
          std::to_string(spec.kernel) + ", groups " + std::to_string(spec.groups) + ", out_c " +
          std::to_string(spec.out_c) +
          (in_levels > 1 ? ", inputs of " + std::to_string(in_levels) + " levels"
                         : std::string()) +
          ") is invalid: the fan-in kernel^2*in_c/groups" +
          (in_levels > 1 && !config.levels_in_time ? "*levels" : "") +
          " must be <= " + std::to_string(max_fan_in) +
          (spec.input_signs.empty() && !config.off_chip
               ? " (" + std::to_string(kEednMaxSignSharedFanIn) + " with sign-shared inputs, " +
                     std::to_string(kEednOffChipMaxFanIn) + " off chip)"
               : std::string()) +
          "; it is " + std::to_string(fan_in));
    h = (h + 2 * spec.pad - spec.kernel) / spec.stride + 1;
    w = (w + 2 * spec.pad - spec.kernel) / spec.stride + 1;
    if (h > kEednMaxSide || w > kEednMaxSide)
      throw std::invalid_argument("EednTrainConfig: " + f + "pad " + std::to_string(spec.pad) +
                                  " makes the output " + std::to_string(h) + "x" +
                                  std::to_string(w) + ", larger than the " +
                                  std::to_string(kEednMaxSide) + " pixels a side allowed");
    c = spec.out_c;
    in_levels = spec.levels;
  }
  const EednLayerSpec& last = config.layers.back();
  if ((last.out_c / last.groups) % config.classes != 0)
    throw std::invalid_argument("EednTrainConfig: the last layer's out_c / groups (" +
                                std::to_string(last.out_c / last.groups) +
                                ") must be a multiple of classes (" +
                                std::to_string(config.classes) + ")");
}

EednFloatModel::EednFloatModel(const EednTrainConfig& config, int rows, int cols)
    : impl_(new Impl) {
  // Every check before any allocation or random draw.
  validate_eedn_train_config(config, rows, cols);
  Impl& m = *impl_;
  m.cfg = config;
  m.cfg.teachers.clear();  // train_eedn runs them; the model needs only the weight and temperature
  m.input.rows = rows;
  m.input.cols = cols;
  m.input.thresholds = config.thresholds;
  m.input.bit_planes = config.bit_planes;
  if (!config.bit_planes.empty()) m.input.thresholds.clear();
  std::mt19937_64 rng(config.seed);
  // Uniform in [-1, 1) from 24 raw bits (std:: distributions differ between libraries).
  auto uni = [](std::mt19937_64& r) {
    return static_cast<float>(r() >> 40) * (2.0f / 16777216.0f) - 1.0f;
  };
  int h = rows, w = cols, c = m.input.channels(), in_levels = 1;
  for (const EednLayerSpec& spec : config.layers) {
    Layer l;
    l.levels = spec.levels;
    l.in_levels = in_levels;
    l.level_step = config.level_step;
    l.s.in_h = h;
    l.s.in_w = w;
    l.s.in_c = c;
    l.s.kernel_h = l.s.kernel_w = spec.kernel;
    l.s.stride = spec.stride;
    l.s.pad = spec.pad;
    l.s.groups = spec.groups;
    l.s.out_c = spec.out_c;
    const int cg = l.s.in_c_per_group();
    if (!spec.input_signs.empty())
      for (int ci = 0; ci < cg; ++ci)
        l.input_signs.push_back(spec.input_signs[ci % spec.input_signs.size()] == '+' ? 1 : -1);
    // Hidden weights uniform in [-1, 1]: about half start at 0, a quarter at each sign. In a
    // sign-shared layer the draw's magnitude takes its input's sign: half start at 0 again.
    l.hidden.resize(l.s.out_c, l.s.fan_in());
    l.lo = Eigen::RowVectorXf::Constant(l.s.fan_in(), -1.0f);
    l.hi = Eigen::RowVectorXf::Constant(l.s.fan_in(), 1.0f);
    if (!l.input_signs.empty())
      for (Eigen::Index i = 0; i < l.lo.size(); ++i)
        (l.input_signs[static_cast<size_t>(i % cg)] > 0 ? l.lo : l.hi)(i) = 0.0f;
    for (Eigen::Index o = 0; o < l.hidden.rows(); ++o)
      for (Eigen::Index i = 0; i < l.hidden.cols(); ++i) {
        const float u = uni(rng);
        l.hidden(o, i) = l.input_signs.empty()
                             ? u
                             : l.input_signs[static_cast<size_t>(i % cg)] * std::fabs(u);
      }
    l.trinary.resize(l.s.out_c, l.s.fan_in());
    for (Eigen::Index i = 0; i < l.hidden.size(); ++i)
      l.trinary.data()[i] = eedn_hysteresis(l.hidden.data()[i], 0, 0.0f);
    l.gamma = Eigen::RowVectorXf::Ones(l.s.out_c);
    l.beta = Eigen::RowVectorXf::Zero(l.s.out_c);
    l.run_mean = Eigen::RowVectorXf::Zero(l.s.out_c);
    l.run_var = Eigen::RowVectorXf::Ones(l.s.out_c);
    l.adam_w.init(l.s.out_c, l.s.fan_in());
    l.adam_g.init(1, l.s.out_c);
    l.adam_b.init(1, l.s.out_c);
    m.layers.push_back(std::move(l));
    h = m.layers.back().s.out_h();
    w = m.layers.back().s.out_w();
    c = spec.out_c;
    in_levels = spec.levels;
  }
}

EednFloatModel::~EednFloatModel() = default;

double EednFloatModel::train_step(const std::vector<const uint8_t*>& images,
                                  const std::vector<int>& labels, double lr, int* correct,
                                  const std::vector<std::vector<float>>* teacher_logits) {
  Impl& m = *impl_;
  ++m.step;
  const int n = static_cast<int>(images.size());
  std::vector<Mat> acts;
  acts.push_back(m.transduce(images));
  for (Layer& l : m.layers) acts.push_back(m.forward_train(l, acts.back(), n));
  // Votes per image and class: the last layer's spikes summed over positions and population.
  const Layer& last = m.layers.back();
  const int per_img = last.s.out_h() * last.s.out_w();
  const int pop = per_img * last.s.out_c / m.cfg.classes;
  const float scale = m.cfg.logit_scale / static_cast<float>(pop);
  const Mat& out = acts.back();
  Mat dspike = Mat::Zero(out.rows(), out.cols());
  double loss = 0;
  for (int i = 0; i < n; ++i) {
    std::vector<double> logit(m.cfg.classes, 0.0);
    for (int r = i * per_img; r < (i + 1) * per_img; ++r)
      for (int c = 0; c < out.cols(); ++c) logit[m.class_of(c)] += out(r, c) * scale;
    std::vector<int> votes(m.cfg.classes);
    for (int k = 0; k < m.cfg.classes; ++k)
      votes[k] = static_cast<int>(std::lround(logit[k] / scale));
    if (eedn_winner(votes) == labels[i]) ++*correct;
    // d loss / d logit: (1 - w) (p - onehot) + w T (p_T - q_T), the distillation term's T^2
    // making its gradient comparable in size to the label term's whatever T is.
    const std::vector<double> p = softmax(logit, 1.0);
    std::vector<double> grad(m.cfg.classes);
    const double w = teacher_logits ? m.cfg.distill_weight : 0.0;
    loss += -(1 - w) * std::log(std::max(p[labels[i]], 1e-300));
    for (int k = 0; k < m.cfg.classes; ++k) grad[k] = (1 - w) * (p[k] - (k == labels[i]));
    if (teacher_logits) {
      const double t = m.cfg.distill_temperature;
      const std::vector<float>& tl = (*teacher_logits)[i];
      const std::vector<double> pt = softmax(logit, t);
      const std::vector<double> qt = softmax(std::vector<double>(tl.begin(), tl.end()), t);
      for (int k = 0; k < m.cfg.classes; ++k) {
        if (qt[k] > 0)
          loss += w * t * t * qt[k] * (std::log(qt[k]) - std::log(std::max(pt[k], 1e-300)));
        grad[k] += w * t * (pt[k] - qt[k]);
      }
    }
    for (int r = i * per_img; r < (i + 1) * per_img; ++r)
      for (int c = 0; c < out.cols(); ++c)
        dspike(r, c) = static_cast<float>(grad[m.class_of(c)] * scale / n);
  }
  Mat d = dspike;
  for (int li = static_cast<int>(m.layers.size()) - 1; li >= 0; --li)
    d = m.backward(m.layers[li], d, n, li > 0, lr);
  return loss / n;
}

void EednFloatModel::recalibrate(const std::vector<const uint8_t*>& images) {
  Impl& m = *impl_;
  const size_t chunk = 256;
  for (size_t target = 0; target < m.layers.size(); ++target) {
    Layer& t = m.layers[target];
    Eigen::VectorXd sum = Eigen::VectorXd::Zero(t.s.out_c), sq = sum;
    double count = 0;
    for (size_t b = 0; b < images.size(); b += chunk) {
      const std::vector<const uint8_t*> part(images.begin() + b,
                                             images.begin() + std::min(images.size(), b + chunk));
      const int n = static_cast<int>(part.size());
      Mat x = m.transduce(part);
      for (size_t li = 0; li <= target; ++li) {
        Layer& l = m.layers[li];
        Mat z = m.preact(l, x, n, nullptr);
        if (li == target) {
          const Eigen::MatrixXd zd = z.cast<double>();
          sum += zd.colwise().sum().transpose();
          sq += zd.array().square().matrix().colwise().sum().transpose();
          count += static_cast<double>(z.rows());
          break;
        }
        m.activate_eval(l, z, nullptr);
        x = std::move(z);
      }
    }
    for (int c = 0; c < t.s.out_c; ++c) {
      const double mean = sum(c) / count;
      t.run_mean(c) = static_cast<float>(mean);
      t.run_var(c) = static_cast<float>(std::max(0.0, sq(c) / count - mean * mean));
    }
  }
}

std::vector<EednMap> EednFloatModel::forward_eval(const uint8_t* image) const {
  const Impl& m = *impl_;
  std::vector<EednMap> maps;
  Mat x = m.transduce({image});
  maps.emplace_back(x.data(), x.data() + x.size());
  for (const Layer& l : m.layers) {
    Mat z = m.preact(l, x, 1, nullptr);
    Mat copies;
    m.activate_eval(l, z, &copies);
    maps.emplace_back(copies.data(), copies.data() + copies.size());
    x = std::move(z);
  }
  return maps;
}

namespace {

// The staircase of one channel of levels in time: count = clamp(floor((m z + c) / alpha), 0, K).
struct Staircase {
  int gain = 1, alpha = 1;
  long long offset = 0;
  int mismatches = 0;  // levels whose integer threshold differs from the exact one
};

// Fits a staircase to the exact integer thresholds t[k] of the K levels (level k fires at
// z >= t[k]; t = -reach: at every reachable sum, t = reach + 1: never) of a channel whose float
// thresholds are spaced by d. Level j = k + 1 of the staircase fires at z >= ceil((j alpha - c) / m),
// so t[k] needs c in [j alpha - m t, j alpha - m t + m - 1] (one-sided at the two ends). Tries
// gains from 1 up and alpha = floor or ceil(m d); the first gain that meets every level wins,
// otherwise the fewest mismatches (ties to the smaller gain), with c centred by least squares.
// A gain above 1 is taken only if `affordable(gain, alpha, c)` (its clock axons fit).
// Where every level is met, any c in the met interval gives the same counts; the lowest is taken,
// since the boost and clear axons a neuron needs grow with c. A channel whose levels are all on
// (or all off) at every reachable sum is constant whatever alpha is: alpha = 1 keeps its c, and
// with it its clock axons, smallest (with the float step, alpha could reach 1024 and c 8 x 1024).
Staircase fit_staircase(const std::vector<long long>& t, double d, long long reach,
                        const std::function<bool(int, int, long long)>& affordable) {
  const int kout = static_cast<int>(t.size());
  const int max_gain = static_cast<int>(
      std::max(1LL, std::min<long long>(kEednMaxLevelGain, kEednMaxLevelReach / reach)));
  const bool all_on = std::all_of(t.begin(), t.end(), [&](long long x) { return x <= -reach; });
  const bool all_off = std::all_of(t.begin(), t.end(), [&](long long x) { return x > reach; });
  if (all_on || all_off) d = 1.0;
  Staircase best;
  best.mismatches = kout + 1;
  for (int m = 1; m <= max_gain; ++m) {
    const double md = std::min(m * d, static_cast<double>(kEednMaxLevelAlpha));
    for (long long a : {static_cast<long long>(std::floor(md)), static_cast<long long>(std::ceil(md))}) {
      if (a < 1 || a > kEednMaxLevelAlpha) continue;
      const long long mr = m * reach;
      long long lo = a - mr - 1, hi = kout * a + mr;  // the leak's range
      double centre = 0;
      for (int k = 0; k < kout; ++k) {
        const long long j = k + 1;
        if (t[k] <= -reach) {
          lo = std::max(lo, j * a + mr);
        } else if (t[k] > reach) {
          hi = std::min(hi, j * a - mr - 1);
        } else {
          lo = std::max(lo, j * a - m * t[k]);
          hi = std::min(hi, j * a - m * t[k] + m - 1);
        }
        centre += j * a - m * (std::clamp<double>(static_cast<double>(t[k]), -reach, reach) - 0.5);
      }
      Staircase s;
      s.gain = m;
      s.alpha = static_cast<int>(a);
      s.offset = lo <= hi ? lo
                          : std::clamp(std::llround(centre / kout), a - mr - 1, kout * a + mr);
      if (m > 1 && !affordable(m, s.alpha, s.offset)) continue;
      for (int k = 0; k < kout; ++k) {
        const long long j = k + 1, num = j * a - s.offset;
        // ceil(num / m) for either sign
        const long long at = num >= 0 ? (num + m - 1) / m : -((-num) / m);
        const bool ok = t[k] <= -reach ? at <= -reach : t[k] > reach ? at > reach : at == t[k];
        s.mismatches += !ok;
      }
      if (s.mismatches < best.mismatches) best = s;
      if (best.mismatches == 0) return best;
    }
  }
  return best;
}

// Whether a staircase (gain, alpha, offset) of channel o of `l` keeps the neuron's boost + clear
// axons within `clock_axons` (fit_staircase's `affordable`).
std::function<bool(int, int, long long)> within_budget(const EednLayer& l, int o, int in_levels,
                                                      int clock_axons) {
  const auto [positive, negative] = l.signed_weights(o);
  return [=, kout = l.levels](int m, int a, long long c) {
    const EednLevelNeeds n =
        eedn_level_needs(kout, m, a, static_cast<int>(c), in_levels, positive, negative);
    return n.boost_axons + n.clear_axons <= clock_axons;
  };
}

// One layer of a network in time (docs/EEDN.md section 8), weights as trained (negated for a
// channel whose batch-norm gamma is negative, so that its output rises with the sum).
// - levels 1: the exact fold of the copy export, over sums of inputs that are counts;
// - levels K > 1: the staircase of fit_staircase on the exact thresholds of the copy export,
//   whose float thresholds are equally spaced by d = step / (|gamma| inv_std).
EednLayer export_in_time(const Layer& l, int clock_axons) {
  const int fan = l.s.fan_in(), kout = l.levels;
  const long long reach = static_cast<long long>(l.in_levels) * fan;
  EednLayer el;
  el.shape = l.s;
  el.input_signs = l.input_signs;
  el.levels = kout;
  el.weights.resize(static_cast<size_t>(l.s.out_c) * fan);
  el.leak.resize(l.s.out_c);
  if (kout > 1) {
    el.alpha.resize(l.s.out_c);
    el.gain.resize(l.s.out_c);
  }
  const Eigen::RowVectorXf inv = (l.run_var.array() + kBnEps).rsqrt().matrix();
  for (int o = 0; o < l.s.out_c; ++o) {
    const bool flip = l.gamma(o) < 0;
    if (flip && !l.input_signs.empty())  // train_step keeps gamma >= 0 in these layers
      throw std::logic_error("export_network: a sign-shared channel folds to negated weights");
    for (int i = 0; i < fan; ++i)
      el.weights[static_cast<size_t>(o) * fan + i] =
          static_cast<int8_t>(flip ? -l.trinary(o, i) : l.trinary(o, i));
    // The smallest sum at which level k fires (reach + 1: never), as in the copy export.
    std::vector<long long> theta(kout, reach + 1);
    for (int k = 0; k < kout; ++k)
      for (long long zp = -reach; zp <= reach; ++zp)
        if (bn_fires(static_cast<float>(flip ? -zp : zp), l.gamma(o), l.beta(o), l.run_mean(o),
                     inv(o), k * l.level_step)) {
          theta[k] = zp;
          break;
        }
    if (kout == 1) {
      el.leak[o] = static_cast<int16_t>(1 - theta[0]);
      continue;
    }
    const double g = std::fabs(static_cast<double>(l.gamma(o))) * inv(o);
    const Staircase st = fit_staircase(theta, g > 0 ? l.level_step / g : 1e9, reach,
                                       within_budget(el, o, l.in_levels, clock_axons));
    el.gain[o] = static_cast<int16_t>(st.gain);
    el.alpha[o] = static_cast<int16_t>(st.alpha);
    el.leak[o] = static_cast<int16_t>(st.offset);
  }
  return el;
}

}  // namespace

EednNetwork refit_eedn_levels(const EednNetwork& net, int clock_axons) {
  validate_eedn_network(net, "refit_eedn_levels");
  if (clock_axons < 2 || clock_axons > 64)
    throw std::invalid_argument("refit_eedn_levels: clock_axons " + std::to_string(clock_axons) +
                                " is outside [2, 64]");
  EednNetwork out = net;
  int in_levels = 1;
  for (EednLayer& l : out.layers) {
    const int fan = l.shape.fan_in(), kout = l.levels;
    const long long reach = static_cast<long long>(in_levels) * fan;
    if (kout > 1) {
      if (l.gain.empty()) l.gain.assign(l.shape.out_c, 1);
      for (int o = 0; o < l.shape.out_c; ++o) {
        // The exact thresholds the exported staircase stands for: where each level starts.
        std::vector<long long> theta(kout, reach + 1);
        long long z = -reach;
        for (int k = 0; k < kout; ++k) {
          while (z <= reach && l.count(static_cast<int32_t>(z), o) < k + 1) ++z;
          theta[k] = z;
        }
        const Staircase st = fit_staircase(theta, static_cast<double>(l.alpha[o]) / l.gain[o],
                                           reach, within_budget(l, o, in_levels, clock_axons));
        l.gain[o] = static_cast<int16_t>(st.gain);
        l.alpha[o] = static_cast<int16_t>(st.alpha);
        l.leak[o] = static_cast<int16_t>(st.offset);
      }
    }
    in_levels = kout;
  }
  validate_eedn_network(out, "refit_eedn_levels");
  return out;
}

EednNetwork EednFloatModel::export_network() const { return export_network(false); }

EednNetwork EednFloatModel::export_exact_levels() const { return export_network(true); }

EednNetwork EednFloatModel::export_network(bool exact_levels) const {
  const Impl& m = *impl_;
  EednNetwork net;
  net.name = m.cfg.name;
  net.input = m.input;
  net.classes = m.cfg.classes;
  // The binary copies of levels in time overflow the chip's fan-in: a measurement only.
  net.off_chip = m.cfg.off_chip || (exact_levels && m.cfg.levels_in_time);
  net.provenance.dataset = m.cfg.dataset;
  net.provenance.seed = m.cfg.seed;
  net.provenance.command = m.cfg.command;
  for (const Layer& l : m.layers) {
    if (m.cfg.levels_in_time && !exact_levels) {
      net.layers.push_back(export_in_time(l, m.cfg.level_clock_axons));
      continue;
    }
    // Multi-level activations become binary copies, channel-minor (channel c -> c * K + k), so a
    // group's channels stay contiguous: this layer's K copies of a neuron share its weights and
    // fire at thresholds k * level_step; an input of K_in levels becomes K_in inputs with the
    // same weight, whose spikes sum to its level count.
    const int kin = l.in_levels, kout = l.levels;
    EednLayer el;
    el.shape = l.s;
    el.shape.in_c *= kin;
    el.shape.out_c *= kout;
    for (int8_t sign : l.input_signs) el.input_signs.insert(el.input_signs.end(), kin, sign);
    const int fan = l.s.fan_in(), efan = el.shape.fan_in();
    el.weights.resize(static_cast<size_t>(el.shape.out_c) * efan);
    el.leak.resize(el.shape.out_c);
    const Eigen::RowVectorXf inv = (l.run_var.array() + kBnEps).rsqrt().matrix();
    for (int o = 0; o < l.s.out_c; ++o)
      for (int k = 0; k < kout; ++k) {
        // Fold: fire(z) is monotone in the integer sum z in [-efan, efan] (rounding is
        // monotone). With fire increasing, spike iff z >= theta, i.e. leak = 1 - theta; with fire
        // decreasing, negate the weights (z' = -z) and do the same.
        auto fires = [&](int z) {
          return bn_fires(static_cast<float>(z), l.gamma(o), l.beta(o), l.run_mean(o), inv(o),
                          k * l.level_step);
        };
        const bool flip = !fires(efan) && fires(-efan);
        if (flip && !l.input_signs.empty())  // train_step keeps gamma >= 0 in these layers
          throw std::logic_error("export_network: a sign-shared channel folds to negated weights");
        int theta = efan + 1;  // never fires
        for (int zp = -efan; zp <= efan; ++zp)
          if (fires(flip ? -zp : zp)) {
            theta = zp;
            break;
          }
        const int eo = o * kout + k;
        el.leak[eo] = static_cast<int16_t>(1 - theta);
        for (int i = 0; i < fan; ++i) {
          const int w = static_cast<int>(l.trinary(o, i));
          // Input i = (ky, kx, ci) expands to (ky, kx, ci * kin + j): index i * kin + j.
          const size_t base = static_cast<size_t>(eo) * efan + static_cast<size_t>(i) * kin;
          for (int j = 0; j < kin; ++j) el.weights[base + j] = static_cast<int8_t>(flip ? -w : w);
        }
      }
    net.layers.push_back(std::move(el));
  }
  return net;
}

std::vector<float> EednFloatModel::hidden_weights(int l) const {
  const Mat& h = impl_->layers.at(l).hidden;
  return std::vector<float>(h.data(), h.data() + h.size());
}

std::vector<int8_t> EednFloatModel::trinary_weights(int l) const {
  const Mat& t = impl_->layers.at(l).trinary;
  std::vector<int8_t> out(t.size());
  for (Eigen::Index i = 0; i < t.size(); ++i) out[i] = static_cast<int8_t>(t.data()[i]);
  return out;
}

namespace {

// Uniform integer in [0, n) from the generator's raw output (std distributions are not portable).
uint64_t below(std::mt19937_64& rng, uint64_t n) { return rng() % n; }

void progress_bar(int epoch, int epochs, size_t done, size_t total, double loss, double acc) {
  const int width = 30;
  const int filled = static_cast<int>(width * done / std::max<size_t>(1, total));
  std::fprintf(stderr, "\repoch %d/%d [%s%s] %3d%% loss %.4f train acc %.2f%%", epoch, epochs,
               std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(),
               static_cast<int>(100 * done / std::max<size_t>(1, total)), loss, 100 * acc);
  std::fflush(stderr);
}

}  // namespace

EednTrainResult train_eedn(const EednTrainConfig& config, const ImageSet& train,
                           const ImageSet* test) {
  const auto t0 = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  EednFloatModel model(config, train.rows, train.cols);
  std::unique_ptr<EednTeacher> teacher;
  if (config.distill_weight > 0 && config.teachers.empty())
    throw std::invalid_argument("EednTrainConfig: distill_weight " +
                                std::to_string(config.distill_weight) + " needs teachers");
  if (!config.teachers.empty()) {
    teacher = std::make_unique<EednTeacher>(config.teachers, config.logit_scale, config.threads,
                                            !config.augment.fresh());
    if (teacher->classes() != config.classes || teacher->rows() != train.rows ||
        teacher->cols() != train.cols)
      throw std::invalid_argument(
          "EednTrainConfig: the teachers classify " + std::to_string(teacher->classes()) +
          " classes of " + std::to_string(teacher->rows()) + "x" + std::to_string(teacher->cols()) +
          " images, the training set has " + std::to_string(config.classes) + " of " +
          std::to_string(train.rows) + "x" + std::to_string(train.cols));
  }
  std::mt19937_64 rng(config.seed ^ 0x5eedULL);
  const size_t n_train =
      config.max_train ? std::min(config.max_train, train.size()) : train.size();
  const size_t px = static_cast<size_t>(train.rows) * train.cols;
  std::vector<size_t> order(n_train);
  for (size_t i = 0; i < n_train; ++i) order[i] = i;
  const size_t batches = (n_train + config.batch - 1) / config.batch;
  const double total_steps = static_cast<double>(batches) * config.epochs;
  std::vector<uint8_t> aug(static_cast<size_t>(config.batch) * px);
  EednTrainResult result;
  int step = 0;
  for (int epoch = 1; epoch <= config.epochs; ++epoch) {
    for (size_t i = n_train; i > 1; --i) std::swap(order[i - 1], order[below(rng, i)]);
    double loss_sum = 0;
    int correct = 0;
    size_t seen = 0;
    for (size_t b = 0; b < batches; ++b) {
      std::vector<const uint8_t*> imgs;
      std::vector<int> labels;
      for (size_t k = b * config.batch; k < std::min(n_train, (b + 1) * config.batch); ++k) {
        const size_t idx = order[k];
        const uint8_t* src = train.image(idx);
        if (config.augment.any()) {
          uint8_t* dst = aug.data() + imgs.size() * px;
          eedn_augment_image(src, train.rows, train.cols, config.augment, rng, dst);
          src = dst;
        }
        imgs.push_back(src);
        labels.push_back(train.labels[idx]);
      }
      const double lr = config.lr * 0.5 * (1 + std::cos(M_PI * step / total_steps));
      ++step;
      std::vector<std::vector<float>> soft;
      if (teacher) soft = teacher->logits(imgs);
      loss_sum += model.train_step(imgs, labels, lr, &correct, teacher ? &soft : nullptr) *
                  imgs.size();
      seen += imgs.size();
      if (config.progress && (b % 8 == 0 || b + 1 == batches))
        progress_bar(epoch, config.epochs, seen, n_train, loss_sum / seen,
                     static_cast<double>(correct) / seen);
    }
    EednEpochLog log;
    log.epoch = epoch;
    log.loss = loss_sum / std::max<size_t>(1, seen);
    log.train_accuracy = static_cast<double>(correct) / std::max<size_t>(1, seen);
    if (test || epoch == config.epochs) {
      // Inference statistics for the export: exact batch-norm statistics on training images.
      std::vector<const uint8_t*> calib;
      for (size_t i = 0; i < std::min(n_train, config.recalib_images); ++i)
        calib.push_back(train.image(order[i]));
      model.recalibrate(calib);
    }
    if (test)
      log.test_accuracy = eedn_evaluate(model.export_network(), *test, config.threads).accuracy;
    log.seconds = elapsed();
    if (config.progress)
      std::fprintf(stderr, "  test acc %.2f%%  %.0f s\n", 100 * log.test_accuracy, log.seconds);
    result.log.push_back(log);
  }
  result.network = model.export_network();
  // What the rounding of the level thresholds to equal integer steps costs (docs/EEDN.md 8).
  if (test && config.levels_in_time)
    result.exact_levels_test_accuracy =
        eedn_evaluate(model.export_exact_levels(), *test, config.threads).accuracy;
  result.seconds = elapsed();
  EednProvenance& pv = result.network.provenance;
  pv.epochs = config.epochs;
  pv.train_seconds = result.seconds;
  if (test) pv.test_accuracy = result.log.back().test_accuracy;
  return result;
}

}  // namespace meridian
