// AdamW, global-norm clipping and the learning-rate schedule used by the trainer.
#include "optimizer.h"

#include <algorithm>
#include <cmath>

#include "model_backward.h"

namespace attn {

float lr_schedule(int step, int warmup, int total, float lr, float min_frac) {
  if (warmup > 0 && step < warmup) return lr * static_cast<float>(step + 1) / static_cast<float>(warmup);
  if (step >= total) return lr * min_frac;
  const double progress = static_cast<double>(step - warmup) / std::max(1, total - warmup);  // [0, 1)
  const double cosine = 0.5 * (1.0 + std::cos(3.14159265358979323846 * progress));  // 1 -> 0
  return static_cast<float>(lr * (min_frac + (1.0 - min_frac) * cosine));
}

float clip_grad_norm(ModelWeights& grads, float max_norm) {
  double sq = 0.0;  // accumulated in double: a million squares in float would lose digits
  std::vector<ParamRef> ps = param_list(grads);
  for (const ParamRef& p : ps) {
    const std::size_t n = std::size_t(p.rows) * p.cols;
    for (std::size_t i = 0; i < n; ++i) sq += double(p.data[i]) * p.data[i];
  }
  const float norm = static_cast<float>(std::sqrt(sq));
  if (max_norm > 0 && norm > max_norm) {
    const float s = max_norm / (norm + 1e-6f);
    for (const ParamRef& p : ps) {
      const std::size_t n = std::size_t(p.rows) * p.cols;
      for (std::size_t i = 0; i < n; ++i) p.data[i] *= s;
    }
  }
  return norm;
}

void AdamW::step(ModelWeights& w, ModelWeights& grads, float lr) {
  std::vector<ParamRef> ps = param_list(w);
  std::vector<ParamRef> gs = param_list(grads);
  std::size_t total = 0;
  for (const ParamRef& p : ps) total += std::size_t(p.rows) * p.cols;
  if (m.size() != total) {
    m.assign(total, 0.0f);
    v.assign(total, 0.0f);
    t = 0;
  }
  ++t;
  const float bc1 = 1.0f - static_cast<float>(std::pow(cfg.beta1, static_cast<double>(t)));
  const float bc2 = 1.0f - static_cast<float>(std::pow(cfg.beta2, static_cast<double>(t)));
  std::size_t off = 0;
  for (std::size_t k = 0; k < ps.size(); ++k) {
    const std::size_t n = std::size_t(ps[k].rows) * ps[k].cols;
    const float decay = ps[k].decay ? cfg.weight_decay : 0.0f;
    float* p = ps[k].data;
    const float* g = gs[k].data;
    for (std::size_t i = 0; i < n; ++i) {
      float& mi = m[off + i];
      float& vi = v[off + i];
      mi = cfg.beta1 * mi + (1.0f - cfg.beta1) * g[i];
      vi = cfg.beta2 * vi + (1.0f - cfg.beta2) * g[i] * g[i];
      const float mhat = mi / bc1, vhat = vi / bc2;
      // Decoupled decay (Loshchilov & Hutter): shrink the weight directly, not through the gradient.
      p[i] -= lr * (mhat / (std::sqrt(vhat) + cfg.eps) + decay * p[i]);
    }
    off += n;
  }
}

}  // namespace attn
