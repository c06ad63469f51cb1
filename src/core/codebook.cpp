// Lloyd-fitted 16-level codebooks and the rounding the 4-bit model coding applies.
#include "codebook.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace attn {

int nearest_level(const std::vector<float>& levels, float x) {
  int lo = 0, hi = static_cast<int>(levels.size()) - 1;  // binary search over the midpoints
  while (lo < hi) {
    const int mid = (lo + hi) / 2;
    if (x > 0.5f * (levels[mid] + levels[mid + 1]))
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

std::vector<float> row_scales(const float* data, int rows, int cols) {
  std::vector<float> s(rows);
  for (int r = 0; r < rows; ++r) {
    float amax = 0;
    for (int k = 0; k < cols; ++k) amax = std::max(amax, std::fabs(data[std::size_t(r) * cols + k]));
    s[r] = amax;
  }
  return s;
}

std::vector<float> fit_codebook(const std::vector<float>& values) {
  std::vector<float> levels(kCodebookLevels);
  for (int i = 0; i < kCodebookLevels; ++i) levels[i] = -1.0f + 2.0f * i / (kCodebookLevels - 1);
  if (values.empty()) return levels;
  std::vector<double> sum(kCodebookLevels);
  std::vector<long> count(kCodebookLevels);
  for (int round = 0; round < 80; ++round) {
    std::fill(sum.begin(), sum.end(), 0.0);
    std::fill(count.begin(), count.end(), 0);
    for (float x : values) {
      const int q = nearest_level(levels, x);
      sum[q] += x;
      ++count[q];
    }
    for (int i = 0; i < kCodebookLevels; ++i)
      if (count[i]) levels[i] = static_cast<float>(sum[i] / count[i]);  // an empty level stays where it was
    std::sort(levels.begin(), levels.end());
  }
  return levels;
}

std::vector<float> fit_tensor_codebook(const float* data, int rows, int cols, const std::vector<uint8_t>* int8_rows) {
  const std::vector<float> scales = row_scales(data, rows, cols);
  const bool masked = int8_rows && int8_rows->size() == static_cast<std::size_t>(rows);
  std::vector<float> normalised;
  normalised.reserve(std::size_t(rows) * cols);
  for (int r = 0; r < rows; ++r)
    if (scales[r] > 0 && !(masked && (*int8_rows)[r]))
      for (int k = 0; k < cols; ++k) normalised.push_back(data[std::size_t(r) * cols + k] / scales[r]);
  return fit_codebook(normalised);
}

float int8_row_scale(const float* row, int cols) {
  float amax = 0;
  for (int k = 0; k < cols; ++k) amax = std::max(amax, std::fabs(row[k]));
  return amax > 0 ? amax / 127.0f : 1.0f;
}

int8_t int8_index(float x, float scale) {
  const float q = std::nearbyint(x / scale);
  return static_cast<int8_t>(std::max(-127.0f, std::min(127.0f, q)));
}

namespace {

// fake_quantise_int4 over the rows whose flag in skip is 0 (all rows when skip is null).
void quantise_int4_rows(const float* data, int rows, int cols, const std::vector<float>& levels,
                        const std::vector<uint8_t>* skip, float* out) {
  const std::vector<float> scales = row_scales(data, rows, cols);
  if (levels.size() != static_cast<std::size_t>(kCodebookLevels)) {
    for (int r = 0; r < rows; ++r)
      for (int k = 0; k < cols && !(skip && (*skip)[r]); ++k) {
        const std::size_t i = std::size_t(r) * cols + k;
        out[i] = levels[nearest_level(levels, scaled_value(data[i], scales[r]))] * scales[r];
      }
    return;
  }
  // The midpoints nearest_level compares with (the same float expression), counted instead of
  // searched: with ascending levels the count of midpoints below x is the index the search finds,
  // and the count has no branch a value, so it vectorises. Training runs this on every step over
  // the whole 4-bit embedding (it was 12% of a quantisation-aware step as a search).
  float mid[kCodebookLevels - 1];
  for (int m = 0; m + 1 < kCodebookLevels; ++m) mid[m] = 0.5f * (levels[m] + levels[m + 1]);
  std::vector<int> index(static_cast<std::size_t>(cols));
  for (int r = 0; r < rows; ++r) {
    if (skip && (*skip)[r]) continue;
    const float* x = data + std::size_t(r) * cols;
    const float scale = scales[r];
    for (int k = 0; k < cols; ++k) {
      const float v = scaled_value(x[k], scale);
      int count = 0;
      for (int m = 0; m + 1 < kCodebookLevels; ++m) count += v > mid[m] ? 1 : 0;
      index[k] = count;
    }
    float* o = out + std::size_t(r) * cols;  // written after the row is read: out may equal data
    for (int k = 0; k < cols; ++k) o[k] = levels[index[k]] * scale;
  }
}

}  // namespace

void fake_quantise_int4(const float* data, int rows, int cols, const std::vector<float>& levels, float* out) {
  quantise_int4_rows(data, rows, cols, levels, nullptr, out);
}

void fake_quantise_rows(const float* data, int rows, int cols, const std::vector<float>& levels,
                        const std::vector<uint8_t>& int8_rows, float* out) {
  if (int8_rows.size() != static_cast<std::size_t>(rows)) {
    quantise_int4_rows(data, rows, cols, levels, nullptr, out);
    return;
  }
  quantise_int4_rows(data, rows, cols, levels, &int8_rows, out);
  for (int r = 0; r < rows; ++r) {
    if (!int8_rows[r]) continue;
    const float* x = data + std::size_t(r) * cols;
    float* o = out + std::size_t(r) * cols;
    const float scale = int8_row_scale(x, cols);
    for (int k = 0; k < cols; ++k) o[k] = static_cast<float>(int8_index(x[k], scale)) * scale;
  }
}

int restore_row_scales(float* data, int rows, int cols, const std::vector<float>& levels,
                       const std::vector<float>& file_scales) {
  if (levels.empty() || file_scales.size() != static_cast<std::size_t>(rows)) return rows;
  const float lo = *std::min_element(levels.begin(), levels.end());
  const float hi = *std::max_element(levels.begin(), levels.end());
  int missed = 0;
  for (int r = 0; r < rows; ++r) {
    const float s = file_scales[r];
    if (!(s > 0)) continue;  // an all-zero row decodes and re-quantises to zeros as it is
    float* row = data + std::size_t(r) * cols;
    int k = 0;
    while (k < cols && row[k] != hi * s && row[k] != lo * s) ++k;  // the products the loader made
    if (k == cols) {
      ++missed;
      continue;
    }
    row[k] = row[k] == hi * s ? s : -s;
  }
  return missed;
}

}  // namespace attn
