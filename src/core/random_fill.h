// Seeded normal draws into a matrix or a vector, entry after entry in storage order: the model's
// untrained weights and the seeded inputs of both benches (native and WebAssembly) come from here,
// so the same seed gives the same numbers everywhere.
#pragma once
#include "rng.h"
#include "tensor.h"

namespace attn {

// Resizes m to rows x cols and draws every entry from N(0, scale^2), row after row.
inline void fill_normal(Mat& m, Eigen::Index rows, Eigen::Index cols, Rng& rng, float scale) {
  m.resize(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = rng.normal() * scale;
}

// Resizes v to cols entries and draws each from N(0, scale^2).
inline void fill_normal(RowVec& v, Eigen::Index cols, Rng& rng, float scale) {
  v.resize(cols);
  for (Eigen::Index i = 0; i < v.size(); ++i) v[i] = rng.normal() * scale;
}

}  // namespace attn
