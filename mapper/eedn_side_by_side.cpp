#include "mapper/eedn_side_by_side.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "golden/config.h"
#include "golden/model_error.h"
#include "mapper/eedn_inference.h"
#include "golden/json_reader.h"

namespace meridian {

std::vector<const EednNetwork*> EednSideBySide::pointers() const {
  std::vector<const EednNetwork*> out;
  for (const EednNetwork& n : members) out.push_back(&n);
  return out;
}

EednSideBySide load_eedn_models(const std::string& path) {
  const nlohmann::json j = read_json_file(path, "Eedn network file");
  const JsonReader r(path);
  r.expect_object(j, "");
  const std::string& format = r.get_string(r.require(j, "", "format"), "/format");
  EednSideBySide out;
  out.listed = format == "meridian-eedn-side-by-side";
  if (format == "meridian-eedn") {
    out.members.push_back(load_eedn_network(path));
    out.paths.push_back(path);
    out.name = out.members[0].name;
    return out;
  }
  if (format != "meridian-eedn-side-by-side")
    r.fail("/format", "expected \"meridian-eedn\" or \"meridian-eedn-side-by-side\"");
  r.check_keys(j, "", {"format", "version", "name", "members"});
  r.get_int(r.require(j, "", "version"), "/version", 1, 1);
  out.name = r.get_string(r.require(j, "", "name"), "/name");
  const nlohmann::json& list = r.require(j, "", "members");
  if (!list.is_array() || list.empty())
    r.fail("/members", "expected a non-empty array of network file paths");
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  for (size_t k = 0; k < list.size(); ++k) {
    const std::string where = path + ": /members/" + std::to_string(k);
    if (!list[k].is_string()) throw ModelError(where + ": expected a file path string");
    const std::string member = (dir / list[k].get<std::string>()).string();
    try {
      out.members.push_back(load_eedn_network(member));
      out.paths.push_back(member);
    } catch (const ModelError& e) {
      throw ModelError(where + ": " + e.what());
    }
    const EednNetwork& a = out.members[0];
    const EednNetwork& b = out.members.back();
    auto mismatch = [&](const std::string& what, long long x, long long y) {
      throw ModelError(where + ": " + what + " " + std::to_string(y) + " differs from member 0's " +
                       std::to_string(x) + " (members vote on the same images)");
    };
    if (b.input.rows != a.input.rows) mismatch("input rows", a.input.rows, b.input.rows);
    if (b.input.cols != a.input.cols) mismatch("input cols", a.input.cols, b.input.cols);
    if (b.classes != a.classes) mismatch("classes", a.classes, b.classes);
  }
  // Depths may differ by up to kDelaySlots - 1 ticks of input delay (EednMapping::input_delay).
  size_t deepest = 0;
  for (size_t k = 0; k < out.members.size(); ++k)
    if (out.members[k].layers.size() > out.members[deepest].layers.size()) deepest = k;
  for (size_t k = 0; k < out.members.size(); ++k)
    if (out.members[deepest].layers.size() - out.members[k].layers.size() >
        static_cast<size_t>(kDelaySlots - 1))
      throw ModelError(path + ": /members/" + std::to_string(k) + ": " +
                       std::to_string(out.members[k].layers.size()) + " layers, member " +
                       std::to_string(deepest) + " has " +
                       std::to_string(out.members[deepest].layers.size()) +
                       "; depths may differ by at most " + std::to_string(kDelaySlots - 1));
  return out;
}

void check_eedn_models_fit(const EednSideBySide& models, const std::string& model_path,
                           const ImageSet& set, const std::string& set_name) {
  // The loader has checked that all members share rows, cols and classes.
  check_eedn_network_fits(models.members.at(0), model_path, set, set_name);
}

void check_eedn_network_fits(const EednNetwork& n, const std::string& model_path,
                             const ImageSet& set, const std::string& set_name) {
  if (n.classes != set.classes || n.input.rows != set.rows || n.input.cols != set.cols)
    throw ModelError(model_path + ": the network classifies " + std::to_string(n.classes) +
                     " classes of " + std::to_string(n.input.rows) + "x" +
                     std::to_string(n.input.cols) + " images; " + set_name + " has " +
                     std::to_string(set.classes) + " classes of " + std::to_string(set.rows) +
                     "x" + std::to_string(set.cols) + " images");
}

void check_eedn_models_dataset(const EednSideBySide& models, const std::string& model_path,
                               const std::string& dataset) {
  for (size_t k = 0; k < models.members.size(); ++k) {
    const EednNetwork& n = models.members[k];
    const std::string& d = n.provenance.dataset;
    if (d.empty() || d == dataset) continue;
    const std::string file = k < models.paths.size() ? models.paths[k] : model_path;
    const std::string listed =
        models.listed ? " (" + model_path + ": /members/" + std::to_string(k) + ")" : "";
    throw ModelError(file + listed + ": /provenance/dataset is \"" + d + "\": the network was " +
                     "trained on " + d + ", this run uses " + dataset);
  }
}

std::vector<int> eedn_summed_votes(const std::vector<const EednNetwork*>& members,
                                   const uint8_t* image) {
  std::vector<int> sum;
  for (const EednNetwork* n : members) {
    const std::vector<int> v = eedn_votes(*n, eedn_run(*n, image).back());
    if (sum.empty()) sum.assign(v.size(), 0);
    for (size_t c = 0; c < v.size() && c < sum.size(); ++c) sum[c] += v[c];
  }
  return sum;
}

int eedn_side_by_side_classify(const std::vector<const EednNetwork*>& members,
                               const uint8_t* image) {
  return eedn_winner(eedn_summed_votes(members, image));
}

}  // namespace meridian
