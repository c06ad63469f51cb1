// The training loop's pieces: batch sampling and masking, one step, evaluation.
#include "trainer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "codebook.h"
#include "model_backward.h"
#include "rng.h"
#include "wordpiece.h"

namespace attn {

void EncodedCorpus::add_line(const std::vector<int>& line_ids) {
  ids.insert(ids.end(), line_ids.begin(), line_ids.end());
  starts.push_back(static_cast<uint32_t>(ids.size()));
}

namespace {

// A generator for one (seed, a, b) triple: splitmix64 of a mixed seed, so nearby steps differ.
Rng rng_for(uint64_t seed, uint64_t a, uint64_t b) {
  Rng r(seed * 0x9E3779B97F4A7C15ull ^ (a + 1) * 0xC2B2AE3D27D4EB4Full ^ (b + 1) * 0x165667B19E3779F9ull);
  r.next_u64();
  return r;
}

// Chooses positions of ex.input (never [SEP]) and corrupts them; keeps the originals as targets.
void mask_positions(Example& ex, Rng& rng, float prob, int vocab_size, bool always_mask_token) {
  const int n = static_cast<int>(ex.input.size());
  for (int i = 0; i < n; ++i)
    if (ex.input[i] != kSepId && rng.uniform() < prob) ex.positions.push_back(i);
  if (ex.positions.empty() && n > 0) {
    int i = static_cast<int>(rng.below(static_cast<uint32_t>(n)));
    while (ex.input[i] == kSepId) i = (i + 1) % n;  // a sequence never starts with [SEP]
    ex.positions.push_back(i);
  }
  for (int i : ex.positions) {
    ex.targets.push_back(ex.input[i]);
    const float r = always_mask_token ? 0.0f : rng.uniform();
    if (r < 0.8f)
      ex.input[i] = kMaskId;
    else if (r < 0.9f)
      ex.input[i] = kNumSpecial + static_cast<int>(rng.below(static_cast<uint32_t>(vocab_size - kNumSpecial)));
    // else: the piece stays itself, so the model cannot assume every visible piece is genuine.
  }
}

}  // namespace

Example make_example(const EncodedCorpus& corpus, const TrainConfig& cfg, int64_t step, int b) {
  Rng rng = rng_for(cfg.seed, static_cast<uint64_t>(step), static_cast<uint64_t>(b));
  const int target = cfg.min_len + static_cast<int>(rng.below(static_cast<uint32_t>(cfg.max_len - cfg.min_len + 1)));
  const int lines = corpus.lines();
  int line = static_cast<int>(rng.below(static_cast<uint32_t>(lines)));
  for (int tries = 0; corpus.length(line) == 0 && tries < lines; ++tries) line = (line + 1) % lines;
  Example ex;
  // The first line always goes in (cut at max_len); more lines follow while they fit the target.
  for (int k = 0; k < lines; ++k, line = (line + 1) % lines) {
    const int len = corpus.length(line);
    if (len == 0) continue;
    const int room = (k == 0 ? cfg.max_len : target) - static_cast<int>(ex.input.size()) - (k == 0 ? 0 : 1);
    if (k > 0 && len > room) break;
    if (k > 0) ex.input.push_back(kSepId);
    const int take = std::min(len, room);
    ex.input.insert(ex.input.end(), corpus.ids.begin() + corpus.starts[line],
                    corpus.ids.begin() + corpus.starts[line] + take);
    if (static_cast<int>(ex.input.size()) >= target) break;
  }
  mask_positions(ex, rng, cfg.mask_prob, cfg.model.vocab_size, false);
  return ex;
}

Example make_example(const CorpusMix& mix, const TrainConfig& cfg, int64_t step, int b) {
  std::size_t k = 0;
  if (mix.corpora.size() > 1) {
    Rng pick = rng_for(cfg.seed ^ 0x5EED0F0C0BB05ull, static_cast<uint64_t>(step), static_cast<uint64_t>(b));
    double u = pick.uniform();
    while (k + 1 < mix.corpora.size() && u >= mix.shares[k]) u -= mix.shares[k++];
  }
  return make_example(*mix.corpora[k], cfg, step, b);
}

ModelWeights init_training_weights(const TrainConfig& cfg) {
  ModelWeights w = random_weights(cfg.model, cfg.seed, cfg.init_scale);
  w.tok_emb *= cfg.emb_scale / cfg.init_scale;
  const float residual = 1.0f / std::sqrt(2.0f * std::max(1, cfg.model.n_layers));
  for (LayerParams& l : w.layers) {
    l.attn.wo *= residual;
    l.w2 *= residual;
  }
  w.lnf_g.setConstant(cfg.final_gain);
  w.name = "training (seed " + std::to_string(cfg.seed) + ")";
  return w;
}

float example_forward_backward(ModelWeights& grads, const ModelWeights& w, const Example& ex, float scale,
                               ModelTrace& trace) {
  model_forward(trace, w, ex.input, AttentionOptions{}, false);
  return mlm_loss_and_backward(&grads, w, trace, ex.positions, ex.targets, scale);
}

float examples_forward_backward(ModelWeights& grads, const ModelWeights& w, const std::vector<const Example*>& exs,
                                float scale, std::vector<ModelTrace>& traces) {
  if (traces.size() < exs.size()) traces.resize(exs.size());
  std::vector<MlmItem> items;
  items.reserve(exs.size());
  for (std::size_t i = 0; i < exs.size(); ++i) {
    model_forward(traces[i], w, exs[i]->input, AttentionOptions{}, false);
    items.push_back({&traces[i], &exs[i]->positions, &exs[i]->targets});
  }
  return mlm_group_loss_and_backward(&grads, w, items, scale);
}

Trainer::Trainer(const TrainConfig& c) : cfg(c), w(init_training_weights(c)), grads(zeros_like(w)) {
  opt.cfg.weight_decay = c.weight_decay;
}

std::vector<Example> Trainer::batch(const EncodedCorpus& corpus) const { return batch(CorpusMix{{&corpus}, {1.0}}); }

std::vector<Example> Trainer::batch(const CorpusMix& mix) const {
  std::vector<Example> out;
  out.reserve(cfg.batch);
  for (int b = 0; b < cfg.batch; ++b) out.push_back(make_example(mix, cfg, step, b));
  return out;
}

float Trainer::lr_at(int64_t at) const {
  const std::vector<TrainConfig::WarmRestart>& rs = cfg.restarts;
  std::size_t k = 0;  // phases begun at or before `at`: 0 = phase one
  while (k < rs.size() && at >= rs[k].step) ++k;
  if (k == 0)
    return lr_schedule(static_cast<int>(at), cfg.warmup, rs.empty() ? cfg.steps : rs[0].step, cfg.lr, cfg.min_lr_frac);
  const TrainConfig::WarmRestart& r = rs[k - 1];
  const int end = r.cosine_end > 0 ? r.cosine_end : (k < rs.size() ? rs[k].step : cfg.steps);
  return lr_schedule(static_cast<int>(at - r.step), r.warmup, end - r.step, r.lr, cfg.min_lr_frac);
}

// "30000:5e-4:500:54000,54500:4e-4:300:72000" (step:lr:warm-up[:cosine end], comma-separated).
bool parse_restarts(const std::string& text, std::vector<TrainConfig::WarmRestart>& out) {
  out.clear();
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t comma = text.find(',', at);
    if (comma == std::string::npos) comma = text.size();
    const std::string one = text.substr(at, comma - at);
    TrainConfig::WarmRestart r;
    int used = -1;  // characters read: the whole entry or it is refused
    if (std::sscanf(one.c_str(), "%d:%f:%d:%d%n", &r.step, &r.lr, &r.warmup, &r.cosine_end, &used) != 4 ||
        used != static_cast<int>(one.size())) {
      r.cosine_end = 0;
      used = -1;
      if (std::sscanf(one.c_str(), "%d:%f:%d%n", &r.step, &r.lr, &r.warmup, &used) != 3 ||
          used != static_cast<int>(one.size()))
        return false;
    }
    if (r.step <= 0 || !(r.lr > 0) || r.warmup < 0 || (!out.empty() && r.step <= out.back().step) ||
        (r.cosine_end != 0 && r.cosine_end <= r.step))
      return false;
    out.push_back(r);
    at = comma + 1;
  }
  return true;
}

