// Widening a trained model's MLPs, the added units' outputs starting at zero.
#include "ffn_widening.h"

#include <algorithm>
#include <cmath>

#include "rng.h"

namespace attn {

namespace {

float entry_std(const Mat& m) {
  if (m.size() == 0) return 0.0f;
  const double mean = m.cast<double>().mean();
  const double var = (m.cast<double>().array() - mean).square().mean();
  return static_cast<float>(std::sqrt(var));
}

}  // namespace

ModelWeights widen_mlp(const ModelWeights& w, int d_ff, uint64_t seed) {
  ModelWeights out = w;
  const int old_ff = w.cfg.d_ff;
  if (d_ff <= old_ff) return out;
  const int d = w.cfg.d_model;
  Rng rng(seed);
  for (LayerParams& l : out.layers) {
    const float s = entry_std(l.w1);
    Mat w1(d, d_ff);
    w1.leftCols(old_ff) = l.w1;
    for (int r = 0; r < d; ++r) {
      // Kept inside the row's trained range, so a 4-bit row keeps its scale (max |row|) and the
      // trained units round exactly as the file rounded them.
      const float cap = l.w1.row(r).cwiseAbs().maxCoeff();
      for (int c = old_ff; c < d_ff; ++c) w1(r, c) = std::clamp(rng.normal() * s, -cap, cap);
    }
    RowVec b1 = RowVec::Zero(d_ff);
    b1.head(old_ff) = l.b1;
    Mat w2 = Mat::Zero(d_ff, d);
    w2.topRows(old_ff) = l.w2;
    l.w1 = std::move(w1);
    l.b1 = std::move(b1);
    l.w2 = std::move(w2);
  }
  out.cfg.d_ff = d_ff;
  return out;
}

}  // namespace attn
