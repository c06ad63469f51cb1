// "Honest attention": word-level merging, norm-based contributions and rollout; hot loops in 4-float vectors.
#include "honest_attention.h"

#include <algorithm>
#include <cmath>

#include "gemm.h"
#include "honest_rows.h"

namespace attn {

namespace {

bool is_hidden(const std::vector<bool>& hidden, Eigen::Index k) {
  return k < static_cast<Eigen::Index>(hidden.size()) && hidden[static_cast<std::size_t>(k)];
}

// Row by row: each row is divided by its sum, or set to zero when the sum is not positive.
void scale_rows_in_place(Mat& m) {
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    float* row = m.data() + i * m.cols();
    honest_rows::scale_to_one(row, row, m.cols());
  }
}

// The indices k < n with hidden[k], so a row loop touches only those.
std::vector<Eigen::Index> hidden_indices(const std::vector<bool>& hidden, Eigen::Index n) {
  std::vector<Eigen::Index> out;
  for (Eigen::Index k = 0; k < std::min<Eigen::Index>(n, static_cast<Eigen::Index>(hidden.size())); ++k)
    if (hidden[static_cast<std::size_t>(k)]) out.push_back(k);
  return out;
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

// The Gram rows of a layer with the factor 2 of the off-diagonal pairs applied once (the all-heads
// contributions' quadratic form reads them so).
Mat doubled_gram(const ValueNorms& norms) {
  Mat g2 = norms.gram;
  for (int h = 0; h < norms.n_heads; ++h)
    for (int g = h + 1; g < norms.n_heads; ++g) g2.row(gram_row(h, g, norms.n_heads)) *= 2.0f;
  return g2;
}

// Row i of the unscaled contributions of `head` (-1 = all heads, from g2) into out [n], hidden
// keys zeroed; w[h] is row i of head h's weights.
void contribution_row(float* out, const float* const* w, int head, const ValueNorms& norms, const Mat& g2,
                      Eigen::Index n, const std::vector<Eigen::Index>& hidden_keys) {
  if (head >= 0)
    honest_rows::weighted(out, w[head], norms.head.data() + head * n, n);  // alpha_ij * ||f_h(x_j)||
  else
    honest_rows::all_heads(out, w, norms.n_heads, g2.data(), n);
  for (Eigen::Index k : hidden_keys) out[k] = 0.0f;
}

// Row i (a visible query) of A^_l into out [n]: ((w_0 + w_1) + ...) * (0.5 / heads), hidden keys
// zeroed, 0.5 on the diagonal, scaled to 1 (visible rows already sum to 1 when the forward saw
// the same flags; renormalising keeps them distributions when it did not).
void rollout_row(float* out, const float* const* w, int heads, Eigen::Index i, Eigen::Index n,
                 const std::vector<Eigen::Index>& hidden_keys) {
  honest_rows::sum_of_heads(out, w, heads, 0.5f / static_cast<float>(heads), n);
  for (Eigen::Index k : hidden_keys) out[k] = 0.0f;
  out[i] += 0.5f;
  honest_rows::scale_to_one(out, out, n);
}

// R_0 = A^_0, R_l = A^_l R_(l-1), in place over the layers' A^_l; {} when their sizes differ.
std::vector<Mat> chain_rollout(std::vector<Mat> a) {
  for (std::size_t l = 1; l < a.size(); ++l) {
    if (a[l].size() == 0) continue;  // no tokens: nothing to multiply (null data)
    if (a[l].rows() != a[l - 1].rows()) return {};
    Mat r;
    matmul(r, a[l], a[l - 1]);
    a[l].swap(r);
  }
  return a;
}

// Points w[h] at row i of every head's weights.
void head_rows(std::vector<const float*>& w, const AttentionTrace& t, Eigen::Index i) {
  w.resize(t.heads.size());
  for (std::size_t h = 0; h < t.heads.size(); ++h) w[h] = t.heads[h].weights.data() + i * t.heads[h].weights.cols();
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
  for (int h = 0; h < nh; ++h) {
    wo_h = p.wo.middleRows(h * dk, dk);
    matmul(f[h], trace.heads[h].v, wo_h);
  }
  // Per key j: the heads' pairwise dot products and the norm of their sum, row by row of f.
  std::vector<float> sum(static_cast<std::size_t>(d));
  for (Eigen::Index j = 0; j < n; ++j) {
    for (int h = 0; h < nh; ++h)
      for (int g = h; g < nh; ++g)
        vn.gram(gram_row(h, g, nh), j) = honest_rows::dot(f[h].data() + j * d, f[g].data() + j * d, d);
    std::copy_n(f[0].data() + j * d, d, sum.data());
    for (int h = 1; h < nh; ++h) {
      const float* fh = f[h].data() + j * d;
      for (Eigen::Index k = 0; k < d; ++k) sum[k] += fh[k];
    }
    vn.all[j] = std::sqrt(honest_rows::dot(sum.data(), sum.data(), d));
  }
  for (int h = 0; h < nh; ++h) vn.head.row(h) = vn.gram.row(gram_row(h, h, nh)).cwiseSqrt();
  return vn;
}

Mat norm_contributions(const AttentionTrace& trace, const ValueNorms& norms, int head,
                       const std::vector<bool>& hidden) {
  const int nh = static_cast<int>(trace.heads.size());
  const Eigen::Index n = square_size(trace);
  if (n < 0 || norms.n_heads != nh || norms.head.cols() != n || head < -1 || head >= nh) return Mat();
  if (n == 0) return Mat();  // no tokens: no blocks of empty storage are taken below
  const std::vector<Eigen::Index> hidden_keys = hidden_indices(hidden, n);
  const Mat g2 = head < 0 ? doubled_gram(norms) : Mat();
  std::vector<const float*> w;
  Mat c(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    head_rows(w, trace, i);
    contribution_row(c.data() + i * n, w.data(), head, norms, g2, n, hidden_keys);
  }
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
  // Read once and written once (a copy scaled in place would go over the matrix three times).
  Mat out(c.rows(), c.cols());
  for (Eigen::Index i = 0; i < c.rows(); ++i)
    honest_rows::scale_to_one(out.data() + i * c.cols(), c.data() + i * c.cols(), c.cols());
  return out;
}

// ---- rollout ------------------------------------------------------------------------------

Mat rollout_layer_matrix(const AttentionTrace& layer, const std::vector<bool>& hidden) {
  const Eigen::Index n = square_size(layer);
  if (n < 0) return Mat();
  const std::vector<Eigen::Index> hidden_keys = hidden_indices(hidden, n);
  std::vector<const float*> w;
  Mat m(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    float* out = m.data() + i * n;
    if (is_hidden(hidden, i)) {  // switched off: gathers nothing
      std::fill(out, out + n, 0.0f);
      continue;
    }
    head_rows(w, layer, i);
    rollout_row(out, w.data(), static_cast<int>(layer.heads.size()), i, n, hidden_keys);
  }
  return m;
}

Mat attention_rollout(const ModelTrace& trace, int layer, const std::vector<bool>& hidden) {
  if (layer < 0 || layer >= static_cast<int>(trace.layers.size())) return Mat();
  Mat r = rollout_layer_matrix(trace.layers[0].attn, hidden), next;
  for (int l = 1; l <= layer; ++l) {
    const Mat a = rollout_layer_matrix(trace.layers[l].attn, hidden);
    if (a.rows() != r.rows()) return Mat();
    if (r.size() == 0) {
      r = a;
      continue;
    }  // no tokens: nothing to multiply (null data)
    matmul(next, a, r);
    r.swap(next);
  }
  return r;
}

std::vector<Mat> attention_rollout(const ModelTrace& trace, const std::vector<bool>& hidden) {
  std::vector<Mat> a(trace.layers.size());
  for (std::size_t l = 0; l < a.size(); ++l) a[l] = rollout_layer_matrix(trace.layers[l].attn, hidden);
  return chain_rollout(std::move(a));
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
  // The same numbers as value_norms, norm_contributions, scale_rows_to_one and attention_rollout
  // one by one (a native test compares the bits), but each row of the heads' weights is read once
  // for everything computed from it: the 40 matrices of 256 x 256 do not fit in cache together,
  // and reading the weights three times was a large part of the time.
  AllHonestViews b;
  std::vector<Mat> a(t.layers.size());  // A^_l, then R_l
  const std::vector<Eigen::Index> none;
  std::vector<const float*> rows;
  for (std::size_t l = 0; l < t.layers.size(); ++l) {
    const AttentionTrace& at = t.layers[l].attn;
    const int nh = static_cast<int>(at.heads.size());
    b.norms.push_back(value_norms(at, w.layers[l].attn));
    const ValueNorms& vn = b.norms.back();
    const std::size_t first = b.contributions.size();  // head -1 first, then 0 .. nh-1
    b.contributions.resize(first + static_cast<std::size_t>(nh) + 1);
    b.shares.resize(first + static_cast<std::size_t>(nh) + 1);
    const Eigen::Index n = square_size(at);
    if (n < 0) continue;  // no heads or mismatched shapes: empty, as the functions give
    a[l].resize(n, n);
    const bool norms_ok = n > 0 && vn.n_heads == nh && vn.head.cols() == n;
    const Mat g2 = norms_ok ? doubled_gram(vn) : Mat();
    Mat* c = b.contributions.data() + first;
    Mat* s = b.shares.data() + first;
    for (int k = 0; norms_ok && k <= nh; ++k) {
      c[k].resize(n, n);
      s[k].resize(n, n);
    }
    for (Eigen::Index i = 0; i < n; ++i) {
      head_rows(rows, at, i);
      for (int h = -1; norms_ok && h < nh; ++h) {
        float* row = c[h + 1].data() + i * n;
        contribution_row(row, rows.data(), h, vn, g2, n, none);
        honest_rows::scale_to_one(s[h + 1].data() + i * n, row, n);
      }
      rollout_row(a[l].data() + i * n, rows.data(), nh, i, n, none);
    }
  }
  b.rollout = chain_rollout(std::move(a));
  return b;
}

}  // namespace attn
