// Native tests of linking_heads: the ranking against a brute-force recomputation, a planted head
// ranked first, and the caption's numbers on the shipped model.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "linking_heads.h"
#include "planted_heads.h"
#include "session.h"
#include "share_state.h"
#include "test_helpers.h"

using namespace attn;

namespace {
const char* kAnimal = "The animal didn't cross the street because it was too tired.";

Session shipped_session(const std::string& text) {
  ModelLoadResult m = testing::committed_model();
  Session s;
  s.set_model(m.weights, m.vocab);
  s.set_text(text);
  s.update();
  return s;
}

// Every head's (weight, contribution) at (q, k) read from the matrices the views show, sorted by
// the method's number, strongest first, ties in (layer, head) order.
std::vector<LinkingHead> brute_force(Session& s, int q, int k, AttnMethod method, bool by_word) {
  std::vector<LinkingHead> out;
  const int layers = static_cast<int>(s.trace().layers.size());
  for (int l = 0; l < layers; ++l)
    for (int h = 0; h < s.model().cfg.n_heads; ++h) {
      const Mat raw = s.shown().build(s, l, h, AttnMethod::Raw, by_word).values();
      const Mat norm = s.shown().build(s, l, h, AttnMethod::Norm, by_word).values();
      out.push_back({l, h, raw(q, k), norm(q, k), -1});
    }
  std::stable_sort(out.begin(), out.end(), [method](const LinkingHead& a, const LinkingHead& b) {
    return linking_score(a, method) > linking_score(b, method);
  });
  return out;
}

void check_same_ranking(const std::vector<LinkingHead>& got, const std::vector<LinkingHead>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK(got[i].layer == want[i].layer);
    CHECK(got[i].head == want[i].head);
    // The same matrices computed the same way: equal to float rounding of the word merge.
    CHECK(got[i].weight == doctest::Approx(want[i].weight).epsilon(1e-6));
    CHECK(got[i].contribution == doctest::Approx(want[i].contribution).epsilon(1e-6));
  }
}
}  // namespace

TEST_CASE("a planted previous-token head ranks first for a word and the word before it") {
  Session s;
  s.set_model(plant_previous_token_head(s.model(), 1, 2));
  s.set_text("the cat sat on the mat because it was warm");
  s.update();
  const std::vector<LinkingHead> r = linking_heads(s, 5, 4, AttnMethod::Raw, false);
  REQUIRE(r.size() == static_cast<std::size_t>(s.model().cfg.n_layers * s.model().cfg.n_heads));
  CHECK(r[0].layer == 1);
  CHECK(r[0].head == 2);
  CHECK(r[0].weight > 0.95f);  // the planted head's weight on the previous token (test_head_behaviour)
  CHECK(r[0].top_key == 4);
  CHECK(r[1].weight < r[0].weight - 0.3f);  // an untrained head is nowhere near it
  const LinkingSummary sum = summarise_linking(s, r, 4, AttnMethod::Raw);
  CHECK(sum.chosen.layer == 1);
  CHECK(sum.chosen.head == 2);
  CHECK(sum.chosen_share == r[0].weight);
  CHECK(sum.linking >= 1);
  CHECK(sum.total == static_cast<int>(r.size()));
  // The other heads' habits are counted, each head once.
  int counted = 0;
  for (const auto& c : sum.instead) counted += c.count;
  CHECK(counted == sum.total - sum.linking);
  // A key the planted head does not look at: it drops to the bottom of the ranking.
  const std::vector<LinkingHead> far = linking_heads(s, 5, 9, AttnMethod::Raw, false);
  const auto planted =
      std::find_if(far.begin(), far.end(), [](const LinkingHead& h) { return h.layer == 1 && h.head == 2; });
  REQUIRE(planted != far.end());
  CHECK(planted->weight < 0.01f);
  CHECK(planted->top_key == 4);
}

TEST_CASE("the ranking equals a brute-force recomputation from the shown matrices (shipped model)") {
  Session s = shipped_session(kAnimal);
  REQUIRE(s.tokens().size() == 12);
  REQUIRE(s.tokens()[7].text == "it");
  REQUIRE(s.tokens()[1].text == "animal");
  for (AttnMethod m : {AttnMethod::Raw, AttnMethod::Norm}) {
    CAPTURE(attn_method_name(m));
    const std::vector<LinkingHead> got = linking_heads(s, 7, 1, m, false);
    check_same_ranking(got, brute_force(s, 7, 1, m, false));
    for (std::size_t i = 1; i < got.size(); ++i) CHECK(linking_score(got[i - 1], m) >= linking_score(got[i], m));
    // top_key is the row's maximum of the method's own matrix.
    for (const LinkingHead& h : got) {
      const Mat w = s.shown().build(s, h.layer, h.head, m, false).values();
      Eigen::Index best = 0;
      w.row(7).maxCoeff(&best);
      CHECK(h.top_key == static_cast<int>(best));
    }
  }
}

