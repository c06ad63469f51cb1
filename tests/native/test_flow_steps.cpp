// Native tests of the flow steps: every step shows the session's own trace matrices; dot-product terms.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "flow_steps.h"

using namespace attn;

TEST_CASE("flow steps point at the trace of the chosen layer and head") {
  Session s;
  PlaygroundState st;
  st.text = "one two three four";
  st.layer = 1;
  st.head = 2;
  st.focus = 2;
  s.set_state(st);
  s.update();
  const HeadTrace* t = s.head_trace(1, 2);
  REQUIRE(t);
  const char* expected_last[kFlowStageCount] = {"input",  "v",       "scores",  "scaled",
                                                "masked", "weights", "context", "output"};
  for (int step = 0; step < kFlowStageCount; ++step) {
    FlowStep f;
    REQUIRE(flow_step(s, step, &f));
    CHECK(f.step == step);
    CHECK(f.head == 2);
    CHECK(!f.head_defaulted);
    CHECK(f.focus == 2);
    REQUIRE(!f.matrices.empty());
    CHECK(std::string(f.matrices.back().name) == expected_last[step]);
    CHECK(f.matrices.back().shows_numbers);
    for (const FlowMatrix& m : f.matrices) {
      CHECK(m.m->rows() == 4);
      const std::string name = m.name;
      if (name == "q") CHECK(m.m == &t->q);
      if (name == "scores") CHECK(m.m == &t->scores);
      if (name == "weights") CHECK((m.m == &t->weights && m.weights_map));
      if (name == "output") CHECK(m.m == &s.trace().layers[1].attn.output);
      if (name == "input") CHECK(m.m == &s.trace().layers[1].ln1);
    }
  }
  FlowStep f;
  REQUIRE(flow_step(s, 99, &f));
  CHECK(f.step == kFlowStageCount - 1);
}

TEST_CASE("flow steps: all heads selected means head 0 is shown, and says so") {
  Session s;
  s.set_text("a b c");
  s.set_head(-1);
  s.update();
  FlowStep f;
  REQUIRE(flow_step(s, 2, &f));
  CHECK(f.head == 0);
  CHECK(f.head_defaulted);
  Session empty;
  empty.set_text("   ");
  empty.update();
  CHECK(!flow_step(empty, 0, &f));
}

TEST_CASE("dot product terms sum to the traced score, largest first") {
  Session s;
  s.set_text("the cat sat on the mat");
  s.update();
  const HeadTrace* t = s.head_trace(0, 1);
  REQUIRE(t);
  for (int j = 0; j < 6; ++j) {
    const auto terms = dot_product_terms(t->q, 1, t->k, j);
    REQUIRE(terms.size() == static_cast<std::size_t>(t->q.cols()));
    double sum = 0;
    for (std::size_t m = 0; m < terms.size(); ++m) {
      sum += terms[m].product;
      CHECK(terms[m].product == t->q(1, terms[m].m) * t->k(j, terms[m].m));
      if (m) CHECK(std::fabs(terms[m].product) <= std::fabs(terms[m - 1].product));
    }
    CHECK(sum == doctest::Approx(t->scores(1, j)).epsilon(1e-4));
  }
  CHECK(dot_product_terms(t->q, 1, t->k, 99).empty());
}