bool tensor_listed(const std::vector<std::string>& list, const std::string& name) {
  for (const std::string& x : list)
    if (!x.empty() && (name == x || (x[0] == '.' && name.size() > x.size() &&
                                     name.compare(name.size() - x.size(), x.size(), x) == 0)))
      return true;
  return false;
}

const ModelWeights& Trainer::forward_weights() {
  if (!qat_active()) return w;
  if (wq_.layers.size() != w.layers.size()) wq_ = w;
  std::vector<ParamRef> src = param_list(w), dst = param_list(wq_);
  const bool frozen = cfg.qat_freeze_from >= 0 && step >= cfg.qat_freeze_from;
  // (A refit at a step whose levels are already fitted would fit the same weights again; skipping
  // it also keeps the levels a run started from a file was given, see set_qat_levels.)
  const bool refit =
      levels_step_ < 0 || (frozen ? levels_step_ < cfg.qat_freeze_from
                                  : (step - cfg.qat_from_step) % cfg.qat_refit_every == 0 && levels_step_ < step);
  if (refit) {
    levels_.clear();
    level_names_.clear();
  }
  std::size_t q = 0;
  for (std::size_t i = 0; i < src.size(); ++i) {
    const std::size_t n = std::size_t(src[i].rows) * src[i].cols;
    if (!tensor_listed(cfg.qat_tensors, src[i].name)) {
      std::copy(src[i].data, src[i].data + n, dst[i].data);
      continue;
    }
    const bool mixed = src[i].name == "tok_emb" && cfg.qat_int8_rows.size() == std::size_t(src[i].rows);
    if (refit) {
      levels_.push_back(
          fit_tensor_codebook(src[i].data, src[i].rows, src[i].cols, mixed ? &cfg.qat_int8_rows : nullptr));
      level_names_.push_back(src[i].name);
    }
    if (mixed)
      fake_quantise_rows(src[i].data, src[i].rows, src[i].cols, levels_[q++], cfg.qat_int8_rows, dst[i].data);
    else
      fake_quantise_int4(src[i].data, src[i].rows, src[i].cols, levels_[q++], dst[i].data);
  }
  if (refit) levels_step_ = step;
  return wq_;
}