TEST_CASE("whole words: a word's row is the mean of its pieces, its column their sum") {
  Session s = shipped_session("The quizzically unflappable ornithologist photographed it anyway.");
  REQUIRE(s.shown().words_differ(s));
  const int words = static_cast<int>(s.shown().words(s).size());
  const int q = 4, k = 2;  // "photographed" looks at "unflappable"
  REQUIRE(q < words);
  check_same_ranking(linking_heads(s, q, k, AttnMethod::Raw, true), brute_force(s, q, k, AttnMethod::Raw, true));
  check_same_ranking(linking_heads(s, q, k, AttnMethod::Norm, true), brute_force(s, q, k, AttnMethod::Norm, true));
  CHECK(linking_heads(s, words, 0, AttnMethod::Raw, true).empty());  // out of range in words
}

TEST_CASE("rollout gives one entry per layer, the rollout chain's share") {
  Session s = shipped_session(kAnimal);
  const std::vector<LinkingHead> r = linking_heads(s, 7, 1, AttnMethod::Rollout, false);
  REQUIRE(r.size() == 6);
  for (const LinkingHead& h : r) {
    CHECK(h.head == -1);
    CHECK(h.weight == s.shown().build(s, h.layer, -1, AttnMethod::Rollout, false).values()(7, 1));
  }
  for (std::size_t i = 1; i < r.size(); ++i) CHECK(r[i - 1].weight >= r[i].weight);
}

TEST_CASE("the caption's numbers for 'it' and 'animal' in the shipped model") {
  Session s = shipped_session(kAnimal);
  const std::vector<LinkingHead> r = linking_heads(s, 7, 1, AttnMethod::Raw, false);
  const LinkingSummary sum = summarise_linking(s, r, 1, AttnMethod::Raw);
  CHECK(sum.total == 24);
  // Measured on the shipped file (phase 14): one head, layer 6 head 3 counted from 1, makes
  // "animal" the top key of "it"; a retrained model may move these, so they are stated here.
  CHECK(sum.linking == 1);
  CHECK(sum.chosen.layer == 5);
  CHECK(sum.chosen.head == 2);
  CHECK(sum.chosen_share == doctest::Approx(0.242).epsilon(0.02));
  // The median over 24 heads: the mean of the 12th and 13th numbers, recomputed here.
  std::vector<float> w;
  for (const LinkingHead& h : r) w.push_back(h.weight);
  std::sort(w.begin(), w.end());
  CHECK(sum.median_share == doctest::Approx(0.5f * (w[11] + w[12])));
  CHECK(sum.median_share < 0.06f);
  CHECK(sum.chosen_share > 5 * sum.median_share);  // the point of the figure: that head is unusual
  // What the 23 others do, from the measured habits: counts add up and are sorted.
  int counted = 0;
  for (std::size_t i = 0; i < sum.instead.size(); ++i) {
    counted += sum.instead[i].count;
    if (i > 0) CHECK(sum.instead[i - 1].count >= sum.instead[i].count);
  }
  CHECK(counted == 23);
  const auto& habits = s.head_behaviour();
  int mixed = 0;
  for (int l = 0; l < 6; ++l)
    for (int h = 0; h < 4; ++h) mixed += !(l == 5 && h == 2) && habits[l][h].habit == HeadHabit::Mixed;
  REQUIRE(!sum.instead.empty());
  CHECK(sum.instead[0].habit == HeadHabit::Mixed);
  CHECK(sum.instead[0].count == mixed);
}

TEST_CASE("no head links the pair: the summary says none and names the closest") {
  Session s = shipped_session(kAnimal);
  // Under contributions no head makes "animal" the top key of "it" (its top head sends more from "street").
  const std::vector<LinkingHead> r = linking_heads(s, 7, 1, AttnMethod::Norm, false);
  const LinkingSummary sum = summarise_linking(s, r, 1, AttnMethod::Norm);
  CHECK(sum.linking == 0);
  CHECK(sum.chosen.layer == r[0].layer);
  CHECK(sum.chosen.head == r[0].head);
  CHECK(sum.chosen_share == r[0].contribution);
  int counted = 0;
  for (const auto& c : sum.instead) counted += c.count;
  CHECK(counted == 24);
}

TEST_CASE("a hidden key gets nothing from any head, and bad indices give an empty ranking") {
  Session s = shipped_session(kAnimal);
  s.toggle_hidden(1);
  s.update();
  for (const LinkingHead& h : linking_heads(s, 7, 1, AttnMethod::Raw, false)) {
    CHECK(h.weight == 0.0f);
    CHECK(h.contribution == 0.0f);
  }
  CHECK(linking_heads(s, -1, 1, AttnMethod::Raw, false).empty());
  CHECK(linking_heads(s, 7, 12, AttnMethod::Raw, false).empty());
}

TEST_CASE("the paired key is part of the state: in the link, cleared by a new text") {
  Session s = shipped_session(kAnimal);
  s.set_link(1);
  CHECK(s.state().link == 1);
  s.set_link(40);  // beyond the text: no pair rather than another word
  CHECK(s.state().link == -1);
  s.set_link(1);
  const std::string hash = encode_share_state(s.state());
  CHECK(hash.find("&link=1") != std::string::npos);
  PlaygroundState back;
  REQUIRE(decode_share_state(hash, PlaygroundState{}, &back) == ShareNotice::None);
  CHECK(back.link == 1);
  CHECK(encode_share_state(PlaygroundState{}).find("link=") == std::string::npos);  // unset: not written
  s.set_text("Another sentence entirely.");
  CHECK(s.state().link == -1);
}
