// The shown matrices: each method and unit equals the honest-attention functions on the session's trace.
#include <doctest/doctest.h>

#include <cmath>

#include "session.h"
#include "test_helpers.h"

using namespace attn;

namespace {
// A session whose vocabulary splits "cats" and "mèos" into pieces, so words and pieces differ.
Session pieces_session(const std::string& text) {
  const WordPieceVocab vocab = testing::tiny_bilingual_vocab();
  ModelConfig c{vocab.size(), 16, 3, 2, 32};  // vocab, d_model, layers, heads, d_ff
  Session s;
  s.set_model(random_weights(c, 3, 0.3f), vocab);
  s.set_text(text);
  s.update();
  return s;
}
// The session's text through a forward that keeps everything (the session keeps no weights).
ModelTrace full_trace(const Session& s) {
  ModelTrace t;
  model_forward(t, s.model(), s.trace().ids, AttentionOptions{}, false);
  return t;
}
float max_diff(const Mat& a, const Mat& b) {
  REQUIRE(a.rows() == b.rows());
  REQUIRE(a.cols() == b.cols());
  return (a - b).cwiseAbs().maxCoeff();
}
}  // namespace

TEST_CASE("each method and unit is the core's computation on the session's trace") {
  Session s = pieces_session("the cats sat on the mèos");
  const int n = static_cast<int>(s.tokens().size());
  ShownAttention& sh = s.shown();
  const std::vector<WordSpan>& words = sh.words(s);
  REQUIRE(words.size() == 6);
  REQUIRE(n > 6);  // "cats" and "mèos" have more than one piece
  CHECK(sh.words_differ(s));
  CHECK(sh.by_word(s));  // Auto resolves to words here
  const ModelTrace full = full_trace(s);
  for (int layer = 0; layer < 3; ++layer)
    for (int head = -1; head < 2; ++head) {
      CAPTURE(layer);
      CAPTURE(head);
      const ShownMatrix* raw = sh.get(s, layer, head, AttnMethod::Raw, false);
      REQUIRE(raw);
      CHECK(max_diff(raw->values(), *s.weights(layer, head)) == 0.0f);
      if (head >= 0) CHECK(max_diff(raw->values(), full.layers[layer].attn.heads[head].weights) == 0.0f);
      const ShownMatrix* norm = sh.get(s, layer, head, AttnMethod::Norm, false);
      const Mat expect = norm_contribution_shares(full.layers[layer].attn, s.model().layers[layer].attn, head);
      CHECK(max_diff(norm->values(), expect) < 1e-6f);
      const ShownMatrix* words_raw = sh.get(s, layer, head, AttnMethod::Raw, true);
      CHECK(words_raw->by_word);
      CHECK(max_diff(words_raw->values(), merge_to_words(*s.weights(layer, head), words)) == 0.0f);
      for (Eigen::Index r = 0; r < words_raw->values().rows(); ++r)
        CHECK(words_raw->values().row(r).sum() == doctest::Approx(1.0).epsilon(1e-5));
      const ShownMatrix* roll = sh.get(s, layer, head, AttnMethod::Rollout, false);
      CHECK(max_diff(roll->values(), attention_rollout(full, layer)) < 1e-6f);
      CHECK(sh.contributions(s, layer, head) != nullptr);
    }
  // Labels and the focus row follow the unit.
  const ShownMatrix* w = sh.get(s, 0, 0, AttnMethod::Raw, true);
  CHECK(w->labels[1] == "cats");
  CHECK(w->labels[5] == "mèos");
  s.set_focus(2);  // the second piece of "cats"
  s.update();
  CHECK(sh.get(s, 0, 0, AttnMethod::Raw, true)->focus == 1);
  CHECK(sh.get(s, 0, 0, AttnMethod::Raw, false)->focus == 2);
  CHECK(sh.get(s, 4, 0, AttnMethod::Raw, false) == nullptr);
  CHECK(sh.get(s, 0, 7, AttnMethod::Norm, false) == nullptr);
}

TEST_CASE("hidden pieces: 0 in every method, and a word is hidden when all its pieces are") {
  Session s = pieces_session("the cats sat on the mèos");
  const ShownMatrix* w = s.shown().get(s, 0, 0, AttnMethod::Raw, true);
  REQUIRE(w);
  const int cats_first = 1, cats_pieces = static_cast<int>(s.shown().words(s)[1].pieces.size());
  s.toggle_hidden(cats_first);
  s.update();
  CHECK_FALSE(s.shown().get(s, 0, 0, AttnMethod::Raw, true)->hidden[1]);  // one piece of two
  for (int k = 1; k < cats_pieces; ++k) s.toggle_hidden(cats_first + k);
  s.update();
  for (AttnMethod m : {AttnMethod::Raw, AttnMethod::Norm, AttnMethod::Rollout})
    for (bool by_word : {false, true}) {
      const ShownMatrix* v = s.shown().get(s, 2, -1, m, by_word);
      REQUIRE(v);
      if (by_word) CHECK(v->hidden[1]);
      const int col = by_word ? 1 : cats_first;
      for (Eigen::Index r = 0; r < v->values().rows(); ++r) CHECK(v->values()(r, col) == 0.0f);
    }
}

