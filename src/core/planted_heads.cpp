// A previous-token head from the sinusoidal position codes: rotating each (sin, cos) pair of the
// query by one step makes q_i . k_j largest exactly when j = i - 1.
#include "planted_heads.h"

#include <algorithm>
#include <cmath>

namespace attn {

namespace {
// How sharp the planted head is: the logit gap between the previous token and its neighbours is
// about 0.5 * kSharpness (with d_head = 16), so 30 leaves the neighbours well under 1e-3.
constexpr float kSharpness = 30.0f;
}  // namespace

ModelWeights plant_previous_token_head(const ModelWeights& base, int layer, int head) {
  const ModelConfig& c = base.cfg;
  if (layer < 0 || layer >= c.n_layers || head < 0 || head >= c.n_heads) return base;
  ModelWeights w = base;
  w.tok_emb.setZero();
  // Earlier layers add nothing to the residual stream, so `layer` sees the position codes.
  for (int l = 0; l < layer; ++l) {
    w.layers[l].attn.wo.setZero();
    w.layers[l].attn.bo.setZero();
    w.layers[l].w2.setZero();
    w.layers[l].b2.setZero();
  }
  AttentionParams& p = w.layers[layer].attn;
  const int d = c.d_model, dk = c.d_head(), col0 = head * dk;
  p.wq.middleCols(col0, dk).setZero();
  p.wk.middleCols(col0, dk).setZero();
  p.bq.segment(col0, dk).setZero();
  p.bk.segment(col0, dk).setZero();
  // The layer norm turns each position row into roughly sqrt(2) x its code (the code's rows have
  // a fixed norm), so reading a pair's two columns reads (sin(i f), cos(i f)) up to that scale.
  // The highest frequencies (first pairs) separate neighbouring positions best.
  // The layer norm also subtracts each row's mean, which differs between positions (position 0
  // is all cos = 1). The slowest sine column is ~0 at every position, so after the layer norm it
  // holds minus that mean: subtracting it from every input we read cancels the shift.
  const int mean_probe = d - 2;
  const int pairs = std::min(dk / 2, (d - 2) / 2);
  for (int k = 0; k < pairs; ++k) {
    const float freq = std::pow(10000.0f, -static_cast<float>(2 * k) / d);
    const float cf = std::cos(freq), sf = std::sin(freq);
    const int s_in = 2 * k, c_in = 2 * k + 1, s_out = col0 + 2 * k, c_out = col0 + 2 * k + 1;
    // key: the position itself
    p.wk(s_in, s_out) = 1.0f;
    p.wk(c_in, c_out) = 1.0f;
    // query: the position one step back, sin((i-1)f) = sin(if)cos f - cos(if) sin f, and
    // cos((i-1)f) = cos(if)cos f + sin(if) sin f
    p.wq(s_in, s_out) = kSharpness * cf;
    p.wq(c_in, s_out) = -kSharpness * sf;
    p.wq(c_in, c_out) = kSharpness * cf;
    p.wq(s_in, c_out) = kSharpness * sf;
  }
  for (int out = col0; out < col0 + dk; ++out) {
    p.wq(mean_probe, out) -= p.wq.col(out).sum();
    p.wk(mean_probe, out) -= p.wk.col(out).sum();
  }
  w.name = "test model: layer " + std::to_string(layer + 1) + " head " + std::to_string(head + 1) +
           " looks at the previous token";
  w.trained = false;
  return w;
}

}  // namespace attn
