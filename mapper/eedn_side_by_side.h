// Side-by-side ensembles: Eedn networks of any layouts and input codes that classify the same
// images together, their class votes summed. stack_eedn_ensemble (mapper/eedn_ensemble.h) turns
// members of one layout into one wider network; members of different layouts (say a sign-shared
// and a free-sign network, which make more different mistakes than two seeds of one layout) stay
// separate networks here and are mapped next to each other on one mesh by map_eedn_networks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mapper/dataset.h"
#include "mapper/eedn_network.h"

namespace meridian {

struct EednSideBySide {
  std::string name;
  std::vector<EednNetwork> members;  // same rows, cols and classes; depths within 15 layers
  std::vector<std::string> paths;    // [members.size()]: each member's file, for messages
  bool listed = false;               // loaded from a side-by-side file

  std::vector<const EednNetwork*> pointers() const;
};

// Loads a network file (`meridian-eedn`: one member, named like the network) or a side-by-side
// file (docs/EEDN.md section 3):
//   {"format": "meridian-eedn-side-by-side", "version": 1, "name": ...,
//    "members": ["a.eedn.json", "b.eedn.json", ...]}
// with member paths relative to the file's directory. Throws ModelError naming the file and the
// JSON path (`/members/1`) of a member that is missing, invalid or does not match member 0.
EednSideBySide load_eedn_models(const std::string& path);

// Refuses networks that cannot classify `set` (described as `set_name` in messages, e.g. "the
// mnist test split"): their classes or image size differ from the data set's. Without it a
// 1-class network wins every vote on label 0 and scores 100 % on an all-zeros prefix. Throws
// ModelError naming `model_path`.
void check_eedn_network_fits(const EednNetwork& net, const std::string& model_path,
                             const ImageSet& set, const std::string& set_name);
void check_eedn_models_fit(const EednSideBySide& models, const std::string& model_path,
                           const ImageSet& set, const std::string& set_name);

// Refuses networks trained on another data set than `dataset` ("mnist" or "fashion"): MNIST and
// Fashion-MNIST share image size and classes, so check_eedn_models_fit passes them and the run
// would score a meaningless accuracy. Only provenance tells them apart; a member without a
// recorded data set is accepted. Throws ModelError naming `model_path`, the member and the field.
void check_eedn_models_dataset(const EednSideBySide& models, const std::string& model_path,
                               const std::string& dataset);

// Class votes of one image summed over the members (integer inference), and the winner.
std::vector<int> eedn_summed_votes(const std::vector<const EednNetwork*>& members,
                                   const uint8_t* image);
int eedn_side_by_side_classify(const std::vector<const EednNetwork*>& members,
                               const uint8_t* image);

}  // namespace meridian
