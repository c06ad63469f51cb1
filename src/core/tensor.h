// Matrix and vector types shared by the whole core: row-major so data() uploads to a texture as is.
#pragma once
#include <Eigen/Core>

namespace attn {

// [rows, cols], row-major: row i is token i.
using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
// A bias or gain, added to every row with rowwise().
using RowVec = Eigen::Matrix<float, 1, Eigen::Dynamic>;

}  // namespace attn
