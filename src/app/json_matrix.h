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
  // Room for the whole answer at once (at most 16 bytes a number, "%.9g" and a comma): a 1024-piece matrix is ~13 MB of
  // text, and growing by doubling would hold two such buffers at the peak of the WASM heap.
  j.str().reserve(j.str().size() + static_cast<std::size_t>(m.size()) * 16 + static_cast<std::size_t>(m.rows()) * 2 +
                  2);
  j.begin_array();
  for (Eigen::Index r = 0; r < m.rows(); ++r) write_row(j, m, r);
  j.end_array();
}

}  // namespace app
