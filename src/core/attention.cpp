// Multi-head self-attention forward: projections, scores, scaling, mask, softmax, context, output.
#include "attention.h"

#include <cmath>
#include <limits>

#include "gemm.h"

namespace attn {

float clamp_temperature(float t) {
  if (!(t == t)) return 1.0f;  // NaN: the neutral temperature
  if (t < kMinTemperature) return kMinTemperature;
  if (t > kMaxTemperature) return kMaxTemperature;
  return t;
}

void softmax_rows(Mat& out, const Mat& logits) {  // out may be logits: each entry is read before it is written
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
    out.row(i) = (logits.row(i).array() == neg_inf).select(0.0f, (logits.row(i).array() - m).exp()).matrix();
    out.row(i) /= out.row(i).sum();
  }
}

namespace {
// Division element by element: the same bits whether written m / s or m /= s.
void scale_scores(Mat& m, Eigen::Index dk_cols) {
  const float dk = static_cast<float>(dk_cols);
  m /= std::sqrt(dk > 0 ? dk : 1.0f);
}

// -inf where the mask or a hidden key forbids a pair, in place.
void apply_mask(Mat& m, const AttentionOptions& opt) {
  const float neg_inf = -std::numeric_limits<float>::infinity();
  const Eigen::Index n = m.rows(), nk = m.cols();
  for (Eigen::Index j = 0; j < nk; ++j) {
    const bool hidden = j < static_cast<Eigen::Index>(opt.hidden.size()) && opt.hidden[j];
    for (Eigen::Index i = 0; i < n; ++i)
      if (hidden || (opt.causal && j > i)) m(i, j) = neg_inf;
  }
}
}  // namespace

void head_score_steps(HeadTrace& t, const AttentionOptions& opt) {
  matmul_bt(t.scores, t.q, t.k);
  t.scaled = t.scores;
  scale_scores(t.scaled, t.q.cols());
  t.masked = t.scaled;
  apply_mask(t.masked, opt);
}

void head_weights(Mat& out, const Mat& q, const Mat& k, const AttentionOptions& opt) {
  // The weights matrix itself goes through every step in place (the same operations in the same
  // order as the Full path, so the same bits): no [n, n] matrix besides the weights is allocated.
  matmul_bt(out, q, k);
  scale_scores(out, q.cols());
  apply_mask(out, opt);
  out /= clamp_temperature(opt.temperature);
  softmax_rows(out, out);
}

void head_attention_forward(HeadTrace& t, const AttentionOptions& opt, HeadDetail detail) {
  const float temperature = clamp_temperature(opt.temperature);
  if (detail == HeadDetail::Full) {
    head_score_steps(t, opt);
    softmax_rows(t.weights, t.masked / temperature);
  } else {
    head_weights(t.weights, t.q, t.k, opt);
    t.scores.resize(0, 0);
    t.scaled.resize(0, 0);
    t.masked.resize(0, 0);
  }
  matmul(t.context, t.weights, t.v);
  if (detail == HeadDetail::Context) t.weights.resize(0, 0);
}

void attention_forward(AttentionTrace& trace, const Mat& x, const AttentionParams& p, int n_heads,
                       const AttentionOptions& opt, HeadDetail detail) {
  const Eigen::Index n = x.rows(), d = x.cols();
  const Eigen::Index dk = d / n_heads;
  trace.input = x;
  // One big projection for all heads, then each head takes its column block.
  Mat q, k, v;
  matmul(q, x, p.wq);
  matmul(k, x, p.wk);
  matmul(v, x, p.wv);
  q.rowwise() += p.bq;
  k.rowwise() += p.bk;
  v.rowwise() += p.bv;
  trace.heads.resize(n_heads);
  trace.concat.resize(n, d);
  for (int h = 0; h < n_heads; ++h) {
    HeadTrace& t = trace.heads[h];
    if (n == 0) {
      // No tokens (blank text): the matrices own no storage, and a column block of one would
      // offset a null pointer, which is undefined behaviour (UBSan reports it). Empty heads.
      t.q.resize(0, dk);
      t.k.resize(0, dk);
      t.v.resize(0, dk);
      head_attention_forward(t, opt, detail);
      continue;
    }
    t.q = q.middleCols(h * dk, dk);
    t.k = k.middleCols(h * dk, dk);
    t.v = v.middleCols(h * dk, dk);
    head_attention_forward(t, opt, detail);
    trace.concat.middleCols(h * dk, dk) = t.context;
  }
  matmul(trace.output, trace.concat, p.wo);
  trace.output.rowwise() += p.bo;
}

}  // namespace attn

// ---- backward ------------------------------------------------------------------------------

namespace attn {

void attention_backward(Mat& dx, AttentionParams& grads, const Mat& dout, const AttentionTrace& trace,
                        const AttentionParams& p, int n_heads, const AttentionOptions& opt) {
  const Eigen::Index n = trace.input.rows(), d = trace.input.cols();
  const Eigen::Index dk = d / n_heads;
  const float inv_temp = 1.0f / clamp_temperature(opt.temperature);
  const float inv_sqrt_dk = 1.0f / std::sqrt(dk > 0 ? static_cast<float>(dk) : 1.0f);

  // Differentiates: trace.output = trace.concat * p.wo + p.bo
  grads.wo.noalias() += trace.concat.transpose() * dout;  // [d, d]
  grads.bo += dout.colwise().sum();  // [d]
  const Mat dconcat = dout * p.wo.transpose();  // [n, d]

  Mat dq(n, d), dkm(n, d), dv(n, d);  // [n, d] gradients of the big projections, all heads
  for (int h = 0; h < n_heads; ++h) {
    const HeadTrace& t = trace.heads[h];
    const auto dcontext = dconcat.middleCols(h * dk, dk);  // [n, dk]
    // Differentiates: t.context = t.weights * t.v
    const Mat dweights = dcontext * t.v.transpose();  // [n, n]
    dv.middleCols(h * dk, dk).noalias() = t.weights.transpose() * dcontext;  // [n, dk]
    // Differentiates: t.weights = softmax_rows(t.masked / T). For one row w = softmax(z):
    //   dz = w * (dw - sum(dw * w)). Masked pairs have w = 0, so they get no gradient, as they
    //   should: the mask is a constant.
    Mat dmasked(n, n);  // [n, n] also d / d scaled, since masking only copies the allowed entries
    for (Eigen::Index i = 0; i < n; ++i) {
      const float dot = t.weights.row(i).dot(dweights.row(i));
      dmasked.row(i) = (t.weights.row(i).array() * (dweights.row(i).array() - dot) * inv_temp).matrix();
    }
    // Differentiates: t.scaled = t.scores / sqrt(dk) and t.scores = t.q * t.k^T
    const Mat dscores = dmasked * inv_sqrt_dk;  // [n, n]
    dq.middleCols(h * dk, dk).noalias() = dscores * t.k;  // [n, dk]
    dkm.middleCols(h * dk, dk).noalias() = dscores.transpose() * t.q;  // [n, dk]
  }

  // Differentiates: q = x * wq + bq (and the same for k, v); x feeds all three.
  const Mat& x = trace.input;
  grads.wq.noalias() += x.transpose() * dq;
  grads.wk.noalias() += x.transpose() * dkm;
  grads.wv.noalias() += x.transpose() * dv;
  grads.bq += dq.colwise().sum();
  grads.bk += dkm.colwise().sum();
  grads.bv += dv.colwise().sum();
  dx.noalias() += dq * p.wq.transpose();
  dx.noalias() += dkm * p.wk.transpose();
  dx.noalias() += dv * p.wv.transpose();
}

}  // namespace attn