TEST_CASE("the state's method and unit choose what current() shows; a one-piece text has nothing to merge") {
  Session s = pieces_session("the cat sat on the mat");
  CHECK_FALSE(s.shown().words_differ(s));
  CHECK_FALSE(s.shown().by_word(s));
  s.set_unit(AttnUnit::Word);
  CHECK(s.shown().by_word(s));
  s.set_method(AttnMethod::Norm);
  const ShownMatrix* c = s.shown().current(s, 1, -1);
  REQUIRE(c);
  CHECK(c->by_word);
  CHECK(max_diff(c->values(), norm_contribution_shares(full_trace(s).layers[1].attn, s.model().layers[1].attn, -1)) <
        1e-6f);
}

TEST_CASE("build() computes what get() keeps, without keeping it") {
  Session s = pieces_session("the cats sat on the mèos");
  ShownAttention& sh = s.shown();
  for (AttnMethod method : {AttnMethod::Raw, AttnMethod::Norm, AttnMethod::Rollout})
    for (bool by_word : {true, false}) {
      CAPTURE(static_cast<int>(method));
      CAPTURE(by_word);
      const std::size_t before = sh.cached_bytes();
      const ShownMatrix built = sh.build(s, 2, 1, method, by_word);
      CHECK(sh.cached_bytes() == before);  // nothing kept
      const ShownMatrix* kept = sh.get(s, 2, 1, method, by_word);
      REQUIRE(kept);
      CHECK(built.labels == kept->labels);
      CHECK(built.values().rows() > 0);
      CHECK(max_diff(built.values(), kept->values()) == 0.0f);
    }
  CHECK(sh.build(s, 3, 0, AttnMethod::Raw, true).labels.empty());  // no layer 3: nothing built
  CHECK(sh.build(s, 0, 2, AttnMethod::Norm, false).labels.empty());  // no head 2
}

TEST_CASE("a cached raw matrix outlives the session letting its weights go, and the heads grid keeps none") {
  Session s = pieces_session("the cats sat on the mèos");
  const ShownMatrix* raw = s.shown().get(s, 1, 0, AttnMethod::Raw, false);
  REQUIRE(raw);
  const Mat want = raw->values();
  CHECK(s.kept_weights_bytes() == static_cast<std::size_t>(want.size()) * sizeof(float));
  s.trim_weights(0);  // the frame that asked ends
  s.trim_weights(0);  // a frame that did not ask: the session lets the matrix go
  CHECK(s.kept_weights_bytes() == 0);
  raw = s.shown().get(s, 1, 0, AttnMethod::Raw, false);  // the shown cache asks the session again
  REQUIRE(raw);
  CHECK(max_diff(raw->values(), want) == 0.0f);
  CHECK(s.kept_weights_bytes() == static_cast<std::size_t>(want.size()) * sizeof(float));
  // build() copies what it shows: the session keeps nothing more for it.
  const ShownMatrix built = s.shown().build(s, 2, 1, AttnMethod::Raw, false);
  CHECK(built.source == nullptr);
  CHECK(max_diff(built.values(), full_trace(s).layers[2].attn.heads[1].weights) == 0.0f);
  CHECK(s.kept_weights_bytes() == static_cast<std::size_t>(want.size()) * sizeof(float));
}

TEST_CASE("visit_head_weights gives every head's forward weights once and measures the habits on the way") {
  Session s = pieces_session("the cats sat on the mèos");
  const ModelTrace full = full_trace(s);
  int visits = 0;
  s.visit_head_weights([&](int l, int h, const Mat& w) {
    ++visits;
    CHECK(max_diff(w, full.layers[l].attn.heads[h].weights) == 0.0f);
  });
  CHECK(visits == 3 * 2);
  CHECK(s.kept_weights_bytes() == 0);  // nothing kept
  const auto& b = s.head_behaviour();  // already measured by the visit: the same numbers
  for (int l = 0; l < 3; ++l)
    for (int h = 0; h < 2; ++h) {
      const HeadBehaviour want =
          measure_head_behaviour(full.layers[l].attn.heads[h].weights, s.tokens(), AttentionOptions{});
      CHECK(b[l][h].habit == want.habit);
      CHECK(b[l][h].entropy == want.entropy);
    }
}
