// Masked-LM training: batches from an encoded corpus, one optimisation step, held-out evaluation.
// No file I/O and no threads: the live trainer in the browser (live_tasks.h) takes the same step.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "model.h"
#include "optimizer.h"

namespace attn {

struct TrainConfig {
  ModelConfig model;
  int max_len = 128;  // pieces per training sequence at most
  int min_len = 8;  // each sequence's target length is drawn from [min_len, max_len]
  int batch = 16;  // sequences per step
  float mask_prob = 0.15f;  // share of pieces chosen for prediction
  int steps = 10000;  // total steps (the cosine schedule ends here)
  int warmup = 300;  // linear learning-rate warm-up steps
  float lr = 1e-3f;  // peak learning rate
  float min_lr_frac = 0.05f;  // the cosine decays to lr * min_lr_frac
  float weight_decay = 0.01f;
  float clip = 1.0f;  // global gradient-norm clip
  float init_scale = 0.02f;  // std of the random matrices
  float emb_scale = 0.3f;  // std of the token embedding: smaller, and the fixed position code (norm
      // ~8 at d_model 128) drowns the token identity and training stalls
  float final_gain = 1.0f;  // initial gain of the final layer norm (the tied output's temperature)
  uint64_t seed = 1;
  // Later phases (warm restarts, to train a finished run longer), in step order: from `step` on, the
  // schedule starts again with `warmup` steps up to `lr` and a cosine down to lr * min_lr_frac at
  // `cosine_end` (0: the next restart's step, or `steps` for the last); later steps of the phase run
  // at that floor. Phase one's cosine ends at the first restart (or `steps`). The schedule stays a
  // function of the step, so a run resumed from any checkpoint takes the same steps as an
  // uninterrupted one, and appending a restart after a finished run keeps every step before it.
  struct WarmRestart {
    int step = 0;
    int warmup = 500;
    float lr = 5e-4f;
    int cosine_end = 0;
  };
  std::vector<WarmRestart> restarts;
  // Quantisation-aware training: from qat_from_step on (-1 = never), the forward and backward pass
  // see the tensors named in qat_tensors as the 4-bit file will store them (fake_quantise_int4);
  // the gradient updates the full-precision weights unchanged (the straight-through estimator).
  // Names as export_model's --int4: a full name, or ".suffix" for every layer's tensor.
  int qat_from_step = -1;
  std::vector<std::string> qat_tensors;
  int qat_refit_every = 1000;  // steps between refits of each tensor's 16 levels
  // From this step on (-1 = never) the levels are refitted once more and then kept, so the last
  // steps adapt the weights to exactly the levels the file will store (a refit costs ~0.08 nats
  // that the following steps win back); export_model takes them from the run's levels file.
  int qat_freeze_from = -1;
  // The token embedding's rows QAT rounds as Int8Row rather than 4 bits (one flag per row, the
  // Int4Int8Rows coding export_model writes for tok_emb); empty: every row in 4 bits.
  std::vector<uint8_t> qat_int8_rows;
};

// Every line of a corpus as piece ids, back to back: line i is ids[starts[i] .. starts[i + 1]).
struct EncodedCorpus {
  std::vector<int> ids;
  std::vector<uint32_t> starts{0};
  int lines() const { return static_cast<int>(starts.size()) - 1; }
  int length(int i) const { return static_cast<int>(starts[i + 1] - starts[i]); }
  void add_line(const std::vector<int>& line_ids);
};

// One training sequence: what the model reads, and which positions it must guess.
struct Example {
  std::vector<int> input;  // [n] ids, with the chosen positions corrupted
  std::vector<int> positions;  // [m] chosen positions
  std::vector<int> targets;  // [m] their original ids
};

// Several corpora read in set shares (English and Vietnamese): each sequence comes from one of them.
struct CorpusMix {
  std::vector<const EncodedCorpus*> corpora;
  std::vector<double> shares;  // same length, summing to 1
};

// The b-th sequence of step `step`: a pure function of (seed, step, b), so a resumed run draws
// exactly the batches the uninterrupted run would have. A sequence starts at a random line and
// packs the following lines, separated by [SEP], up to a random target length; so the model sees
// single sentences (what the playground shows) as well as longer contexts.
// Masking (BERT's rule): each non-[SEP] piece is chosen with probability mask_prob (at least one
// per sequence); a chosen piece becomes [MASK] 80% of the time, a random piece 10%, itself 10%.
Example make_example(const EncodedCorpus& corpus, const TrainConfig& cfg, int64_t step, int b);
// The same from a mix: corpus k with probability shares[k], drawn from a generator of its own (so
// a one-corpus mix gives exactly make_example's sequence); every line of the sequence is from it.
Example make_example(const CorpusMix& mix, const TrainConfig& cfg, int64_t step, int b);

// Seeded weights for training: init_scale for matrices, emb_scale for the token embedding, and the
// matrices that write into the residual stream (wo, w2) scaled by 1/sqrt(2 * layers) so the
// stream's variance does not grow with depth.
ModelWeights init_training_weights(const TrainConfig& cfg);

// Forward (model_forward) + backward of one example; adds scale * gradient into grads and returns
// the summed loss (nats) over its chosen positions. trace is scratch, reused between calls.
float example_forward_backward(ModelWeights& grads, const ModelWeights& w, const Example& ex, float scale,
                               ModelTrace& trace);
// The same for several examples, their output layers as one product (mlm_group_loss_and_backward):
// train_model's workers, where the per-example products over the whole vocabulary dominated.
// traces: scratch, one per example (resized as needed). The gradient is the per-example sum up to
// the order floats are added in.
float examples_forward_backward(ModelWeights& grads, const ModelWeights& w, const std::vector<const Example*>& exs,
                                float scale, std::vector<ModelTrace>& traces);

struct StepStats {
  float loss = 0;  // mean masked-LM loss of the batch (nats per chosen piece)
  float lr = 0;
  float grad_norm = 0;  // before clipping
  int tokens = 0;  // pieces read in the batch
  int masked = 0;  // pieces predicted
};

struct Trainer {
  TrainConfig cfg;
  ModelWeights w;  // the model being trained
  ModelWeights grads;  // same shapes
  AdamW opt;
  int64_t step = 0;  // steps done

