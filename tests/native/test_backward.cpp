// Gradient checks: every backward kernel and the whole model against central finite differences.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "attention.h"
#include "kernels.h"
#include "model.h"
#include "model_backward.h"
#include "optimizer.h"
#include "rng.h"

using namespace attn;

namespace {

Mat randn(int r, int c, Rng& rng, float s = 1.0f) {
  Mat m(r, c);
  for (int i = 0; i < m.size(); ++i) m.data()[i] = rng.normal() * s;
  return m;
}
RowVec randv(int n, Rng& rng, float s = 1.0f, float mean = 0.0f) {
  RowVec v(n);
  for (int i = 0; i < n; ++i) v[i] = mean + rng.normal() * s;
  return v;
}

// sum(out * r) in double: a scalar "loss" whose gradient with respect to out is exactly r.
double dot(const Mat& out, const Mat& r) {
  double s = 0;
  for (int i = 0; i < out.size(); ++i) s += double(out.data()[i]) * r.data()[i];
  return s;
}

// Norm-wise relative error between the analytic gradient and central differences of loss() when
// each of the n floats at p is nudged by +-eps. Float forward passes limit the precision, so the
// tests below accept 1e-2 relative error (measured: most tensors below 1e-3, the worst 7e-3).
double grad_error(float* p, const float* analytic, int n, const std::function<double()>& loss, float eps = 1e-2f) {
  double diff2 = 0, a2 = 0, n2 = 0;
  for (int i = 0; i < n; ++i) {
    const float keep = p[i];
    p[i] = keep + eps;
    const double up = loss();
    p[i] = keep - eps;
    const double down = loss();
    p[i] = keep;
    const double numeric = (up - down) / (2.0 * eps);
    diff2 += (numeric - analytic[i]) * (numeric - analytic[i]);
    a2 += double(analytic[i]) * analytic[i];
    n2 += numeric * numeric;
  }
  // The floor makes a gradient that is zero in theory compare absolutely: the key bias adds the
  // same q . bk to every score of a row, which softmax ignores, so its gradient is only noise.
  const double denom = std::max(std::sqrt(std::max(a2, n2)), 1e-2);
  return std::sqrt(diff2) / denom;
}

constexpr double kTol = 1e-2;

}  // namespace

TEST_CASE("layernorm_backward matches finite differences") {
  Rng rng(11);
  const int n = 5, d = 8;
  Mat x = randn(n, d, rng, 2.0f);
  RowVec g = randv(d, rng, 0.3f, 1.0f), b = randv(d, rng, 0.3f);
  Mat r = randn(n, d, rng);
  Mat out;
  ColVec mean, rstd;
  auto loss = [&] {
    layernorm_forward(out, mean, rstd, x, g, b);
    return dot(out, r);
  };
  loss();
  Mat dx = Mat::Zero(n, d);
  RowVec dg = RowVec::Zero(d), db = RowVec::Zero(d);
  layernorm_backward(dx, dg, db, r, x, mean, rstd, g);
  CHECK(grad_error(x.data(), dx.data(), x.size(), loss) < kTol);
  CHECK(grad_error(g.data(), dg.data(), d, loss) < kTol);
  CHECK(grad_error(b.data(), db.data(), d, loss) < kTol);
}

TEST_CASE("linear_backward matches finite differences") {
  Rng rng(12);
  const int n = 4, i = 6, o = 7;
  Mat x = randn(n, i, rng), w = randn(i, o, rng, 0.5f);
  RowVec b = randv(o, rng);
  Mat r = randn(n, o, rng);
  Mat out;
  auto loss = [&] {
    linear_forward(out, x, w, b);
    return dot(out, r);
  };
  Mat dx = Mat::Zero(n, i), dw = Mat::Zero(i, o);
  RowVec db = RowVec::Zero(o);
  linear_backward(dx, dw, db, r, x, w);
  CHECK(grad_error(x.data(), dx.data(), x.size(), loss) < kTol);
  CHECK(grad_error(w.data(), dw.data(), w.size(), loss) < kTol);
  CHECK(grad_error(b.data(), db.data(), o, loss) < kTol);
}

TEST_CASE("gelu_backward matches finite differences") {
  Rng rng(13);
  Mat x = randn(6, 9, rng, 2.0f);
  Mat r = randn(6, 9, rng);
  Mat out;
  auto loss = [&] {
    gelu_forward(out, x);
    return dot(out, r);
  };
  Mat dx = Mat::Zero(6, 9);
  gelu_backward(dx, r, x);
  CHECK(grad_error(x.data(), dx.data(), x.size(), loss, 1e-3f) < kTol);
}

