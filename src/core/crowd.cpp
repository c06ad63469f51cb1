// The crowd scenes, their encoding as keys and values, and one attention head run over them.
#include "crowd.h"

#include <algorithm>

namespace attn {

namespace {
const char* const kHatNames[kHatOptions] = {"any", "red", "blue", "yellow"};
const char* const kShirtNames[kShirtOptions] = {"any", "green", "white", "black"};
const char* const kGlassesNames[kGlassesOptions] = {"any", "yes", "no"};
const char* const kFeatureNames[kCrowdFeatureCount] = {"hat_red",     "hat_blue",    "hat_yellow", "shirt_green",
                                                       "shirt_white", "shirt_black", "glasses"};

// The first scene; the others change one or two people so the reader can compare.
std::vector<CrowdPerson> base_people() {
  return {
      {"Bảo", 1, 1, false, "đang giữ vé xem phim", "has the cinema tickets"},
      {"Lan", 2, 2, true, "biết một quán phở ngon gần đây", "knows a good phở place nearby"},
      {"Minh", 0, 3, true, "mang ô cho cả nhóm", "brought umbrellas for everyone"},
      {"Hoa", 3, 1, false, "đang đi mua bỏng ngô", "is buying popcorn"},
      {"Tuấn", 2, 3, false, "gửi xe máy ở cổng số 2", "parked the motorbike at gate 2"},
      {"Mai", 0, 2, true, "có sạc điện thoại", "has a phone charger"},
  };
}

std::vector<CrowdScene> build_scenes() {
  std::vector<CrowdScene> scenes;
  scenes.push_back({"Một người đội mũ đỏ", "One red hat", base_people()});
  CrowdScene two{"Hai người đội mũ đỏ", "Two red hats", base_people()};
  two.people[1].hat = 1;  // Lan now wears a red hat too: two keys match "red hat" equally
  scenes.push_back(two);
  CrowdScene none{"Không ai đội mũ đỏ", "Nobody in a red hat", base_people()};
  none.people[0].hat = 0;  // Bảo took his hat off: nothing matches, the weight spreads out
  scenes.push_back(none);
  return scenes;
}

int index_of(const char* const* names, int count, const std::string& s) {
  for (int i = 0; i < count; ++i)
    if (s == names[i]) return i;
  return -1;
}
}  // namespace

const std::vector<CrowdScene>& crowd_scenes() {
  static const std::vector<CrowdScene> scenes = build_scenes();
  return scenes;
}

const CrowdScene& crowd_scene(const CrowdQuery& q) {
  const auto& scenes = crowd_scenes();
  return q.scene >= 0 && q.scene < static_cast<int>(scenes.size()) ? scenes[q.scene] : scenes[0];
}

const char* crowd_hat_name(int hat) { return hat >= 0 && hat < kHatOptions ? kHatNames[hat] : nullptr; }
const char* crowd_shirt_name(int shirt) { return shirt >= 0 && shirt < kShirtOptions ? kShirtNames[shirt] : nullptr; }
const char* crowd_glasses_name(int g) { return g >= 0 && g < kGlassesOptions ? kGlassesNames[g] : nullptr; }
const char* crowd_feature_name(int f) { return f >= 0 && f < kCrowdFeatureCount ? kFeatureNames[f] : nullptr; }

std::string encode_crowd_query(const CrowdQuery& q) {
  const char* hat = crowd_hat_name(q.hat);
  const char* shirt = crowd_shirt_name(q.shirt);
  const char* glasses = crowd_glasses_name(q.glasses);
  return std::to_string(q.scene) + "." + (hat ? hat : "any") + "." + (shirt ? shirt : "any") + "." +
         (glasses ? glasses : "any");
}

bool decode_crowd_query(const std::string& s, CrowdQuery* out) {
  std::string parts[4];
  int n = 0;
  for (char c : s) {
    if (c == '.') {
      if (++n > 3) return false;
    } else {
      parts[n] += c;
    }
  }
  if (n != 3 || parts[0].size() != 1 || parts[0][0] < '0' || parts[0][0] > '9') return false;
  const int scene = parts[0][0] - '0';
  const int hat = index_of(kHatNames, kHatOptions, parts[1]);
  const int shirt = index_of(kShirtNames, kShirtOptions, parts[2]);
  const int glasses = index_of(kGlassesNames, kGlassesOptions, parts[3]);
  if (scene >= static_cast<int>(crowd_scenes().size()) || hat < 0 || shirt < 0 || glasses < 0) return false;
  *out = CrowdQuery{scene, hat, shirt, glasses};
  return true;
}

Mat crowd_keys(const CrowdScene& scene) {
  Mat k = Mat::Zero(static_cast<Eigen::Index>(scene.people.size()), kCrowdFeatureCount);
  for (std::size_t i = 0; i < scene.people.size(); ++i) {
    const CrowdPerson& p = scene.people[i];
    const auto row = static_cast<Eigen::Index>(i);
    if (p.hat > 0) k(row, kHatRed + p.hat - 1) = 1.0f;
    if (p.shirt > 0) k(row, kShirtGreen + p.shirt - 1) = 1.0f;
    if (p.glasses) k(row, kGlasses) = 1.0f;
  }
  return k;
}

Mat crowd_query(const CrowdQuery& q) {
  Mat v = Mat::Zero(1, kCrowdFeatureCount);
  if (q.hat > 0 && q.hat < kHatOptions) v(0, kHatRed + q.hat - 1) = kCrowdQueryStrength;
  if (q.shirt > 0 && q.shirt < kShirtOptions) v(0, kShirtGreen + q.shirt - 1) = kCrowdQueryStrength;
  // "Without glasses" pushes away from the glasses feature instead of asking for it.
  if (q.glasses == 1) v(0, kGlasses) = kCrowdQueryStrength;
  if (q.glasses == 2) v(0, kGlasses) = -kCrowdQueryStrength;
  return v;
}

Mat crowd_values(const CrowdScene& scene) {
  const auto p = static_cast<Eigen::Index>(scene.people.size());
  return Mat::Identity(p, p);
}

CrowdResult crowd_attend(const CrowdQuery& q, float temperature, float min_share) {
  const CrowdScene& scene = crowd_scene(q);
  CrowdResult r;
  r.head.q = crowd_query(q);
  r.head.k = crowd_keys(scene);
  r.head.v = crowd_values(scene);
  AttentionOptions opt;
  opt.temperature = temperature;
  head_attention_forward(r.head, opt);
  Eigen::Index best = 0;
  r.head.weights.row(0).maxCoeff(&best);
  r.winner = static_cast<int>(best);
  for (Eigen::Index i = 0; i < r.head.context.cols(); ++i)
    if (r.head.context(0, i) >= min_share) r.blend.push_back({static_cast<int>(i), r.head.context(0, i)});
  std::stable_sort(r.blend.begin(), r.blend.end(),
                   [](const CrowdShare& a, const CrowdShare& b) { return a.share > b.share; });
  return r;
}

}  // namespace attn
