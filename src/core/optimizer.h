// AdamW with decoupled weight decay, gradient clipping by global norm, and a warm-up + cosine schedule.
#pragma once
#include <cstdint>
#include <vector>

#include "model.h"

namespace attn {

struct AdamWConfig {
  float beta1 = 0.9f;
  float beta2 = 0.98f;  // a little shorter memory than 0.999: steadier for short runs
  float eps = 1e-8f;
  float weight_decay = 0.01f;  // applied only to tensors whose ParamRef::decay is true
};

// Learning rate at `step` (0-based): linear warm-up from lr/warmup to lr over `warmup` steps, then a
// cosine from lr down to lr * min_frac at `total` steps (and min_frac * lr after that).
float lr_schedule(int step, int warmup, int total, float lr, float min_frac);

// Multiplies every gradient by min(1, max_norm / global L2 norm); returns the norm before clipping.
float clip_grad_norm(ModelWeights& grads, float max_norm);

struct AdamW {
  AdamWConfig cfg;
  std::vector<float> m, v;  // [param_count] first and second moments, in param_list order
  int64_t t = 0;  // updates done (for bias correction)

  // One update of w from grads at learning rate lr. Sizes m and v on first use.
  void step(ModelWeights& w, ModelWeights& grads, float lr);
};

}  // namespace attn
