// The JavaScript bridge of the flow and crowd views: what they show (for tests and the page), their
// layout, the crowd query, and the reader's reduced-motion preference.
#include <emscripten.h>

#include <string>

#include "app.h"
#include "colormap.h"
#include "crowd.h"
#include "flow_steps.h"
#include "json_matrix.h"
#include "json_writer.h"

namespace app {
namespace {

void write_rect(attn::JsonWriter& j, const ui::PixelRect& r, float k) {
  j.begin_object().key("x0").value(r.x0 * k).key("y0").value(r.y0 * k).key("x1").value(r.x1 * k);
  j.key("y1").value(r.y1 * k).end_object();
}

// The score (row, key) term by term, and what scaling, the mask and softmax made of it.
void write_detail(attn::JsonWriter& j, const attn::HeadTrace& t, int row, int key) {
  j.begin_object().key("row").value(row).key("key").value(key).key("terms").begin_array();
  for (const attn::DotTerm& d : attn::dot_product_terms(t.q, row, t.k, key)) {
    j.begin_object().key("m").value(d.m).key("q").value(d.q).key("k").value(d.k);
    j.key("product").value(d.product).end_object();
  }
  j.end_array();
  j.key("score").value(t.scores(row, key)).key("scaled").value(t.scaled(row, key));
  j.key("masked").value(t.masked(row, key)).key("weight").value(t.weights(row, key)).end_object();
}
}  // namespace
}  // namespace app

using app::the_app;
using attn::JsonWriter;

extern "C" {

// What the flow view shows for the current step: its matrices, and the chosen token's row of each
// one listed as numbers. key >= 0 adds that score's dot product term by term. "null" without tokens.
EMSCRIPTEN_KEEPALIVE const char* ap_flow_step_json(int key) {
  app::App& a = the_app();
  a.session.update();
  attn::FlowStep f;
  if (!attn::flow_step(a.session, a.session.state().step, &f)) return app::hand_out("null");
  const attn::HeadTrace* t = a.session.head_trace(f.layer, f.head);
  JsonWriter j;
  j.begin_object().key("step").value(f.step).key("steps").value(attn::kFlowStageCount);
  j.key("stage").value(attn::flow_stage_name(f.stage)).key("layer").value(f.layer).key("head").value(f.head);
  j.key("head_defaulted").value(f.head_defaulted).key("focus").value(f.focus).key("d_head").value(f.d_head);
  j.key("temperature").value(f.temperature);
  j.key("matrices").begin_array();
  for (const attn::FlowMatrix& m : f.matrices) {
    j.begin_object().key("name").value(m.name).key("rows").value(static_cast<int>(m.m->rows()));
    j.key("cols").value(static_cast<int>(m.m->cols())).key("weights_map").value(m.weights_map);
    j.key("shows_numbers").value(m.shows_numbers).end_object();
  }
  j.end_array().key("shown").begin_array();
  for (const attn::FlowMatrix& m : f.matrices) {
    if (!m.shows_numbers) continue;
    j.begin_object().key("name").value(m.name).key("row").value(f.focus).key("values");
    app::write_row(j, *m.m, f.focus);
    j.end_object();
  }
  j.end_array();
  const ui::FlowUi& fl = a.ui.flow;
  j.key("detail");
  if (key >= 0 && key < t->scores.cols())
    app::write_detail(j, *t, f.focus, key);
  else
    j.raw("null");
  j.key("locked");
  if (fl.locked_row >= 0)
    j.begin_object().key("row").value(fl.locked_row).key("key").value(fl.locked_key).end_object();
  else
    j.raw("null");
  j.key("autoplay").begin_object().key("playing").value(fl.playing).key("available").value(!a.ui.reduced_motion);
  j.end_object().end_object();
  return app::hand_out(std::move(j.str()));
}

// Starts (1) or stops (0) the flow's autoplay; returns whether it plays (never with reduced motion).
EMSCRIPTEN_KEEPALIVE int ap_flow_autoplay(int on) {
  app::App& a = the_app();
  a.ui.flow.playing = on != 0 && !a.ui.reduced_motion;
  a.ui.flow.next_advance = 0;  // the next frame moves on: the reader asked for it
  return a.ui.flow.playing ? 1 : 0;
}

// The page tells C++ the reader's prefers-reduced-motion setting (and every change of it).
EMSCRIPTEN_KEEPALIVE void ap_set_reduced_motion(int reduce) {
  app::App& a = the_app();
  a.ui.reduced_motion = reduce != 0;
  if (a.ui.reduced_motion) a.ui.flow.playing = false;
}

// Where the flow and crowd views drew their parts last frame, in CSS pixels relative to the canvas.
EMSCRIPTEN_KEEPALIVE const char* ap_flow_crowd_layout_json() {
  app::App& a = the_app();
  const float k = a.dpr > 0 ? 1.0f / a.dpr : 1.0f;
  JsonWriter j;
  j.begin_object().key("flow");
  if (!a.ui.flow.shown) {
    j.raw("null");
  } else {
    j.begin_object().key("matrices").begin_array();
    for (const ui::FlowUi::Drawn& d : a.ui.flow.drawn) {
      j.begin_object().key("name").value(d.name).key("rows").value(d.rows).key("cols").value(d.cols);
      j.key("scale").value(d.scale).key("weights_map").value(d.weights_map).key("rect");
      app::write_rect(j, d.rect, k);
      j.end_object();
    }
    j.end_array().end_object();
  }
  j.key("crowd");
  if (!a.ui.crowd.shown) {
    j.raw("null");
  } else {
    j.begin_object().key("people").begin_array();
    for (const ui::CrowdUi::Drawn& d : a.ui.crowd.drawn) {
      j.begin_object().key("figure");
      app::write_rect(j, d.figure, k);
      j.key("bar");
      app::write_rect(j, d.bar, k);
      j.key("hat");
      if (d.hat_x > 0)
        j.begin_array().value(d.hat_x * k).value(d.hat_y * k).end_array();
      else
        j.raw("null");
      j.end_object();
    }
    j.end_array().key("locked").value(a.ui.crowd.locked_person).end_object();
  }
  j.end_object();
  return app::hand_out(std::move(j.str()));
}

// The colour the matrix shader gives a signed value in [-1, 1] (tests sample screenshots against it).
EMSCRIPTEN_KEEPALIVE const char* ap_diverging_json(float value) {
  const attn::Rgba8 c = attn::diverging_colormap(value);
  JsonWriter j;
  j.begin_array().value(c[0]).value(c[1]).value(c[2]).end_array();
  return app::hand_out(std::move(j.str()));
}

}  // extern "C"
