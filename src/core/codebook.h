// The 4-bit codebook and int8 row codings' arithmetic (16 levels per tensor, one scale per row),
// shared by the model file writer and quantisation-aware training, so both round a weight the same way.
#pragma once
#include <cstdint>
#include <vector>

namespace attn {

constexpr int kCodebookLevels = 16;

// Index of the level nearest to x (levels sorted ascending; a tie goes to the lower level).
int nearest_level(const std::vector<float>& levels, float x);

// Each row's largest magnitude; 0 for an all-zero row, which then decodes to zeros whatever its
// indices (a piece the training text never uses keeps an all-zero embedding row, and the file
// must give back exactly that, not a row of the level nearest 0).
std::vector<float> row_scales(const float* data, int rows, int cols);

// A value divided by its row's scale, as the levels see it (0 in an all-zero row).
inline float scaled_value(float x, float scale) { return scale > 0 ? x / scale : 0.0f; }

// The 16 levels Int4Codebook uses for values already divided by their row's largest magnitude
// (so in [-1, 1]): Lloyd's algorithm (k-means in one dimension) from evenly spaced levels, a fixed
// number of rounds, so the same values always give the same levels. Sorted ascending.
std::vector<float> fit_codebook(const std::vector<float>& normalised_values);

// fit_codebook over a whole row-major tensor, each value divided by its row's scale; all-zero rows
// are left out, so a vocabulary's unused rows do not pull a level onto 0. With int8_rows (one flag
// per row, nonzero = the row is stored in 8 bits), those rows are left out too: the levels serve
// only the rows that use them.
std::vector<float> fit_tensor_codebook(const float* data, int rows, int cols,
                                       const std::vector<uint8_t>* int8_rows = nullptr);

// What the model file stores and the loader decodes: out = levels[nearest(x / scale)] * scale,
// row by row (out may equal data). Used by training to see the shipped weights in its forward pass.
void fake_quantise_int4(const float* data, int rows, int cols, const std::vector<float>& levels, float* out);

// Int8Row's rounding, the same float operations for the writer and training: a row's scale is its
// largest magnitude / 127 (1 for an all-zero row) and a value is stored as round(x / scale),
// clamped to [-127, 127]; it decodes to q * scale.
float int8_row_scale(const float* row, int cols);
int8_t int8_index(float x, float scale);

// The Int4Int8Rows coding (a token embedding whose most frequent pieces keep 8 bits): rows flagged
// in int8_rows (size rows) rounded as Int8Row, the others as fake_quantise_int4 with `levels`.
// An empty int8_rows is fake_quantise_int4. out may equal data.
void fake_quantise_rows(const float* data, int rows, int cols, const std::vector<float>& levels,
                        const std::vector<uint8_t>& int8_rows, float* out);

// Undoes the one loss of decoding a 4-bit tensor that matters to training: fake_quantise_int4
// takes each row's scale to be its largest magnitude, but a decoded row's largest magnitude is
// scale * |its extreme level|, which is below the scale the file stored. In each row with a file
// scale s > 0, one value at the top level becomes +s (or one at the bottom level -s), so
// row_scales() finds s again and fake_quantise_int4(data, levels) gives back the decoded tensor.
// (The writer's largest value always lands on an extreme level, so a row decoded from a file has
// one.) Returns the rows where no value sits on an extreme level (left unchanged).
int restore_row_scales(float* data, int rows, int cols, const std::vector<float>& levels,
                       const std::vector<float>& file_scales);

}  // namespace attn
