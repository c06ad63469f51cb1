// The session recomputes lazily: typing re-tokenizes, a mask or temperature change re-runs the model.
#include "session.h"

#include <algorithm>
#include <chrono>

namespace attn {

namespace {
// The mean of a layer's heads: still a proper attention matrix (each row sums to 1). head(h) gives
// head h's weights; one definition for the trace's means and the masked guess's, so they agree.
template <typename HeadWeights>
Mat mean_of_heads(int n_heads, const HeadWeights& head) {
  Mat m = head(0);
  for (int h = 1; h < n_heads; ++h) m += head(h);
  return m / static_cast<float>(n_heads);
}
}  // namespace

ModelConfig default_model_config() {
  // The trained model's shape, so a shared link's layer and head stay valid when it arrives.
  ModelConfig c{6000, 128, 6, 4, 512};  // vocab, d_model, layers, heads, d_ff
  return c;
}

Session::Session() {
  // Untrained weights with a scale large enough that heads differ visibly; the UI labels them.
  model_ = random_weights(default_model_config(), 1, 0.13f);
}

void Session::set_state(const PlaygroundState& s) {
  if (s.text != state_.text) text_dirty_ = true;
  // Only the inputs of the forward pass re-run it: a link or a setState that changes the view, the
  // method or the head costs no forward (half a second for 1024 pieces on a phone).
  if (text_dirty_ || s.causal != state_.causal || s.temperature != state_.temperature || s.hidden != state_.hidden)
    trace_dirty_ = true;
  state_ = s;
  if (!trace_dirty_) clamp_state();  // update() clamps when it rebuilds; the tokens are current here
}

void Session::set_text(const std::string& utf8) {
  if (utf8 == state_.text) return;
  state_.text = utf8;
  state_.link = -1;  // a pair of another sentence's words means nothing here
  text_dirty_ = trace_dirty_ = true;
}

void Session::set_layer(int layer) {
  state_.layer = layer;
  clamp_state();
}
void Session::set_head(int head) {
  state_.head = head;
  clamp_state();
}
void Session::set_focus(int token) {
  state_.focus = token;
  clamp_state();
}
void Session::set_link(int token) {
  state_.link = token;
  clamp_state();
}

void Session::set_causal(bool causal) {
  if (causal != state_.causal) trace_dirty_ = true;
  state_.causal = causal;
}

void Session::set_temperature(float t) {
  t = clamp_temperature(t);
  if (t != state_.temperature) trace_dirty_ = true;
  state_.temperature = t;
}

void Session::toggle_hidden(int token) {
  if (token < 0 || token >= static_cast<int>(tokens_.size())) return;
  auto it = std::find(state_.hidden.begin(), state_.hidden.end(), token);
  if (it == state_.hidden.end()) {
    state_.hidden.push_back(token);
    std::sort(state_.hidden.begin(), state_.hidden.end());
  } else {
    state_.hidden.erase(it);
  }
  trace_dirty_ = true;
}

void Session::set_model(ModelWeights w) {
  model_ = std::move(w);
  vocab_ = WordPieceVocab{};
  has_vocab_ = false;
  text_dirty_ = trace_dirty_ = true;
}

void Session::set_model(ModelWeights w, WordPieceVocab vocab) {
  model_ = std::move(w);
  vocab_ = std::move(vocab);
  has_vocab_ = true;
  text_dirty_ = trace_dirty_ = true;  // a new vocabulary splits the text differently
}

void Session::set_figure_pack(FigurePack p) {
  pack_ = std::move(p);
  has_pack_ = true;
  text_dirty_ = trace_dirty_ = true;
}

const ValueNorms* Session::precomputed_norms(int layer) const {
  if (!precomputed_ || layer < 0 || layer >= static_cast<int>(pack_.norms.size())) return nullptr;
  return &pack_.norms[layer];
}

std::vector<int> Session::encode_ids() {
  if (has_vocab_) {
    std::vector<int> ids;
    for (const Token& t : tokens_) ids.push_back(t.id);
    return ids;
  }
  // Untrained stand-in: every word hashes (FNV-1a of its lower-cased bytes) to an embedding row.
  std::vector<int> ids;
  ids.reserve(tokens_.size());
  for (Token& t : tokens_) {
    uint32_t h = 2166136261u;
    for (unsigned char c : t.text) {
      if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
      h = (h ^ c) * 16777619u;
    }
    t.id = static_cast<int>(h % static_cast<uint32_t>(model_.cfg.vocab_size));
    ids.push_back(t.id);
  }
  return ids;
}

void Session::clamp_state() {
  const int n = static_cast<int>(tokens_.size());
  state_.layer = std::clamp(state_.layer, 0, model_.cfg.n_layers - 1);
  state_.head = std::clamp(state_.head, -1, model_.cfg.n_heads - 1);
  state_.focus = n == 0 ? 0 : std::clamp(state_.focus, 0, n - 1);
  if (state_.link < 0 || state_.link >= n) state_.link = -1;  // no pair rather than another word
  state_.temperature = clamp_temperature(state_.temperature);
  std::vector<int> kept;
  for (int h : state_.hidden)
    if (h >= 0 && h < n && (kept.empty() || kept.back() != h)) kept.push_back(h);
  state_.hidden = kept;
}

AttentionOptions Session::attention_options() const {
  AttentionOptions opt;
  opt.causal = state_.causal;
  opt.temperature = state_.temperature;
  opt.hidden.assign(tokens_.size(), false);
  for (int h : state_.hidden)
    if (h >= 0 && h < static_cast<int>(opt.hidden.size())) opt.hidden[h] = true;
  return opt;
}

const std::vector<std::vector<HeadBehaviour>>& Session::head_behaviour() const {
  if (behaviour_revision_ != revision_ || behaviour_.size() != trace_.layers.size()) visit_head_weights(nullptr);
  return behaviour_;
}

void Session::visit_head_weights(const std::function<void(int, int, const Mat&)>& visit) const {
  // The habits are measured on the way when they are not yet (one recompute of each head serves both).
  const bool measure = behaviour_revision_ != revision_ || behaviour_.size() != trace_.layers.size();
  const int heads = model_.cfg.n_heads;
  const AttentionOptions mask = attention_options();
  if (measure) behaviour_.assign(trace_.layers.size(), std::vector<HeadBehaviour>(heads));
  // One head's weights at a time, not kept: 24 of a 1024-piece text would be 96 MB at once.
  if (!tokens_.empty())
    for (std::size_t l = 0; l < trace_.layers.size(); ++l)
      for (int h = 0; h < heads; ++h) {
        const Mat w = computed_weights(static_cast<int>(l), h);
        if (measure) behaviour_[l][h] = measure_head_behaviour(w, tokens_, mask);
        if (visit) visit(static_cast<int>(l), h, w);
      }
  if (measure) behaviour_revision_ = revision_;
}

void Session::update() {
  // The pack stands in only for the inputs it was computed from, and only until the model is here.
  // (A pack of another shape than the page's model would leave views reading layers it lacks.)
  const bool use_pack = has_pack_ && !model_.trained && pack_.matches(state_) &&
                        pack_.cfg.n_layers == model_.cfg.n_layers && pack_.cfg.n_heads == model_.cfg.n_heads &&
                        pack_.cfg.d_model == model_.cfg.d_model;
  if (use_pack != precomputed_) text_dirty_ = true;  // the pack's pieces, or the stand-in's words
  if (text_dirty_) {
    if (use_pack) {
      tokens_ = pack_.tokens;
      truncated_ = pack_.truncated;
      total_tokens_ = pack_.total_tokens;
    } else {
      TokenizedText tt = has_vocab_ ? wordpiece_encode(vocab_, state_.text) : tokenize_words(state_.text);
      tokens_ = std::move(tt.tokens);
      truncated_ = tt.truncated;
      total_tokens_ = tt.total_tokens;
    }
    text_dirty_ = false;
    trace_dirty_ = true;
  }
  if (!trace_dirty_) return;
  clamp_state();
  const auto t0 = std::chrono::steady_clock::now();
  precomputed_ = use_pack;
  if (use_pack)
    trace_ = pack_.trace;
  else
    model_forward(trace_, model_, encode_ids(), attention_options(), false, kPlaygroundForward);
  weights_.clear();  // recomputed from the new trace when asked for
  last_forward_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  trace_dirty_ = false;
  ++revision_;
}

const Session::MaskedGuess& Session::masked_guess(int position) {
  update();
  const int n = static_cast<int>(tokens_.size());
  if (position < 0 || position >= n) {
    guess_ = MaskedGuess{};
    return guess_;
  }
  if (guess_.position == position && guess_revision_ == revision_ && guess_layer_ == state_.layer &&
      guess_head_ == state_.head)
    return guess_;
  if (precomputed_) {  // guesses need the trained model itself: none until it arrives
    guess_ = MaskedGuess{};
    return guess_;
  }
  std::vector<int> ids = encode_ids();
  if (has_vocab_) ids[position] = kMaskId;
  ModelTrace t;  // only the shown layer's attention is kept: a second trace of a long text is 90 MB
  model_forward(t, model_, ids, attention_options(), false, {HeadDetail::Weights, false, state_.layer});
  guess_.position = position;
  guess_.guesses = has_vocab_ ? top_guesses(model_, vocab_, t, position, 5) : std::vector<Guess>{};
  const AttentionTrace& a = t.layers[state_.layer].attn;
  guess_.weights = state_.head >= 0 ? a.heads[state_.head].weights
                                    : mean_of_heads(static_cast<int>(a.heads.size()),
                                                    [&](int h) -> const Mat& { return a.heads[h].weights; });
  guess_revision_ = revision_;
  guess_layer_ = state_.layer;
  guess_head_ = state_.head;
  return guess_;
}

const HeadTrace* Session::traced_head(int layer, int head) const {
  if (tokens_.empty() || layer < 0 || layer >= static_cast<int>(trace_.layers.size())) return nullptr;
  const auto& heads = trace_.layers[layer].attn.heads;
  if (head < 0 || head >= static_cast<int>(heads.size())) return nullptr;
  return &heads[head];
}

const HeadTrace* Session::head_trace(int layer, int head) const {
  const HeadTrace* t = traced_head(layer, head);
  if (!t) return nullptr;
  const Eigen::Index n = static_cast<Eigen::Index>(tokens_.size());
  // A figure pack brings its steps, or has no q and k to compute them from (a layer without its block).
  if ((t->scores.rows() == n && t->masked.rows() == n) || t->q.rows() != n) return t;
  // One head of the trace holds its steps at a time: the previous one's are released first.
  if (stepped_revision_ == revision_ && stepped_layer_ >= 0) {
    HeadTrace& old = trace_.layers[stepped_layer_].attn.heads[stepped_head_];
    for (Mat* m : {&old.scores, &old.scaled, &old.masked, &old.weights}) m->resize(0, 0);
  }
  HeadTrace& h = trace_.layers[layer].attn.heads[head];
  const AttentionOptions opt = attention_options();
  head_score_steps(h, opt);
  head_weights(h.weights, h.q, h.k, opt);
  stepped_revision_ = revision_;
  stepped_layer_ = layer;
  stepped_head_ = head;
  return &h;
}

bool Session::has_weights(int layer, int head) const {
  return !tokens_.empty() && layer >= 0 && layer < static_cast<int>(trace_.layers.size()) && head >= -1 &&
         head < static_cast<int>(trace_.layers[layer].attn.heads.size());
}

Mat Session::computed_weights(int layer, int head) const {
  if (!has_weights(layer, head)) return Mat{};
  if (auto it = weights_.find({layer, head}); it != weights_.end()) return it->second.m;
  const auto& heads = trace_.layers[layer].attn.heads;
  if (head == -1)  // one head recomputed at a time
    return mean_of_heads(static_cast<int>(heads.size()), [&](int h) { return computed_weights(layer, h); });
  const HeadTrace& t = heads[head];
  // A figure pack brings its weights (and may have no q and k); head_trace() fills them for its head.
  if (t.weights.rows() == static_cast<Eigen::Index>(tokens_.size())) return t.weights;
  Mat w;
  head_weights(w, t.q, t.k, attention_options());
  return w;
}

const Mat* Session::weights(int layer, int head) const {
  if (!has_weights(layer, head)) return nullptr;
  if (precomputed_ && head >= 0) return &trace_.layers[layer].attn.heads[head].weights;  // the pack keeps them
  auto it = weights_.find({layer, head});
  if (it == weights_.end())
    it = weights_.emplace(std::make_pair(layer, head), KeptWeights{computed_weights(layer, head)}).first;
  it->second.tick = weights_tick_;
  return &it->second.m;
}

AttentionTrace Session::attention_with_weights(int layer) const {
  AttentionTrace a;
  if (!has_weights(layer, 0)) return a;
  const auto& from = trace_.layers[layer].attn.heads;
  a.heads.resize(from.size());
  for (std::size_t h = 0; h < from.size(); ++h) {
    HeadTrace& to = a.heads[h];
    to.q = from[h].q;
    to.k = from[h].k;
    to.v = from[h].v;
    to.context = from[h].context;
    to.weights = computed_weights(layer, static_cast<int>(h));
  }
  return a;
}

std::size_t Session::kept_weights_bytes() const {
  std::size_t bytes = 0;
  for (const auto& [key, k] : weights_) bytes += static_cast<std::size_t>(k.m.size()) * sizeof(float);
  return bytes;
}

void Session::trim_weights(std::size_t budget_bytes) const {
  if (kept_weights_bytes() > budget_bytes)
    for (auto it = weights_.begin(); it != weights_.end();)
      it = it->second.tick < weights_tick_ ? weights_.erase(it) : std::next(it);
  ++weights_tick_;
}

const CrowdResult& Session::crowd() const {
  if (!(crowd_query_ == state_.crowd) || crowd_temperature_ != state_.temperature) {
    crowd_ = crowd_attend(state_.crowd, state_.temperature);
    crowd_query_ = state_.crowd;
    crowd_temperature_ = state_.temperature;
  }
  return crowd_;
}

}  // namespace attn
