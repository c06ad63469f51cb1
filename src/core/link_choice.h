// Which lines the links view draws and where the train view's keys sit against a query: computed here, drawn by the UI.
#pragma once
#include <vector>

#include "tensor.h"

namespace attn {

// At most this many lines at once: 256 tokens x 4 heads x every key would be 262,144 lines
// crossing the whole view, unreadable and too many pixels for a phone's GPU. Top-k is capped so
// n x heads x k stays within it.
constexpr int kLinkBudget = 16384;
// The largest top-k allowed for n tokens and that many heads; >= tokens means "all".
int links_top_k_cap(int tokens, int heads);

// One matrix the lines come from: a head's (weights or contribution shares; rows = queries), or
// the rollout (head -1).
struct LinkSource {
  int head = 0;
  const Mat* values = nullptr;
};

// A line of the links view, as drawn (the API's linksInfo reads exactly these).
struct LinkChoice {
  int head = 0, query = 0, key = 0;  // head -1: rollout (every head together); query, key: rows
  float weight = 0;
  bool highlighted = true;  // false: faded because another token is isolated
};

struct LinkFilter {
  int top_k = 3;  // per query and source, the strongest keys; 0 = every key
  float min_weight = 0.02f;  // keys weighted less are left out (and a zero weight always)
  int isolated_side = -1;  // 0: only query `isolated_index` is highlighted; 1: only that key
  int isolated_index = -1;
};

struct LinkChoices {
  std::vector<LinkChoice> lines;  // faded first, then weak before strong: the strong end on top
  int top_k_used = 0;  // the filter's top-k, capped by the budget and the tokens
};

// Per source and query row: the top-k keys at or above min_weight, largest first (ties keep the
// lower key), over sources whose matrix is n x n (others are skipped).
LinkChoices choose_links(const std::vector<LinkSource>& sources, int n, const LinkFilter& filter);

// The train view's picture of one query: each key k_j split into its length along q_row
// (k_j . q / |q|, what the score measures) and its length across q (what the score ignores).
struct KeysAgainstQuery {
  float q_length = 0;  // |q_row| (at least 1e-6, so a zero query divides safely)
  std::vector<float> along, across;
};
KeysAgainstQuery keys_against_query(const Mat& q, int row, const Mat& k);

}  // namespace attn
