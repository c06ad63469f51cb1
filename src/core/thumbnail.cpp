// Block maxima of a square matrix: the heads grid's tiles and the heatmap's reduced picture of long text.
#include "thumbnail.h"

#include <vector>

namespace attn {

Mat block_max(const Eigen::Ref<const Mat>& m, int side) {
  const Eigen::Index n = m.rows();
  if (n == 0 || m.cols() != n || side < 1) return Mat();
  if (n <= side) return m;
  const Eigen::Index s = side;
  // Block k starts at the first r with r * s / n >= k, that is ceil(k * n / s).
  std::vector<Eigen::Index> start(static_cast<std::size_t>(s) + 1);
  for (Eigen::Index k = 0; k <= s; ++k) start[k] = (k * n + s - 1) / s;
  Mat out(s, s);
  for (Eigen::Index i = 0; i < s; ++i)
    for (Eigen::Index j = 0; j < s; ++j)
      out(i, j) = m.block(start[i], start[j], start[i + 1] - start[i], start[j + 1] - start[j]).maxCoeff();
  return out;
}

}  // namespace attn
