// "Honest attention": word-level merging, norm-based contributions and rollout, with Eigen products.
#include "honest_attention.h"

#include <algorithm>

#include "gemm.h"

namespace attn {

namespace {

bool is_hidden(const std::vector<bool>& hidden, Eigen::Index k) {
  return k < static_cast<Eigen::Index>(hidden.size()) && hidden[static_cast<std::size_t>(k)];
}

void zero_hidden_columns(Mat& m, const std::vector<bool>& hidden) {
  const Eigen::Index n = std::min<Eigen::Index>(m.cols(), static_cast<Eigen::Index>(hidden.size()));
  for (Eigen::Index k = 0; k < n; ++k)
    if (hidden[static_cast<std::size_t>(k)]) m.col(k).setZero();
}

void scale_rows_in_place(Mat& m) {
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    const float s = m.row(i).sum();
    if (s > 0.0f) m.row(i) /= s;
    else m.row(i).setZero();  // all zero (or not a number): nothing to share out
  }
}

// Row of ValueNorms::gram holding <f_h, f_g>, h <= g: rows before h are H + (H-1) + ... + (H-h+1).
int gram_row(int h, int g, int n_heads) { return h * n_heads - h * (h - 1) / 2 + (g - h); }

// Every head's weights must be [n, n] for the same n; returns n, or -1 if not.
Eigen::Index square_size(const AttentionTrace& t) {
  if (t.heads.empty()) return -1;
  const Eigen::Index n = t.heads[0].weights.rows();
  for (const HeadTrace& h : t.heads)
    if (h.weights.rows() != n || h.weights.cols() != n) return -1;
  return n;
}

}  // namespace

// ---- words --------------------------------------------------------------------------------

std::vector<WordSpan> group_words(const std::vector<Token>& pieces) {
  std::vector<WordSpan> words;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const Token& p = pieces[i];
    if (words.empty() || !p.joins_previous) {
      WordSpan w;
      w.begin = p.begin;
      words.push_back(std::move(w));
    }
    WordSpan& w = words.back();
    w.text += p.text;
    w.end = p.end;
    w.pieces.push_back(static_cast<int>(i));
  }
  return words;
}

Mat merge_to_words(const Mat& a, const std::vector<WordSpan>& words) {
  const Eigen::Index n = a.rows(), nw = static_cast<Eigen::Index>(words.size());
  if (a.cols() != n) return Mat();
  for (const WordSpan& w : words)
    for (int p : w.pieces)
      if (p < 0 || p >= n) return Mat();
  // Rows first (contiguous in row-major): each word's row is the mean of its pieces' rows that
  // attend to something, so a zero row (a hidden token in rollout) does not dilute its word.
  Mat rows = Mat::Zero(nw, n);
  for (Eigen::Index w = 0; w < nw; ++w) {
    int used = 0;
    for (int p : words[static_cast<std::size_t>(w)].pieces) {
      if ((a.row(p).array() == 0.0f).all()) continue;
      rows.row(w) += a.row(p);
      ++used;
    }
    if (used > 1) rows.row(w) /= static_cast<float>(used);
  }
  // Then columns: a key word receives everything its pieces received.
  Mat out = Mat::Zero(nw, nw);
  for (Eigen::Index w = 0; w < nw; ++w)
    for (int p : words[static_cast<std::size_t>(w)].pieces) out.col(w) += rows.col(p);
  return out;
}

// ---- norm-based contributions ---------------------------------------------------------------

ValueNorms value_norms(const AttentionTrace& trace, const AttentionParams& p) {
  ValueNorms vn;
  const int nh = static_cast<int>(trace.heads.size());
  if (nh == 0) return vn;
  const Eigen::Index n = trace.heads[0].v.rows(), dk = trace.heads[0].v.cols(), d = p.wo.cols();
  if (p.wo.rows() != nh * dk) return vn;
  for (const HeadTrace& h : trace.heads)
    if (h.v.rows() != n || h.v.cols() != dk) return vn;
  vn.n_heads = nh;
  const int pairs = nh * (nh + 1) / 2;
  vn.head = Mat::Zero(nh, n);
  vn.all = RowVec::Zero(n);
  vn.gram = Mat::Zero(pairs, n);
  // Nothing to multiply: blocks of empty matrices would offset a null pointer (UB), so stop here.
  if (n == 0 || dk == 0 || d == 0) return vn;

  // f_h = V_h W_O^h, [n, d] per head: the whole cost (n * dk * d_model per head, the same as the
  // forward's output projection); everything below is O(n * d_model) per head pair.
  std::vector<Mat> f(static_cast<std::size_t>(nh));
  Mat wo_h;
  Mat sum = Mat::Zero(n, d);
  for (int h = 0; h < nh; ++h) {
    wo_h = p.wo.middleRows(h * dk, dk);
    matmul(f[h], trace.heads[h].v, wo_h);
    sum += f[h];
  }
  for (int h = 0; h < nh; ++h)
    for (int g = h; g < nh; ++g)
      vn.gram.row(gram_row(h, g, nh)) = (f[h].array() * f[g].array()).rowwise().sum().transpose();
  for (int h = 0; h < nh; ++h) vn.head.row(h) = vn.gram.row(gram_row(h, h, nh)).cwiseSqrt();
  vn.all = sum.rowwise().norm().transpose();
  return vn;
}

