// The core's matrices as the bridge hands them to JavaScript: a row as an array of numbers, a
// matrix as an array of rows. Non-finite entries (a masked score's -inf) become null.
#pragma once
#include "json_writer.h"
#include "tensor.h"

namespace app {

inline void write_row(attn::JsonWriter& j, const attn::Mat& m, Eigen::Index r) {
  j.begin_array();
  for (Eigen::Index c = 0; c < m.cols(); ++c) j.value(m(r, c));
  j.end_array();
}

inline void write_matrix(attn::JsonWriter& j, const attn::Mat& m) {
  j.begin_array();
  for (Eigen::Index r = 0; r < m.rows(); ++r) write_row(j, m, r);
  j.end_array();
}

}  // namespace app
