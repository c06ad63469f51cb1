// The JavaScript bridge of the train view: drive the live training, read its curves, timings and layout.
#include <emscripten.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "app.h"
#include "json_matrix.h"
#include "json_writer.h"
#include "live_tasks.h"
#include "train_parts.h"

namespace app {
namespace {

// A learning rate as the ladder writes it ("0.003", not the float's 0.00300000003).
void write_lr(attn::JsonWriter& j, int lr_index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", static_cast<double>(attn::learning_rate_at(lr_index)));
  j.raw(buf);
}

void write_rect(attn::JsonWriter& j, const ui::PixelRect& r, float k) {
  j.begin_object().key("x0").value(r.x0 * k).key("y0").value(r.y0 * k).key("x1").value(r.x1 * k);
  j.key("y1").value(r.y1 * k).end_object();
}
}  // namespace
}  // namespace app

using app::the_app;
using attn::JsonWriter;

extern "C" {

// action: "play", "pause", "step" (`steps` at once, 1..5000), "reset" (seed > 0: that seed, else
// the same one), "clearStats" (forget the timings). Playing shows the train view: only the shown
// view trains, and leaving it pauses. Returns 0 for an unknown action.
EMSCRIPTEN_KEEPALIVE int ap_train(const char* action, int steps, int seed) {
  attn::Session& s = the_app().session;
  const std::string act = action ? action : "";
  if (act == "play") {
    s.set_view(attn::View::Train);
    s.train_play(true);
  } else if (act == "pause") {
    s.train_play(false);
  } else if (act == "step") {
    s.train_steps(steps < 1 ? 1 : steps > 5000 ? 5000 : steps);
  } else if (act == "reset") {
    s.train_reset(seed > 0 && seed <= attn::kTrainMaxSeed ? seed : 0);
  } else if (act == "clearStats") {
    s.train_clear_timings();
  } else {
    return 0;
  }
  return 1;
}

// Settings, each -1 (or lr <= 0) for "unchanged". task 0 crowd, 1 reverse (with its own default
// head count unless heads is given); layers 1..2; heads 1..4; lr one of the ladder's values; speed
// 1..64 steps per frame. A new task, layer or head count starts over at step 0; a new learning
// rate applies from the next step. Returns 0 (and changes nothing) when any value is invalid.
EMSCRIPTEN_KEEPALIVE int ap_train_configure(int task, int layers, int heads, float lr, int speed) {
  attn::Session& session = the_app().session;
  session.train_follow();
  int lr_index = -1;
  for (int i = 0; lr > 0 && i < attn::kLearningRateCount; ++i)
    if (attn::learning_rate_at(i) == lr) lr_index = i;
  if ((task != -1 && (task < 0 || task >= attn::kLiveTaskCount)) || (layers != -1 && (layers < 1 || layers > 2)) ||
      (heads != -1 && (heads < 1 || heads > 4)) || (lr > 0 && lr_index < 0) ||
      (speed != -1 && (speed < 1 || speed > attn::kTrainMaxSpeed)))
    return 0;
  attn::LiveSettings s = session.live().trainer().settings();
  const attn::LiveSettings before = s;
  if (task != -1 && task != static_cast<int>(s.task)) {
    s.task = static_cast<attn::LiveTask>(task);
    s.heads = attn::live_defaults(s.task).heads;  // the task's own head count unless asked otherwise
  }
  if (layers != -1) s.layers = layers;
  if (heads != -1) s.heads = heads;
  if (!(s == before)) session.train_restart(s);
  if (lr_index >= 0) session.train_set_learning_rate(lr_index);
  if (speed != -1) session.train_set_speed(speed);
  return 1;
}

// Where training stands: settings, the loss of every step, the accuracy curve, the shown example's
// weights, and the timings (steps per second, longest frame and longest training slice).
EMSCRIPTEN_KEEPALIVE const char* ap_train_stats_json() {
  app::App& a = the_app();
  a.session.train_follow();
  const attn::LiveRun& t = a.session.train_refresh_shown();
  const attn::LiveTrainer& tr = t.trainer();
  const attn::LiveSettings& s = tr.settings();
  const attn::LiveEval& e = tr.last_eval();
  JsonWriter j;
  j.begin_object().key("task").value(attn::live_task_name(s.task)).key("seed").value(static_cast<int>(s.seed));
  j.key("layers").value(s.layers).key("heads").value(s.heads);
  j.key("lr");
  app::write_lr(j, tr.lr_index());
  j.key("speed").value(a.session.state().train.speed);
  j.key("step").value(static_cast<int>(tr.step())).key("playing").value(t.playing());
  j.key("catching_up").value(t.catching_up()).key("target_step").value(t.target_step());
  j.key("lr_changes").begin_array();
  for (const attn::LrChange& c : tr.lr_changes()) {
    j.begin_object().key("step").value(static_cast<int>(c.step)).key("lr");
    app::write_lr(j, c.lr_index);
    j.end_object();
  }
  j.end_array();
  j.key("losses").begin_array();
  for (float v : tr.losses()) j.value(v);
  j.end_array().key("evals").begin_array();
  for (const attn::LiveEvalPoint& p : tr.evals())
    j.begin_object()
        .key("step")
        .value(static_cast<int>(p.step))
        .key("accuracy")
        .value(p.accuracy)
        .key("attention")
        .value(p.answer_attention)
        .key("loss")
        .value(p.loss)
        .end_object();
  j.end_array();
  j.key("accuracy").value(e.accuracy).key("answer_attention").value(e.answer_attention);
  j.key("best_layer").value(e.best_layer).key("best_head").value(e.best_head);
  int layer = 0, head = 0;
  t.shown_head(a.session.state().train, &layer, &head);
  const attn::Mat& w = t.shown_trace().layers[layer].attn.heads[head].weights;
  j.key("shown").begin_object().key("example").value(a.session.state().train.example);
  j.key("layer").value(layer).key("head").value(head).key("query_row").value(t.query_row());
  j.key("tokens").begin_array();
  for (int id : t.shown().ex.input) j.value(attn::live_vocab(s.task).text(id, a.session.state().lang));
  j.end_array().key("weights");
  app::write_matrix(j, w);
  j.end_object();
  const attn::LiveTimings& tm = t.timings();
  j.key("steps_per_second").value(tm.steps_per_second).key("longest_frame_ms").value(tm.longest_frame_ms);
  j.key("longest_slice_ms")
      .value(tm.longest_slice_ms)
      .key("frames_trained")
      .value(static_cast<double>(tm.frames_trained));
  j.key("slices_over_50ms").value(static_cast<double>(tm.slices_over_50ms));
  j.key("frames_over_50ms").value(static_cast<double>(tm.frames_over_50ms));
  j.end_object();
  return app::hand_out(std::move(j.str()));
}

// Where the train view drew its parts last frame, in CSS pixels relative to the canvas.
EMSCRIPTEN_KEEPALIVE const char* ap_train_layout_json() {
  app::App& a = the_app();
  const ui::TrainUi& t = a.ui.train;
  const float k = a.dpr > 0 ? 1.0f / a.dpr : 1.0f;
  JsonWriter j;
  j.begin_object().key("train");
  if (!t.shown_frame) {
    j.raw("null");
  } else {
    j.begin_object().key("heatmap");
    if (t.heatmap_rect.x1 <= t.heatmap_rect.x0)
      j.raw("null");
    else
      app::write_rect(j, t.heatmap_rect, k);
    j.key("n").value(t.heatmap_n).key("layer").value(t.drawn_layer).key("head").value(t.drawn_head);
    j.key("qk");
    if (t.qk_rect.x1 <= t.qk_rect.x0)
      j.raw("null");
    else
      app::write_rect(j, t.qk_rect, k);
    j.key("loss");
    app::write_rect(j, t.loss_rect, k);
    j.key("accuracy");
    app::write_rect(j, t.accuracy_rect, k);
    j.end_object();
  }
  j.end_object();
  return app::hand_out(std::move(j.str()));
}

}  // extern "C"
