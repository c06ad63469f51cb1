// Native tests of the attention core: softmax, masks, temperature, a hand example, a loop reference.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "attention.h"
#include "model.h"
#include "rng.h"

#include "test_helpers.h"

using namespace attn;
using attn::testing::random_mat;

namespace {
AttentionParams random_params(int d, Rng& rng) {
  AttentionParams p;
  float s = 1.0f / std::sqrt(static_cast<float>(d));
  p.wq = random_mat(d, d, rng, s);
  p.wk = random_mat(d, d, rng, s);
  p.wv = random_mat(d, d, rng, s);
  p.wo = random_mat(d, d, rng, s);
  p.bq = random_mat(1, d, rng, 0.1f);
  p.bk = random_mat(1, d, rng, 0.1f);
  p.bv = random_mat(1, d, rng, 0.1f);
  p.bo = random_mat(1, d, rng, 0.1f);
  return p;
}

// A deliberately plain triple-loop reference of the same math, in double.
std::vector<double> reference_weights(const Mat& x, const AttentionParams& p, int heads, int h, bool causal,
                                      double temp) {
  const int n = x.rows(), d = x.cols(), dk = d / heads;
  std::vector<double> q(n * dk), k(n * dk), w(n * n);
  for (int i = 0; i < n; ++i)
    for (int c = 0; c < dk; ++c) {
      double sq = p.bq(h * dk + c), sk = p.bk(h * dk + c);
      for (int m = 0; m < d; ++m) {
        sq += double(x(i, m)) * p.wq(m, h * dk + c);
        sk += double(x(i, m)) * p.wk(m, h * dk + c);
      }
      q[i * dk + c] = sq;
      k[i * dk + c] = sk;
    }
  for (int i = 0; i < n; ++i) {
    double mx = -1e300;
    std::vector<double> s(n);
    for (int j = 0; j < n; ++j) {
      double dot = 0;
      for (int c = 0; c < dk; ++c) dot += q[i * dk + c] * k[j * dk + c];
      s[j] = dot / std::sqrt(double(dk)) / temp;
      if (causal && j > i) s[j] = -1e300;
      mx = std::max(mx, s[j]);
    }
    double sum = 0;
    for (int j = 0; j < n; ++j) {
      s[j] = (causal && j > i) ? 0 : std::exp(s[j] - mx);
      sum += s[j];
    }
    for (int j = 0; j < n; ++j) w[i * n + j] = s[j] / sum;
  }
  return w;
}
}  // namespace

TEST_CASE("softmax rows sum to 1 and an all-masked row is zeros, not NaN") {
  Rng rng(3);
  Mat logits = random_mat(7, 9, rng, 20.0f);
  const float ninf = -std::numeric_limits<float>::infinity();
  logits.row(2).setConstant(ninf);
  logits(4, 1) = 1e30f;  // huge but finite: must not overflow
  Mat w;
  softmax_rows(w, logits);
  for (int i = 0; i < w.rows(); ++i) {
    CHECK(w.row(i).allFinite());
    if (i == 2)
      CHECK(w.row(i).sum() == 0.0f);
    else
      CHECK(std::abs(w.row(i).sum() - 1.0f) < 1e-5f);
  }
  CHECK(w(4, 1) == doctest::Approx(1.0f).epsilon(1e-6));
}

TEST_CASE("hand-computed 3-token single-head example matches to 1e-6") {
  // q = k = identity rows in 2-D padded: q0=(1,0) q1=(0,1) q2=(1,1); k = q; dk = 2.
  HeadTrace t;
  t.q.resize(3, 2);
  t.q << 1, 0, 0, 1, 1, 1;
  t.k = t.q;
  t.v.resize(3, 2);
  t.v << 1, 2, 3, 4, 5, 6;
  head_attention_forward(t, AttentionOptions{});
  // Row 0 scores: (1, 0, 1) / sqrt2 -> softmax.
  const double a = std::exp(1 / std::sqrt(2.0)), b = 1.0;
  const double s0 = a + b + a;
  CHECK(t.scores(0, 2) == doctest::Approx(1.0).epsilon(1e-6));
  CHECK(t.scaled(0, 2) == doctest::Approx(1 / std::sqrt(2.0)).epsilon(1e-6));
  CHECK(t.weights(0, 0) == doctest::Approx(a / s0).epsilon(1e-6));
  CHECK(t.weights(0, 1) == doctest::Approx(b / s0).epsilon(1e-6));
  CHECK(t.weights(0, 2) == doctest::Approx(a / s0).epsilon(1e-6));
  // Row 2 scores: (1, 1, 2) / sqrt2.
  const double e1 = std::exp(1 / std::sqrt(2.0)), e2 = std::exp(2 / std::sqrt(2.0));
  const double s2 = 2 * e1 + e2;
  CHECK(t.weights(2, 2) == doctest::Approx(e2 / s2).epsilon(1e-6));
  CHECK(t.context(2, 0) == doctest::Approx((1 * e1 + 3 * e1 + 5 * e2) / s2).epsilon(1e-6));
  CHECK(t.context(0, 1) == doctest::Approx((2 * a + 4 * b + 6 * a) / s0).epsilon(1e-6));
}

