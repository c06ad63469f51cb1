// Deepening a trained model: the stacked model computes bit for bit what it was made from, then learns.
#include <doctest/doctest.h>

#include "layer_stacking.h"
#include "model_backward.h"
#include "test_helpers.h"

using namespace attn;
using attn::testing::same_bits;

TEST_CASE("a layer map lists every layer in order, each followed only by its copies") {
  std::vector<int> from;
  std::string err;
  CHECK(parse_layer_map("0,1,1,2,2,3", 4, &from, &err));
  CHECK(from == std::vector<int>{0, 1, 1, 2, 2, 3});
  CHECK(parse_layer_map("0,1,2,3", 4, &from, &err));
  for (const char* bad : {"", "0,2,3", "1,2,3", "0,1,2", "0,1,3,2,3", "0,1,2,4", "0,1,x,3", "0,1,,2,3", "0,-1,1,2,3"}) {
    CAPTURE(bad);
    from = {7};
    err.clear();
    CHECK_FALSE(parse_layer_map(bad, 4, &from, &err));
    CHECK(!err.empty());
    CHECK(from == std::vector<int>{7});  // untouched on a refusal
  }
}

TEST_CASE("a stacked model's logits are bit for bit its source's; its added copies start with zero outputs") {
  const ModelConfig c{13, 8, 3, 2, 16};  // vocab, d_model, layers, heads, d_ff
  const ModelWeights w = random_weights(c, 5, 0.4f);
  const std::vector<int> from = {0, 1, 1, 2, 2};
  const ModelWeights s = stack_layers(w, from);
  REQUIRE(s.cfg.n_layers == 5);
  REQUIRE(s.layers.size() == 5);
  CHECK_FALSE(is_added_copy(from, 0));
  CHECK_FALSE(is_added_copy(from, 1));
  CHECK(is_added_copy(from, 2));
  CHECK_FALSE(is_added_copy(from, 3));
  CHECK(is_added_copy(from, 4));
  for (int k = 0; k < 5; ++k) {
    CAPTURE(k);
    const LayerParams &a = s.layers[k], &b = w.layers[from[k]];
    CHECK(same_bits(a.attn.wq, b.attn.wq));
    CHECK(same_bits(a.w1, b.w1));
    if (is_added_copy(from, k)) {
      CHECK(a.attn.wo.isZero(0));
      CHECK(a.attn.bo.isZero(0));
      CHECK(a.w2.isZero(0));
      CHECK(a.b2.isZero(0));
    } else {
      CHECK(same_bits(a.attn.wo, b.attn.wo));
      CHECK(same_bits(a.w2, b.w2));
    }
  }
  const std::vector<int> ids = {3, 2, 7, 2, 11, 5, 9};
  ModelTrace tw, ts;
  model_forward(tw, w, ids, AttentionOptions{}, true);
  model_forward(ts, s, ids, AttentionOptions{}, true);
  CHECK(same_bits(tw.logits, ts.logits));
  CHECK(tw.logits.cwiseAbs().maxCoeff() > 0.1f);  // the comparison is of real numbers, not zeros

  // The zeroed projections get gradients at once, so the copies start to learn on the first step.
  ModelWeights g = zeros_like(s);
  mlm_loss_and_backward(&g, s, ts, {1, 4}, {4, 9}, 1.0f);
  for (int k : {2, 4}) {
    CAPTURE(k);
    CHECK(g.layers[k].attn.wo.cwiseAbs().maxCoeff() > 1e-6f);
    CHECK(g.layers[k].w2.cwiseAbs().maxCoeff() > 1e-6f);
  }
}
