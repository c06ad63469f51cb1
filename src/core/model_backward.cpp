// Masked-LM loss and the backward pass of the whole encoder, reading model_forward's trace.
#include "model_backward.h"

#include <algorithm>
#include <cmath>

namespace attn {

namespace {
ParamRef ref(const std::string& name, Mat& m, bool decay) {
  return {name, m.data(), static_cast<int>(m.rows()), static_cast<int>(m.cols()), decay};
}
ParamRef ref(const std::string& name, RowVec& v) { return {name, v.data(), 1, static_cast<int>(v.cols()), false}; }
}  // namespace

std::vector<ParamRef> param_list(ModelWeights& w) {
  std::vector<ParamRef> out;
  out.push_back(ref("tok_emb", w.tok_emb, true));
  for (std::size_t i = 0; i < w.layers.size(); ++i) {
    LayerParams& l = w.layers[i];
    const std::string p = "layers." + std::to_string(i) + ".";
    out.push_back(ref(p + "ln1_g", l.ln1_g));
    out.push_back(ref(p + "ln1_b", l.ln1_b));
    out.push_back(ref(p + "attn.wq", l.attn.wq, true));
    out.push_back(ref(p + "attn.bq", l.attn.bq));
    out.push_back(ref(p + "attn.wk", l.attn.wk, true));
    out.push_back(ref(p + "attn.bk", l.attn.bk));
    out.push_back(ref(p + "attn.wv", l.attn.wv, true));
    out.push_back(ref(p + "attn.bv", l.attn.bv));
    out.push_back(ref(p + "attn.wo", l.attn.wo, true));
    out.push_back(ref(p + "attn.bo", l.attn.bo));
    out.push_back(ref(p + "ln2_g", l.ln2_g));
    out.push_back(ref(p + "ln2_b", l.ln2_b));
    out.push_back(ref(p + "w1", l.w1, true));
    out.push_back(ref(p + "b1", l.b1));
    out.push_back(ref(p + "w2", l.w2, true));
    out.push_back(ref(p + "b2", l.b2));
  }
  out.push_back(ref("lnf_g", w.lnf_g));
  out.push_back(ref("lnf_b", w.lnf_b));
  out.push_back(ref("out_bias", w.out_bias));
  return out;
}

std::size_t param_count(const ModelWeights& w) {
  std::size_t n = 0;
  for (const ParamRef& p : param_list(const_cast<ModelWeights&>(w))) n += static_cast<std::size_t>(p.rows) * p.cols;
  return n;
}

ModelWeights zeros_like(const ModelWeights& w) {
  ModelWeights g = w;
  set_zero(g);
  g.name = "gradients";
  return g;
}

void set_zero(ModelWeights& g) {
  for (const ParamRef& p : param_list(g)) std::fill(p.data, p.data + std::size_t(p.rows) * p.cols, 0.0f);
}

void add_into(ModelWeights& g, const ModelWeights& other) {
  std::vector<ParamRef> a = param_list(g);
  std::vector<ParamRef> b = param_list(const_cast<ModelWeights&>(other));
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t n = std::size_t(a[i].rows) * a[i].cols;
    for (std::size_t j = 0; j < n; ++j) a[i].data[j] += b[i].data[j];
  }
}

namespace {
// The tied output layer on final hidden states h [m, d]: logits [m, vocab].
void output_logits(Mat& logits, const ModelWeights& w, const Mat& h) {
  logits.noalias() = h * w.tok_emb.transpose();
  logits.rowwise() += w.out_bias;
}
}  // namespace

void mlm_logits(Mat& logits, const ModelWeights& w, const Mat& lnf, const std::vector<int>& positions) {
  const int m = static_cast<int>(positions.size());
  Mat h(m, lnf.cols());  // [m, d] the final hidden state of each chosen position
  for (int j = 0; j < m; ++j) h.row(j) = lnf.row(positions[j]);
  output_logits(logits, w, h);
}

float mlm_loss_and_backward(ModelWeights* grads, const ModelWeights& w, const ModelTrace& t,
                            const std::vector<int>& positions, const std::vector<int>& targets, float scale,
                            int* correct1, int* correct5) {
  return mlm_group_loss_and_backward(grads, w, {{&t, &positions, &targets}}, scale, correct1, correct5);
}