TEST_CASE("attention_backward matches finite differences (plain, causal, hidden key, temperature)") {
  for (int variant = 0; variant < 4; ++variant) {
    CAPTURE(variant);
    Rng rng(20 + variant);
    const int n = 5, d = 8, heads = 2;
    AttentionParams p;
    p.wq = randn(d, d, rng, 0.4f);
    p.wk = randn(d, d, rng, 0.4f);
    p.wv = randn(d, d, rng, 0.4f);
    p.wo = randn(d, d, rng, 0.4f);
    p.bq = randv(d, rng, 0.1f);
    p.bk = randv(d, rng, 0.1f);
    p.bv = randv(d, rng, 0.1f);
    p.bo = randv(d, rng, 0.1f);
    AttentionOptions opt;
    if (variant == 1) opt.causal = true;
    if (variant == 2) opt.hidden = {false, false, true, false, false};
    if (variant == 3) opt.temperature = 0.5f;
    Mat x = randn(n, d, rng);
    Mat r = randn(n, d, rng);
    AttentionTrace tr;
    auto loss = [&] {
      attention_forward(tr, x, p, heads, opt);
      return dot(tr.output, r);
    };
    loss();
    Mat dx = Mat::Zero(n, d);
    AttentionParams g;
    g.wq = g.wk = g.wv = g.wo = Mat::Zero(d, d);
    g.bq = g.bk = g.bv = g.bo = RowVec::Zero(d);
    attention_backward(dx, g, r, tr, p, heads, opt);
    CHECK(grad_error(x.data(), dx.data(), x.size(), loss) < kTol);
    CHECK(grad_error(p.wq.data(), g.wq.data(), d * d, loss) < kTol);
    CHECK(grad_error(p.wk.data(), g.wk.data(), d * d, loss) < kTol);
    CHECK(grad_error(p.wv.data(), g.wv.data(), d * d, loss) < kTol);
    CHECK(grad_error(p.wo.data(), g.wo.data(), d * d, loss) < kTol);
    CHECK(grad_error(p.bq.data(), g.bq.data(), d, loss) < kTol);
    CHECK(grad_error(p.bk.data(), g.bk.data(), d, loss) < kTol);
    CHECK(grad_error(p.bv.data(), g.bv.data(), d, loss) < kTol);
    CHECK(grad_error(p.bo.data(), g.bo.data(), d, loss) < kTol);
  }
}

TEST_CASE("whole-model gradient of the masked-LM loss matches finite differences") {
  ModelConfig c{13, 8, 2, 2, 16};  // vocab, d_model, layers, heads, d_ff
  ModelWeights w = random_weights(c, 7, 0.3f);
  // Non-trivial gains and biases so their gradients are exercised too.
  Rng rng(99);
  for (ParamRef& p : param_list(w))
    if (p.rows == 1)
      for (int i = 0; i < p.cols; ++i) p.data[i] += 0.2f * rng.normal();
  const std::vector<int> ids = {3, 2, 7, 2, 11, 5};
  const std::vector<int> positions = {1, 3, 4};
  const std::vector<int> targets = {4, 9, 11};
  ModelTrace t;
  auto loss = [&] {
    model_forward(t, w, ids, AttentionOptions{}, false);
    return double(mlm_loss_and_backward(nullptr, w, t, positions, targets, 1.0f));
  };
  loss();
  ModelWeights g = zeros_like(w);
  mlm_loss_and_backward(&g, w, t, positions, targets, 1.0f);
  std::vector<ParamRef> ps = param_list(w), gs = param_list(g);
  REQUIRE(ps.size() == gs.size());
  for (std::size_t k = 0; k < ps.size(); ++k) {
    CAPTURE(ps[k].name);
    CHECK(grad_error(ps[k].data, gs[k].data, ps[k].rows * ps[k].cols, loss) < kTol);
  }
}

TEST_CASE("learning-rate schedule: warm-up, cosine, floor") {
  CHECK(lr_schedule(0, 10, 100, 1.0f, 0.1f) == doctest::Approx(0.1f));
  CHECK(lr_schedule(9, 10, 100, 1.0f, 0.1f) == doctest::Approx(1.0f));
  CHECK(lr_schedule(10, 10, 100, 1.0f, 0.1f) == doctest::Approx(1.0f));
  CHECK(lr_schedule(55, 10, 100, 1.0f, 0.1f) == doctest::Approx(0.55f));
  CHECK(lr_schedule(100, 10, 100, 1.0f, 0.1f) == doctest::Approx(0.1f));
  CHECK(lr_schedule(500, 10, 100, 1.0f, 0.1f) == doctest::Approx(0.1f));
}

TEST_CASE("clip_grad_norm scales to the maximum norm and leaves small gradients alone") {
  ModelConfig c{5, 4, 1, 1, 4};  // vocab, d_model, layers, heads, d_ff
  ModelWeights g = zeros_like(random_weights(c, 1, 1.0f));
  g.tok_emb(0, 0) = 3.0f;
  g.out_bias(1) = 4.0f;
  CHECK(clip_grad_norm(g, 10.0f) == doctest::Approx(5.0f));
  CHECK(g.tok_emb(0, 0) == 3.0f);
  CHECK(clip_grad_norm(g, 1.0f) == doctest::Approx(5.0f));
  CHECK(g.tok_emb(0, 0) == doctest::Approx(0.6f));
  CHECK(g.out_bias(1) == doctest::Approx(0.8f));
}

TEST_CASE("AdamW: first step moves each weight by about lr against its gradient, decay only on matrices") {
  ModelConfig c{5, 4, 1, 1, 4};  // vocab, d_model, layers, heads, d_ff
  ModelWeights w = random_weights(c, 1, 1.0f);
  ModelWeights g = zeros_like(w);
  g.out_bias(2) = 0.5f;
  const float before_b = w.out_bias(2), before_w = w.tok_emb(1, 1);
  AdamW opt;
  opt.cfg.weight_decay = 0.1f;
  opt.step(w, g, 0.01f);
  CHECK(w.out_bias(2) == doctest::Approx(before_b - 0.01f).epsilon(1e-4));
  // Zero gradient: only the decoupled decay moves a matrix entry.
  CHECK(w.tok_emb(1, 1) == doctest::Approx(before_w * (1.0f - 0.01f * 0.1f)));
}