Trainer::QatLevels Trainer::qat_levels() const { return {level_names_, levels_, levels_step_}; }

void Trainer::set_qat_levels(const QatLevels& q) {
  level_names_ = q.names;
  levels_ = q.levels;
  levels_step_ = q.fitted_at;
}

StepStats Trainer::train_step(const EncodedCorpus& corpus) { return train_on(batch(corpus), lr_at(step)); }

StepStats Trainer::train_on(const std::vector<Example>& exs, float lr) {
  int masked = 0, tokens = 0;
  for (const Example& e : exs) {
    masked += static_cast<int>(e.positions.size());
    tokens += static_cast<int>(e.input.size());
  }
  set_zero(grads);
  double loss = 0;
  const ModelWeights& fw = forward_weights();
  for (const Example& e : exs) loss += example_forward_backward(grads, fw, e, 1.0f / masked, trace_);
  return apply(loss, tokens, masked, lr);
}

StepStats Trainer::apply(double loss_sum, int tokens, int masked) {
  return apply(loss_sum, tokens, masked, lr_at(step));
}

StepStats Trainer::apply(double loss_sum, int tokens, int masked, float lr) {
  StepStats s;
  s.loss = static_cast<float>(loss_sum / std::max(1, masked));
  s.lr = lr;
  s.grad_norm = clip_grad_norm(grads, cfg.clip);
  s.tokens = tokens;
  s.masked = masked;
  opt.step(w, grads, s.lr);
  ++step;
  return s;
}

Example heldout_example(const EncodedCorpus& heldout, int line, uint64_t seed, int max_len, float mask_prob) {
  Rng rng = rng_for(seed, 0xE7A1u, static_cast<uint64_t>(line));
  Example ex;
  const int take = std::min(heldout.length(line), max_len);
  ex.input.assign(heldout.ids.begin() + heldout.starts[line], heldout.ids.begin() + heldout.starts[line] + take);
  mask_positions(ex, rng, mask_prob, 0, true);
  return ex;
}

EvalResult evaluate(const ModelWeights& w, const EncodedCorpus& heldout, int max_lines, uint64_t seed, int max_len,
                    float mask_prob) {
  EvalResult r;
  double loss = 0;
  ModelTrace trace;
  const int lines = std::min(max_lines, heldout.lines());
  for (int i = 0; i < lines; ++i) {
    if (heldout.length(i) == 0) continue;
    const Example ex = heldout_example(heldout, i, seed, max_len, mask_prob);
    model_forward(trace, w, ex.input, AttentionOptions{}, false);
    int c1 = 0, c5 = 0;
    loss += mlm_loss_and_backward(nullptr, w, trace, ex.positions, ex.targets, 1.0f, &c1, &c5);
    r.masked += static_cast<int>(ex.positions.size());
    r.correct1 += c1;
    r.correct5 += c5;
  }
  r.loss = r.masked ? loss / r.masked : 0.0;
  return r;
}

std::string encode_qat_levels(const Trainer::QatLevels& q) {
  std::string out = "fitted_at " + std::to_string(q.fitted_at) + "\n";
  char buf[32];
  for (std::size_t i = 0; i < q.names.size(); ++i) {
    out += q.names[i];
    for (float v : q.levels[i]) {
      std::snprintf(buf, sizeof buf, " %.9g", static_cast<double>(v));
      out += buf;
    }
    out += "\n";
  }
  return out;
}

bool decode_qat_levels(const std::string& text, Trainer::QatLevels* q) {
  std::istringstream in(text);
  std::string word;
  Trainer::QatLevels got;
  long long fitted_at = -1;
  if (!(in >> word >> fitted_at) || word != "fitted_at") return false;
  got.fitted_at = fitted_at;
  for (std::string name; in >> name;) {
    std::vector<float> l(kCodebookLevels);
    for (float& v : l)
      if (!(in >> v)) return false;
    got.names.push_back(name);
    got.levels.push_back(l);
  }
  *q = std::move(got);
  return true;
}

}  // namespace attn
