// Native tests of the session: lazy recomputation, clamping of out-of-range state, hidden tokens.
#include <doctest/doctest.h>

#include "session.h"

#include "test_helpers.h"

using namespace attn;

TEST_CASE("the session recomputes only when something changed") {
  Session s;
  s.set_text("the cat sat on the mat");
  s.update();
  const auto r = s.revision();
  REQUIRE(s.tokens().size() == 6);
  s.update();
  CHECK(s.revision() == r);
  s.set_view(View::Focus);
  s.update();
  CHECK(s.revision() == r);  // the view does not change the numbers
  s.set_temperature(0.5f);
  s.update();
  CHECK(s.revision() == r + 1);
}

TEST_CASE("out-of-range layer, head and focus are clamped; head -1 gives the mean of heads") {
  Session s;
  PlaygroundState st;
  st.text = "a b c";
  st.layer = 99;
  st.head = 42;
  st.focus = 10;
  st.hidden = {1, 7};
  s.set_state(st);
  s.update();
  CHECK(s.state().layer == s.model().cfg.n_layers - 1);
  CHECK(s.state().head == s.model().cfg.n_heads - 1);
  CHECK(s.state().focus == 2);
  CHECK(s.state().hidden == std::vector<int>{1});
  const Mat* mean = s.weights(0, -1);
  REQUIRE(mean != nullptr);
  Mat expect = Mat::Zero(3, 3);
  for (int h = 0; h < s.model().cfg.n_heads; ++h) expect += *s.weights(0, h);
  expect /= static_cast<float>(s.model().cfg.n_heads);
  CHECK((expect - *mean).cwiseAbs().maxCoeff() < 1e-6f);
  for (int i = 0; i < 3; ++i) {
    CHECK((*mean)(i, 1) == 0.0f);  // hidden key
    CHECK(std::abs(mean->row(i).sum() - 1.0f) < 1e-5f);
  }
  CHECK(s.weights(s.model().cfg.n_layers, 0) == nullptr);
}

TEST_CASE("empty text gives no tokens and no weights, never a crash") {
  Session s;
  s.set_text("   \n\t ");
  s.update();
  CHECK(s.tokens().empty());
  CHECK(s.weights(0, 0) == nullptr);
  CHECK(s.head_trace(0, 0) == nullptr);
}

TEST_CASE("with a vocabulary the session shows pieces, and masked_guess offers ranked guesses") {
  WordPieceVocab vocab = testing::tiny_bilingual_vocab();
  ModelConfig c{vocab.size(), 16, 2, 2, 32};  // vocab, d_model, layers, heads, d_ff
  Session s;
  s.set_model(random_weights(c, 3, 0.2f), vocab);
  s.set_text("the cats sat");
  s.update();
  REQUIRE(s.has_vocab());
  REQUIRE(s.tokens().size() >= 3);
  std::string joined;
  for (const Token& t : s.tokens()) {
    CHECK(t.id >= 0);
    CHECK(t.id < vocab.size());
    CHECK(t.text.find("##") == std::string::npos);
    joined += (t.joins_previous || joined.empty() ? "" : " ") + t.text;
  }
  CHECK(joined == "the cats sat");
  const Session::MaskedGuess& g = s.masked_guess(1);
  CHECK(g.position == 1);
  REQUIRE(g.guesses.size() == 5);
  for (std::size_t i = 1; i < g.guesses.size(); ++i) CHECK(g.guesses[i - 1].prob >= g.guesses[i].prob);
  CHECK(g.weights.rows() == static_cast<Eigen::Index>(s.tokens().size()));
  for (Eigen::Index r = 0; r < g.weights.rows(); ++r) CHECK(std::abs(g.weights.row(r).sum() - 1.0f) < 1e-5f);
  // Masking the token changes what the model reads, so its attention changes too.
  CHECK((g.weights - *s.weights(s.state().layer, s.state().head)).cwiseAbs().maxCoeff() > 1e-6f);
  CHECK(s.masked_guess(99).guesses.empty());
}

TEST_CASE(
    "the crowd head is the session's: crowd_attend of the state's query and temperature, kept until they change") {
  attn::Session s;
  attn::CrowdQuery q;
  q.hat = 2;  // a blue hat
  s.set_crowd(q);
  s.set_temperature(0.5f);
  const attn::CrowdResult want = attn::crowd_attend(q, 0.5f);
  const attn::CrowdResult& got = s.crowd();
  CHECK(got.head.weights == want.head.weights);
  CHECK(got.winner == want.winner);
  CHECK(&s.crowd() == &got);  // the same cached object, not a new computation
  s.set_temperature(2.0f);
  CHECK(s.crowd().head.weights == attn::crowd_attend(q, 2.0f).head.weights);
  CHECK(!(s.crowd().head.weights == want.head.weights));  // a hotter softmax spreads the weight
}

TEST_CASE(
    "head behaviour is the session's: measure_head_behaviour of each head with the state's mask, once per trace") {
  Session s;
  s.set_text("the cat sat on the mat and the dog sat on the rug");
  s.update();
  s.toggle_hidden(2);
  s.set_causal(true);
  s.update();
  REQUIRE(s.state().hidden == std::vector<int>{2});
  const auto& got = s.head_behaviour();
  REQUIRE(got.size() == static_cast<std::size_t>(s.model().cfg.n_layers));
  AttentionOptions mask;
  mask.causal = true;
  mask.hidden.assign(s.tokens().size(), false);
  mask.hidden[2] = true;
  for (int l = 0; l < s.model().cfg.n_layers; ++l) {
    REQUIRE(got[l].size() == static_cast<std::size_t>(s.model().cfg.n_heads));
    for (int h = 0; h < s.model().cfg.n_heads; ++h) {
      const HeadBehaviour want = measure_head_behaviour(*s.weights(l, h), s.tokens(), mask);
      CHECK(got[l][h].habit == want.habit);
      CHECK(got[l][h].previous == want.previous);
      CHECK(got[l][h].self == want.self);
      CHECK(got[l][h].evenness == want.evenness);
      CHECK(got[l][h].top_key == want.top_key);
    }
  }
  const float before = got[0][0].previous;
  CHECK(&s.head_behaviour() == &got);  // cached: the same object until the trace changes
  s.set_text("a b");
  s.update();
  const auto& short_text = s.head_behaviour();
  CHECK(short_text[0][0].habit == measure_head_behaviour(*s.weights(0, 0), s.tokens(), AttentionOptions{}).habit);
  CHECK((short_text[0][0].previous != before || short_text[0][0].habit == HeadHabit::TooShort));
}
