// SIMD matrix product: 2 rows x 16 columns of the result per step, from a packed panel of b, in eight 4-float registers.
#include "gemm.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "simd4.h"

namespace attn {

namespace {
using simd4::f4;
using simd4::load;
using simd4::splat;
using simd4::store;

// b is read from a packed copy, kPanel columns at a time laid out [k][kPanel] contiguously (the last
// panel padded with zeros). Why: b's rows are m floats apart, and for m a power of two (128, 256,
// 512: every shape of the model, and the rollout's n x n) the same columns of successive rows fall
// into the same few cache sets and evict each other; reading b in place was 3-4x slower in
// WebAssembly at 256 x 256 x 256. The packed panel is read front to back.
constexpr int kPanel = 16;  // 4 vectors: with 2 rows, 8 accumulators + 4 of b + 1 splat fit 16 registers

// out rows [i, i + kRows), columns [j, j + width) (width <= kPanel) from the panel of columns j...
// Every output element is the sum over p = 0, 1, ..., k - 1 of a(i, p) * b(p, j) added in that
// order to a zero start, exactly as the former 4 x 8 blocks and the tail loops did: the results
// are the same bits (the forward pass, training and its links depend on that).
template <int kRows>
void panel_rows(float* out, const float* a, const float* panel, int i, int j, int width, int k, int m) {
  f4 acc[kRows][4] = {};
  const float* a0 = a + static_cast<std::size_t>(i) * k;
  for (int p = 0; p < k; ++p) {
    const float* brow = panel + static_cast<std::size_t>(p) * kPanel;
    const f4 b0 = load(brow), b1 = load(brow + 4), b2 = load(brow + 8), b3 = load(brow + 12);
    for (int r = 0; r < kRows; ++r) {
      const f4 av = splat(a0[static_cast<std::size_t>(r) * k + p]);
      acc[r][0] += av * b0;
      acc[r][1] += av * b1;
      acc[r][2] += av * b2;
      acc[r][3] += av * b3;
    }
  }
  for (int r = 0; r < kRows; ++r) {
    float* o = out + static_cast<std::size_t>(i + r) * m + j;
    if (width == kPanel) {
      for (int v = 0; v < 4; ++v) store(o + 4 * v, acc[r][v]);
    } else {  // the last columns: only the valid ones are written
      float tmp[kPanel];
      for (int v = 0; v < 4; ++v) store(tmp + 4 * v, acc[r][v]);
      std::memcpy(o, tmp, sizeof(float) * static_cast<std::size_t>(width));
    }
  }
}
}  // namespace

void simd_matmul(float* out, const float* a, const float* b, int n, int k, int m) {
  if (n <= 0 || m <= 0) return;
  if (k <= 0) {  // an empty sum
    std::memset(out, 0, sizeof(float) * static_cast<std::size_t>(n) * m);
    return;
  }
  thread_local std::vector<float> panel;
  panel.resize(static_cast<std::size_t>(k) * kPanel);
  for (int j = 0; j < m; j += kPanel) {
    const int width = std::min(kPanel, m - j);
    for (int p = 0; p < k; ++p) {
      float* dst = panel.data() + static_cast<std::size_t>(p) * kPanel;
      std::memcpy(dst, b + static_cast<std::size_t>(p) * m + j, sizeof(float) * static_cast<std::size_t>(width));
      if (width < kPanel) std::memset(dst + width, 0, sizeof(float) * static_cast<std::size_t>(kPanel - width));
    }
    int i = 0;
    for (; i + 2 <= n; i += 2) panel_rows<2>(out, a, panel.data(), i, j, width, k, m);
    if (i < n) panel_rows<1>(out, a, panel.data(), i, j, width, k, m);
  }
}

void matmul(Mat& out, const Mat& a, const Mat& b) {
#if defined(__wasm_simd128__)
  out.resize(a.rows(), b.cols());
  if (out.size() == 0) return;
  if (a.cols() == 0) {
    out.setZero();
    return;
  }
  simd_matmul(out.data(), a.data(), b.data(), static_cast<int>(a.rows()), static_cast<int>(a.cols()),
              static_cast<int>(b.cols()));
#else
  out.noalias() = a * b;
#endif
}

void matmul_bt(Mat& out, const Mat& a, const Mat& b) {
#if defined(__wasm_simd128__)
  // b^T laid out row-major once (k x m), then the same kernel: the copy is m * k floats against
  // n * m * k multiply-adds.
  thread_local Mat bt;
  bt = b.transpose();
  matmul(out, a, bt);
#else
  out.noalias() = a * b.transpose();
#endif
}

}  // namespace attn
