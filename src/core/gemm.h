// Matrix products of the forward pass: Eigen's natively, a 128-bit SIMD kernel in WebAssembly.
#pragma once
#include "tensor.h"

namespace attn {

// out = a * b (a: n x k, b: k x m). `out` must not be `a` or `b`.
void matmul(Mat& out, const Mat& a, const Mat& b);
// out = a * b^T (a: n x k, b: m x k). `out` must not be `a` or `b`.
void matmul_bt(Mat& out, const Mat& a, const Mat& b);

// Why a kernel of our own: Eigen 3.4 has no WebAssembly SIMD code, so in the browser its products
// run scalar (about half the native speed per core, see docs/performance.md). These kernels are
// written with the compiler's generic 4-float vectors, which become wasm simd128 in the browser
// and SSE natively; matmul/matmul_bt use them only in WebAssembly (natively Eigen's blocked,
// AVX-aware products are faster), and the native tests check them against Eigen.
// Row-major, contiguous: out[n x m] = a[n x k] * b[k x m].
void simd_matmul(float* out, const float* a, const float* b, int n, int k, int m);

}  // namespace attn
