// Long text (issue 15, item 4): 1024 pieces, a trace that keeps only what every view shows, the rest on demand.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "attention.h"
#include "model.h"
#include "session.h"
#include "thumbnail.h"
#include "test_helpers.h"

using namespace attn;
using testing::committed_model;
using testing::same_bits;

namespace {

// A paragraph of everyday English and Vietnamese long enough to be cut at 1024 pieces.
std::string long_paragraph() {
  const char* sentences[] = {"The cat sat on the mat because it was warm. ", "Con mèo ngồi trên tấm thảm. ",
                             "The animal didn't cross the street because it was too tired. ",
                             "Tôi tìm người bạn Bảo đội mũ đỏ trong đám đông. "};
  std::string text;
  for (int i = 0; text.size() < 9000; ++i) text += sentences[i % 4];
  return text;
}

// The session's own options, rebuilt from its state (what a full forward of the same text needs).
AttentionOptions options_of(const Session& s) {
  AttentionOptions opt;
  opt.causal = s.state().causal;
  opt.temperature = s.state().temperature;
  opt.hidden.assign(s.tokens().size(), false);
  for (int h : s.state().hidden) opt.hidden[h] = true;
  return opt;
}

}  // namespace

TEST_CASE("a head keeping only its weights computes the same weights and context as a full one") {
  Rng rng(7);
  for (int n : {1, 5, 64, 300}) {
    for (bool causal : {false, true}) {
      HeadTrace full, light;
      full.q = light.q = testing::random_mat(n, 8, rng);
      full.k = light.k = testing::random_mat(n, 8, rng);
      full.v = light.v = testing::random_mat(n, 8, rng);
      AttentionOptions opt;
      opt.causal = causal;
      opt.temperature = 0.7f;
      opt.hidden.assign(n, false);
      opt.hidden[n / 2] = true;
      head_attention_forward(full, opt, HeadDetail::Full);
      head_attention_forward(light, opt, HeadDetail::Weights);
      CHECK(same_bits(full.weights, light.weights));
      CHECK(same_bits(full.context, light.context));
      CHECK(light.scores.size() == 0);
      CHECK(light.masked.size() == 0);
      // The steps recomputed later are the full forward's, bit for bit (-inf where masked).
      head_score_steps(light, opt);
      CHECK(same_bits(full.scores, light.scores));
      CHECK(same_bits(full.scaled, light.scaled));
      CHECK(same_bits(full.masked, light.masked));
    }
  }
}

