// The model's numerical kernels, llm.c style: <op>_forward and, beside it, <op>_backward.
#pragma once
#include <Eigen/Core>

#include "tensor.h"

namespace attn {

using ColVec = Eigen::VectorXf;

// Every *_backward ACCUMULATES (+=) into its gradient outputs, so a tensor read by two paths
// (the residual stream) simply receives both contributions. Callers size and zero them first.

// out[n, d] = (x - mean) * rstd * g + b, per row; mean[n] and rstd[n] are kept for the backward pass.
void layernorm_forward(Mat& out, ColVec& mean, ColVec& rstd, const Mat& x, const RowVec& g, const RowVec& b);
// dx[n, d] += d loss / d x, dg[d] += ..., db[d] += ..., given dout[n, d] and the forward's x, mean, rstd.
void layernorm_backward(Mat& dx, RowVec& dg, RowVec& db, const Mat& dout, const Mat& x, const ColVec& mean,
                        const ColVec& rstd, const RowVec& g);

// out[n, o] = x[n, i] . w[i, o] + b[o]
void linear_forward(Mat& out, const Mat& x, const Mat& w, const RowVec& b);
// dx[n, i] += dout . w^T, dw[i, o] += x^T . dout, db[o] += column sums of dout[n, o].
void linear_backward(Mat& dx, Mat& dw, RowVec& db, const Mat& dout, const Mat& x, const Mat& w);

// out = GELU(x), tanh approximation, element-wise.
void gelu_forward(Mat& out, const Mat& x);
// dx[n, f] += dout * GELU'(x), element-wise.
void gelu_backward(Mat& dx, const Mat& dout, const Mat& x);

// out[n, d]: fixed sinusoidal position codes, so any length up to the tokenizer's maximum works.
// (Nothing to learn, so no backward.)
void position_encoding(Mat& out, int n, int d);

}  // namespace attn
