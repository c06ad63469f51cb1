// Row loops of honest attention in 4-float vectors (see honest_rows.h for why).
#include "honest_rows.h"

#include <algorithm>
#include <cmath>

#include "simd4.h"

namespace attn {
namespace honest_rows {

namespace {
using simd4::f4;
using simd4::load;
using simd4::splat;
using simd4::store;

// sum_h a_h (a_h G_hh + sum_{g>h} a_g 2 G_hg) = ||sum_h a_h f_h||^2 for four keys (the lanes).
template <int H>
inline f4 quadratic_form(const f4* a, const f4* g2) {
  f4 acc = splat(0.0f);
  int pr = 0;
  for (int h = 0; h < H; ++h) {
    f4 inner = a[h] * g2[pr++];
    for (int g = h + 1; g < H; ++g) inner += a[g] * g2[pr++];
    acc += a[h] * inner;
  }
  return acc;
}

template <int H>
void all_heads_fixed(float* out, const float* const* w, const float* g2, Eigen::Index n) {
  constexpr int kPairs = H * (H + 1) / 2;
  f4 a[H], g[kPairs];
  Eigen::Index j = 0;
  for (; j + 4 <= n; j += 4) {
    for (int h = 0; h < H; ++h) a[h] = load(w[h] + j);
    for (int pr = 0; pr < kPairs; ++pr) g[pr] = load(g2 + pr * n + j);
    store(out + j, simd4::sqrt_of_nonnegative(quadratic_form<H>(a, g)));
  }
  for (; j < n; ++j) {  // the last keys (fewer than four), in one lane
    for (int h = 0; h < H; ++h) a[h] = splat(w[h][j]);
    for (int pr = 0; pr < kPairs; ++pr) g[pr] = splat(g2[pr * n + j]);
    out[j] = simd4::sqrt_of_nonnegative(quadratic_form<H>(a, g))[0];
  }
}

// Any number of heads, one float at a time (the model and the train view have 1 to 4 heads).
void all_heads_any(float* out, const float* const* w, int heads, const float* g2, Eigen::Index n) {
  for (Eigen::Index j = 0; j < n; ++j) {
    float acc = 0.0f;
    for (int h = 0, pr = 0; h < heads; ++h) {
      float inner = w[h][j] * g2[pr++ * n + j];
      for (int g = h + 1; g < heads; ++g) inner += w[g][j] * g2[pr++ * n + j];
      acc += w[h][j] * inner;
    }
    out[j] = std::sqrt(std::max(acc, 0.0f));  // rounding can leave a tiny negative where heads cancel
  }
}
}  // namespace

float sum(const float* x, Eigen::Index n) {
  f4 acc = splat(0.0f);
  Eigen::Index j = 0;
  for (; j + 4 <= n; j += 4) acc += load(x + j);
  float s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
  for (; j < n; ++j) s += x[j];
  return s;
}

float dot(const float* x, const float* y, Eigen::Index n) {
  f4 acc = splat(0.0f);
  Eigen::Index j = 0;
  for (; j + 4 <= n; j += 4) acc += load(x + j) * load(y + j);
  float s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
  for (; j < n; ++j) s += x[j] * y[j];
  return s;
}

void scale_to_one(float* out, const float* x, Eigen::Index n) {
  const float s = sum(x, n);
  if (!(s > 0.0f)) {
    std::fill(out, out + n, 0.0f);
    return;
  }
  const f4 sv = splat(s);
  Eigen::Index j = 0;
  for (; j + 4 <= n; j += 4) store(out + j, load(x + j) / sv);
  for (; j < n; ++j) out[j] = x[j] / s;
}

void weighted(float* out, const float* w, const float* norm, Eigen::Index n) {
  Eigen::Index j = 0;
  for (; j + 4 <= n; j += 4) store(out + j, load(w + j) * load(norm + j));
  for (; j < n; ++j) out[j] = w[j] * norm[j];
}

void all_heads(float* out, const float* const* w, int heads, const float* g2, Eigen::Index n) {
  switch (heads) {
    case 1: all_heads_fixed<1>(out, w, g2, n); break;
    case 2: all_heads_fixed<2>(out, w, g2, n); break;
    case 3: all_heads_fixed<3>(out, w, g2, n); break;
    case 4: all_heads_fixed<4>(out, w, g2, n); break;
    default: all_heads_any(out, w, heads, g2, n); break;
  }
}

void sum_of_heads(float* out, const float* const* w, int heads, float scale, Eigen::Index n) {
  const f4 sv = splat(scale);
  Eigen::Index j = 0;
  for (; j + 4 <= n; j += 4) {
    f4 s = load(w[0] + j);
    for (int h = 1; h < heads; ++h) s += load(w[h] + j);
    store(out + j, s * sv);
  }
  for (; j < n; ++j) {
    float s = w[0][j];
    for (int h = 1; h < heads; ++h) s += w[h][j];
    out[j] = s * scale;
  }
}

}  // namespace honest_rows
}  // namespace attn
