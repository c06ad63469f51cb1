// The model's numerical kernels, llm.c style: <op>_forward (and, for training, <op>_backward).
#pragma once
#include <Eigen/Core>

#include "tensor.h"

namespace attn {

using ColVec = Eigen::VectorXf;

// out[n, d] = (x - mean) * rstd * g + b, per row; mean[n] and rstd[n] are kept for the backward pass.
void layernorm_forward(Mat& out, ColVec& mean, ColVec& rstd, const Mat& x, const RowVec& g,
                       const RowVec& b);

// out[n, o] = x[n, i] . w[i, o] + b[o]
void linear_forward(Mat& out, const Mat& x, const Mat& w, const RowVec& b);

// out = GELU(x), tanh approximation, element-wise.
void gelu_forward(Mat& out, const Mat& x);

// out[n, d]: fixed sinusoidal position codes, so any length up to the tokenizer's maximum works.
void position_encoding(Mat& out, int n, int d);

}  // namespace attn
