// What the train view keeps between frames: the live trainer, play/pause, the run it shares, timings, layout.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "flow_crowd_ui.h"
#include "heatmap_renderer.h"
#include "live_tasks.h"

namespace ui {

struct UiContext;

struct TrainUi {
  attn::LiveTrainer trainer;
  attn::TrainRun synced;           // the run last read from or written to the session's state
  bool playing = false;
  bool catching_up = false;        // retraining up to the step a link asked for
  int catch_up_target = 0;
  bool lr_log_full = false;        // the last learning-rate change could not be logged
  double last_publish = 0;         // when the step was last written to the state (seconds)
  int query_row = -1;              // the heatmap row whose Q is drawn; -1 = the task's asking row

  // Performance while training, for stats: steps per second over the last second of play, the
  // longest time one frame spent training, and the longest gap between two frames while training.
  double steps_per_second = 0;
  double longest_slice_ms = 0;
  double longest_frame_ms = 0;
  double rate_window_start = 0;
  int64_t rate_window_steps = 0;
  double last_frame_time = 0;      // 0 = the previous frame did not train
  int64_t frames_trained = 0;
  int64_t slices_over_50ms = 0, frames_over_50ms = 0;  // how often a reader could feel a stutter

  // The example the reader watches, run through the current weights (recomputed on change).
  attn::LiveExample shown;
  attn::ModelTrace shown_trace;
  int64_t shown_step = -1;
  int shown_key = -1;              // example index + task, to notice a different example
  std::string shown_name;          // the weights' name (seed, task): a restart at step 0 is a change

  // Its own heatmap renderer (its own texture: the heatmap view's upload cache stays valid), built
  // on first use and again after a lost WebGL context.
  gfx::HeatmapRenderer heatmap;
  bool gpu_tried = false, gpu_ok = false;
  uint64_t shown_revision = 0;     // bumped whenever shown_trace is recomputed

  int compact_panel = 0;           // phones show one of: 0 heatmap, 1 Q and K
  // Drawn last frame, in device pixels (the bridge turns them into CSS pixels for tests).
  PixelRect heatmap_rect, loss_rect, accuracy_rect, qk_rect;
  int heatmap_n = 0;
  int drawn_layer = 0, drawn_head = 0;
  bool shown_frame = false;
};

// Not drawing: follow the state (a link or setState), play, pause, step, reset; used by the view
// and by the JavaScript bridge.
void train_follow_state(UiContext& ctx);        // restarts or plans a replay when the run changed
void train_set_playing(UiContext& ctx, bool playing);
void train_steps_now(UiContext& ctx, int steps); // synchronously (one-step button, API, tests)
void train_reset(UiContext& ctx, int seed);      // step 0; seed <= 0 keeps the current seed
void train_restart(UiContext& ctx, const attn::LiveSettings& s);  // another task or shape: step 0
void train_set_learning_rate(UiContext& ctx, int lr_index);      // from the next step on (logged)
void train_publish(UiContext& ctx);              // writes the trainer's run into the state
// One frame's slice: trains while the frame's time budget lasts (playing or catching up).
void train_frame_slice(UiContext& ctx);
// The head the heatmap shows: the reader's choice, or the one that finds the answer.
void train_shown_head(const UiContext& ctx, int* layer, int* head);
// Runs the shown example through the current weights when the step or the example changed.
void train_refresh_shown(UiContext& ctx);

}  // namespace ui
