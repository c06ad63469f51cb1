// Training side of the encoder: the masked-LM loss at chosen positions and the whole-model backward.
#pragma once
#include <string>
#include <vector>

#include "model.h"

namespace attn {

// One learned tensor of a ModelWeights, in a fixed order shared by the optimizer and the file format.
struct ParamRef {
  std::string name;  // e.g. "layers.0.attn.wq"
  float* data;  // rows * cols floats, row-major
  int rows, cols;  // a vector is [1, n]
  bool decay;  // AdamW weight decay applies (matrices and embeddings, not biases or gains)
};
// Every tensor of w (which must already be sized), in the canonical order.
std::vector<ParamRef> param_list(ModelWeights& w);
std::size_t param_count(const ModelWeights& w);

// A ModelWeights with the same shapes as w and every value 0: the gradient buffer.
ModelWeights zeros_like(const ModelWeights& w);
void set_zero(ModelWeights& g);
// g += other, tensor by tensor (sums the gradients of several workers in a fixed order).
void add_into(ModelWeights& g, const ModelWeights& other);

// The tied output layer at the chosen positions only: logits[m, vocab] = lnf[pos] . tok_emb^T + out_bias.
// The full-vocabulary product is the costliest part of the model, so unselected positions skip it.
void mlm_logits(Mat& logits, const ModelWeights& w, const Mat& lnf, const std::vector<int>& positions);

// Masked-LM cross-entropy at positions[j] with target ids targets[j], on a trace made by
// model_forward with the default AttentionOptions (want_logits may be false). Returns the SUM of -log p(target) in nats.
// When grads is not null, adds scale * d(sum)/d(weights) into it (the trainer passes
// scale = 1 / number of masked positions in the whole batch, so the batch loss is a mean).
// correct1 / correct5, when not null, receive how many targets were the top-1 / in the top-5.
float mlm_loss_and_backward(ModelWeights* grads, const ModelWeights& w, const ModelTrace& t,
                            const std::vector<int>& positions, const std::vector<int>& targets, float scale,
                            int* correct1 = nullptr, int* correct5 = nullptr);

// The same over several traces at once: the chosen positions of every item meet tok_emb in one
// product each way, so the [vocab, d] embedding is packed and its gradient written once per group
// instead of once per example (the offline trainer's batches; with one item it is exactly
// mlm_loss_and_backward). Gradients equal the per-item sum up to the order floats are added in.
struct MlmItem {
  const ModelTrace* trace;
  const std::vector<int>* positions;
  const std::vector<int>* targets;
};
float mlm_group_loss_and_backward(ModelWeights* grads, const ModelWeights& w, const std::vector<MlmItem>& items,
                                  float scale, int* correct1 = nullptr, int* correct5 = nullptr);

// Backpropagates dlnf [n, d] (d loss / d t.lnf) through the final layer norm, every layer and the
// token embedding, ACCUMULATING into grads. Uses only the trace of the forward pass.
void model_backward(ModelWeights& grads, const ModelWeights& w, const ModelTrace& t, const Mat& dlnf,
                    const AttentionOptions& opt);

}  // namespace attn
