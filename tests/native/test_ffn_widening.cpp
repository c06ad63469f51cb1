// Widening a trained model's MLPs: the wider model computes what it was made from, then its new units learn.
#include <doctest/doctest.h>

#include <cmath>

#include "ffn_widening.h"
#include "model_backward.h"
#include "test_helpers.h"

using namespace attn;
using attn::testing::same_bits;

TEST_CASE("a widened model keeps its trained units and computes its source's logits") {
  const ModelConfig c{13, 8, 3, 2, 16};  // vocab, d_model, layers, heads, d_ff
  const ModelWeights w = random_weights(c, 5, 0.4f);
  const ModelWeights x = widen_mlp(w, 24, 7);
  REQUIRE(x.cfg.d_ff == 24);
  REQUIRE(x.layers.size() == 3);
  for (int k = 0; k < 3; ++k) {
    CAPTURE(k);
    const LayerParams &a = x.layers[k], &b = w.layers[k];
    REQUIRE(a.w1.rows() == 8);
    REQUIRE(a.w1.cols() == 24);
    REQUIRE(a.w2.rows() == 24);
    REQUIRE(a.w2.cols() == 8);
    CHECK(same_bits(Mat(a.w1.leftCols(16)), b.w1));
    CHECK(same_bits(Mat(a.w2.topRows(16)), b.w2));
    CHECK(a.w2.bottomRows(8).isZero(0));
    CHECK(a.b1.tail(8).isZero(0));
    CHECK(same_bits(a.attn.wq, b.attn.wq));
    // the added input columns are as spread as the trained ones (64 draws: within 40%)
    const Mat added = a.w1.rightCols(8);
    const double s_new = std::sqrt(added.cast<double>().array().square().mean());
    const double s_old = std::sqrt((b.w1.cast<double>().array() - b.w1.cast<double>().mean()).square().mean());
    CHECK(s_new == doctest::Approx(s_old).epsilon(0.4));
    CHECK(s_new > 0.05);
  }
  const std::vector<int> ids = {3, 2, 7, 2, 11, 5, 9};
  ModelTrace tw, tx;
  model_forward(tw, w, ids, AttentionOptions{}, true);
  model_forward(tx, x, ids, AttentionOptions{}, true);
  REQUIRE(tx.logits.rows() == tw.logits.rows());
  const float scale = tw.logits.cwiseAbs().maxCoeff();
  CHECK(scale > 0.1f);  // the comparison is of real numbers, not zeros
  CHECK((tx.logits - tw.logits).cwiseAbs().maxCoeff() <= 1e-5f * scale);

  // The zero output rows get gradients at once, so the added units start to learn on the first step.
  ModelWeights g = zeros_like(x);
  mlm_loss_and_backward(&g, x, tx, {1, 4}, {4, 9}, 1.0f);
  for (int k = 0; k < 3; ++k) {
    CAPTURE(k);
    CHECK(g.layers[k].w2.bottomRows(8).cwiseAbs().maxCoeff() > 1e-6f);
  }
}

TEST_CASE("widening to the same or a smaller width changes nothing") {
  const ModelConfig c{13, 8, 2, 2, 16};
  const ModelWeights w = random_weights(c, 3, 0.4f);
  for (int f : {16, 8}) {
    CAPTURE(f);
    const ModelWeights x = widen_mlp(w, f, 1);
    CHECK(x.cfg.d_ff == 16);
    CHECK(same_bits(x.layers[1].w1, w.layers[1].w1));
    CHECK(same_bits(x.layers[1].w2, w.layers[1].w2));
  }
}
