// Which heads link two words: every (layer, head) ranked by how much a query looks at a key, and a summary for captions.
#pragma once
#include <vector>

#include "head_behaviour.h"
#include "playground_state.h"

namespace attn {

class Session;

// One head's numbers for the pair (query row, key column of the unit asked for).
struct LinkingHead {
  int layer = 0;
  int head = 0;  // -1 under rollout: one entry per layer, every head together
  float weight = 0;  // the softmax weight (rollout: the rollout share of layer `layer`)
  float contribution = 0;  // the norm-based contribution share (rollout: all heads of the layer)
  int top_key = -1;  // the key this head's query row puts the most on, by the ranking's numbers
};

// The number a ranking orders by: the contribution under Norm, else the weight.
float linking_score(const LinkingHead& h, AttnMethod method);

// Every head of every layer of the session's current trace (Session::update() called), strongest
// first by linking_score; ties keep (layer, head) order. `query` and `key` count rows of the unit:
// words when by_word (a word's row is the mean of its pieces' rows and its column the sum of its
// pieces' columns, as attention() shows them), else pieces. The mask, temperature and hidden tokens
// apply as in the views. Rollout ignores heads: one entry per layer. Empty when an index is out of
// range or there are no tokens.
std::vector<LinkingHead> linking_heads(const Session& s, int query, int key, AttnMethod method, bool by_word);

// What a caption says about a ranking: how many heads link the pair, how typical the best one is,
// and what the others mostly do instead.
struct LinkingSummary {
  int total = 0;  // entries ranked (layers x heads; rollout: layers)
  int linking = 0;  // entries whose query row puts the most on the key (top_key == key)
  // The head a figure opens on and the caption names: the strongest of those that link the pair
  // (the key is their query's top key, so the picture's readout says what the caption says), else
  // the ranking's first entry (the closest).
  LinkingHead chosen;
  float chosen_share = 0;  // its linking_score
  float median_share = 0;  // the median linking_score over every entry (mean of the middle two when even)
  // The habits (Session::head_behaviour) of the heads that do not link the pair, most common
  // first (ties in HeadHabit order); rollout counts every head of a layer that does not link.
  struct HabitCount {
    HeadHabit habit = HeadHabit::Mixed;
    int count = 0;
  };
  std::vector<HabitCount> instead;
};
LinkingSummary summarise_linking(const Session& s, const std::vector<LinkingHead>& ranking, int key, AttnMethod method);

}  // namespace attn