  explicit Trainer(const TrainConfig& c);
  float lr_at(int64_t at) const;  // the learning rate of step `at` (every phase)
  bool qat_active() const { return cfg.qat_from_step >= 0 && step >= cfg.qat_from_step && !cfg.qat_tensors.empty(); }
  // The weights this step's forward pass reads: w itself, or during QAT a copy with the chosen
  // tensors rounded as the file will store them (levels refitted every qat_refit_every steps, and
  // on the first QAT step after a resume).
  const ModelWeights& forward_weights();
  // The QAT levels in use (one list per listed tensor, in param_list order, with its name) and the
  // step they were fitted at (-1: none yet); set_qat_levels restores them on a resume.
  struct QatLevels {
    std::vector<std::string> names;
    std::vector<std::vector<float>> levels;
    int64_t fitted_at = -1;
  };
  QatLevels qat_levels() const;
  void set_qat_levels(const QatLevels& q);
  std::vector<Example> batch(const EncodedCorpus& corpus) const;  // this step's batch
  std::vector<Example> batch(const CorpusMix& mix) const;
  // A whole step on one thread: this step's batch, forward, backward, clip, AdamW at lr_at(step).
  StepStats train_step(const EncodedCorpus& corpus);
  // One step on a batch the caller made, at learning rate `lr` (the live trainer: its own tasks'
  // examples, the reader's rate): the same forward, backward, clip and AdamW.
  StepStats train_on(const std::vector<Example>& batch, float lr);
  // The end of a step whose gradients were computed elsewhere (e.g. split across threads and
  // summed into grads): clips, updates at lr_at(step) (or `lr` when given), advances step.
  // loss_sum / masked is the reported loss.
  StepStats apply(double loss_sum, int tokens, int masked);
  StepStats apply(double loss_sum, int tokens, int masked, float lr);

 private:
  ModelTrace trace_;  // scratch of train_on
  ModelWeights wq_;  // w with the QAT tensors rounded
  std::vector<std::string> level_names_;  // per QAT tensor, in param_list order
  std::vector<std::vector<float>> levels_;
  int64_t levels_step_ = -1;  // the step the levels were fitted at
};

// The QAT levels file beside a checkpoint (qat-levels.txt), written by train_model and read by
// train_model (to resume) and export_model (to store exactly these levels): "fitted_at STEP", then
// one line per tensor, its name and its 16 levels (%.9g reads back to the same float).
std::string encode_qat_levels(const Trainer::QatLevels& q);
// False for text that is not such a file (a wrong header, a short or unreadable line); q is then unchanged.
bool decode_qat_levels(const std::string& text, Trainer::QatLevels* q);
// Whether a tensor name is in a list of names / ".suffix" patterns (export_model's --int4 rule).
bool tensor_listed(const std::vector<std::string>& list, const std::string& name);
// Reads train_model's --restarts ("step:lr:warm-up[:cosine end]", comma-separated, steps rising);
// false (and `out` unusable) on anything else.
bool parse_restarts(const std::string& text, std::vector<TrainConfig::WarmRestart>& out);

struct EvalResult {
  double loss = 0;  // mean nats per masked piece
  int masked = 0;
  int correct1 = 0;  // target was the top guess
  int correct5 = 0;  // target was among the top 5
  double top1() const { return masked ? double(correct1) / masked : 0; }
  double top5() const { return masked ? double(correct5) / masked : 0; }
};

// The held-out protocol of the model card: each of the first max_lines lines alone (as a reader
// types one sentence), cut at max_len; seed picks mask_prob of its pieces (at least one), all
// replaced by [MASK]; the model must guess them.
EvalResult evaluate(const ModelWeights& w, const EncodedCorpus& heldout, int max_lines, uint64_t seed, int max_len,
                    float mask_prob = 0.15f);
// The masked copy of one held-out line that evaluate() uses (shared with the model card tool).
Example heldout_example(const EncodedCorpus& heldout, int line, uint64_t seed, int max_len, float mask_prob = 0.15f);

}  // namespace attn
