// One reader's playground: the state, the model, the tokens and the trace, recomputed only on change.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "crowd.h"
#include "figure_pack.h"
#include "head_behaviour.h"
#include "live_run.h"
#include "model.h"
#include "playground_state.h"
#include "mlm.h"
#include "shown_attention.h"
#include "tokenizer.h"
#include "wordpiece.h"

namespace attn {

// What Session::trim_weights keeps at most beyond what the views use (the app trims every frame):
// four [n, n] matrices of a 1024-piece text; a short text never reaches it.
constexpr std::size_t kWeightsCacheBudget = std::size_t(16) << 20;

// The shape of the stand-in model used until trained weights arrive.
ModelConfig default_model_config();

class Session {
 public:
  Session();

  const PlaygroundState& state() const { return state_; }
  // Takes a whole state (e.g. decoded from a link); values are clamped when the trace is rebuilt.
  void set_state(const PlaygroundState& s);
  void set_text(const std::string& utf8);
  void set_view(View v) { state_.view = v; }
  void set_layer(int layer);
  void set_head(int head);  // -1 = all heads
  void set_focus(int token);
  void set_link(int token);  // the key paired with the focus; -1 = none (a new text clears it)
  void set_causal(bool causal);
  void set_temperature(float t);
  void toggle_hidden(int token);
  void set_step(int step) { state_.step = step < 0 ? 0 : step; }
  void set_lang(Lang l) { state_.lang = l; }
  void set_method(AttnMethod m) { state_.method = m; }
  void set_unit(AttnUnit u) { state_.unit = u; }
  void set_crowd(const CrowdQuery& q) { state_.crowd = q; }  // the crowd view computes its own head
  // The crowd view's head for the state's query and temperature (crowd.h), computed once per change.
  const CrowdResult& crowd() const;
  void set_train(const TrainRun& r) { state_.train = r; }  // the train view runs its own model
  // The train view's live run (live_run.h): each action reads and writes state().train.
  const LiveRun& live() const { return live_; }
  void train_follow() { live_.follow(state_.train); }
  void train_play(bool playing) { live_.set_playing(state_.train, playing); }
  void train_steps(int steps) { live_.steps_now(state_.train, steps); }
  void train_reset(int seed) { live_.reset(state_.train, seed); }
  void train_restart(const LiveSettings& s) { live_.restart(state_.train, s); }
  void train_set_learning_rate(int lr_index) { live_.set_learning_rate(state_.train, lr_index); }
  void train_set_speed(int speed) { live_.set_speed(state_.train, speed); }
  void train_set_example(int example) { live_.set_example(state_.train, example); }
  void train_set_shown_head(int layer, int head) { live_.set_shown_head(state_.train, layer, head); }
  void train_set_query_row(int row) { live_.set_query_row(row); }
  void train_frame_slice() { live_.frame_slice(state_.train); }
  void train_clear_timings() { live_.clear_timings(); }
  // Brings the shown example's trace up to date (before drawing or reporting it).
  const LiveRun& train_refresh_shown() {
    live_.refresh_shown(state_.train);
    return live_;
  }
  // Untrained stand-in (no vocabulary: words are hashed to embedding rows) ...
  void set_model(ModelWeights w);
  // ... or a trained model with the WordPiece vocabulary it was trained with.
  void set_model(ModelWeights w, WordPieceVocab vocab);
  bool has_vocab() const { return has_vocab_; }
  // An article figure's numbers from the trained model (figure_pack.h), shown instead of the
  // stand-in's while no trained model is loaded and the state matches the pack's inputs.
  void set_figure_pack(FigurePack p);
  // True when the current trace and tokens came from the figure pack.
  bool precomputed() const { return precomputed_; }
  // The trained model's value norms of `layer` while the trace is precomputed, else nullptr.
  const ValueNorms* precomputed_norms(int layer) const;
  // What the picture shows: the trained model's numbers (loaded, or precomputed by the build), or
  // the untrained stand-in's.
  bool shows_trained_numbers() const { return model_.trained || precomputed_; }
  // The trained model's shape and name as far as the session knows (the pack's before the file).
  const ModelConfig& shown_config() const { return precomputed_ ? pack_.cfg : model_.cfg; }

  // Recomputes tokens and trace if anything they depend on changed since the last call.
  void update();

