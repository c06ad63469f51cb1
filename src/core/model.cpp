// The encoder forward pass, composed from the kernels; every activation stays in the trace.
#include "model.h"

#include <cmath>

#include "gemm.h"
#include "random_fill.h"

namespace attn {

namespace {
RowVec constant(Eigen::Index n, float v) { return RowVec::Constant(n, v); }
}  // namespace

ModelWeights random_weights(const ModelConfig& cfg, uint64_t seed, float init_scale) {
  Rng rng(seed);
  ModelWeights w;
  w.cfg = cfg;
  const int d = cfg.d_model, f = cfg.d_ff;
  fill_normal(w.tok_emb, cfg.vocab_size, d, rng, init_scale);
  w.layers.resize(cfg.n_layers);
  for (LayerParams& l : w.layers) {
    l.ln1_g = constant(d, 1);
    l.ln1_b = constant(d, 0);
    fill_normal(l.attn.wq, d, d, rng, init_scale);
    fill_normal(l.attn.wk, d, d, rng, init_scale);
    fill_normal(l.attn.wv, d, d, rng, init_scale);
    fill_normal(l.attn.wo, d, d, rng, init_scale);
    l.attn.bq = l.attn.bk = l.attn.bv = l.attn.bo = constant(d, 0);
    l.ln2_g = constant(d, 1);
    l.ln2_b = constant(d, 0);
    fill_normal(l.w1, d, f, rng, init_scale);
    l.b1 = constant(f, 0);
    fill_normal(l.w2, f, d, rng, init_scale);
    l.b2 = constant(d, 0);
  }
  w.lnf_g = constant(d, 1);
  w.lnf_b = constant(d, 0);
  w.out_bias = constant(cfg.vocab_size, 0);
  w.name = "untrained weights (seed " + std::to_string(seed) + ")";
  w.trained = false;
  return w;
}

void model_forward(ModelTrace& t, const ModelWeights& w, const std::vector<int>& ids, const AttentionOptions& opt,
                   bool want_logits, ForwardDetail detail) {
  const ModelConfig& c = w.cfg;
  const int n = static_cast<int>(ids.size());
  t.ids = ids;
  position_encoding(t.embed, n, c.d_model);
  for (int i = 0; i < n; ++i) t.embed.row(i) += w.tok_emb.row(ids[i]);
  t.layers.resize(c.n_layers);
  const Mat* x = &t.embed;
  for (int li = 0; li < c.n_layers; ++li) {
    const LayerParams& p = w.layers[li];
    LayerTrace& L = t.layers[li];
    L.x_in = *x;
    layernorm_forward(L.ln1, L.ln1_mean, L.ln1_rstd, L.x_in, p.ln1_g, p.ln1_b);
    // A layer whose attention will be dropped below keeps no head's weights even while it runs.
    const bool dropped = detail.attention_layer >= 0 && detail.attention_layer != li;
    attention_forward(L.attn, L.ln1, p.attn, c.n_heads, opt, dropped ? HeadDetail::Context : detail.heads);
    L.x_mid = L.x_in + L.attn.output;
    layernorm_forward(L.ln2, L.ln2_mean, L.ln2_rstd, L.x_mid, p.ln2_g, p.ln2_b);
    linear_forward(L.ff_pre, L.ln2, p.w1, p.b1);
    gelu_forward(L.ff_act, L.ff_pre);
    linear_forward(L.ff_out, L.ff_act, p.w2, p.b2);
    L.x_out = L.x_mid + L.ff_out;
    x = &L.x_out;
    if (!detail.mlp) {
      for (Mat* m : {&L.x_in, &L.x_mid, &L.ln2, &L.ff_pre, &L.ff_act, &L.ff_out}) m->resize(0, 0);
      L.ln2_mean.resize(0);
      L.ln2_rstd.resize(0);
    }
    if (dropped) {
      L.ln1.resize(0, 0);
      L.attn = AttentionTrace{};
    }
  }
  layernorm_forward(t.lnf, t.lnf_mean, t.lnf_rstd, *x, w.lnf_g, w.lnf_b);
  if (want_logits) {
    matmul_bt(t.logits, t.lnf, w.tok_emb);
    t.logits.rowwise() += w.out_bias;
  } else {
    t.logits.resize(0, 0);
  }
}

}  // namespace attn
