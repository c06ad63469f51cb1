// The "find my friend in the red hat" analogy as numbers: people are keys, the wish is the query.
#pragma once
#include <string>
#include <vector>

#include "attention.h"
#include "playground_state.h"

namespace attn {

// Feature dimensions of a key (one-hot per group; "no hat" is all zeros in the hat group).
enum CrowdFeature {
  kHatRed,
  kHatBlue,
  kHatYellow,
  kShirtGreen,
  kShirtWhite,
  kShirtBlack,
  kGlasses,
  kCrowdFeatureCount
};

// Option values of CrowdQuery (and of a person's looks): index 0 is "any" / "none".
constexpr int kHatOptions = 4;  // any/none, red, blue, yellow
constexpr int kShirtOptions = 4;  // any, green, white, black
constexpr int kGlassesOptions = 3;  // any, with, without

// How strongly the query asks for each chosen feature. With 7 feature dims this puts one match
// 8 / sqrt(7) ~ 3 above a miss after scaling: at temperature 1 a single match takes ~80% of the
// weight, so the reader sees a clear winner that temperature can still sharpen or soften.
constexpr float kCrowdQueryStrength = 8.0f;

struct CrowdPerson {
  const char* name;
  int hat;  // 0 none, 1 red, 2 blue, 3 yellow
  int shirt;  // 1 green, 2 white, 3 black
  bool glasses;
  const char* fact_vi;
  const char* fact_en;
  const char* fact(Lang l) const { return l == Lang::Vi ? fact_vi : fact_en; }
};

struct CrowdScene {
  const char* title_vi;
  const char* title_en;
  std::vector<CrowdPerson> people;
  const char* title(Lang l) const { return l == Lang::Vi ? title_vi : title_en; }
};

const std::vector<CrowdScene>& crowd_scenes();
// The scene of a query, with an out-of-range scene index falling back to the first scene.
const CrowdScene& crowd_scene(const CrowdQuery& q);

// Short names used in links and the API: "any", "red", "blue", ... (nullptr for a bad index).
const char* crowd_hat_name(int hat);
const char* crowd_shirt_name(int shirt);
const char* crowd_glasses_name(int glasses);
const char* crowd_feature_name(int feature);  // "hat_red", ..., "glasses"

// "scene.hat.shirt.glasses", e.g. "1.red.any.yes"; decode refuses anything else (out unchanged).
std::string encode_crowd_query(const CrowdQuery& q);
bool decode_crowd_query(const std::string& s, CrowdQuery* out);

Mat crowd_keys(const CrowdScene& scene);  // [P, F] each person's looks, one-hot per group
Mat crowd_query(const CrowdQuery& q);  // [1, F] kCrowdQueryStrength on each wished feature
Mat crowd_values(const CrowdScene& scene);  // [P, P] person i's value says "this is person i"

// One person's share of the mixed value that comes out.
struct CrowdShare {
  int person;
  float share;
};

struct CrowdResult {
  HeadTrace head;  // q [1,F], k [P,F], v [P,P]; scores..weights [1,P]; context [1,P]
  int winner = 0;  // the person with the largest weight (the first on a tie)
  std::vector<CrowdShare> blend;  // context entries >= min_share, largest first
};

// Runs the same head_attention_forward as the sentence model on the crowd.
CrowdResult crowd_attend(const CrowdQuery& q, float temperature, float min_share = 0.01f);

}  // namespace attn