TEST_CASE("the committed model reads a 1024-piece paragraph; the flow's steps match a full forward") {
  const ModelLoadResult m = committed_model();
  Session s;
  s.set_model(m.weights, m.vocab);
  s.set_text(long_paragraph());
  s.set_causal(true);
  s.set_temperature(1.3f);
  s.update();
  s.toggle_hidden(3);
  s.toggle_hidden(1000);
  s.update();
  REQUIRE(s.tokens().size() == 1024);
  CHECK(s.truncated());
  CHECK(s.model().trained_length == 128);  // the page says the text is longer than its training
  CHECK(s.total_tokens() > 1024);
  // Syllables and words stay whole: the long text is not read as letters.
  int one_piece_words = 0;
  for (const WordSpan& w : s.shown().words(s)) one_piece_words += w.pieces.size() == 1;
  CHECK(one_piece_words > 0.9 * static_cast<double>(s.shown().words(s).size()));

  ModelTrace full;
  model_forward(full, s.model(), s.trace().ids, options_of(s), false);
  for (int l = 0; l < s.model().cfg.n_layers; ++l) {
    CHECK(s.trace().layers[l].ff_act.size() == 0);  // the MLP's insides are not kept
    CHECK(same_bits(s.trace().layers[l].x_out, full.layers[l].x_out));
    for (int h = 0; h < s.model().cfg.n_heads; ++h) {
      const HeadTrace& kept = s.trace().layers[l].attn.heads[h];
      const HeadTrace& want = full.layers[l].attn.heads[h];
      CHECK(kept.scores.size() == 0);  // no [n, n] matrix at all is kept per head...
      CHECK(kept.weights.size() == 0);
      CHECK(same_bits(kept.context, want.context));
      CHECK(same_bits(*s.weights(l, h), want.weights));  // ...the weights are recomputed, bit for bit
      CHECK(same_bits(s.computed_weights(l, h), want.weights));
    }
  }
  // Every head's weights were asked for once: a frame later, only those asked again stay (16 MB).
  const std::size_t one = std::size_t(1024) * 1024 * sizeof(float);
  CHECK(s.kept_weights_bytes() == one * s.model().cfg.n_layers * s.model().cfg.n_heads);
  s.trim_weights(kWeightsCacheBudget);  // the frame that asked for them all ends
  const Mat* again = s.weights(1, 2);
  s.trim_weights(kWeightsCacheBudget);  // the next frame asked for (1, 2) only
  CHECK(s.kept_weights_bytes() == one);
  CHECK(s.weights(1, 2) == again);  // the same matrix, not recomputed
  CHECK(same_bits(*s.weights(1, -1), [&] {  // the mean, from the recomputed heads
    Mat m = full.layers[1].attn.heads[0].weights;
    for (int h = 1; h < s.model().cfg.n_heads; ++h) m += full.layers[1].attn.heads[h].weights;
    return Mat(m / static_cast<float>(s.model().cfg.n_heads));
  }()));
  for (const auto& [l, h] : std::vector<std::pair<int, int>>{{0, 0}, {3, 2}, {0, 0}}) {
    const HeadTrace* t = s.head_trace(l, h);
    REQUIRE(t != nullptr);
    CHECK(t == &s.trace().layers[l].attn.heads[h]);  // filled in place...
    int with_steps = 0;  // ...and only one head holds its steps at a time
    int with_weights = 0;
    for (const LayerTrace& lt : s.trace().layers)
      for (const HeadTrace& other : lt.attn.heads) {
        with_steps += other.scores.size() > 0;
        with_weights += other.weights.size() > 0;
      }
    CHECK(with_steps == 1);
    CHECK(with_weights == 1);
    const HeadTrace& want = full.layers[l].attn.heads[h];
    CHECK(same_bits(t->scores, want.scores));
    CHECK(same_bits(t->scaled, want.scaled));
    CHECK(same_bits(t->masked, want.masked));
    CHECK(same_bits(t->weights, want.weights));
    CHECK(std::isinf(t->masked(0, 1)));  // causal: a later key is forbidden
    CHECK(std::isinf(t->masked(500, 3)));  // a hidden key
  }
  CHECK(s.head_trace(s.model().cfg.n_layers, 0) == nullptr);
  CHECK(s.head_trace(0, 4) == nullptr);

  // The masked guess keeps only the shown layer's weights of its second run, and they are exact.
  s.set_layer(2);
  s.set_head(1);
  const Session::MaskedGuess& g = s.masked_guess(700);
  std::vector<int> ids = s.trace().ids;
  ids[700] = kMaskId;
  ModelTrace masked;
  model_forward(masked, s.model(), ids, options_of(s), false);
  CHECK(same_bits(g.weights, masked.layers[2].attn.heads[1].weights));
  CHECK_FALSE(g.guesses.empty());
}

TEST_CASE("a forward keeping one layer's attention and no MLP insides changes no number it keeps") {
  const ModelWeights w = random_weights(default_model_config(), 3, 0.13f);
  std::vector<int> ids;
  for (int i = 0; i < 40; ++i) ids.push_back((i * 37) % w.cfg.vocab_size);
  ModelTrace all, one;
  model_forward(all, w, ids, AttentionOptions{}, true);
  model_forward(one, w, ids, AttentionOptions{}, true, {HeadDetail::Weights, false, 1});
  CHECK(same_bits(all.logits, one.logits));
  CHECK(same_bits(all.lnf, one.lnf));
  for (int l = 0; l < w.cfg.n_layers; ++l) {
    const LayerTrace &a = all.layers[l], &o = one.layers[l];
    CHECK(same_bits(a.x_out, o.x_out));
    CHECK(o.ff_act.size() == 0);
    CHECK(o.x_mid.size() == 0);
    if (l != 1) {
      CHECK(o.attn.heads.empty());
      CHECK(o.ln1.size() == 0);
      continue;
    }
    CHECK(same_bits(a.ln1, o.ln1));
    CHECK(same_bits(a.attn.output, o.attn.output));
    for (int h = 0; h < w.cfg.n_heads; ++h) {
      CHECK(same_bits(o.attn.heads[h].weights, a.attn.heads[h].weights));
      CHECK(same_bits(o.attn.heads[h].v, a.attn.heads[h].v));
      CHECK(o.attn.heads[h].scaled.size() == 0);
    }
  }
}

