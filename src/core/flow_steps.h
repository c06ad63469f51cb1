// The flow view's steps as data: which matrices of the trace each step shows, so the canvas and the
// JavaScript API read the very same numbers.
#pragma once
#include <vector>

#include "session.h"

namespace attn {

enum class FlowStage { Hidden, Projections, Scores, Scaled, Masked, Softmax, Context, Output };
constexpr int kFlowStageCount = 8;
// "hidden", "qkv", "scores", "scaled", "masked", "softmax", "context", "output" (API names).
const char* flow_stage_name(FlowStage stage);

struct FlowMatrix {
  const char* name;  // the trace() key it comes from: "input", "q", "k", "v", "scores", ...
  const Mat* m;  // [n, cols] rows are tokens
  bool weights_map;  // 0..1 weights, drawn with the heatmap's colour map (not the signed one)
  bool shows_numbers;  // the chosen token's row of it is listed as numbers
};

struct FlowStep {
  FlowStage stage = FlowStage::Hidden;
  int step = 0;  // clamped to [0, kFlowStageCount)
  int layer = 0, head = 0;  // the head actually shown
  bool head_defaulted = false;  // the state asked for all heads (-1): head 0 is shown instead
  int focus = 0;
  int d_head = 0;
  float temperature = 1.0f;
  std::vector<FlowMatrix> matrices;  // left to right; the result of the step comes last
};

// Fills `out` for step `step` of the session's current trace. False when there are no tokens.
bool flow_step(const Session& s, int step, FlowStep* out);

// One term q[m] * k[m] of a dot product.
struct DotTerm {
  int m;
  float q, k, product;
};
// Every term of q.row(row) . k.row(key), the largest |product| first (ties by dimension).
std::vector<DotTerm> dot_product_terms(const Mat& q, int row, const Mat& k, int key);

}  // namespace attn
