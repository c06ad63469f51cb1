// Multi-head self-attention forward: projections, scores, scaling, mask, softmax, context, output.
#include "attention.h"

#include <cmath>
#include <limits>

namespace attn {

float clamp_temperature(float t) {
  if (!(t == t)) return 1.0f;  // NaN: the neutral temperature
  if (t < kMinTemperature) return kMinTemperature;
  if (t > kMaxTemperature) return kMaxTemperature;
  return t;
}

void softmax_rows(Mat& out, const Mat& logits) {
  const float neg_inf = -std::numeric_limits<float>::infinity();
  out.resize(logits.rows(), logits.cols());
  for (Eigen::Index i = 0; i < logits.rows(); ++i) {
    const float m = logits.row(i).maxCoeff();
    if (m == neg_inf || logits.cols() == 0) {  // every key masked: nothing to attend to
      out.row(i).setZero();
      continue;
    }
    // Subtracting the row max keeps exp() in range. Eigen's vectorised exp(-inf) is a denormal,
    // not 0, so masked entries are zeroed explicitly: a masked pair must weigh exactly nothing.
    out.row(i) = (logits.row(i).array() == neg_inf)
                     .select(0.0f, (logits.row(i).array() - m).exp())
                     .matrix();
    out.row(i) /= out.row(i).sum();
  }
}

void head_attention_forward(HeadTrace& t, const AttentionOptions& opt) {
  const Eigen::Index n = t.q.rows();
  const float dk = static_cast<float>(t.q.cols());
  const float neg_inf = -std::numeric_limits<float>::infinity();
  t.scores.noalias() = t.q * t.k.transpose();
  t.scaled = t.scores / std::sqrt(dk > 0 ? dk : 1.0f);
  t.masked = t.scaled;
  const Eigen::Index nk = t.k.rows();
  for (Eigen::Index j = 0; j < nk; ++j) {
    const bool hidden = j < static_cast<Eigen::Index>(opt.hidden.size()) && opt.hidden[j];
    for (Eigen::Index i = 0; i < n; ++i)
      if (hidden || (opt.causal && j > i)) t.masked(i, j) = neg_inf;
  }
  softmax_rows(t.weights, t.masked / clamp_temperature(opt.temperature));
  t.context.noalias() = t.weights * t.v;
}

void attention_forward(AttentionTrace& trace, const Mat& x, const AttentionParams& p, int n_heads,
                       const AttentionOptions& opt) {
  const Eigen::Index n = x.rows(), d = x.cols();
  const Eigen::Index dk = d / n_heads;
  trace.input = x;
  // One big projection for all heads, then each head takes its column block.
  Mat q = (x * p.wq).rowwise() + p.bq;
  Mat k = (x * p.wk).rowwise() + p.bk;
  Mat v = (x * p.wv).rowwise() + p.bv;
  trace.heads.resize(n_heads);
  trace.concat.resize(n, d);
  for (int h = 0; h < n_heads; ++h) {
    HeadTrace& t = trace.heads[h];
    t.q = q.middleCols(h * dk, dk);
    t.k = k.middleCols(h * dk, dk);
    t.v = v.middleCols(h * dk, dk);
    head_attention_forward(t, opt);
    trace.concat.middleCols(h * dk, dk) = t.context;
  }
  trace.output.noalias() = trace.concat * p.wo;
  trace.output.rowwise() += p.bo;
}

}  // namespace attn
