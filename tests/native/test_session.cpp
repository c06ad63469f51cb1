// Native tests of the session: lazy recomputation, clamping of out-of-range state, hidden tokens.
#include <doctest/doctest.h>

#include "session.h"

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
  st.layer = 99; st.head = 42; st.focus = 10;
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
  CHECK(s.weights(5, 0) == nullptr);
}

TEST_CASE("empty text gives no tokens and no weights, never a crash") {
  Session s;
  s.set_text("   \n\t ");
  s.update();
  CHECK(s.tokens().empty());
  CHECK(s.weights(0, 0) == nullptr);
  CHECK(s.head_trace(0, 0) == nullptr);
}
