// Native tests of head behaviour: hand-set weights give the expected shares, entropy and habit;
// the planted previous-token head really looks at the previous token through the whole model.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "head_behaviour.h"
#include "planted_heads.h"
#include "session.h"

using namespace attn;

namespace {
std::vector<Token> tokens_of(const std::vector<std::string>& words) {
  std::vector<Token> t;
  for (const std::string& w : words) t.push_back(Token{w, 0, 0, -1, false});
  return t;
}
const std::vector<std::string> kWords = {"the", "cat", "sat", "on", "The", "mat", "."};
}  // namespace

TEST_CASE("a head that looks at the previous token") {
  const int n = static_cast<int>(kWords.size());
  Mat w = Mat::Zero(n, n);
  w(0, 0) = 1;
  for (int i = 1; i < n; ++i) w(i, i - 1) = 1;
  const HeadBehaviour b = measure_head_behaviour(w, tokens_of(kWords));
  CHECK(b.previous == doctest::Approx(1.0));
  CHECK(b.next == doctest::Approx(0.0));
  CHECK(b.self == doctest::Approx(1.0 / n));  // only the first row, which has no previous token
  CHECK(b.entropy == doctest::Approx(0.0));
  CHECK(b.habit == HeadHabit::Previous);
  CHECK(std::string(head_habit_key(b.habit)) == "previous");
}

TEST_CASE("uniform attention is even, with maximal entropy") {
  const int n = static_cast<int>(kWords.size());
  const Mat w = Mat::Constant(n, n, 1.0f / n);
  const HeadBehaviour b = measure_head_behaviour(w, tokens_of(kWords));
  CHECK(b.entropy == doctest::Approx(std::log(static_cast<double>(n))).epsilon(1e-4));
  CHECK(b.evenness == doctest::Approx(1.0).epsilon(1e-4));
  CHECK(b.habit == HeadHabit::Even);
  CHECK(b.previous == doctest::Approx(1.0 / n));
}

TEST_CASE("next, self, first, same word and punctuation heads") {
  const int n = static_cast<int>(kWords.size());
  const std::vector<Token> toks = tokens_of(kWords);
  Mat next = Mat::Zero(n, n), self = Mat::Identity(n, n), first = Mat::Zero(n, n), same = Mat::Zero(n, n),
      punct = Mat::Zero(n, n);
  for (int i = 0; i < n; ++i) {
    next(i, i + 1 < n ? i + 1 : i) = 1;
    first(i, 0) = 1;
    punct(i, i == n - 1 ? 0 : n - 1) = 1;  // "." is the last token
    same(i, i) = 1;
  }
  // "the" (0) and "The" (4) are the same word, case aside: they look at each other.
  same(0, 0) = 0;
  same(0, 4) = 1;
  same(4, 4) = 0;
  same(4, 0) = 1;
  CHECK(measure_head_behaviour(next, toks).habit == HeadHabit::Next);
  CHECK(measure_head_behaviour(next, toks).next == doctest::Approx(1.0));
  CHECK(measure_head_behaviour(self, toks).habit == HeadHabit::Self);
  CHECK(measure_head_behaviour(first, toks).habit == HeadHabit::First);
  CHECK(measure_head_behaviour(first, toks).first == doctest::Approx(1.0));
  const HeadBehaviour s = measure_head_behaviour(same, toks);
  CHECK(s.same_word == doctest::Approx(1.0));  // only rows 0 and 4 have their word elsewhere
  CHECK(s.habit == HeadHabit::SameWord);
  const HeadBehaviour p = measure_head_behaviour(punct, toks);
  CHECK(p.punctuation == doctest::Approx(1.0));
  CHECK(p.habit == HeadHabit::Punctuation);
}

TEST_CASE("a head that keeps looking at one particular word names it") {
  const int n = static_cast<int>(kWords.size());
  Mat w = Mat::Zero(n, n);
  for (int i = 0; i < n; ++i) {
    w(i, 1) += 0.7f;  // "cat"
    w(i, (i + 2) % n) += 0.3f;
  }
  const HeadBehaviour b = measure_head_behaviour(w, tokens_of(kWords));
  CHECK(b.top_key == 1);
  CHECK(b.top_key_share > 0.69f);
  CHECK(b.habit == HeadHabit::OneWord);
  // The same shape on the first token is called "first", on "." it is called "punctuation".
  Mat on_first = Mat::Zero(n, n), on_dot = Mat::Zero(n, n);
  for (int i = 0; i < n; ++i) {
    on_first(i, 0) = 1;
    on_dot(i, n - 1) = 1;
  }
  CHECK(measure_head_behaviour(on_first, tokens_of(kWords)).habit == HeadHabit::First);
  CHECK(measure_head_behaviour(on_dot, tokens_of(kWords)).habit == HeadHabit::Punctuation);
}

TEST_CASE("no dominant habit reads as mixed; relations absent from the text are NaN") {
  const std::vector<Token> toks = tokens_of({"a", "b", "c", "d", "e", "f"});
  const int n = 6;
  Mat w = Mat::Zero(n, n);
  // Each row: 0.3 on itself, 0.3 on the previous (or next), 0.4 spread far away.
  for (int i = 0; i < n; ++i) {
    w(i, i) = 0.3f;
    w(i, i > 0 ? i - 1 : i + 1) += 0.3f;
    w(i, (i + 3) % n) += 0.4f;
  }
  const HeadBehaviour b = measure_head_behaviour(w, toks);
  CHECK(b.habit == HeadHabit::Mixed);
  CHECK(std::isnan(b.same_word));
  CHECK(std::isnan(b.punctuation));
  CHECK(measure_head_behaviour(Mat::Identity(2, 2), tokens_of({"a", "b"})).habit == HeadHabit::TooShort);
}

