// A small pre-layer-norm transformer encoder: config, weights, and a forward pass that keeps a trace.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "attention.h"
#include "kernels.h"
#include "rng.h"

namespace attn {

struct ModelConfig {
  int vocab_size = 4096;
  int d_model = 128;
  int n_layers = 4;
  int n_heads = 4;
  int d_ff = 512;
  int d_head() const { return d_model / n_heads; }
};

struct LayerParams {
  RowVec ln1_g, ln1_b;  // [d_model]
  AttentionParams attn;
  RowVec ln2_g, ln2_b;  // [d_model]
  Mat w1;
  RowVec b1;  // [d_model, d_ff], [d_ff]
  Mat w2;
  RowVec b2;  // [d_ff, d_model], [d_model]
};

// Everything learned. The output layer is tied to tok_emb (logits = h . tok_emb^T + out_bias).
struct ModelWeights {
  ModelConfig cfg;
  Mat tok_emb;  // [vocab_size, d_model]
  std::vector<LayerParams> layers;  // n_layers
  RowVec lnf_g, lnf_b;  // [d_model]
  RowVec out_bias;  // [vocab_size]
  std::string name;  // shown to the reader, e.g. "untrained weights (seed 1)"
  bool trained = false;
  int trained_length = 0;  // the longest sequence its training saw, from the file (0 = unknown)
};

// Seeded random weights: the stand-in until a trained model is loaded; the UI says so.
ModelWeights random_weights(const ModelConfig& cfg, uint64_t seed, float init_scale);

// What one layer computed; x_out = x_mid + mlp(ln2(x_mid)), x_mid = x_in + attn(ln1(x_in)).
struct LayerTrace {
  Mat x_in;  // [n, d] residual stream entering the layer
  Mat ln1;
  ColVec ln1_mean, ln1_rstd;
  AttentionTrace attn;  // attn.input == ln1
  Mat x_mid;  // [n, d]
  Mat ln2;
  ColVec ln2_mean, ln2_rstd;
  Mat ff_pre;  // [n, d_ff] before GELU
  Mat ff_act;  // [n, d_ff] after GELU
  Mat ff_out;  // [n, d]
  Mat x_out;  // [n, d]
};

struct ModelTrace {
  std::vector<int> ids;  // [n] token ids fed to the model
  Mat embed;  // [n, d] token embedding + position code
  std::vector<LayerTrace> layers;
  Mat lnf;
  ColVec lnf_mean, lnf_rstd;  // [n, d] final layer norm
  Mat logits;  // [n, vocab] only when asked for
};

// What a forward keeps. The defaults keep everything: training's backward pass reads all of it.
// The session keeps only what a view or the API shows, since at 1024 pieces the rest would be most
// of the memory: per layer ln1, the attention block (each head's q, k, v and context, see
// HeadDetail; the session recomputes a head's [n, n] weights from q and k when one is shown) and x_out.
struct ForwardDetail {
  HeadDetail heads = HeadDetail::Full;
  bool mlp = true;  // keep x_in, x_mid, ln2 (and its statistics), ff_pre, ff_act and ff_out
  int attention_layer = -1;  // >= 0: only this layer keeps ln1 and its attention block (a masked-guess run)
};
// What the playground's session keeps of its forward (and what the benchmarks time).
constexpr ForwardDetail kPlaygroundForward{HeadDetail::Context, false, -1};

// Runs the encoder on ids (each in [0, vocab_size)); the options apply to every layer's attention.
void model_forward(ModelTrace& t, const ModelWeights& w, const std::vector<int>& ids, const AttentionOptions& opt,
                   bool want_logits, ForwardDetail detail = {});

}  // namespace attn