  const ModelWeights& model() const { return model_; }
  const std::vector<Token>& tokens() const { return tokens_; }
  bool truncated() const { return truncated_; }
  std::size_t total_tokens() const { return total_tokens_; }
  const ModelTrace& trace() const { return trace_; }
  // The weights of (layer, head) of the current trace, [n, n]; head -1 = the mean over the
  // layer's heads (each row still sums to 1). nullptr when there are no tokens. The trace keeps
  // only each head's q, k, v and context (24 [n, n] matrices of a 1024-piece text would be 96 MB),
  // so the weights are recomputed from q and k (the same bits as the forward) and kept while some
  // view asks for them each frame (trim_weights). The pointer is valid until trim_weights.
  const Mat* weights(int layer, int head) const;
  // The same matrix without keeping it (a copy when it is kept already): for a caller that reduces
  // many matrices once (the heads' habits, the heads grid), one [n, n] matrix at a time.
  Mat computed_weights(int layer, int head) const;
  // The attention block of `layer` with every head's weights filled in (heads only: q, k, v,
  // context and weights), for the honest methods that read all heads of a layer at once.
  AttentionTrace attention_with_weights(int layer) const;
  // Called once a frame: while the kept weights take more than budget_bytes, those nobody asked
  // for since the previous call are dropped (a short text never reaches the budget).
  void trim_weights(std::size_t budget_bytes) const;
  std::size_t kept_weights_bytes() const;
  // Every step of (layer, head), scores to context: the scores, scaled, masked and weights
  // matrices of the one head asked for are recomputed from its q and k (the same bits as a full
  // forward) in place, and kept until another head is asked for.
  const HeadTrace* head_trace(int layer, int head) const;
  // "What does the model guess?": the text run again with token `position` replaced by [MASK];
  // the top guesses for it and the chosen layer/head's weights of that run. Empty guesses
  // without a trained vocabulary. Cached until the state or the position changes.
  struct MaskedGuess {
    int position = -1;
    std::vector<Guess> guesses;
    Mat weights;  // [n, n] of state().layer / head (-1 = mean) with the token masked
  };
  const MaskedGuess& masked_guess(int position);

  // Each head's measured habit ([layer][head], head_behaviour.h) on the current trace, with the
  // state's mask and hidden tokens; computed once per trace. The heads, links and focus views and
  // the API name heads from this one result.
  const std::vector<std::vector<HeadBehaviour>>& head_behaviour() const;
  // Calls visit(layer, head, weights) for every head in turn, each recomputed once and not kept
  // (the heads grid's thumbnails), measuring head_behaviour() on the way when it is not yet.
  void visit_head_weights(const std::function<void(int, int, const Mat&)>& visit) const;

  // Raw weights, contributions or rollout, of pieces or words (computed from this session's trace).
  ShownAttention& shown() const { return shown_; }

  // Bumped every time the trace is rebuilt, so renderers know when to upload again.
  uint64_t revision() const { return revision_; }
  double last_forward_ms() const { return last_forward_ms_; }

 private:
  void clamp_state();
  std::vector<int> encode_ids();
  AttentionOptions attention_options() const;  // the state's mask, temperature and hidden tokens
  const HeadTrace* traced_head(int layer, int head) const;  // as kept by the forward (no score steps)
  bool has_weights(int layer, int head) const;  // tokens, and (layer, head) exists (head -1: the mean)

  PlaygroundState state_;
  ModelWeights model_;
  WordPieceVocab vocab_;
  bool has_vocab_ = false;
  MaskedGuess guess_;
  uint64_t guess_revision_ = ~0ull;
  int guess_layer_ = -1, guess_head_ = -2;
  std::vector<Token> tokens_;
  bool truncated_ = false;
  std::size_t total_tokens_ = 0;
  // Mutable only for head_trace(), which fills one head's score steps in place (derived data).
  mutable ModelTrace trace_;
  struct KeptWeights {
    Mat m;
    uint64_t tick = 0;  // weights_tick_ when last asked for
  };
  // weights() of (layer, head), head -1 the mean; a map, so a kept matrix never moves.
  mutable std::map<std::pair<int, int>, KeptWeights> weights_;
  mutable uint64_t weights_tick_ = 0;
  bool text_dirty_ = true, trace_dirty_ = true;
  uint64_t revision_ = 0;
  double last_forward_ms_ = 0;
  mutable int stepped_layer_ = -1, stepped_head_ = -1;  // the head of trace_ holding its score steps
  mutable uint64_t stepped_revision_ = ~0ull;
  mutable ShownAttention shown_;  // a cache of views of the trace: filling it changes no state
  mutable std::vector<std::vector<HeadBehaviour>> behaviour_;  // cache of head_behaviour()
  mutable uint64_t behaviour_revision_ = ~0ull;
  FigurePack pack_;
  bool has_pack_ = false, precomputed_ = false;
  LiveRun live_;
  mutable CrowdResult crowd_;  // cache of crowd(): for crowd_query_ at crowd_temperature_
  mutable CrowdQuery crowd_query_;
  mutable float crowd_temperature_ = -1;
};

}  // namespace attn