TEST_CASE("the mask decides what counts: causal has no next share, evenness is over visible keys") {
  const std::vector<Token> toks = tokens_of({"a", "b", "c", "d", "e"});
  const int n = 5;
  Mat w = Mat::Zero(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j <= i; ++j) w(i, j) = 1.0f / (i + 1);  // even over what a causal row sees
  AttentionOptions causal;
  causal.causal = true;
  const HeadBehaviour b = measure_head_behaviour(w, toks, causal);
  CHECK(std::isnan(b.next));
  CHECK(b.evenness == doctest::Approx(1.0).epsilon(1e-4));
  CHECK(b.habit == HeadHabit::Even);
  // Without the mask the same rows look lopsided (they ignore the later half).
  CHECK(measure_head_behaviour(w, toks).evenness < 0.9f);
}

TEST_CASE("rows that attend to nothing are left out") {
  const std::vector<Token> toks = tokens_of({"a", "b", "c", "d"});
  Mat w = Mat::Zero(4, 4);
  for (int i = 1; i < 4; ++i) w(i, i - 1) = 1;  // row 0: every key hidden
  const HeadBehaviour b = measure_head_behaviour(w, toks);
  CHECK(b.previous == doctest::Approx(1.0));
  CHECK(b.self == doctest::Approx(0.0));
  CHECK(b.habit == HeadHabit::Previous);
}

TEST_CASE("lower-casing for same-word matching covers Vietnamese and Latin letters") {
  CHECK(lowercase_key("Đường") == "đường");
  CHECK(lowercase_key("ƯỚC") == "ước");
  CHECK(lowercase_key("ÉCOLE") == "école");
  CHECK(is_punctuation_token("..."));
  CHECK(is_punctuation_token(","));
  CHECK_FALSE(is_punctuation_token("a."));
  CHECK_FALSE(is_punctuation_token(""));
}

TEST_CASE("the planted head attends to the previous token through the real model") {
  for (int layer = 0; layer < 2; ++layer) {
    Session s;
    s.set_model(plant_previous_token_head(s.model(), layer, 2));
    s.set_text("Hello, how are you today? I am fine, thank you, and you? Fine too: the cat sat on the mat.");
    s.update();
    const int n = static_cast<int>(s.tokens().size());
    REQUIRE(n > 20);
    const Mat& w = *s.weights(layer, 2);
    for (int i = 1; i < n; ++i) CHECK(w(i, i - 1) > 0.95f);
    const HeadBehaviour b = measure_head_behaviour(w, s.tokens());
    CHECK(b.previous > 0.95f);
    CHECK(b.habit == HeadHabit::Previous);
    // Another head of the same layer is left alone (it does not become a copy of the planted one).
    CHECK(measure_head_behaviour(*s.weights(layer, 0), s.tokens()).previous < 0.9f);
  }
}

TEST_CASE("the planted head stays a previous-token head on the longest text") {
  Session s;
  s.set_model(plant_previous_token_head(s.model(), 1, 0));
  std::string text;
  for (int i = 0; i < 1100; ++i) text += "w" + std::to_string(i % 37) + " ";
  s.set_text(text);
  s.update();
  REQUIRE(s.tokens().size() == kMaxTokens);
  const HeadBehaviour b = measure_head_behaviour(*s.weights(1, 0), s.tokens());
  CHECK(b.previous > 0.9f);
  CHECK(b.habit == HeadHabit::Previous);
}

TEST_CASE("name_head_habit is the rule measure_head_behaviour applies, and works on shares alone") {
  const int n = static_cast<int>(kWords.size());
  Mat prev = Mat::Zero(n, n), on_mat = Mat::Zero(n, n);
  prev(0, 0) = 1;
  for (int i = 1; i < n; ++i) prev(i, i - 1) = 1;
  for (int i = 0; i < n; ++i) on_mat(i, 5) = 1;  // everyone looks at "mat": one particular word
  for (const Mat& w : {prev, on_mat, Mat(Mat::Constant(n, n, 1.0f / n))}) {
    const HeadBehaviour b = measure_head_behaviour(w, tokens_of(kWords));
    CHECK(name_head_habit(b) == b.habit);
  }
  // Shares averaged over sentences (no single top token): the same thresholds, no one_word.
  HeadBehaviour avg;
  avg.previous = 0.45f, avg.next = 0.1f, avg.self = 0.2f, avg.first = 0.1f, avg.evenness = 0.5f;
  avg.same_word = avg.punctuation = std::nanf("");
  CHECK(name_head_habit(avg) == HeadHabit::Previous);
  avg.previous = kHabitDominates - 0.01f;
  CHECK(name_head_habit(avg) == HeadHabit::Mixed);
  avg.evenness = kEvenAbove;
  CHECK(name_head_habit(avg) == HeadHabit::Even);
  avg.evenness = 0.5f, avg.top_key = 3, avg.top_key_share = 0.8f;
  CHECK(name_head_habit(avg) == HeadHabit::OneWord);
  avg.top_key_punctuation = true;  // punctuation says it better
  CHECK(name_head_habit(avg) == HeadHabit::Mixed);
}