TEST_CASE("block_max: each thumbnail cell is the largest weight of its block; small matrices stay") {
  Rng rng(11);
  const Mat m = testing::random_mat(1024, 1024, rng);
  const Mat t = block_max(m, 256);
  REQUIRE(t.rows() == 256);
  REQUIRE(t.cols() == 256);
  for (int i : {0, 17, 255})
    for (int j : {0, 100, 255}) CHECK(t(i, j) == m.block(i * 4, j * 4, 4, 4).maxCoeff());
  // Uneven blocks (1000 / 256): row r is in block floor(r * 256 / 1000), as the heatmap's shader finds it.
  const Mat u = testing::random_mat(1000, 1000, rng);
  const Mat tu = block_max(u, 256);
  CHECK(tu(0, 0) == u.block(0, 0, 4, 4).maxCoeff());  // rows 0..3: 3 * 256 / 1000 = 0, 4 * 256 / 1000 = 1
  CHECK(tu(255, 255) == u.block(997, 997, 3, 3).maxCoeff());  // 996 * 256 / 1000 = 254
  CHECK(tu.maxCoeff() == u.maxCoeff());
  for (int r = 0; r < 1000; r += 37)  // every entry is at most its block's cell
    for (int c = 0; c < 1000; c += 41) CHECK(u(r, c) <= tu(r * 256 / 1000, c * 256 / 1000));
  // A sharp diagonal stays at full brightness where a mean would dim it to a quarter.
  Mat diag = Mat::Zero(1024, 1024);
  for (int i = 0; i < 1024; ++i) diag(i, i) = 1.0f;
  const Mat td = block_max(diag);
  CHECK(td.diagonal().minCoeff() == 1.0f);
  CHECK(td.sum() == 256.0f);
  CHECK(same_bits(block_max(testing::random_mat(200, 200, rng) * 0 + Mat::Ones(200, 200)), Mat::Ones(200, 200)));
  CHECK(block_max(Mat(3, 4)).size() == 0);
  CHECK(block_max(Mat()).size() == 0);
  CHECK(block_max(m, 0).size() == 0);
}

TEST_CASE("shown matrices of a long text: raw pieces are not copied, and trim drops only what was not used") {
  Session s;
  std::string text;
  for (int i = 0; i < 1100; ++i) text += "w" + std::to_string(i % 97) + " ";
  s.set_text(text);
  s.update();
  REQUIRE(s.tokens().size() == 1024);
  ShownAttention& shown = s.shown();
  const ShownMatrix* raw = shown.get(s, 1, 2, AttnMethod::Raw, false);
  REQUIRE(raw != nullptr);
  CHECK(&raw->values() == s.weights(1, 2));  // the trace's own matrix
  CHECK(shown.cached_bytes() == 0);

  // Norm shares of every head of two layers (the shares alone are kept: 10 matrices of 4 MB) and
  // the contributions the API asked for of three of them: 13 matrices, over the 48 MB budget.
  for (int l : {0, 1})
    for (int h = -1; h < 4; ++h) REQUIRE(shown.get(s, l, h, AttnMethod::Norm, false) != nullptr);
  const std::size_t matrix = 1024u * 1024u * sizeof(float);
  CHECK(shown.cached_bytes() == 10 * matrix);
  REQUIRE(shown.contributions(s, 0, 1) != nullptr);
  REQUIRE(shown.contributions(s, 1, -1) != nullptr);
  REQUIRE(shown.contributions(s, 0, 2) != nullptr);
  CHECK(shown.cached_bytes() == 13 * matrix);
  CHECK(13 * matrix > kShownCacheBudget);
  shown.trim(kShownCacheBudget);  // a frame ends: all of them were used in it
  CHECK(shown.cached_bytes() == 13 * matrix);

  // The next frame uses one of them: the budget is exceeded, so the other 12 matrices go.
  const ShownMatrix* kept = shown.get(s, 1, 3, AttnMethod::Norm, false);
  const Mat before = kept->values();
  shown.trim(kShownCacheBudget);
  CHECK(shown.cached_bytes() == matrix);
  CHECK(shown.get(s, 1, 3, AttnMethod::Norm, false) == kept);
  // A dropped matrix comes back with the same numbers when asked for again.
  const Mat again = shown.get(s, 0, -1, AttnMethod::Norm, false)->values();
  CHECK(again.rows() == 1024);
  CHECK(same_bits(shown.get(s, 1, 3, AttnMethod::Norm, false)->values(), before));

  // Under the budget nothing is dropped, used or not (short texts never lose their cache).
  Session small;
  small.set_text("the cat sat on the mat");
  small.update();
  REQUIRE(small.shown().get(small, 0, 0, AttnMethod::Norm, false) != nullptr);
  const std::size_t held = small.shown().cached_bytes();
  CHECK(held > 0);
  for (int i = 0; i < 3; ++i) small.shown().trim(kShownCacheBudget);
  CHECK(small.shown().cached_bytes() == held);
}
