// Deepening a trained model by copying its layers, with the copies' outputs starting at zero.
#include "layer_stacking.h"

#include <cstdlib>
#include <sstream>

namespace attn {

bool parse_layer_map(const std::string& text, int n_layers, std::vector<int>* from, std::string* err) {
  std::vector<int> got;
  std::stringstream s(text);
  for (std::string x; std::getline(s, x, ',');) {
    char* end = nullptr;
    const long v = std::strtol(x.c_str(), &end, 10);
    if (x.empty() || *end != '\0' || v < 0 || v >= n_layers) {
      *err = "layer map entry \"" + x + "\" is not a layer of the model (0.." + std::to_string(n_layers - 1) + ")";
      return false;
    }
    got.push_back(static_cast<int>(v));
  }
  if (got.empty() || got.front() != 0) {
    *err = "layer map must start with layer 0";
    return false;
  }
  for (std::size_t k = 1; k < got.size(); ++k)
    if (got[k] != got[k - 1] && got[k] != got[k - 1] + 1) {
      *err = "layer map must list every layer in order, each followed only by its copies";
      return false;
    }
  if (got.back() != n_layers - 1) {
    *err = "layer map must end with the model's last layer";
    return false;
  }
  *from = got;
  return true;
}

bool is_added_copy(const std::vector<int>& from, int k) { return k > 0 && from[k] == from[k - 1]; }

ModelWeights stack_layers(const ModelWeights& w, const std::vector<int>& from) {
  ModelWeights out = w;
  out.layers.clear();
  for (std::size_t k = 0; k < from.size(); ++k) {
    LayerParams l = w.layers[from[k]];
    if (is_added_copy(from, static_cast<int>(k))) {
      l.attn.wo.setZero();
      l.attn.bo.setZero();
      l.w2.setZero();
      l.b2.setZero();
    }
    out.layers.push_back(std::move(l));
  }
  out.cfg.n_layers = static_cast<int>(from.size());
  return out;
}

}  // namespace attn
