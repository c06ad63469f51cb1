// Tasks a tiny model learns live in the `train` view, their vocabularies, evaluation and a time-sliced trainer.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "model.h"
#include "optimizer.h"
#include "playground_state.h"
#include "trainer.h"

namespace attn {

enum class LiveTask {
  Crowd,  // four people (one token each: name, hat, shirt), then "? red hat": answer that person
  Reverse,  // six letters, an arrow, six blanks: write the letters back to front
};
constexpr int kLiveTaskCount = 2;
const char* live_task_name(LiveTask t);  // "crowd", "reverse" (URL and API names)
bool live_task_from_name(const std::string& s, LiveTask* out);

// The crowd task: kCrowdPeople person tokens, then the question. A person token is one look
// (name, hat colour, shirt colour), like a key of the crowd view.
constexpr int kCrowdPeople = 4;
constexpr int kCrowdNames = 8;
constexpr int kCrowdColours = 4;  // hats: red, blue, yellow, purple; shirts: green, white, black, orange
constexpr int kReverseLetters = 6;

// A task's own tiny vocabulary; every token has a readable text in both languages.
struct LiveVocab {
  std::vector<std::string> vi, en;
  int size() const { return static_cast<int>(vi.size()); }
  const char* text(int id, Lang lang) const;  // "?" for an id out of range
};
const LiveVocab& live_vocab(LiveTask task);

// What a crowd token shows: a person (name, hat, shirt) or a question (a hat or a shirt colour);
// -1 where it does not apply.
struct CrowdLook {
  int name = -1, hat = -1, shirt = -1;
  bool question = false;
};
CrowdLook crowd_look(int id);
const char* crowd_name(int name);  // "An", "Bình", ...
const char* crowd_feature_text(bool hat, int colour, Lang lang);  // "mũ đỏ" / "red hat"

// Positions [begin, end) of one example.
struct Span {
  int begin = 0, end = 0;
  bool contains(int i) const { return i >= begin && i < end; }
};

struct LiveExample {
  Example ex;  // input ids, the positions to predict and their targets
  std::vector<Span> answers;  // per predicted position: where the answer is (the right person)
  std::vector<Span> groups;  // the parts a reader sees: each person (crowd) or each letter
  int asked_feature = -1;  // crowd: hat colour c is c, shirt colour c is kCrowdColours + c
};

// A pure function of its arguments, so training, evaluation and the shown example never collide:
// batch b of step `step`; fresh example i (never drawn by training); the reader's example i.
LiveExample training_example(LiveTask task, uint64_t seed, int64_t step, int b);
LiveExample fresh_example(LiveTask task, int index);
// Shown example 0 of the crowd task asks for the red hat (the article's example).
LiveExample shown_example(LiveTask task, int index);

// The model every task trains: 1 or 2 layers, 1 to 4 heads, d_model 48 (divisible by each count).
ModelConfig live_model_config(LiveTask task, int layers, int heads);

// How well the model does on fresh examples.
struct LiveEval {
  double loss = 0;  // mean nats per answer
  double accuracy = 0;  // the answer was the top guess
  double answer_attention = 0;  // mean weight the asking rows put on the answer, in the best head
  int best_layer = 0, best_head = 0;
  std::vector<double> per_head;  // [layer * heads + head] mean weight on the answer
};
LiveEval evaluate_live(const ModelWeights& w, LiveTask task, int examples);

// Weight row `row` of one head puts on span s (the sum over its positions).
float weight_on(const ModelTrace& t, int layer, int head, int row, Span s);

// Learning rates the reader chooses from: a ladder, so links stay short and exact.
constexpr int kLearningRateCount = 7;
float learning_rate_at(int index);  // index clamped to [0, kLearningRateCount)

struct LiveSettings {
  LiveTask task = LiveTask::Crowd;
  uint64_t seed = 1;
  int layers = 1;
  int heads = 1;
  int lr_index = 3;  // the learning rate from step 0 (3e-3)
  bool operator==(const LiveSettings& o) const {
    return task == o.task && seed == o.seed && layers == o.layers && heads == o.heads && lr_index == o.lr_index;
  }
};

// The settings a task starts with when the reader picks it (seed 1, one layer, its head count).
LiveSettings live_defaults(LiveTask task);

// A learning rate the reader chose part-way: from step `step` on, the ladder's `lr_index`.
struct LrChange {
  int64_t step = 0;
  int lr_index = 0;
  bool operator==(const LrChange& o) const { return step == o.step && lr_index == o.lr_index; }
};
constexpr int kMaxLrChanges = kTrainMaxLrChanges;  // a link carries them all, so they are bounded

// One point of the accuracy curve.
struct LiveEvalPoint {
  int64_t step = 0;
  float accuracy = 0, answer_attention = 0, loss = 0;
};

// Config + weights + gradients + AdamW + step count + history: what the view trains in slices.
// Everything is a pure function of (settings, learning-rate changes, steps): a link replays it.
class LiveTrainer {
 public:
  static constexpr int kBatch = 16;
  static constexpr int kWarmup = 30;
  static constexpr int kEvalEvery = 25;  // steps between two points of the accuracy curve
  static constexpr int kEvalExamples = 100;  // fresh examples per point

  explicit LiveTrainer(const LiveSettings& s = LiveSettings{});
  // Back to step 0 with weights drawn from `seed` (same task, heads and learning rate); forgets
  // the learning-rate changes.
  void reset(uint64_t seed);
  // Starts over with these settings.
  void restart(const LiveSettings& s);
  // From now on train at the ladder's `lr_index`. At step 0 this is the starting rate; later it
  // is logged as a change (false when the log is full: nothing changes then).
  bool set_learning_rate(int lr_index);
  // Replaces the changes to come (a link's log); changes at steps already done are ignored.
  void plan_lr_changes(const std::vector<LrChange>& changes);
  // k more steps (one batch each); records the losses and, every kEvalEvery steps, an evaluation.
  void step_n(int k);

  const LiveSettings& settings() const { return settings_; }
  int lr_index() const;  // in effect for the next step
  int64_t step() const { return trainer_.step; }
  const ModelWeights& weights() const { return trainer_.w; }
  const std::vector<float>& losses() const { return losses_; }  // one per step
  const std::vector<LiveEvalPoint>& evals() const { return evals_; }  // step 0, 25, 50, ...
  const LiveEval& last_eval() const { return last_eval_; }  // the latest point in full
  const std::vector<LrChange>& lr_changes() const { return lr_changes_; }

 private:
  void start();  // after a new trainer_: the live model's final gain and name, empty history
  float train_step();
  void record_eval();

  LiveSettings settings_;
  Trainer trainer_;  // the offline trainer's step: weights, gradients, AdamW, step count
  std::vector<Example> batch_;  // scratch
  std::vector<float> losses_;
  std::vector<LiveEvalPoint> evals_;
  LiveEval last_eval_;
  std::vector<LrChange> lr_changes_;  // increasing steps, each > 0
};

// A link's run (PlaygroundState::train) and the trainer.
LiveSettings live_settings(const TrainRun& run);
std::vector<LrChange> live_lr_changes(const TrainRun& run);
// Makes t follow `run`: restarts it when the steps it has done are not the run's (other settings,
// another learning-rate path, or more steps than the run), then plans the run's learning-rate
// changes. The caller then steps t until t.step() == run.step (a few steps per frame).
void follow_run(LiveTrainer& t, const TrainRun& run);
// Writes what t has done into run: task, seed, sizes, learning rates and step (the rest stays).
void record_run(const LiveTrainer& t, TrainRun* run);

}  // namespace attn
