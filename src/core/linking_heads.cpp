// Ranks every head by how much a query looks at a key, from the same matrices the views show.
#include "linking_heads.h"

#include <algorithm>
#include <cstdio>

#include "session.h"

namespace attn {

namespace {
// The row's most-weighted key (the first of equals, as the views' readouts pick it).
int top_of_row(const Mat& m, int row) {
  Eigen::Index best = 0;
  m.row(row).maxCoeff(&best);
  return static_cast<int>(best);
}
}  // namespace

float linking_score(const LinkingHead& h, AttnMethod method) {
  return method == AttnMethod::Norm ? h.contribution : h.weight;
}

std::vector<LinkingHead> linking_heads(const Session& s, int query, int key, AttnMethod method, bool by_word) {
  std::vector<LinkingHead> out;
  const int n_pieces = static_cast<int>(s.tokens().size());
  if (n_pieces == 0) return out;
  ShownAttention& shown = s.shown();
  const std::vector<WordSpan>& words = shown.words(s);
  const int n = by_word ? static_cast<int>(words.size()) : n_pieces;
  if (query < 0 || query >= n || key < 0 || key >= n) return out;
  std::vector<bool> hidden(n_pieces, false);
  for (int i : s.state().hidden)
    if (i >= 0 && i < n_pieces) hidden[i] = true;
  auto unit = [&](const Mat& pieces) { return by_word ? merge_to_words(pieces, words) : pieces; };

  const int layers = static_cast<int>(s.trace().layers.size());
  for (int l = 0; l < layers; ++l) {
    const ValueNorms* vn = shown.value_norms(s, l);
    if (!vn) continue;
    if (method == AttnMethod::Rollout) {
      // Rollout has no heads: the layer's chain R_l against the layer's all-heads contribution.
      const ShownMatrix* r = shown.get(s, l, -1, AttnMethod::Rollout, by_word);
      if (!r) continue;
      const Mat shares = unit(norm_contribution_shares(s.attention_with_weights(l), *vn, -1, hidden));
      out.push_back({l, -1, r->values()(query, key), shares(query, key), top_of_row(r->values(), query)});
      continue;
    }
    // Every head's weights of the layer at once (the contributions need them all), then one
    // head's matrices at a time: a long text's 24 [n, n] pairs are never held together.
    const AttentionTrace at = s.attention_with_weights(l);
    for (int h = 0; h < static_cast<int>(at.heads.size()); ++h) {
      const Mat raw = unit(at.heads[h].weights);
      const Mat shares = unit(norm_contribution_shares(at, *vn, h, hidden));
      const Mat& ranked = method == AttnMethod::Norm ? shares : raw;
      out.push_back({l, h, raw(query, key), shares(query, key), top_of_row(ranked, query)});
    }
  }
  std::stable_sort(out.begin(), out.end(), [method](const LinkingHead& a, const LinkingHead& b) {
    return linking_score(a, method) > linking_score(b, method);
  });
  return out;
}

LinkingSummary summarise_linking(const Session& s, const std::vector<LinkingHead>& ranking, int key,
                                 AttnMethod method) {
  LinkingSummary sum;
  sum.total = static_cast<int>(ranking.size());
  if (ranking.empty()) return sum;
  sum.chosen = ranking.front();
  std::vector<float> scores;
  for (const LinkingHead& h : ranking) {
    scores.push_back(linking_score(h, method));
    if (h.top_key == key && sum.linking++ == 0) sum.chosen = h;  // the ranking is strongest first
  }
  sum.chosen_share = linking_score(sum.chosen, method);
  std::sort(scores.begin(), scores.end());
  const std::size_t m = scores.size();
  sum.median_share = m % 2 ? scores[m / 2] : 0.5f * (scores[m / 2 - 1] + scores[m / 2]);

  // What the heads that do not link the pair do, by their habits measured on this text.
  const auto& habits = s.head_behaviour();
  std::vector<int> counts(kHeadHabitCount, 0);
  for (const LinkingHead& e : ranking) {
    if (e.top_key == key || e.layer >= static_cast<int>(habits.size())) continue;
    const auto& layer = habits[e.layer];
    for (int h = 0; h < static_cast<int>(layer.size()); ++h)
      if (e.head == -1 || e.head == h) ++counts[static_cast<int>(layer[h].habit)];
  }
  for (int i = 0; i < kHeadHabitCount; ++i)
    if (counts[i] > 0) sum.instead.push_back({static_cast<HeadHabit>(i), counts[i]});
  std::stable_sort(
      sum.instead.begin(), sum.instead.end(),
      [](const LinkingSummary::HabitCount& a, const LinkingSummary::HabitCount& b) { return a.count > b.count; });
  return sum;
}

}  // namespace attn
