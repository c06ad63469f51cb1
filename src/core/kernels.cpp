// Forward kernels of the transformer, each followed by the backward kernel that differentiates it.
#include "kernels.h"

#include <cmath>

#include "gemm.h"

namespace attn {

void layernorm_forward(Mat& out, ColVec& mean, ColVec& rstd, const Mat& x, const RowVec& g, const RowVec& b) {
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

// Differentiates: out.row(i) = ((x.row(i) - m) * r * g + b)
// With xhat = (x - m) * r and dxhat = dout * g, the mean and variance both depend on every x of
// the row, which gives the two subtracted terms:
//   dx = r * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)).
void layernorm_backward(Mat& dx, RowVec& dg, RowVec& db, const Mat& dout, const Mat& x, const ColVec& mean,
                        const ColVec& rstd, const RowVec& g) {
  const Eigen::Index n = x.rows();
  for (Eigen::Index i = 0; i < n; ++i) {
    const Eigen::Array<float, 1, Eigen::Dynamic> xhat = (x.row(i).array() - mean[i]) * rstd[i];  // [d]
    const Eigen::Array<float, 1, Eigen::Dynamic> dxhat = dout.row(i).array() * g.array();  // [d]
    const float mean_dxhat = dxhat.mean();
    const float mean_dxhat_xhat = (dxhat * xhat).mean();
    dx.row(i).array() += rstd[i] * (dxhat - mean_dxhat - xhat * mean_dxhat_xhat);
    dg.array() += dout.row(i).array() * xhat;
    db += dout.row(i);
  }
}

void linear_forward(Mat& out, const Mat& x, const Mat& w, const RowVec& b) {
  matmul(out, x, w);
  out.rowwise() += b;
}

// Differentiates: out = x * w; out.rowwise() += b
void linear_backward(Mat& dx, Mat& dw, RowVec& db, const Mat& dout, const Mat& x, const Mat& w) {
  dx.noalias() += dout * w.transpose();  // [n, i] = [n, o] . [o, i]
  dw.noalias() += x.transpose() * dout;  // [i, o] = [i, n] . [n, o]
  db += dout.colwise().sum();  // [o]
}

void gelu_forward(Mat& out, const Mat& x) {
  const float c = std::sqrt(2.0f / 3.14159265358979f);
  out = (0.5f * x.array() * (1.0f + (c * (x.array() + 0.044715f * x.array().cube())).tanh())).matrix();
}

// Differentiates: out = 0.5 x (1 + tanh(u)), u = c (x + 0.044715 x^3)
//   out' = 0.5 (1 + tanh(u)) + 0.5 x (1 - tanh(u)^2) c (1 + 3 * 0.044715 x^2)
void gelu_backward(Mat& dx, const Mat& dout, const Mat& x) {
  const float c = std::sqrt(2.0f / 3.14159265358979f);
  const auto xa = x.array();
  using Arr = Eigen::Array<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Arr t = (c * (xa + 0.044715f * xa.cube())).tanh();  // [n, f] tanh(u)
  const Arr local = 0.5f * (1.0f + t) + 0.5f * xa * (1.0f - t.square()) * c * (1.0f + 3.0f * 0.044715f * xa.square());
  dx.array() += dout.array() * local;
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
