// The links view's lines (top-k per query within a budget) and the train view's key projections.
#include "link_choice.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace attn {

int links_top_k_cap(int tokens, int heads) {
  if (tokens <= 0 || heads <= 0) return 1;
  return std::max(1, kLinkBudget / (tokens * heads));
}

LinkChoices choose_links(const std::vector<LinkSource>& sources, int n, const LinkFilter& filter) {
  LinkChoices out;
  const int cap = links_top_k_cap(n, std::max(1, static_cast<int>(sources.size())));
  out.top_k_used = std::min(filter.top_k > 0 ? filter.top_k : n, std::min(cap, n));
  std::vector<std::pair<float, int>> row;
  for (const LinkSource& src : sources) {
    if (!src.values) continue;
    const Mat& W = *src.values;
    if (W.rows() != n || W.cols() != n) continue;
    for (int i = 0; i < n; ++i) {
      row.clear();
      for (int j = 0; j < n; ++j) {
        const float w = W(i, j);
        if (w > 0 && w >= filter.min_weight) row.emplace_back(w, j);
      }
      const int keep = std::min<int>(out.top_k_used, static_cast<int>(row.size()));
      std::partial_sort(row.begin(), row.begin() + keep, row.end(), [](const auto& a, const auto& b) {
        return a.first > b.first || (a.first == b.first && a.second < b.second);
      });
      for (int r = 0; r < keep; ++r) {
        LinkChoice d{src.head, i, row[r].second, row[r].first, true};
        if (filter.isolated_side == 0) d.highlighted = d.query == filter.isolated_index;
        if (filter.isolated_side == 1) d.highlighted = d.key == filter.isolated_index;
        out.lines.push_back(d);
      }
    }
  }
  std::stable_sort(out.lines.begin(), out.lines.end(), [](const LinkChoice& a, const LinkChoice& b) {
    if (a.highlighted != b.highlighted) return !a.highlighted;
    return a.weight < b.weight;
  });
  return out;
}

KeysAgainstQuery keys_against_query(const Mat& q, int row, const Mat& k) {
  KeysAgainstQuery out;
  if (row < 0 || row >= q.rows() || q.cols() != k.cols()) return out;
  out.q_length = std::max(1e-6f, q.row(row).norm());
  const Eigen::Index n = k.rows();
  out.along.resize(n);
  out.across.resize(n);
  for (Eigen::Index j = 0; j < n; ++j) {
    out.along[j] = k.row(j).dot(q.row(row)) / out.q_length;
    out.across[j] = std::sqrt(std::max(0.0f, k.row(j).squaredNorm() - out.along[j] * out.along[j]));
  }
  return out;
}

}  // namespace attn
