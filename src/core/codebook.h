// The 4-bit codebook coding's arithmetic (16 levels per tensor, one scale per row), shared by the
// model file writer and quantisation-aware training, so both round a weight the same way.
#pragma once
#include <vector>

namespace attn {

constexpr int kCodebookLevels = 16;

// Index of the level nearest to x (levels sorted ascending; a tie goes to the lower level).
int nearest_level(const std::vector<float>& levels, float x);

// Each row's largest magnitude, or 1 for an all-zero row (so dividing by it is always defined).
std::vector<float> row_scales(const float* data, int rows, int cols);

// The 16 levels Int4Codebook uses for values already divided by their row's largest magnitude
// (so in [-1, 1]): Lloyd's algorithm (k-means in one dimension) from evenly spaced levels, a fixed
// number of rounds, so the same values always give the same levels. Sorted ascending.
std::vector<float> fit_codebook(const std::vector<float>& normalised_values);

// fit_codebook over a whole row-major tensor, each value divided by its row's scale.
std::vector<float> fit_tensor_codebook(const float* data, int rows, int cols);

// What the model file stores and the loader decodes: out = levels[nearest(x / scale)] * scale,
// row by row (out may equal data). Used by training to see the shipped weights in its forward pass.
void fake_quantise_int4(const float* data, int rows, int cols, const std::vector<float>& levels, float* out);

}  // namespace attn
