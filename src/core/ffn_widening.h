// Widening a trained model's MLPs: more hidden units per layer, computing what it computed.
#pragma once
#include <cstdint>

#include "model.h"

namespace attn {

// w with every layer's MLP widened from w.cfg.d_ff to d_ff hidden units (d_ff >= w.cfg.d_ff).
// The old units keep their weights. Each added unit's input column of w1 is drawn from
// N(0, s^2), s the standard deviation of that layer's trained w1 (so it starts as busy as the
// trained units), each entry clamped to its row's largest trained |value| (so no 4-bit row scale
// moves); its b1 entry is 0 and its w2 row is 0: it adds nothing to the residual stream, so the
// wider model computes what w does, and the zero rows get gradients at the first step.
ModelWeights widen_mlp(const ModelWeights& w, int d_ff, uint64_t seed);

}  // namespace attn
