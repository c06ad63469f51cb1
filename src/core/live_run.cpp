// The live run's actions: follow the shared run, train in time-boxed slices, publish the step, time it.
#include "live_run.h"

#include <algorithm>
#include <chrono>

namespace attn {

namespace {

double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

// Everything but the fields the view only shows (speed, example, shown head).
bool same_training(TrainRun a, const TrainRun& b) {
  a.speed = b.speed;
  a.example = b.example;
  a.shown_layer = b.shown_layer;
  a.shown_head = b.shown_head;
  return a == b;
}

}  // namespace

void LiveRun::publish(TrainRun& run) {
  record_run(trainer_, &run);
  // The shown head must exist in the model the run describes (heads or layers may have changed).
  if (run.shown_layer >= run.layers || run.shown_head >= run.heads) run.shown_layer = run.shown_head = -1;
  synced_ = run;
  last_publish_ = now_ms() / 1000.0;
}

void LiveRun::follow(TrainRun& run) {
  if (run == synced_) return;
  if (!same_training(run, synced_)) {
    follow_run(trainer_, run);
    catching_up_ = trainer_.step() < run.step;
    catch_up_target_ = run.step;
    playing_ = false;
    lr_log_full_ = false;
  }
  synced_ = run;
}

void LiveRun::set_playing(TrainRun& run, bool playing) {
  follow(run);
  if (playing && trainer_.step() >= kTrainMaxStep) playing = false;
  if (playing_ == playing) return;
  playing_ = playing;
  last_frame_time_ = 0;
  rate_window_start_ = now_ms();
  rate_window_steps_ = 0;
  if (!playing && !catching_up_) publish(run);
}

void LiveRun::steps_now(TrainRun& run, int steps) {
  follow(run);
  const int64_t room = kTrainMaxStep - trainer_.step();
  trainer_.step_n(static_cast<int>(std::clamp<int64_t>(steps, 0, room)));
  catching_up_ = false;
  publish(run);
}

void LiveRun::reset(TrainRun& run, int seed) {
  follow(run);
  trainer_.reset(seed > 0 ? static_cast<uint64_t>(seed) : trainer_.settings().seed);
  playing_ = catching_up_ = lr_log_full_ = false;
  query_row_ = -1;
  publish(run);
}

void LiveRun::restart(TrainRun& run, const LiveSettings& s) {
  follow(run);
  trainer_.restart(s);
  playing_ = catching_up_ = lr_log_full_ = false;
  query_row_ = -1;
  publish(run);
}

void LiveRun::set_learning_rate(TrainRun& run, int lr_index) {
  follow(run);
  if (lr_index == trainer_.lr_index()) return;
  lr_log_full_ = !trainer_.set_learning_rate(lr_index);
  publish(run);
}

void LiveRun::set_speed(TrainRun& run, int speed) {
  follow(run);
  run.speed = synced_.speed = std::clamp(speed, 1, kTrainMaxSpeed);
}

void LiveRun::set_example(TrainRun& run, int example) {
  follow(run);
  run.example = synced_.example = std::clamp(example, 0, kTrainMaxExample);
}

void LiveRun::set_shown_head(TrainRun& run, int layer, int head) {
  follow(run);
  const ModelConfig& c = trainer_.weights().cfg;
  if (layer < 0 || head < 0 || layer >= c.n_layers || head >= c.n_heads) layer = head = -1;
  run.shown_layer = synced_.shown_layer = layer;
  run.shown_head = synced_.shown_head = head;
}

void LiveRun::clear_timings() {
  timings_ = LiveTimings{};
  rate_window_start_ = 0;
  rate_window_steps_ = 0;
}

void LiveRun::frame_slice(TrainRun& run) {
  follow(run);
  if (!playing_ && !catching_up_) {
    last_frame_time_ = 0;
    return;
  }
  LiveTimings& tm = timings_;
  const double start = now_ms();
  // The gap since the previous training frame is what a reader would feel as a stutter. Measured
  // while playing only: retraining a link's steps happens once, before the reader plays.
  if (playing_ && last_frame_time_ > 0) {
    tm.longest_frame_ms = std::max(tm.longest_frame_ms, start - last_frame_time_);
    tm.frames_over_50ms += start - last_frame_time_ > 50.0;
  }
  last_frame_time_ = start;
  const double budget = catching_up_ ? kCatchUpBudgetMs : kPlayBudgetMs;
  const int64_t limit = catching_up_ ? catch_up_target_ : kTrainMaxStep;
  const int max_steps = catching_up_ ? kTrainMaxStep : std::clamp(run.speed, 1, kTrainMaxSpeed);
  int done = 0;
  while (done < max_steps && trainer_.step() < limit && now_ms() - start < budget) {
    trainer_.step_n(1);
    ++done;
  }
  const double end = now_ms();
  if (playing_) {
    tm.longest_slice_ms = std::max(tm.longest_slice_ms, end - start);
    tm.slices_over_50ms += end - start > 50.0;
  }
  ++tm.frames_trained;
  if (rate_window_start_ <= 0) rate_window_start_ = start;
  rate_window_steps_ += done;
  if (end - rate_window_start_ >= 1000.0) {
    tm.steps_per_second = rate_window_steps_ * 1000.0 / (end - rate_window_start_);
    rate_window_start_ = end;
    rate_window_steps_ = 0;
  }
  if (catching_up_) {
    if (trainer_.step() >= catch_up_target_) {
      catching_up_ = false;
      publish(run);
    }
    return;
  }
  if (trainer_.step() >= kTrainMaxStep) {
    set_playing(run, false);
  } else if (end / 1000.0 - last_publish_ >= kPublishEverySeconds) {
    publish(run);
  }
}

void LiveRun::shown_head(const TrainRun& run, int* layer, int* head) const {
  const ModelConfig& c = trainer_.weights().cfg;
  if (run.shown_layer >= 0 && run.shown_layer < c.n_layers && run.shown_head >= 0 && run.shown_head < c.n_heads) {
    *layer = run.shown_layer;
    *head = run.shown_head;
    return;
  }
  // Auto: the head that, on fresh examples, looks hardest at the answer (measured, not assumed).
  const LiveEval& e = trainer_.last_eval();
  *layer = std::clamp(e.best_layer, 0, c.n_layers - 1);
  *head = std::clamp(e.best_head, 0, c.n_heads - 1);
}

void LiveRun::refresh_shown(const TrainRun& run) {
  const LiveTask task = trainer_.settings().task;
  const int example = std::clamp(run.example, 0, kTrainMaxExample);
  const int key = example * kLiveTaskCount + static_cast<int>(task);
  if (key != shown_key_) {
    shown_ = shown_example(task, example);
    shown_key_ = key;
    query_row_ = -1;
    shown_step_ = -1;
  }
  // A restart keeps the step at 0 but changes the weights: compare the model's shape and name too.
  const ModelWeights& w = trainer_.weights();
  if (shown_step_ != trainer_.step() || shown_name_ != w.name || shown_trace_.ids != shown_.ex.input ||
      shown_trace_.layers.size() != w.layers.size() ||
      static_cast<int>(shown_trace_.layers[0].attn.heads.size()) != w.cfg.n_heads) {
    model_forward(shown_trace_, w, shown_.ex.input, AttentionOptions{}, true);
    ++shown_revision_;
    shown_step_ = trainer_.step();
    shown_name_ = w.name;
  }
}

int LiveRun::query_row() const {
  const int n = static_cast<int>(shown_.ex.input.size());
  if (query_row_ >= 0 && query_row_ < n) return query_row_;
  return shown_.ex.positions.empty() ? n - 1 : shown_.ex.positions[0];
}

}  // namespace attn
