// The row loops of honest attention (honest_attention.cpp) in 4-float vectors, one query row at a time.
#pragma once
#include <Eigen/Core>

namespace attn {
namespace honest_rows {

// Why rows: the benchmark's matrices (20 contribution and 20 share matrices of 256 x 256 for the
// model) do not fit in cache together, so each row is computed, cleaned and scaled while it is in
// cache, instead of one pass over whole matrices per step. Why vectors: Eigen has no WebAssembly
// SIMD code. Element-wise products and quotients are the same bits as a scalar loop; sums add in
// four lanes (fixed order, float rounding only).

float sum(const float* x, Eigen::Index n);
float dot(const float* x, const float* y, Eigen::Index n);

// out = x / sum(x), or all zero when the sum is not positive (nothing to share out, or NaN). out may be x.
void scale_to_one(float* out, const float* x, Eigen::Index n);

// out[j] = w[j] * norm[j]: one head's contributions alpha_ij * ||f_h(x_j)|| for one query.
void weighted(float* out, const float* w, const float* norm, Eigen::Index n);

// out[j] = ||sum_h w[h][j] f_h(x_j)|| for one query, from the keys' Gram rows: g2 is [pairs, n]
// (ValueNorms::gram's order) with the off-diagonal rows already doubled.
void all_heads(float* out, const float* const* w, int heads, const float* g2, Eigen::Index n);

// out[j] = (w[0][j] + w[1][j] + ...) * scale.
void sum_of_heads(float* out, const float* const* w, int heads, float scale, Eigen::Index n);

}  // namespace honest_rows
}  // namespace attn
