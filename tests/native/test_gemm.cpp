// The SIMD matrix kernel used in WebAssembly gives Eigen's products on every shape, edges included.
#include <doctest/doctest.h>

#include <cmath>

#include "gemm.h"
#include "rng.h"

namespace {
attn::Mat random_mat(int rows, int cols, attn::Rng& rng) {
  attn::Mat m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = rng.normal();
  return m;
}
}  // namespace

TEST_CASE("simd_matmul equals Eigen's a * b within float rounding, on block and edge shapes") {
  attn::Rng rng(11);
  // Rows and columns around the 4-row / 8- and 4-column blocks, and the model's real shapes.
  const int shapes[][3] = {{1, 1, 1},      {3, 5, 7},      {4, 8, 8},  {5, 9, 13},     {7, 16, 12},
                           {11, 32, 11},   {6, 20, 17},    {9, 7, 33}, {12, 128, 128}, {33, 128, 512},
                           {17, 512, 128}, {128, 32, 128}, {2, 0, 3}};
  for (const auto& s : shapes) {
    const int n = s[0], k = s[1], m = s[2];
    const attn::Mat a = random_mat(n, k, rng), b = random_mat(k, m, rng);
    attn::Mat out(n, m);
    out.setConstant(123.0f);  // every element must be written
    attn::simd_matmul(out.data(), a.data(), b.data(), n, k, m);
    const attn::Mat want = a * b;
    // Sums of k products of unit normals: the tolerance scales with sqrt(k).
    const float tol = 1e-5f * (1.0f + std::sqrt(static_cast<float>(k))) * 4.0f;
    CAPTURE(n);
    CAPTURE(k);
    CAPTURE(m);
    CHECK((out - want).cwiseAbs().maxCoeff() <= tol);
  }
}

TEST_CASE("matmul and matmul_bt give a * b and a * b^T") {
  attn::Rng rng(5);
  const attn::Mat a = random_mat(9, 24, rng), b = random_mat(24, 10, rng), c = random_mat(13, 24, rng);
  attn::Mat ab, act;
  attn::matmul(ab, a, b);
  attn::matmul_bt(act, a, c);
  CHECK(ab.rows() == 9);
  CHECK(ab.cols() == 10);
  CHECK((ab - a * b).cwiseAbs().maxCoeff() < 1e-4f);
  CHECK(act.rows() == 9);
  CHECK(act.cols() == 13);
  CHECK((act - a * c.transpose()).cwiseAbs().maxCoeff() < 1e-4f);
}

// Every element is a zero start plus a(i, p) * b(p, j) for p = 0, 1, ... in that order, whatever
// the blocking: changing the kernel's blocks never changes a number of the forward pass (nor the
// training that a link replays bit for bit). Not checked where the compiler may fuse the
// multiply and add of the plain loop (FMA targets).
#ifndef __FMA__
TEST_CASE("simd_matmul adds the products in order from zero: the same bits as a plain loop") {
  attn::Rng rng(17);
  const int shapes[][3] = {{1, 3, 1}, {2, 16, 16}, {3, 7, 19}, {5, 33, 31}, {8, 64, 48}, {13, 256, 40}};
  for (const auto& s : shapes) {
    const int n = s[0], k = s[1], m = s[2];
    const attn::Mat a = random_mat(n, k, rng), b = random_mat(k, m, rng);
    attn::Mat out(n, m);
    attn::simd_matmul(out.data(), a.data(), b.data(), n, k, m);
    int differ = 0;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < m; ++j) {
        float acc = 0.0f;
        for (int p = 0; p < k; ++p) acc += a(i, p) * b(p, j);
        differ += acc != out(i, j);
      }
    CAPTURE(n);
    CAPTURE(k);
    CAPTURE(m);
    CHECK(differ == 0);
  }
}
#endif
