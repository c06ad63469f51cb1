// Native tests of the crowd analogy: who wins, how two matches share, what temperature does, links.
#include <doctest/doctest.h>

#include <cmath>

#include "crowd.h"
#include "share_state.h"

using namespace attn;

namespace {
int person_named(const CrowdScene& scene, const char* name) {
  for (std::size_t i = 0; i < scene.people.size(); ++i)
    if (std::string(scene.people[i].name) == name) return static_cast<int>(i);
  return -1;
}
float max_weight(const CrowdResult& r) { return r.head.weights.row(0).maxCoeff(); }
}  // namespace

TEST_CASE("crowd: keys are one-hot per feature group and values name each person") {
  const CrowdScene& scene = crowd_scenes()[0];
  const Mat k = crowd_keys(scene);
  REQUIRE(k.rows() == static_cast<Eigen::Index>(scene.people.size()));
  REQUIRE(k.cols() == kCrowdFeatureCount);
  const int bao = person_named(scene, "Bảo");
  REQUIRE(bao >= 0);
  CHECK(k(bao, kHatRed) == 1.0f);
  CHECK(k(bao, kHatBlue) == 0.0f);
  CHECK(k.row(bao).sum() == 2.0f);  // red hat + green shirt, no glasses
  CHECK(crowd_values(scene).isIdentity());
  const Mat q = crowd_query(CrowdQuery{0, 1, 0, 0});
  CHECK(q(0, kHatRed) == kCrowdQueryStrength);
  CHECK(q.sum() == kCrowdQueryStrength);
  CHECK(crowd_query(CrowdQuery{0, 0, 0, 2})(0, kGlasses) == -kCrowdQueryStrength);
}

TEST_CASE("crowd: asking for a red hat makes the person in the red hat win") {
  const CrowdResult r = crowd_attend(CrowdQuery{0, 1, 0, 0}, 1.0f);
  const CrowdScene& scene = crowd_scenes()[0];
  CHECK(r.winner == person_named(scene, "Bảo"));
  CHECK(r.head.weights(0, r.winner) > 0.6f);
  for (Eigen::Index i = 0; i < r.head.weights.cols(); ++i)
    if (i != r.winner) CHECK(r.head.weights(0, i) < r.head.weights(0, r.winner));
  // The scores are the plain dot products q . k: 8 for the match, 0 for everyone else.
  CHECK(r.head.scores(0, r.winner) == doctest::Approx(kCrowdQueryStrength));
  CHECK(r.head.scaled(0, r.winner) == doctest::Approx(kCrowdQueryStrength / std::sqrt(7.0f)));
  // V is the identity, so what comes out is each person's share of the answer.
  CHECK((r.head.context - r.head.weights).cwiseAbs().maxCoeff() < 1e-7f);
  REQUIRE(!r.blend.empty());
  CHECK(r.blend[0].person == r.winner);
}

TEST_CASE("crowd: two red hats share the weight (equal to 1e-6), a third feature breaks the tie") {
  const CrowdScene& scene = crowd_scenes()[1];
  const int bao = person_named(scene, "Bảo"), lan = person_named(scene, "Lan");
  const CrowdResult r = crowd_attend(CrowdQuery{1, 1, 0, 0}, 1.0f);
  const float wb = r.head.weights(0, bao), wl = r.head.weights(0, lan);
  CHECK(std::fabs(wb - wl) < 1e-6f);
  CHECK(wb > 0.4f);
  CHECK(wb + wl > 0.85f);
  REQUIRE(r.blend.size() >= 2);
  CHECK(r.blend[0].share == doctest::Approx(r.blend[1].share).epsilon(1e-5));
  // Lan wears glasses and Bảo does not: asking for glasses too makes Lan win.
  const CrowdResult g = crowd_attend(CrowdQuery{1, 1, 0, 1}, 1.0f);
  CHECK(g.winner == lan);
}

TEST_CASE("crowd: a lower temperature gives a larger winning weight; weights always sum to 1") {
  float previous = 0.0f;
  for (float t : {5.0f, 2.0f, 1.0f, 0.5f, 0.2f}) {
    for (int scene = 0; scene < static_cast<int>(crowd_scenes().size()); ++scene)
      for (int hat = 0; hat < kHatOptions; ++hat)
        for (int glasses = 0; glasses < kGlassesOptions; ++glasses) {
          const CrowdResult r = crowd_attend(CrowdQuery{scene, hat, 2, glasses}, t);
          CHECK(r.head.weights.row(0).sum() == doctest::Approx(1.0f).epsilon(1e-6));
        }
    const float w = max_weight(crowd_attend(CrowdQuery{0, 1, 0, 0}, t));
    CHECK(w > previous);
    previous = w;
  }
  CHECK(previous > 0.99f);  // at 0.2 the red hat takes (almost) everything
  // Nobody matches: every score is 0 and the weight is spread evenly, whatever the temperature.
  const CrowdResult none = crowd_attend(CrowdQuery{2, 1, 0, 0}, 0.2f);
  CHECK(none.head.weights.maxCoeff() == doctest::Approx(1.0f / 6));
}

TEST_CASE("crowd: the query round-trips through its link form and the share state") {
  CrowdQuery q{1, 3, 2, 2};
  CHECK(encode_crowd_query(q) == "1.yellow.white.no");
  CrowdQuery back;
  REQUIRE(decode_crowd_query("1.yellow.white.no", &back));
  CHECK(back == q);
  for (const char* bad : {"", "1.red.any", "9.red.any.any", "1.pink.any.any", "1.red.any.any.x", "-1.red.any.any",
                          "12.red.any.any", "1..any.any"}) {
    CrowdQuery untouched;
    CHECK_MESSAGE(!decode_crowd_query(bad, &untouched), bad);
    CHECK(untouched == CrowdQuery{});
  }
  PlaygroundState s;
  CHECK(encode_share_state(s).find("crowd=") == std::string::npos);  // default: not written
  s.crowd = q;
  const std::string hash = encode_share_state(s);
  CHECK(hash.find("&crowd=1.yellow.white.no") != std::string::npos);
  PlaygroundState decoded;
  CHECK(decode_share_state(hash, PlaygroundState{}, &decoded) == ShareNotice::None);
  CHECK(decoded == s);
  CHECK(decode_share_state("view=crowd&crowd=7.red.any.any", PlaygroundState{}, &decoded) == ShareNotice::Ignored);
  CHECK(decoded.crowd == CrowdQuery{});
}
