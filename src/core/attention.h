// Multi-head self-attention forward with a trace of every intermediate, per head.
#pragma once
#include <vector>

#include "tensor.h"

namespace attn {

// What the reader can change about how attention is computed.
struct AttentionOptions {
  bool causal = false;  // a query may only see keys at or before its own position
  float temperature = 1.0f;  // weights = softmax(masked / temperature); clamped to a safe range
  std::vector<bool> hidden;  // hidden[j]: key j is switched off (weight 0 in every row); may be empty
};

// Temperatures outside this range are clamped (0, NaN and infinities included).
constexpr float kMinTemperature = 0.01f;
constexpr float kMaxTemperature = 100.0f;
float clamp_temperature(float t);

// Everything one head computed, in the order the article explains it. n = tokens, dk = head size.
struct HeadTrace {
  Mat q, k, v;  // [n, dk] projections of the input for this head
  Mat scores;  // [n, n] q_i . k_j
  Mat scaled;  // [n, n] scores / sqrt(dk)
  Mat masked;  // [n, n] scaled, with -inf where the mask or a hidden key forbids a pair
  Mat weights;  // [n, n] softmax(masked / temperature); each row sums to 1 (or is all 0)
  Mat context;  // [n, dk] weights . v
};

// The parameters of one multi-head attention block. Head h owns columns [h*dk, (h+1)*dk).
struct AttentionParams {
  Mat wq, wk, wv;  // [d_model, d_model]
  RowVec bq, bk, bv;  // [d_model]
  Mat wo;  // [d_model, d_model]
  RowVec bo;  // [d_model]
};

struct AttentionTrace {
  std::vector<HeadTrace> heads;
  Mat input;  // [n, d_model] what the block saw (after layer norm in the model)
  Mat concat;  // [n, d_model] the heads' contexts side by side
  Mat output;  // [n, d_model] concat . wo + bo
};

// Row-wise softmax that never overflows; a row whose entries are all -inf becomes all zeros.
void softmax_rows(Mat& out, const Mat& logits);

// How much of each head a forward keeps. Full: every field (training, the crowd and train views,
// the tools). Weights: scores, scaled and masked are left empty, since three of the four [n, n]
// matrices of every head are what a 1024-piece text cannot afford to keep; the session recomputes
// them with head_score_steps for the one head the flow view shows (the same bits).
// Full: every step; Weights: the weights and context only; Context: the context only (the weights
// are freed once used, for a layer nobody will look at: one [n, n] matrix at a time, not four).
enum class HeadDetail { Full, Weights, Context };

// Fills t.scores, t.scaled and t.masked from t.q and t.k: the steps before the softmax.
void head_score_steps(HeadTrace& t, const AttentionOptions& opt);

// A head's weights from its q and k alone, the same operations in the same order as the forward
// (so the same bits): a trace that kept only q, k, v and context recomputes them when shown.
void head_weights(Mat& out, const Mat& q, const Mat& k, const AttentionOptions& opt);

// One head on given q, k, v (also used by the crowd view, whose keys are people's features).
void head_attention_forward(HeadTrace& t, const AttentionOptions& opt, HeadDetail detail = HeadDetail::Full);

// Multi-head attention over x [n, d_model] with n_heads heads; fills every field of the trace
// (scores, scaled and masked only with HeadDetail::Full).
void attention_forward(AttentionTrace& trace, const Mat& x, const AttentionParams& p, int n_heads,
                       const AttentionOptions& opt, HeadDetail detail = HeadDetail::Full);

}  // namespace attn

namespace attn {

// ---- training: the backward pass of the block above ----------------------------------------

// Given dout [n, d_model] (d loss / d trace.output), ACCUMULATES d loss / d x into dx [n, d_model]
// and the parameter gradients into grads (same shapes as p; sized and zeroed by the caller).
// Reads the forward's trace (q, k, v, weights per head, input, concat): no forward is recomputed.
void attention_backward(Mat& dx, AttentionParams& grads, const Mat& dout, const AttentionTrace& trace,
                        const AttentionParams& p, int n_heads, const AttentionOptions& opt);

}  // namespace attn
