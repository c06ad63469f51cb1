// What the views and the API show: raw weights, contributions or rollout, of pieces or words, cached.
#pragma once
#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "honest_attention.h"
#include "playground_state.h"

namespace attn {

class Session;

// One shown matrix with everything a view needs to label it. Rows are queries, columns keys.
struct ShownMatrix {
  Mat values;  // raw weights, contribution shares or rollout; words merged
  bool by_word = false;  // rows and columns are words (else pieces)
  std::vector<std::string> labels;  // one per row / column
  std::vector<bool> hidden;  // per row / column: switched off (a word when all its pieces are)
  std::vector<int> unit_of_piece;  // piece index -> its row
  std::vector<int> first_piece;  // row -> its first piece (a tap on a word focuses that piece)
  int focus = 0;  // the row of the state's focus piece
};

// Computes on demand from the session's trace and keeps the results until the trace changes
// (Session::revision), so switching method or unit back and forth costs nothing.
class ShownAttention {
 public:
  // (layer, head) under `method` (rollout ignores head), merged to words when by_word; nullptr
  // when there are no tokens or the layer / head does not exist.
  const ShownMatrix* get(const Session& s, int layer, int head, AttnMethod method, bool by_word);
  // The state's method and unit (Auto resolved).
  const ShownMatrix* current(const Session& s, int layer, int head);
  // The unscaled norm-based contributions c_ij of (layer, head), pieces; nullptr as above.
  const Mat* contributions(const Session& s, int layer, int head);
  // ||f_h(x_j)|| of every head and key of a layer; nullptr as above.
  const ValueNorms* value_norms(const Session& s, int layer);
  const std::vector<WordSpan>& words(const Session& s);
  // True when some word of the text has more than one piece (then words and pieces differ).
  bool words_differ(const Session& s);
  bool by_word(const Session& s);  // the state's unit, Auto resolved

 private:
  void refresh(const Session& s);
  std::vector<bool> hidden_pieces(const Session& s) const;

  uint64_t revision_ = ~0ull;
  std::vector<WordSpan> words_;
  bool words_differ_ = false;
  std::vector<ValueNorms> norms_;  // per layer, filled on demand (n_heads 0 = not yet)
  std::vector<Mat> rollout_;  // R_0 .. R_k, grown on demand
  std::map<std::pair<int, int>, Mat> contributions_;
  std::map<std::tuple<int, int, int, bool>, ShownMatrix> shown_;
};

}  // namespace attn
