// The train view's engine room: follows the shared run, trains in time-boxed slices, publishes the step, times it.
#include <algorithm>
#include <chrono>

#include "train_ui.h"
#include "ui_context.h"

namespace ui {

namespace {
// A frame trains at most this long, so drawing and input still fit in one display refresh.
constexpr double kPlayBudgetMs = 8.0;
// Retraining to a link's step may take a larger share: the reader is waiting for exactly that.
constexpr double kCatchUpBudgetMs = 25.0;
// While playing, the step goes to the state (and the URL) at most this often: browsers throttle
// history updates, and a link made mid-run still retrains to a step close to what was seen.
constexpr double kPublishEverySeconds = 1.0;

double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

// Everything but the fields the view only shows (speed, example, shown head).
bool same_training(attn::TrainRun a, const attn::TrainRun& b) {
  a.speed = b.speed;
  a.example = b.example;
  a.shown_layer = b.shown_layer;
  a.shown_head = b.shown_head;
  return a == b;
}
}  // namespace

void train_publish(UiContext& ctx) {
  TrainUi& t = ctx.train;
  attn::TrainRun run = ctx.session->state().train;
  attn::record_run(t.trainer, &run);
  // The shown head must exist in the model the run describes (heads or layers may have changed).
  if (run.shown_layer >= run.layers || run.shown_head >= run.heads) run.shown_layer = run.shown_head = -1;
  ctx.session->set_train(run);
  t.synced = run;
  t.last_publish = now_ms() / 1000.0;
}

void train_follow_state(UiContext& ctx) {
  TrainUi& t = ctx.train;
  const attn::TrainRun& want = ctx.session->state().train;
  if (want == t.synced) return;
  if (!same_training(want, t.synced)) {
    attn::follow_run(t.trainer, want);
    t.catching_up = t.trainer.step() < want.step;
    t.catch_up_target = want.step;
    t.playing = false;
    t.lr_log_full = false;
  }
  t.synced = want;
}

void train_set_playing(UiContext& ctx, bool playing) {
  TrainUi& t = ctx.train;
  train_follow_state(ctx);
  if (playing && t.trainer.step() >= attn::kTrainMaxStep) playing = false;
  if (t.playing == playing) return;
  t.playing = playing;
  t.last_frame_time = 0;
  t.rate_window_start = now_ms();
  t.rate_window_steps = 0;
  if (!playing && !t.catching_up) train_publish(ctx);
}

void train_steps_now(UiContext& ctx, int steps) {
  TrainUi& t = ctx.train;
  train_follow_state(ctx);
  const int64_t room = attn::kTrainMaxStep - t.trainer.step();
  steps = static_cast<int>(std::clamp<int64_t>(steps, 0, room));
  t.trainer.step_n(steps);
  t.catching_up = false;
  train_publish(ctx);
}

void train_reset(UiContext& ctx, int seed) {
  TrainUi& t = ctx.train;
  train_follow_state(ctx);
  t.trainer.reset(seed > 0 ? static_cast<uint64_t>(seed) : t.trainer.settings().seed);
  t.playing = t.catching_up = t.lr_log_full = false;
  t.query_row = -1;
  train_publish(ctx);
}

void train_restart(UiContext& ctx, const attn::LiveSettings& s) {
  TrainUi& t = ctx.train;
  train_follow_state(ctx);
  t.trainer.restart(s);
  t.playing = t.catching_up = t.lr_log_full = false;
  t.query_row = -1;
  train_publish(ctx);
}

void train_set_learning_rate(UiContext& ctx, int lr_index) {
  TrainUi& t = ctx.train;
  train_follow_state(ctx);
  if (lr_index == t.trainer.lr_index()) return;
  t.lr_log_full = !t.trainer.set_learning_rate(lr_index);
  train_publish(ctx);
}

void train_frame_slice(UiContext& ctx) {
  TrainUi& t = ctx.train;
  train_follow_state(ctx);
  if (!t.playing && !t.catching_up) {
    t.last_frame_time = 0;
    return;
  }
  const double start = now_ms();
  // The gap since the previous training frame is what a reader would feel as a stutter. Measured
  // while playing only: retraining a link's steps happens once, before the reader plays.
  if (t.playing && t.last_frame_time > 0) {
    t.longest_frame_ms = std::max(t.longest_frame_ms, start - t.last_frame_time);
    t.frames_over_50ms += start - t.last_frame_time > 50.0;
  }
  t.last_frame_time = start;
  const double budget = t.catching_up ? kCatchUpBudgetMs : kPlayBudgetMs;
  const int64_t limit = t.catching_up ? t.catch_up_target : attn::kTrainMaxStep;
  int max_steps = t.catching_up ? attn::kTrainMaxStep : std::clamp(ctx.session->state().train.speed, 1, attn::kTrainMaxSpeed);
  int done = 0;
  while (done < max_steps && t.trainer.step() < limit && now_ms() - start < budget) {
    t.trainer.step_n(1);
    ++done;
  }
  const double end = now_ms();
  if (t.playing) {
    t.longest_slice_ms = std::max(t.longest_slice_ms, end - start);
    t.slices_over_50ms += end - start > 50.0;
  }
  ++t.frames_trained;
  if (t.rate_window_start <= 0) t.rate_window_start = start;
  t.rate_window_steps += done;
  if (end - t.rate_window_start >= 1000.0) {
    t.steps_per_second = t.rate_window_steps * 1000.0 / (end - t.rate_window_start);
    t.rate_window_start = end;
    t.rate_window_steps = 0;
  }
  if (t.catching_up) {
    if (t.trainer.step() >= t.catch_up_target) {
      t.catching_up = false;
      train_publish(ctx);
    }
    return;
  }
  if (t.trainer.step() >= attn::kTrainMaxStep) {
    train_set_playing(ctx, false);
  } else if (end / 1000.0 - t.last_publish >= kPublishEverySeconds) {
    train_publish(ctx);
  }
}

void train_shown_head(const UiContext& ctx, int* layer, int* head) {
  const TrainUi& t = ctx.train;
  const attn::TrainRun& run = ctx.session->state().train;
  const attn::ModelConfig& c = t.trainer.weights().cfg;
  if (run.shown_layer >= 0 && run.shown_layer < c.n_layers && run.shown_head >= 0 && run.shown_head < c.n_heads) {
    *layer = run.shown_layer;
    *head = run.shown_head;
    return;
  }
  // Auto: the head that, on fresh examples, looks hardest at the answer (measured, not assumed).
  const attn::LiveEval& e = t.trainer.last_eval();
  *layer = std::clamp(e.best_layer, 0, c.n_layers - 1);
  *head = std::clamp(e.best_head, 0, c.n_heads - 1);
}

void train_refresh_shown(UiContext& ctx) {
  TrainUi& t = ctx.train;
  const attn::LiveTask task = t.trainer.settings().task;
  const int example = std::clamp(ctx.session->state().train.example, 0, attn::kTrainMaxExample);
  const int key = example * attn::kLiveTaskCount + static_cast<int>(task);
  if (key != t.shown_key) {
    t.shown = attn::shown_example(task, example);
    t.shown_key = key;
    t.query_row = -1;
    t.shown_step = -1;
  }
  // A restart keeps the step at 0 but changes the weights: compare the model's shape and name too.
  const attn::ModelWeights& w = t.trainer.weights();
  if (t.shown_step != t.trainer.step() || t.shown_name != w.name || t.shown_trace.ids != t.shown.ex.input ||
      t.shown_trace.layers.size() != w.layers.size() ||
      static_cast<int>(t.shown_trace.layers[0].attn.heads.size()) != w.cfg.n_heads) {
    attn::model_forward(t.shown_trace, w, t.shown.ex.input, attn::AttentionOptions{}, true);
    ++t.shown_revision;
    t.shown_step = t.trainer.step();
    t.shown_name = w.name;
  }
}

}  // namespace ui
