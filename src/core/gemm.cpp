// SIMD matrix product: 4 rows x 8 columns of the result per step, kept in eight 4-float registers.
#include "gemm.h"

#include <cstring>
#include <vector>

namespace attn {

namespace {
typedef float f4 __attribute__((vector_size(16)));

inline f4 load4(const float* p) {
  f4 v;
  std::memcpy(&v, p, sizeof v);  // unaligned load
  return v;
}
inline void store4(float* p, const f4& v) { std::memcpy(p, &v, sizeof v); }
inline f4 splat(float x) { return f4{x, x, x, x}; }

// out rows [i, i + 4), columns [j, j + width) with width 8 or 4.
template <int kVectors>
void block4(float* out, const float* a, const float* b, int i, int j, int k, int m) {
  f4 acc[4][kVectors] = {};
  const float* a0 = a + static_cast<std::size_t>(i) * k;
  for (int p = 0; p < k; ++p) {
    const float* brow = b + static_cast<std::size_t>(p) * m + j;
    f4 bv[kVectors];
    for (int v = 0; v < kVectors; ++v) bv[v] = load4(brow + 4 * v);
    for (int r = 0; r < 4; ++r) {
      const f4 av = splat(a0[static_cast<std::size_t>(r) * k + p]);
      for (int v = 0; v < kVectors; ++v) acc[r][v] += av * bv[v];
    }
  }
  for (int r = 0; r < 4; ++r)
    for (int v = 0; v < kVectors; ++v) store4(out + static_cast<std::size_t>(i + r) * m + j + 4 * v, acc[r][v]);
}

// One output row, any columns (the rows left over after the blocks of 4).
void row1(float* out, const float* a, const float* b, int i, int k, int m) {
  float* o = out + static_cast<std::size_t>(i) * m;
  const float* arow = a + static_cast<std::size_t>(i) * k;
  std::memset(o, 0, sizeof(float) * static_cast<std::size_t>(m));
  for (int p = 0; p < k; ++p) {
    const f4 av = splat(arow[p]);
    const float* brow = b + static_cast<std::size_t>(p) * m;
    int j = 0;
    for (; j + 4 <= m; j += 4) store4(o + j, load4(o + j) + av * load4(brow + j));
    for (; j < m; ++j) o[j] += arow[p] * brow[j];
  }
}
}  // namespace

void simd_matmul(float* out, const float* a, const float* b, int n, int k, int m) {
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    int j = 0;
    for (; j + 8 <= m; j += 8) block4<2>(out, a, b, i, j, k, m);
    for (; j + 4 <= m; j += 4) block4<1>(out, a, b, i, j, k, m);
    for (; j < m; ++j)  // the last columns (fewer than 4), one at a time
      for (int r = 0; r < 4; ++r) {
        float s = 0;
        for (int p = 0; p < k; ++p) s += a[static_cast<std::size_t>(i + r) * k + p] * b[static_cast<std::size_t>(p) * m + j];
        out[static_cast<std::size_t>(i + r) * m + j] = s;
      }
  }
  for (; i < n; ++i) row1(out, a, b, i, k, m);
}

void matmul(Mat& out, const Mat& a, const Mat& b) {
#if defined(__wasm_simd128__)
  out.resize(a.rows(), b.cols());
  if (out.size() == 0) return;
  if (a.cols() == 0) { out.setZero(); return; }
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
