// Picks, for each flow step, the trace matrices it shows; nothing here recomputes the attention.
#include "flow_steps.h"

#include <algorithm>
#include <cmath>

namespace attn {

const char* flow_stage_name(FlowStage stage) {
  static const char* const names[kFlowStageCount] = {"hidden", "qkv",     "scores",  "scaled",
                                                     "masked", "softmax", "context", "output"};
  return names[static_cast<int>(stage)];
}

bool flow_step(const Session& s, int step, FlowStep* out) {
  const PlaygroundState& st = s.state();
  const int layer = st.layer;
  const int head = st.head < 0 ? 0 : st.head;
  const HeadTrace* t = s.head_trace(layer, head);
  // A figure pack may hold only the weights of this layer (its block is in the pack for the
  // figure's own layer): no step to show until the model is here.
  if (!t || t->q.rows() != t->weights.rows()) return false;
  const LayerTrace& lt = s.trace().layers[layer];
  const AttentionTrace& block = lt.attn;
  FlowStep f;
  f.step = std::clamp(step, 0, kFlowStageCount - 1);
  f.stage = static_cast<FlowStage>(f.step);
  f.layer = layer;
  f.head = head;
  f.head_defaulted = st.head < 0;
  f.focus = st.focus;
  f.d_head = static_cast<int>(t->q.cols());
  f.temperature = st.temperature;
  // Each step shows what it starts from (no numbers) and what it produces (with numbers).
  auto add = [&f](const char* name, const Mat& m, bool numbers, bool weights = false) {
    f.matrices.push_back({name, &m, weights, numbers});
  };
  switch (f.stage) {
    case FlowStage::Hidden: add("input", lt.ln1, true); break;
    case FlowStage::Projections:
      add("q", t->q, true);
      add("k", t->k, true);
      add("v", t->v, true);
      break;
    case FlowStage::Scores:
      add("q", t->q, false);
      add("k", t->k, false);
      add("scores", t->scores, true);
      break;
    case FlowStage::Scaled:
      add("scores", t->scores, false);
      add("scaled", t->scaled, true);
      break;
    case FlowStage::Masked:
      add("scaled", t->scaled, false);
      add("masked", t->masked, true);
      break;
    case FlowStage::Softmax:
      add("masked", t->masked, false);
      add("weights", t->weights, true, true);
      break;
    case FlowStage::Context:
      add("weights", t->weights, false, true);
      add("v", t->v, false);
      add("context", t->context, true);
      break;
    case FlowStage::Output:
      add("context", t->context, false);
      add("output", block.output, true);
      break;
  }
  *out = std::move(f);
  return true;
}

std::vector<DotTerm> dot_product_terms(const Mat& q, int row, const Mat& k, int key) {
  std::vector<DotTerm> terms;
  if (row < 0 || row >= q.rows() || key < 0 || key >= k.rows() || q.cols() != k.cols()) return terms;
  for (Eigen::Index m = 0; m < q.cols(); ++m)
    terms.push_back({static_cast<int>(m), q(row, m), k(key, m), q(row, m) * k(key, m)});
  std::stable_sort(terms.begin(), terms.end(),
                   [](const DotTerm& a, const DotTerm& b) { return std::fabs(a.product) > std::fabs(b.product); });
  return terms;
}

}  // namespace attn
