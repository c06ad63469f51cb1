// A small picture of a large attention matrix: each cell the strongest weight of the block it covers.
#pragma once
#include "tensor.h"

namespace attn {

// Past this many cells a side a matrix has more cells than a screen has pixels for it: the heads
// grid draws its tiles from the reduction, and the heatmap draws it while its cells are smaller
// than a pixel (one cell per pixel would pick arbitrary cells and drop a sharp diagonal).
constexpr int kThumbnailSide = 256;

// [s, s] with s = min(n, side) from a square [n, n] matrix: cell (i, j) is the largest entry over
// the rows r with floor(r * s / n) == i and the columns c with floor(c * s / n) == j (the blocks
// differ by at most one row or column; a shader finds a cell's block with the same integer
// division). The largest, not the mean, so a sharp pattern (a diagonal, one column) stays as bright
// as the weights that make it. A matrix already small enough is returned as it is; empty input,
// a matrix that is not square or side < 1 give an empty matrix.
Mat block_max(const Eigen::Ref<const Mat>& m, int side = kThumbnailSide);

}  // namespace attn
