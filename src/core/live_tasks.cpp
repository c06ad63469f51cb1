// The `train` view's tasks (crowd, reverse), their evaluation, and the trainer it runs a few steps per frame.
#include "live_tasks.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "model_backward.h"
#include "rng.h"

namespace attn {

namespace {
const char* const kTaskNames[kLiveTaskCount] = {"crowd", "reverse"};

// Crowd vocabulary: one token per person look (name x hat x shirt), then the 8 questions (one per
// hat colour, one per shirt colour).
constexpr int kNames = kCrowdNames, kColours = kCrowdColours;
constexpr int kPersonBase = 0, kAskBase = kPersonBase + kNames * kColours * kColours;
// Reverse vocabulary: 10 letters, the arrow, the blank the model must fill.
constexpr int kLetters = 10, kArrowId = kLetters, kBlankId = kLetters + 1;

const char* const kNameTexts[kNames] = {"An", "Bình", "Chi", "Dũng", "Hà", "Khoa", "Lan", "Minh"};
const char* const kHatTexts[2][kColours] = {{"mũ đỏ", "mũ xanh", "mũ vàng", "mũ tím"},
                                            {"red hat", "blue hat", "yellow hat", "purple hat"}};
const char* const kShirtTexts[2][kColours] = {{"áo lục", "áo trắng", "áo đen", "áo cam"},
                                              {"green shirt", "white shirt", "black shirt", "orange shirt"}};

LiveVocab build_crowd_vocab() {
  LiveVocab v;
  for (int n = 0; n < kNames; ++n)
    for (int h = 0; h < kColours; ++h)
      for (int s = 0; s < kColours; ++s)
        for (int l = 0; l < 2; ++l)
          (l == 0 ? v.vi : v.en)
              .push_back(std::string(kNameTexts[n]) + " (" + kHatTexts[l][h] + ", " + kShirtTexts[l][s] + ")");
  for (int l = 0; l < 2; ++l) {
    for (int h = 0; h < kColours; ++h) (l == 0 ? v.vi : v.en).push_back(std::string("? ") + kHatTexts[l][h]);
    for (int s = 0; s < kColours; ++s) (l == 0 ? v.vi : v.en).push_back(std::string("? ") + kShirtTexts[l][s]);
  }
  return v;
}

const LiveVocab& crowd_vocab() {
  static const LiveVocab v = build_crowd_vocab();
  return v;
}

const LiveVocab& reverse_vocab() {
  static const LiveVocab v = {{"A", "B", "C", "D", "E", "G", "H", "K", "M", "N", "→", "_"},
                              {"A", "B", "C", "D", "E", "G", "H", "K", "M", "N", "→", "_"}};
  return v;
}

// Streams of examples that never overlap: training draws (step, b), the rest their own index.
constexpr uint64_t kFreshStream = 0xF4E5'0000'0000'0001ull;
constexpr uint64_t kShownStream = 0x5E0E'0000'0000'0002ull;

Rng rng_for(uint64_t seed, uint64_t a, uint64_t b) {
  Rng r(seed * 0xD1B54A32D192ED03ull ^ (a + 1) * 0x9E3779B97F4A7C15ull ^ (b + 1) * 0xBF58476D1CE4E5B9ull);
  r.next_u64();  // one round first, so nearby (a, b) pairs start far apart
  return r;
}

// Fisher-Yates on 0..n-1; the first k entries are a random k-subset in random order.
std::vector<int> shuffled(int n, Rng& rng) {
  std::vector<int> v(n);
  for (int i = 0; i < n; ++i) v[i] = i;
  for (int i = n - 1; i > 0; --i) std::swap(v[i], v[rng.below(static_cast<uint32_t>(i + 1))]);
  return v;
}

// Four people, one token each (a name, a hat, a shirt); all hats differ and all shirts differ, so
// any one feature picks exactly one person. The last token asks for a feature; the answer is the
// person who has it (their token: the model hands back what it attended to, like the crowd view).
LiveExample crowd_example(Rng& rng, int force_feature) {
  const std::vector<int> names = shuffled(kNames, rng);
  const std::vector<int> hats = shuffled(kColours, rng);
  const std::vector<int> shirts = shuffled(kColours, rng);
  const int feature = force_feature >= 0 ? force_feature : static_cast<int>(rng.below(2 * kColours));
  LiveExample out;
  int answer = 0;
  for (int p = 0; p < kCrowdPeople; ++p) {
    out.ex.input.push_back(kPersonBase + (names[p] * kColours + hats[p]) * kColours + shirts[p]);
    out.groups.push_back({p, p + 1});
    if ((feature < kColours && hats[p] == feature) || (feature >= kColours && shirts[p] == feature - kColours))
      answer = p;
  }
  out.ex.input.push_back(kAskBase + feature);
  out.ex.positions.push_back(kCrowdPeople);
  out.ex.targets.push_back(out.ex.input[answer]);  // the answer is the person
  out.answers.push_back(out.groups[answer]);
  out.asked_feature = feature;
  return out;
}

// Letters (repeats allowed, so only their order tells them apart), an arrow, then one blank per
// letter; blank i must become letter (L - 1 - i).
LiveExample reverse_example(Rng& rng) {
  LiveExample out;
  std::vector<int> letters(kReverseLetters);
  for (int& l : letters) l = static_cast<int>(rng.below(kLetters));
  for (int i = 0; i < kReverseLetters; ++i) {
    out.ex.input.push_back(letters[i]);
    out.groups.push_back({i, i + 1});
  }
  out.ex.input.push_back(kArrowId);
  for (int i = 0; i < kReverseLetters; ++i) {
    out.ex.input.push_back(kBlankId);
    out.ex.positions.push_back(kReverseLetters + 1 + i);
    out.ex.targets.push_back(letters[kReverseLetters - 1 - i]);
    out.answers.push_back({kReverseLetters - 1 - i, kReverseLetters - i});
  }
  return out;
}

LiveExample make_example(LiveTask task, Rng& rng, int force_feature = -1) {
  return task == LiveTask::Crowd ? crowd_example(rng, force_feature) : reverse_example(rng);
}
}  // namespace

const char* live_task_name(LiveTask t) { return kTaskNames[static_cast<int>(t)]; }

bool live_task_from_name(const std::string& s, LiveTask* out) {
  for (int i = 0; i < kLiveTaskCount; ++i)
    if (s == kTaskNames[i]) {
      *out = static_cast<LiveTask>(i);
      return true;
    }
  return false;
}

const char* LiveVocab::text(int id, Lang lang) const {
  if (id < 0 || id >= size()) return "?";
  return (lang == Lang::Vi ? vi[id] : en[id]).c_str();
}

const char* crowd_name(int name) { return name >= 0 && name < kNames ? kNameTexts[name] : "?"; }

const char* crowd_feature_text(bool hat, int colour, Lang lang) {
  if (colour < 0 || colour >= kColours) return "?";
  return (hat ? kHatTexts : kShirtTexts)[lang == Lang::Vi ? 0 : 1][colour];
}

CrowdLook crowd_look(int id) {
  CrowdLook look;
  if (id >= kPersonBase && id < kAskBase) {
    const int k = id - kPersonBase;
    look.name = k / (kColours * kColours);
    look.hat = k / kColours % kColours;
    look.shirt = k % kColours;
  } else if (id >= kAskBase && id < kAskBase + 2 * kColours) {
    const int f = id - kAskBase;
    (f < kColours ? look.hat : look.shirt) = f % kColours;
    look.question = true;
  }
  return look;
}

const LiveVocab& live_vocab(LiveTask task) { return task == LiveTask::Crowd ? crowd_vocab() : reverse_vocab(); }

LiveExample training_example(LiveTask task, uint64_t seed, int64_t step, int b) {
  Rng rng = rng_for(seed, static_cast<uint64_t>(step), static_cast<uint64_t>(b));
  return make_example(task, rng);
}

LiveExample fresh_example(LiveTask task, int index) {
  Rng rng = rng_for(kFreshStream, static_cast<uint64_t>(index), 0);
  return make_example(task, rng);
}

LiveExample shown_example(LiveTask task, int index) {
  Rng rng = rng_for(kShownStream, static_cast<uint64_t>(index), 0);
  return make_example(task, rng, index == 0 ? 0 : -1);
}

LiveSettings live_defaults(LiveTask task) {
  LiveSettings s;
  s.task = task;
  // Reversing with a single head sometimes stalls on a plateau for hundreds of steps (about one
  // seed in three); with two heads every seed tried learned it within 500 steps.
  s.heads = task == LiveTask::Reverse ? 2 : 1;
  return s;
}

ModelConfig live_model_config(LiveTask task, int layers, int heads) {
  ModelConfig c{live_vocab(task).size(), 48, std::clamp(layers, 1, 2), std::clamp(heads, 1, 4),
                96};  // vocab, d_model, layers, heads, d_ff
  return c;
}

float weight_on(const ModelTrace& t, int layer, int head, int row, Span s) {
  const Mat& w = t.layers[layer].attn.heads[head].weights;
  float sum = 0;
  for (int j = std::max(0, s.begin); j < std::min(s.end, static_cast<int>(w.cols())); ++j) sum += w(row, j);
  return sum;
}

LiveEval evaluate_live(const ModelWeights& w, LiveTask task, int examples) {
  LiveEval r;
  const int layers = w.cfg.n_layers, heads = w.cfg.n_heads;
  r.per_head.assign(static_cast<std::size_t>(layers * heads), 0.0);
  ModelTrace trace;
  double loss = 0;
  int answers = 0, correct = 0;
  for (int i = 0; i < examples; ++i) {
    const LiveExample le = fresh_example(task, i);
    model_forward(trace, w, le.ex.input, AttentionOptions{}, false);
    int c1 = 0;
    loss += mlm_loss_and_backward(nullptr, w, trace, le.ex.positions, le.ex.targets, 1.0f, &c1);
    correct += c1;
    for (std::size_t a = 0; a < le.answers.size(); ++a)
      for (int l = 0; l < layers; ++l)
        for (int h = 0; h < heads; ++h)
          r.per_head[l * heads + h] += weight_on(trace, l, h, le.ex.positions[a], le.answers[a]);
    answers += static_cast<int>(le.answers.size());
  }
  if (answers == 0) return r;
  r.loss = loss / answers;
  r.accuracy = static_cast<double>(correct) / answers;
  for (double& v : r.per_head) v /= answers;
  const auto best = std::max_element(r.per_head.begin(), r.per_head.end()) - r.per_head.begin();
  r.best_layer = static_cast<int>(best) / heads;
  r.best_head = static_cast<int>(best) % heads;
  r.answer_attention = r.per_head[best];
  return r;
}

float learning_rate_at(int index) {
  static const float kLadder[kLearningRateCount] = {1e-4f, 3e-4f, 1e-3f, 3e-3f, 1e-2f, 3e-2f, 1e-1f};
  return kLadder[std::clamp(index, 0, kLearningRateCount - 1)];
}

namespace {

LiveSettings clamped(LiveSettings s) {
  s.heads = std::clamp(s.heads, 1, 4);
  s.layers = std::clamp(s.layers, 1, 2);
  s.lr_index = std::clamp(s.lr_index, 0, kLearningRateCount - 1);
  return s;
}

// The offline trainer's configuration for a live run (its schedule is unused: the reader sets the rate).
TrainConfig live_train_config(const LiveSettings& s) {
  TrainConfig cfg;
  cfg.model = live_model_config(s.task, s.layers, s.heads);
  cfg.seed = s.seed;
  cfg.init_scale = 0.1f;  // ~1/sqrt(d_model): attention starts nearly uniform but not dead
  cfg.emb_scale = 1.0f;  // tokens about as loud as the fixed position code (norm ~5 at d 48)
  cfg.weight_decay = 0.01f;
  cfg.clip = 1.0f;
  return cfg;
}

}  // namespace

LiveTrainer::LiveTrainer(const LiveSettings& s) : settings_(clamped(s)), trainer_(live_train_config(settings_)) {
  start();
}

void LiveTrainer::restart(const LiveSettings& s) {
  settings_ = clamped(s);
  trainer_ = Trainer(live_train_config(settings_));
  start();
}

void LiveTrainer::start() {
  // The output is tied to the loud embedding: a small final gain starts the guesses near uniform
  // (a first loss of about ln(vocabulary), not dozens of nats); the gain is learned from there.
  trainer_.w.lnf_g.setConstant(0.1f);
  trainer_.w.name =
      std::string("live ") + live_task_name(settings_.task) + " (seed " + std::to_string(settings_.seed) + ")";
  losses_.clear();
  evals_.clear();
  lr_changes_.clear();
  record_eval();
}

void LiveTrainer::reset(uint64_t seed) {
  LiveSettings s = settings_;
  s.seed = seed;
  restart(s);
}

int LiveTrainer::lr_index() const {
  int index = settings_.lr_index;
  for (const LrChange& c : lr_changes_)
    if (c.step <= step()) index = c.lr_index;
  return index;
}

bool LiveTrainer::set_learning_rate(int lr_index) {
  lr_index = std::clamp(lr_index, 0, kLearningRateCount - 1);
  if (step() == 0) {
    settings_.lr_index = lr_index;
    lr_changes_.clear();
    return true;
  }
  // A change now overrides whatever a link had planned from here on.
  while (!lr_changes_.empty() && lr_changes_.back().step >= step()) lr_changes_.pop_back();
  if (lr_index == this->lr_index()) return true;
  if (static_cast<int>(lr_changes_.size()) >= kMaxLrChanges) return false;
  lr_changes_.push_back({step(), lr_index});
  return true;
}

void LiveTrainer::plan_lr_changes(const std::vector<LrChange>& changes) {
  while (!lr_changes_.empty() && lr_changes_.back().step >= step()) lr_changes_.pop_back();
  for (const LrChange& c : changes) {
    if (c.step < step() || (!lr_changes_.empty() && c.step <= lr_changes_.back().step)) continue;
    if (c.step == 0 || static_cast<int>(lr_changes_.size()) >= kMaxLrChanges) continue;
    lr_changes_.push_back({c.step, std::clamp(c.lr_index, 0, kLearningRateCount - 1)});
  }
}

float LiveTrainer::train_step() {
  batch_.clear();
  for (int b = 0; b < kBatch; ++b) batch_.push_back(training_example(settings_.task, settings_.seed, step(), b).ex);
  // A short linear warm-up, then the reader's rate as is: the reader sees the effect of a change.
  const float warm = std::min(1.0f, static_cast<float>(step() + 1) / kWarmup);
  return trainer_.train_on(batch_, learning_rate_at(lr_index()) * warm).loss;
}

void LiveTrainer::record_eval() {
  last_eval_ = evaluate_live(trainer_.w, settings_.task, kEvalExamples);
  const LiveEval& e = last_eval_;
  evals_.push_back(
      {step(), static_cast<float>(e.accuracy), static_cast<float>(e.answer_attention), static_cast<float>(e.loss)});
}

void LiveTrainer::step_n(int k) {
  for (int i = 0; i < k; ++i) {
    losses_.push_back(train_step());
    if (step() % kEvalEvery == 0) record_eval();
  }
}

LiveSettings live_settings(const TrainRun& run) {
  LiveSettings s;
  s.task = static_cast<LiveTask>(std::clamp(run.task, 0, kLiveTaskCount - 1));
  s.seed = static_cast<uint64_t>(std::max(run.seed, 0));
  s.layers = std::clamp(run.layers, 1, 2);
  s.heads = std::clamp(run.heads, 1, 4);
  s.lr_index = std::clamp(run.lr, 0, kLearningRateCount - 1);
  return s;
}

std::vector<LrChange> live_lr_changes(const TrainRun& run) {
  std::vector<LrChange> out;
  for (const TrainLrChange& c : run.lr_changes) out.push_back({c.step, c.lr});
  return out;
}

void follow_run(LiveTrainer& t, const TrainRun& run) {
  const LiveSettings s = live_settings(run);
  bool same_path = t.settings() == s && t.step() <= run.step;
  // Changes at steps already trained must be the run's; a change at the current step is still to come.
  if (same_path) {
    std::vector<LrChange> done, wanted;
    for (const LrChange& c : t.lr_changes())
      if (c.step < t.step()) done.push_back(c);
    for (const LrChange& c : live_lr_changes(run))
      if (c.step < t.step()) wanted.push_back(c);
    same_path = done == wanted;
  }
  if (!same_path) t.restart(s);
  t.plan_lr_changes(live_lr_changes(run));
}

void record_run(const LiveTrainer& t, TrainRun* run) {
  const LiveSettings& s = t.settings();
  run->task = static_cast<int>(s.task);
  run->seed = static_cast<int>(s.seed);
  run->layers = s.layers;
  run->heads = s.heads;
  run->lr = s.lr_index;
  run->lr_changes.clear();
  // Only the changes already in effect: a planned one beyond the current step is not history yet.
  for (const LrChange& c : t.lr_changes())
    if (c.step <= t.step()) run->lr_changes.push_back({static_cast<int>(c.step), c.lr_index});
  run->step = static_cast<int>(t.step());
}

}  // namespace attn
