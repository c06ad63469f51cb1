// What the views and the API show: raw weights, contributions or rollout, of pieces or words, cached.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <tuple>
#include <vector>

#include "honest_attention.h"
#include "playground_state.h"

namespace attn {

class Session;

// What ShownAttention::trim keeps at most beyond what the views use (the app trims every frame).
constexpr std::size_t kShownCacheBudget = std::size_t(48) << 20;

// One shown matrix with everything a view needs to label it. Rows are queries, columns keys.
struct ShownMatrix {
  // Raw weights, contribution shares or rollout; words merged. Raw weights of pieces are the
  // trace's own matrix (not copied: 16 heads of a 1024-piece text would be 64 MB more).
  const Mat& values() const { return source ? *source : own; }
  Mat own;  // the values when they were computed for this matrix
  const Mat* source = nullptr;  // else the session's matrix they are (valid until Session::trim_weights)
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
  // The same matrix computed without keeping it (no labels when get would give nullptr): for a
  // caller that reduces many matrices once, such as the heads grid's thumbnails, whose 24 word
  // matrices of a long text would otherwise sit in the cache together (~20 MB at 1024 pieces).
  // Its values are its own (a raw matrix is computed, not pointed to), so it outlives trims.
  ShownMatrix build(const Session& s, int layer, int head, AttnMethod method, bool by_word);
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
  // Called once a frame before the views draw: while the cached matrices take more than
  // budget_bytes, those nobody asked for since the previous call are dropped (one matrix of a
  // 1024-piece text is 4 MB; a short text never reaches the budget, so nothing changes there).
  void trim(std::size_t budget_bytes);
  std::size_t cached_bytes() const;  // the shown and contribution matrices held now

 private:
  void refresh(const Session& s);
  // build(); point_into_session: raw weights of pieces point at Session::weights (get() keeps them
  // pointing there, asking again each time), else they are copied into `own`.
  ShownMatrix make(const Session& s, int layer, int head, AttnMethod method, bool by_word, bool point_into_session);
  std::vector<bool> hidden_pieces(const Session& s) const;

  uint64_t revision_ = ~0ull;
  std::vector<WordSpan> words_;
  bool words_differ_ = false;
  std::vector<ValueNorms> norms_;  // per layer, filled on demand (n_heads 0 = not yet)
  std::deque<Mat> rollout_;  // R_0 .. R_k, grown on demand (a deque: shown matrices point into it)
  template <typename T>
  struct Used {
    T value;
    uint64_t tick = 0;  // trim_tick_ when last asked for
  };
  std::map<std::pair<int, int>, Used<Mat>> contributions_;
  std::map<std::tuple<int, int, int, bool>, Used<ShownMatrix>> shown_;
  uint64_t trim_tick_ = 0;
};

}  // namespace attn
