// The train view's live run as the core owns it: the trainer, play / pause / catching up to a link's step, time-boxed slices, the shown example's trace and the timings.
// Every action reads and writes the session's TrainRun (state().train), the one record of the run
// that links carry; the UI and the JavaScript bridge only call actions and read the results.
#pragma once
#include <cstdint>
#include <string>

#include "live_tasks.h"
#include "model.h"
#include "playground_state.h"

namespace attn {

// Timings while training, for stats (steps per second over the last second of play, the longest
// time one frame spent training, the longest gap between two frames while training).
struct LiveTimings {
  double steps_per_second = 0;
  double longest_slice_ms = 0;
  double longest_frame_ms = 0;
  int64_t frames_trained = 0;
  int64_t slices_over_50ms = 0, frames_over_50ms = 0;  // how often a reader could feel a stutter
};

class LiveRun {
 public:
  // A frame trains at most this long, so drawing and input still fit in one display refresh.
  static constexpr double kPlayBudgetMs = 8.0;
  // Retraining to a link's step may take a larger share: the reader is waiting for exactly that.
  static constexpr double kCatchUpBudgetMs = 25.0;
  // While playing, the step goes to the state (and the URL) at most this often: browsers throttle
  // history updates, and a link made mid-run still retrains to a step close to what was seen.
  static constexpr double kPublishEverySeconds = 1.0;

  // Actions. `run` is the session's state().train: read first (a link may have changed it: then
  // the trainer restarts or plans a replay) and written back with what the trainer did.
  void follow(TrainRun& run);
  void set_playing(TrainRun& run, bool playing);
  void steps_now(TrainRun& run, int steps);  // synchronously (one-step button, API, tests)
  void reset(TrainRun& run, int seed);  // step 0; seed <= 0 keeps the current seed
  void restart(TrainRun& run, const LiveSettings& s);  // another task or shape: step 0
  void set_learning_rate(TrainRun& run, int lr_index);  // from the next step on (logged)
  // Settings the view only shows (they never restart training).
  void set_speed(TrainRun& run, int speed);  // steps per frame while playing
  void set_example(TrainRun& run, int example);  // which example the heatmap shows
  void set_shown_head(TrainRun& run, int layer, int head);  // -1, -1 = auto
  void set_query_row(int row) { query_row_ = row; }  // the heatmap row whose Q is drawn
  // One frame's slice: trains while the frame's time budget lasts (playing or catching up).
  void frame_slice(TrainRun& run);
  void clear_timings();

  // Results.
  const LiveTrainer& trainer() const { return trainer_; }
  bool playing() const { return playing_; }
  bool catching_up() const { return catching_up_; }
  int target_step() const { return catching_up_ ? catch_up_target_ : static_cast<int>(trainer_.step()); }
  bool lr_log_full() const { return lr_log_full_; }  // the last learning-rate change could not be logged
  const LiveTimings& timings() const { return timings_; }
  // The head the heatmap shows: the reader's choice, or the one that finds the answer.
  void shown_head(const TrainRun& run, int* layer, int* head) const;
  // The example the reader watches, run through the current weights (recomputed on change).
  void refresh_shown(const TrainRun& run);
  const LiveExample& shown() const { return shown_; }
  const ModelTrace& shown_trace() const { return shown_trace_; }
  uint64_t shown_revision() const { return shown_revision_; }  // bumped when shown_trace changes
  int query_row() const;  // the chosen row, or the task's asking row

 private:
  void publish(TrainRun& run);

  LiveTrainer trainer_;
  TrainRun synced_;  // the run last read from or written to the state
  bool playing_ = false;
  bool catching_up_ = false;  // retraining up to the step a link asked for
  int catch_up_target_ = 0;
  bool lr_log_full_ = false;
  double last_publish_ = 0;  // seconds
  int query_row_ = -1;
  LiveTimings timings_;
  double rate_window_start_ = 0;
  int64_t rate_window_steps_ = 0;
  double last_frame_time_ = 0;  // 0 = the previous frame did not train

  LiveExample shown_;
  ModelTrace shown_trace_;
  int64_t shown_step_ = -1;
  int shown_key_ = -1;  // example index + task, to notice a different example
  std::string shown_name_;  // the weights' name (seed, task): a restart at step 0 is a change
  uint64_t shown_revision_ = 0;
};

}  // namespace attn
