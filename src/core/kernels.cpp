// Forward kernels of the transformer (the backward ones sit beside them as training needs them).
#include "kernels.h"

#include <cmath>

namespace attn {

void layernorm_forward(Mat& out, ColVec& mean, ColVec& rstd, const Mat& x, const RowVec& g,
                       const RowVec& b) {
  const Eigen::Index n = x.rows(), d = x.cols();
  out.resize(n, d);
  mean.resize(n);
  rstd.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const float m = x.row(i).mean();
    const float var = (x.row(i).array() - m).square().mean();
    const float r = 1.0f / std::sqrt(var + 1e-5f);
    mean[i] = m;
    rstd[i] = r;
    out.row(i) = ((x.row(i).array() - m) * r * g.array() + b.array()).matrix();
  }
}

void linear_forward(Mat& out, const Mat& x, const Mat& w, const RowVec& b) {
  out.noalias() = x * w;
  out.rowwise() += b;
}

void gelu_forward(Mat& out, const Mat& x) {
  const float c = std::sqrt(2.0f / 3.14159265358979f);
  out = (0.5f * x.array() * (1.0f + (c * (x.array() + 0.044715f * x.array().cube())).tanh())).matrix();
}

void position_encoding(Mat& out, int n, int d) {
  out.resize(n, d);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; j += 2) {
      const float freq = std::pow(10000.0f, -static_cast<float>(j) / d);
      out(i, j) = std::sin(i * freq);
      if (j + 1 < d) out(i, j + 1) = std::cos(i * freq);
    }
}

}  // namespace attn