Mat norm_contributions(const AttentionTrace& trace, const ValueNorms& norms, int head,
                       const std::vector<bool>& hidden) {
  const int nh = static_cast<int>(trace.heads.size());
  const Eigen::Index n = square_size(trace);
  if (n < 0 || norms.n_heads != nh || norms.head.cols() != n || head < -1 || head >= nh) return Mat();
  if (n == 0) return Mat();  // no tokens: no blocks of empty storage are taken below
  Mat c;
  if (head >= 0) {
    // alpha_ij * ||f_h(x_j)||: each column scaled by its key's norm.
    c = (trace.heads[head].weights.array().rowwise() * norms.head.row(head).array()).matrix();
  } else {
    // ||sum_h a_h f_h||^2 = sum_h a_h^2 G_hh + 2 sum_{h<g} a_h a_g G_hg, per (query, key).
    Mat c2 = Mat::Zero(n, n);
    RowVec g_row;
    for (int h = 0; h < nh; ++h)
      for (int g = h; g < nh; ++g) {
        g_row = norms.gram.row(gram_row(h, g, nh)) * (h == g ? 1.0f : 2.0f);
        c2.array() += (trace.heads[h].weights.array() * trace.heads[g].weights.array()).rowwise() *
                      g_row.array();
      }
    c = c2.cwiseMax(0.0f).cwiseSqrt();  // rounding can leave a tiny negative where heads cancel
  }
  zero_hidden_columns(c, hidden);
  return c;
}

Mat norm_contributions(const AttentionTrace& trace, const AttentionParams& p, int head,
                       const std::vector<bool>& hidden) {
  return norm_contributions(trace, value_norms(trace, p), head, hidden);
}

Mat norm_contribution_shares(const AttentionTrace& trace, const ValueNorms& norms, int head,
                             const std::vector<bool>& hidden) {
  Mat c = norm_contributions(trace, norms, head, hidden);
  scale_rows_in_place(c);
  return c;
}

Mat norm_contribution_shares(const AttentionTrace& trace, const AttentionParams& p, int head,
                             const std::vector<bool>& hidden) {
  return norm_contribution_shares(trace, value_norms(trace, p), head, hidden);
}

Mat scale_rows_to_one(const Mat& c) {
  Mat out = c;
  scale_rows_in_place(out);
  return out;
}

// ---- rollout ------------------------------------------------------------------------------

Mat rollout_layer_matrix(const AttentionTrace& layer, const std::vector<bool>& hidden) {
  const Eigen::Index n = square_size(layer);
  if (n < 0) return Mat();
  Mat m = layer.heads[0].weights;
  for (std::size_t h = 1; h < layer.heads.size(); ++h) m += layer.heads[h].weights;
  m *= 0.5f / static_cast<float>(layer.heads.size());
  zero_hidden_columns(m, hidden);
  for (Eigen::Index i = 0; i < n; ++i) {
    if (is_hidden(hidden, i)) m.row(i).setZero();
    else m(i, i) += 0.5f;
  }
  // Visible rows already sum to 1 when the forward saw the same flags; renormalising keeps them
  // distributions when it did not (a hidden key's weight removed above).
  scale_rows_in_place(m);
  return m;
}

Mat attention_rollout(const ModelTrace& trace, int layer, const std::vector<bool>& hidden) {
  if (layer < 0 || layer >= static_cast<int>(trace.layers.size())) return Mat();
  Mat r = rollout_layer_matrix(trace.layers[0].attn, hidden), next;
  for (int l = 1; l <= layer; ++l) {
    const Mat a = rollout_layer_matrix(trace.layers[l].attn, hidden);
    if (a.rows() != r.rows()) return Mat();
    if (r.size() == 0) { r = a; continue; }  // no tokens: nothing to multiply (null data)
    matmul(next, a, r);
    r.swap(next);
  }
  return r;
}

std::vector<Mat> attention_rollout(const ModelTrace& trace, const std::vector<bool>& hidden) {
  std::vector<Mat> out(trace.layers.size());
  for (std::size_t l = 0; l < out.size(); ++l) {
    out[l] = rollout_layer_matrix(trace.layers[l].attn, hidden);
    if (l == 0 || out[l].size() == 0) continue;
    if (out[l].rows() != out[l - 1].rows()) return {};
    Mat r;
    matmul(r, out[l], out[l - 1]);
    out[l].swap(r);
  }
  return out;
}

// ---- attention sinks -------------------------------------------------------------------------

SinkFinding find_sink(const Mat& raw, const Mat& shares, int row) {
  SinkFinding f;
  if (row < 0 || row >= raw.rows() || raw.rows() != shares.rows() || raw.cols() != shares.cols() || raw.cols() == 0)
    return f;
  Eigen::Index key = 0;
  const float w = raw.row(row).maxCoeff(&key), c = shares(row, key);
  if (w >= kSinkWeight && c < kSinkRatio * w) {
    f.key = static_cast<int>(key);
    f.weight = w;
    f.contribution = c;
  }
  return f;
}

AllHonestViews all_honest_views(const ModelTrace& t, const ModelWeights& w) {
  AllHonestViews b;
  const std::vector<bool> hidden(t.ids.size(), false);
  for (std::size_t l = 0; l < t.layers.size(); ++l) {
    const AttentionTrace& at = t.layers[l].attn;
    b.norms.push_back(value_norms(at, w.layers[l].attn));
    for (int h = -1; h < static_cast<int>(at.heads.size()); ++h) {
      b.contributions.push_back(norm_contributions(at, b.norms.back(), h, hidden));
      b.shares.push_back(scale_rows_to_one(b.contributions.back()));
    }
  }
  b.rollout = attention_rollout(t, hidden);
  return b;
}

}  // namespace attn