float mlm_group_loss_and_backward(ModelWeights* grads, const ModelWeights& w, const std::vector<MlmItem>& items,
                                  float scale, int* correct1, int* correct5) {
  if (correct1) *correct1 = 0;
  if (correct5) *correct5 = 0;
  int m = 0;
  for (const MlmItem& it : items) m += static_cast<int>(it.positions->size());
  if (m == 0) return 0.0f;
  const Eigen::Index d = w.tok_emb.cols();
  Mat h(m, d);  // [m, d] the final hidden state of each chosen position, item after item
  std::vector<int> targets;
  targets.reserve(m);
  for (const MlmItem& it : items)
    for (std::size_t k = 0; k < it.positions->size(); ++k) {
      h.row(static_cast<Eigen::Index>(targets.size())) = it.trace->lnf.row((*it.positions)[k]);
      targets.push_back((*it.targets)[k]);
    }
  Mat logits;  // [m, vocab]
  output_logits(logits, w, h);
  double loss = 0.0;
  Mat dlogits(m, logits.cols());  // [m, vocab] = scale * (softmax - onehot)
  for (int j = 0; j < m; ++j) {
    const float mx = logits.row(j).maxCoeff();
    const float target_logit = logits(j, targets[j]);
    dlogits.row(j) = (logits.row(j).array() - mx).exp().matrix();
    const float sum = dlogits.row(j).sum();
    loss += std::log(sum) - (target_logit - mx);
    if (correct1 || correct5) {
      // Rank of the target = how many logits beat it (ties count against it).
      int better = 0;
      for (Eigen::Index v = 0; v < logits.cols(); ++v)
        if (logits(j, v) > target_logit || (logits(j, v) == target_logit && v < targets[j])) ++better;
      if (correct1 && better == 0) ++*correct1;
      if (correct5 && better < 5) ++*correct5;
    }
    if (grads) {
      dlogits.row(j) *= scale / sum;
      dlogits(j, targets[j]) -= scale;
    }
  }
  if (!grads) return static_cast<float>(loss);

  // Differentiates: logits = h * tok_emb^T + out_bias (tied weights: tok_emb gets this too).
  grads->tok_emb.noalias() += dlogits.transpose() * h;  // [vocab, d]
  grads->out_bias += dlogits.colwise().sum();  // [vocab]
  const Mat dh = dlogits * w.tok_emb;  // [m, d]
  Mat dlnf;
  int j = 0;
  for (const MlmItem& it : items) {
    const ModelTrace& t = *it.trace;
    dlnf.setZero(t.lnf.rows(), t.lnf.cols());  // [n, d], zero where nothing was asked
    for (int pos : *it.positions) dlnf.row(pos) += dh.row(j++);
    model_backward(*grads, w, t, dlnf, AttentionOptions{});
  }
  return static_cast<float>(loss);
}

void model_backward(ModelWeights& grads, const ModelWeights& w, const ModelTrace& t, const Mat& dlnf,
                    const AttentionOptions& opt) {
  const ModelConfig& c = w.cfg;
  const Eigen::Index n = t.lnf.rows(), d = c.d_model;
  // dx: [n, d] gradient of the residual stream, walked from the top of the network down.
  const Mat& x_top = c.n_layers > 0 ? t.layers.back().x_out : t.embed;
  Mat dx = Mat::Zero(n, d);
  // Differentiates: layernorm_forward(t.lnf, ..., *x, w.lnf_g, w.lnf_b)
  layernorm_backward(dx, grads.lnf_g, grads.lnf_b, dlnf, x_top, t.lnf_mean, t.lnf_rstd, w.lnf_g);

  Mat dff_act, dff_pre, dln2, dln1;  // scratch, sized per layer
  for (int li = c.n_layers - 1; li >= 0; --li) {
    const LayerParams& p = w.layers[li];
    LayerParams& g = grads.layers[li];
    const LayerTrace& L = t.layers[li];
    // Differentiates: L.x_out = L.x_mid + L.ff_out  -> dx flows to x_mid unchanged, and into the MLP.
    // Differentiates: linear_forward(L.ff_out, L.ff_act, p.w2, p.b2)
    dff_act = Mat::Zero(n, c.d_ff);  // [n, f]
    linear_backward(dff_act, g.w2, g.b2, dx, L.ff_act, p.w2);
    // Differentiates: gelu_forward(L.ff_act, L.ff_pre)
    dff_pre = Mat::Zero(n, c.d_ff);  // [n, f]
    gelu_backward(dff_pre, dff_act, L.ff_pre);
    // Differentiates: linear_forward(L.ff_pre, L.ln2, p.w1, p.b1)
    dln2 = Mat::Zero(n, d);  // [n, d]
    linear_backward(dln2, g.w1, g.b1, dff_pre, L.ln2, p.w1);
    // Differentiates: layernorm_forward(L.ln2, ..., L.x_mid, p.ln2_g, p.ln2_b); dx is now d/dx_mid.
    layernorm_backward(dx, g.ln2_g, g.ln2_b, dln2, L.x_mid, L.ln2_mean, L.ln2_rstd, p.ln2_g);
    // Differentiates: L.x_mid = L.x_in + L.attn.output
    // Differentiates: attention_forward(L.attn, L.ln1, p.attn, c.n_heads, opt)
    dln1 = Mat::Zero(n, d);  // [n, d]
    attention_backward(dln1, g.attn, dx, L.attn, p.attn, c.n_heads, opt);
    // Differentiates: layernorm_forward(L.ln1, ..., L.x_in, p.ln1_g, p.ln1_b); dx is now d/dx_in.
    layernorm_backward(dx, g.ln1_g, g.ln1_b, dln1, L.x_in, L.ln1_mean, L.ln1_rstd, p.ln1_g);
  }
  // Differentiates: t.embed.row(i) += w.tok_emb.row(ids[i]) (the position code is a constant).
  for (Eigen::Index i = 0; i < n; ++i) grads.tok_emb.row(t.ids[i]) += dx.row(i);
}

}  // namespace attn
