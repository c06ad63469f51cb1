// The links view's line choice and the train view's key projection, computed by the core.
#include <doctest/doctest.h>

#include <cmath>

#include "link_choice.h"

using namespace attn;

TEST_CASE("links: per query the top-k keys over the floor, within the line budget, strongest drawn last") {
  Mat a(3, 3), b(3, 3);
  a << 0.70f, 0.20f, 0.10f, 0.01f, 0.50f, 0.49f, 0.30f, 0.30f, 0.40f;
  b << 0.00f, 1.00f, 0.00f, 0.90f, 0.05f, 0.05f, 0.34f, 0.33f, 0.33f;
  LinkFilter f;
  f.top_k = 2;
  f.min_weight = 0.02f;
  const LinkChoices c = choose_links({{0, &a}, {2, &b}}, 3, f);
  CHECK(c.top_k_used == 2);
  // a: row 0 keeps 0.7, 0.2; row 1 keeps 0.5, 0.49 (0.01 is under the floor); row 2 keeps 0.4 and
  // the lower key of the tied 0.3s. b: row 0 has one key over 0 (1.0); row 1 0.9 and key 1 of the
  // tied 0.05s; row 2 0.34 and key 1.
  REQUIRE(c.lines.size() == 11);
  for (std::size_t i = 1; i < c.lines.size(); ++i) CHECK(c.lines[i - 1].weight <= c.lines[i].weight);
  CHECK(c.lines.back().head == 2);
  CHECK(c.lines.back().weight == doctest::Approx(1.0f));
  int tied = 0;
  for (const LinkChoice& l : c.lines) {
    CHECK(l.weight >= f.min_weight);
    CHECK(l.highlighted);
    if (l.head == 0 && l.query == 2 && l.weight == 0.30f) {
      CHECK(l.key == 0);
      ++tied;
    }
  }
  CHECK(tied == 1);

  // Isolating key 1: only its lines stay bright, and they are drawn after (over) the faded ones.
  f.isolated_side = 1;
  f.isolated_index = 1;
  const LinkChoices iso = choose_links({{0, &a}, {2, &b}}, 3, f);
  REQUIRE(iso.lines.size() == 11);
  bool seen_bright = false;
  for (const LinkChoice& l : iso.lines) {
    CHECK(l.highlighted == (l.key == 1));
    if (l.highlighted)
      seen_bright = true;
    else
      CHECK_FALSE(seen_bright);
  }

  // A matrix of another size is skipped; top-k 0 means every key, capped by the budget.
  Mat wrong(2, 2);
  wrong.setConstant(0.5f);
  f = LinkFilter{};
  f.top_k = 0;
  CHECK(choose_links({{0, &wrong}}, 3, f).lines.empty());
  CHECK(choose_links({{0, &a}}, 3, f).top_k_used == 3);
  CHECK(links_top_k_cap(256, 4) == kLinkBudget / 1024);
  CHECK(links_top_k_cap(0, 4) == 1);
  Mat big(256, 256);
  big.setConstant(1.0f / 256);
  f.min_weight = 0;  // (1/256 is under the default floor)
  const LinkChoices many = choose_links({{0, &big}, {1, &big}, {2, &big}, {3, &big}}, 256, f);
  CHECK(many.top_k_used == 16);
  CHECK(many.lines.size() == 256u * 4 * 16);
  CHECK(static_cast<int>(many.lines.size()) <= kLinkBudget);
}

TEST_CASE("keys against a query: the length along q is the score over |q|, across is the rest") {
  Mat q(2, 2), k(3, 2);
  q << 3, 4, 0, 0;
  k << 3, 4,  // along q: 5, across 0
      -4, 3,  // perpendicular: along 0, across 5
      6, 8;  // twice q: along 10
  const KeysAgainstQuery p = keys_against_query(q, 0, k);
  CHECK(p.q_length == doctest::Approx(5));
  REQUIRE(p.along.size() == 3);
  CHECK(p.along[0] == doctest::Approx(5));
  CHECK(p.across[0] == doctest::Approx(0).epsilon(1e-3));
  CHECK(p.along[1] == doctest::Approx(0));
  CHECK(p.across[1] == doctest::Approx(5));
  CHECK(p.along[2] == doctest::Approx(10));
  for (int j = 0; j < 3; ++j) CHECK(p.along[j] * p.q_length == doctest::Approx(q.row(0).dot(k.row(j))));
  // A zero query divides by 1e-6, not by zero; a row out of range gives nothing.
  const KeysAgainstQuery z = keys_against_query(q, 1, k);
  CHECK(z.q_length == doctest::Approx(1e-6f));
  CHECK(std::isfinite(z.across[2]));
  CHECK(keys_against_query(q, 2, k).along.empty());
}
