// Deepening a trained model: a new layer list made of copies of its layers, computing what it computed.
#pragma once
#include <string>
#include <vector>

#include "model.h"

namespace attn {

// Parses "0,1,1,2,2,3": for each layer of the deeper model, the trained layer it starts from.
// Every source layer below `n_layers` must appear, in order (a copy follows its source), so the
// deeper model's first use of each layer reads the residual stream it was trained on. False with
// the reason in *err otherwise.
bool parse_layer_map(const std::string& text, int n_layers, std::vector<int>* from, std::string* err);

// w with layers w.layers[from[0]], w.layers[from[1]], ...; a repeated layer's later copies start
// with their output projections (attn.wo, attn.bo, w2, b2) at zero, so each adds nothing to the
// residual stream and the deeper model computes exactly what w does. Their other tensors are the
// source's, so gradient steps start from features the model already uses (zeroed outputs get
// gradients at once; the rest follow after the first step).
ModelWeights stack_layers(const ModelWeights& w, const std::vector<int>& from);

// Whether layer k of a stack made by `from` is a later copy (its outputs started at zero).
bool is_added_copy(const std::vector<int>& from, int k);

}  // namespace attn
