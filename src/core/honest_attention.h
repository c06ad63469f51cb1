// "Honest attention" (issue 13): weights per word, norm-based contributions and attention rollout.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "attention.h"
#include "model.h"
#include "tensor.h"
#include "tokenizer.h"

namespace attn {

// ---- 1. Words, not pieces ------------------------------------------------------------------
// A reader thinks in words; WordPiece may cut one word into several pieces, and a piece alone
// ("##ing") means little. These regroup a piece-level matrix so each row and column is a word.

struct WordSpan {
  std::string text;  // the pieces' texts concatenated (NFC, as the reader sees them)
  std::size_t begin = 0;  // byte span [begin, end) in the ORIGINAL text: first piece's begin,
  std::size_t end = 0;  // last piece's end
  std::vector<int> pieces;  // indices into the piece list, increasing
};

// Consecutive pieces form one word while the later piece has joins_previous (the first piece
// always starts a word, whatever its flag). The tokenizer makes every punctuation mark its own
// word, so punctuation never merges with a neighbour.
std::vector<WordSpan> group_words(const std::vector<Token>& pieces);

// [W, W] from a piece-level [n, n] matrix (rows = queries, n = all pieces of `words`), as in
// Clark et al. 2019: a key word's column is the SUM of its pieces' columns (the attention that
// went to any part of the word) and a query word's row is the MEAN of its pieces' rows, so a row
// that summed to 1 still does. Pieces whose row is all zero (they attend to nothing: a hidden
// token's rollout row, a fully masked row) are left out of the mean, so a word with one such
// piece still sums to 1; a word whose every piece row is zero gets an all-zero row. Returns an
// empty matrix if `a` is not square or a piece index is out of range.
Mat merge_to_words(const Mat& a, const std::vector<WordSpan>& words);

// ---- 2. Norm-based contribution (Kobayashi et al. 2020, "Attention is not only a weight") ------
// A weight says how much a query looks at a key, not how much that key changes the output: a key
// whose transformed value is tiny moves nothing, however much weight it gets (an attention
// "sink"). Head h's output for query i is sum_j alpha^h_ij f_h(x_j) with
//   f_h(x_j) = v^h_j W_O^h,  v^h_j = HeadTrace::v row j (bias bv included),
//   W_O^h = rows [h*dk, (h+1)*dk) of AttentionParams::wo (output = concat . wo + bo).
// The output bias bo is the same for every key, so no key is credited with it.
// Per head:       c_ij = alpha^h_ij * ||f_h(x_j)||
// All heads (-1): c_ij = || sum_h alpha^h_ij f_h(x_j) ||   (what key j adds to the layer's output)
// For a model layer pass trace.layers[l].attn and weights.layers[l].attn.

// Everything about the keys' transformed values that the contributions need, computed once per
// layer (one [n, dk] x [dk, d_model] product per head) and reusable for every head and for -1.
struct ValueNorms {
  int n_heads = 0;
  Mat head;  // [n_heads, n]: row h, column j = ||f_h(x_j)||, what a head's sink explanation quotes
  RowVec all;  // [n]: ||sum_h f_h(x_j)||, the key's value norm for the layer: c_ij = w_ij * all_j
      // when every head gives key j the same weight w_ij (compare with the heads' mean)
  // [n_heads * (n_heads + 1) / 2, n]: <f_h(x_j), f_g(x_j)> for h <= g, pairs in the order
  // (0,0), (0,1), ..., (0,H-1), (1,1), ... . The all-heads norm then costs n^2 per pair instead
  // of n^2 * d_model: ||sum_h a_h f_h||^2 = sum_{h,g} a_h a_g <f_h, f_g>.
  Mat gram;
};

// Empty (n_heads 0) when the trace has no heads or wo does not fit the heads' value size.
ValueNorms value_norms(const AttentionTrace& trace, const AttentionParams& p);

// The unscaled contributions [n, n] of `head` (0 .. heads-1, or -1 = all heads together). Keys
// with hidden[k] get 0 in every row (the forward already gives them weight 0; this holds even if
// the trace was computed without the flags); hidden may be empty. A row whose weights are all zero
// stays zero. Empty matrix for a head out of range, mismatched norms, or no tokens.
// The all-heads norm is summed from the Gram entries in float, so where the heads' vectors nearly
// cancel its error is float epsilon relative to the single-head terms, not to the (small) result.
Mat norm_contributions(const AttentionTrace& trace, const ValueNorms& norms, int head,
                       const std::vector<bool>& hidden = {});
Mat norm_contributions(const AttentionTrace& trace, const AttentionParams& p, int head,
                       const std::vector<bool>& hidden = {});

// The same with each row scaled to sum to 1 (shares, comparable with the weights).
Mat norm_contribution_shares(const AttentionTrace& trace, const ValueNorms& norms, int head,
                             const std::vector<bool>& hidden = {});
Mat norm_contribution_shares(const AttentionTrace& trace, const AttentionParams& p, int head,
                             const std::vector<bool>& hidden = {});

// Each row divided by its sum; a row whose sum is not positive (all zero) becomes all zero.
Mat scale_rows_to_one(const Mat& c);

// ---- 3. Attention rollout (Abnar & Zuidema 2020) -------------------------------------------
// One layer's weights ignore what earlier layers already mixed in, and the residual connection
// that carries each token past attention. Rollout models both:
//   A^_l = 0.5 * mean_h A_l + 0.5 * I,  R_0 = A^_0,  R_l = A^_l * R_(l-1)
// Row i of R_l: how much of each input token reaches token i after layer l; rows sum to 1.
// Hidden tokens (hidden[k], may be empty = none): their columns of mean_h A_l are set to 0 (the
// forward already does that when given the same flags), the identity covers visible tokens only,
// and every row is renormalised to sum to 1. A hidden token's own row is all zero: it is switched
// off, so nothing it gathered is shown; no other row changes, since no token reads from a hidden
// one. (The raw and norm-based views keep a hidden token's row as the forward computed it.)

// A^_l for one layer [n, n], with the hidden rule above.
Mat rollout_layer_matrix(const AttentionTrace& layer, const std::vector<bool>& hidden = {});

// R_l for every layer l (index l), computed with one [n, n] product per layer after the first.
std::vector<Mat> attention_rollout(const ModelTrace& trace, const std::vector<bool>& hidden = {});

// R_layer only (stops there); empty matrix for a layer out of range.
Mat attention_rollout(const ModelTrace& trace, int layer, const std::vector<bool>& hidden = {});

// ---- attention sinks -------------------------------------------------------------------------

// The rule the playground and the model card share: a query row has a sink when its most-weighted
// key takes at least kSinkWeight of the row's weight but gets less than kSinkRatio of that as its
// contribution share (it is looked at, yet sends little: Kobayashi et al. 2020).
constexpr float kSinkWeight = 0.3f;
constexpr float kSinkRatio = 0.5f;
struct SinkFinding {
  int key = -1;  // -1: no sink in this row
  float weight = 0;  // the key's raw weight in the row
  float contribution = 0;  // its contribution share in the row
};
// raw: the weights; shares: norm_contribution_shares of the same layer and head (same shape).
SinkFinding find_sink(const Mat& raw, const Mat& shares, int row);

// ---- everything at once ------------------------------------------------------------------------

// What the norm and rollout views need for one text, nothing hidden: per layer the value norms,
// the contributions of every head and of all heads (-1 first) and their row shares, and the
// rollout of every layer. The benchmark's workload (page and native), in one definition.
struct AllHonestViews {
  std::vector<ValueNorms> norms;  // [layers]
  std::vector<Mat> contributions, shares;  // [layers * (heads + 1)], head -1 first
  std::vector<Mat> rollout;  // [layers]
};
AllHonestViews all_honest_views(const ModelTrace& trace, const ModelWeights& w);

}  // namespace attn