TEST_CASE("causal mask gives exact zeros above the diagonal") {
  Rng rng(5);
  Mat x = random_mat(12, 16, rng);
  AttentionParams p = random_params(16, rng);
  AttentionOptions opt;
  opt.causal = true;
  AttentionTrace tr;
  attention_forward(tr, x, p, 4, opt);
  for (const HeadTrace& h : tr.heads)
    for (int i = 0; i < 12; ++i) {
      CHECK(std::abs(h.weights.row(i).sum() - 1.0f) < 1e-5f);
      for (int j = i + 1; j < 12; ++j) {
        CHECK(h.weights(i, j) == 0.0f);
        CHECK(std::isinf(h.masked(i, j)));
      }
    }
  CHECK(tr.heads[0].weights(0, 0) == 1.0f);  // the first token can only see itself
}

TEST_CASE("a hidden token gets weight 0 in every row; hiding every key gives zero rows") {
  Rng rng(7);
  Mat x = random_mat(6, 8, rng);
  AttentionParams p = random_params(8, rng);
  AttentionOptions opt;
  opt.hidden = {false, false, true, false, false, false};
  AttentionTrace tr;
  attention_forward(tr, x, p, 2, opt);
  for (const HeadTrace& h : tr.heads)
    for (int i = 0; i < 6; ++i) {
      CHECK(h.weights(i, 2) == 0.0f);
      CHECK(std::abs(h.weights.row(i).sum() - 1.0f) < 1e-5f);
    }
  opt.hidden.assign(6, true);
  attention_forward(tr, x, p, 2, opt);
  CHECK(tr.heads[1].weights.isZero(0.0f));
  CHECK(tr.output.allFinite());
}

TEST_CASE("temperature: near 0 tends to one-hot, very large tends to uniform") {
  Rng rng(11);
  Mat x = random_mat(10, 8, rng);
  AttentionParams p = random_params(8, rng);
  AttentionTrace cold, hot;
  AttentionOptions opt;
  opt.temperature = 0.0f;  // clamped to kMinTemperature
  attention_forward(cold, x, p, 1, opt);
  opt.temperature = 1e9f;  // clamped to kMaxTemperature
  attention_forward(hot, x, p, 1, opt);
  int sharp_rows = 0;
  for (int i = 0; i < 10; ++i) {
    // One-hot up to ties: whenever the best score leads the runner-up by enough that
    // exp(-gap / T) * n < 1%, the winner must take over 99% of the weight.
    const HeadTrace& h = cold.heads[0];
    Eigen::Index best;
    h.scaled.row(i).maxCoeff(&best);
    float runner_up = -1e30f;
    for (int j = 0; j < 10; ++j)
      if (j != best) runner_up = std::max(runner_up, h.scaled(i, j));
    const float gap = h.scaled(i, best) - runner_up;
    Eigen::Index top;
    h.weights.row(i).maxCoeff(&top);
    CHECK(top == best);
    if (gap > kMinTemperature * std::log(100.0f * 10)) {
      CHECK(h.weights(i, best) > 0.99f);
      ++sharp_rows;
    }
    CHECK(hot.heads[0].weights.row(i).maxCoeff() - hot.heads[0].weights.row(i).minCoeff() < 0.02f);
  }
  CHECK(sharp_rows >= 7);  // with random scores most rows have a clear winner
  CHECK(clamp_temperature(std::nanf("")) == 1.0f);
  CHECK(clamp_temperature(-std::numeric_limits<float>::infinity()) == kMinTemperature);
}

TEST_CASE("Eigen path equals a plain-loop reference on random inputs up to n = 256") {
  Rng rng(13);
  for (int n : {1, 2, 17, 64, 256}) {
    const int d = 32, heads = 4;
    Mat x = random_mat(n, d, rng);
    AttentionParams p = random_params(d, rng);
    for (bool causal : {false, true}) {
      AttentionOptions opt;
      opt.causal = causal;
      opt.temperature = 0.7f;
      AttentionTrace tr;
      attention_forward(tr, x, p, heads, opt);
      double worst = 0;
      for (int h = 0; h < heads; ++h) {
        std::vector<double> ref = reference_weights(x, p, heads, h, causal, 0.7);
        for (int i = 0; i < n * n; ++i) worst = std::max(worst, std::abs(ref[i] - tr.heads[h].weights.data()[i]));
      }
      INFO("n = " << n << " causal = " << causal);
      CHECK(worst < 1e-5);
    }
  }
}

TEST_CASE("model forward: shapes, determinism by seed, finite logits") {
  ModelConfig c{50, 16, 2, 4, 32};  // vocab, d_model, layers, heads, d_ff
  ModelWeights w1 = random_weights(c, 42, 0.3f), w2 = random_weights(c, 42, 0.3f);
  CHECK(w1.tok_emb == w2.tok_emb);
  CHECK(w1.layers[1].w2 == w2.layers[1].w2);
  CHECK_FALSE(w1.trained);
  ModelTrace t;
  model_forward(t, w1, {1, 5, 7, 49, 0}, AttentionOptions{}, true);
  CHECK(t.layers.size() == 2);
  CHECK(t.layers[0].attn.heads.size() == 4);
  CHECK(t.layers[1].attn.heads[3].weights.rows() == 5);
  CHECK(t.logits.rows() == 5);
  CHECK(t.logits.cols() == 50);
  CHECK(t.logits.allFinite());
  // The attention block saw the layer-normed stream: every row has mean ~0.
  CHECK(std::abs(t.layers[1].attn.input.row(2).mean()) < 1e-5f);
}
