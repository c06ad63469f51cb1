// The JavaScript bridge of the links, heads and heads-in-colours views: measured head behaviour,
// what the links view drew, where the views put their parts, mute/solo, and a test-only model.
#include <emscripten.h>

#include <memory>
#include <string>

#include "app.h"
#include "colormap.h"
#include "head_behaviour.h"
#include "i18n.h"
#include "json_writer.h"

namespace {
float css(const app::App& a, float device_px) { return a.dpr > 0 ? device_px / a.dpr : device_px; }
}  // namespace

using app::the_app;
using attn::JsonWriter;

extern "C" {

// [layer][head] -> {previous, next, self, first, same_word, punctuation, entropy, evenness, habit,
// label}. Shares are null where the relation is not in the text; `label` is the reader's sentence.
EMSCRIPTEN_KEEPALIVE const char* ap_head_behaviour_json() {
  app::App& a = the_app();
  a.session.update();
  ui::fit_head_mix(a.ui.links_heads, a.session);
  const attn::Lang lang = a.session.state().lang;
  JsonWriter j;
  j.begin_array();
  for (const auto& layer : a.session.head_behaviour()) {
    j.begin_array();
    for (const attn::HeadBehaviour& b : layer) {
      j.begin_object().key("previous").value(b.previous).key("next").value(b.next).key("self").value(b.self);
      j.key("first").value(b.first).key("same_word").value(b.same_word).key("punctuation").value(b.punctuation);
      j.key("entropy").value(b.entropy).key("evenness").value(b.evenness);
      j.key("habit")
          .value(attn::head_habit_key(b.habit))
          .key("label")
          .value(ui::describe_habit(b, a.session.tokens(), lang));
      j.key("top_key").value(b.top_key).key("top_key_share").value(b.top_key_share);
      j.end_object();
    }
    j.end_array();
  }
  j.end_array();
  return app::hand_out(std::move(j.str()));
}

// What the links view drew last frame: the filter, the lock, and every line (capped) in draw order.
EMSCRIPTEN_KEEPALIVE const char* ap_links_info_json(int max_lines) {
  const app::App& a = the_app();
  const ui::LinksView& lv = a.ui.links_heads.links;
  JsonWriter j;
  j.begin_object().key("shown").value(lv.layout.shown);
  j.key("layer").value(lv.layout.layer).key("head").value(lv.layout.head);
  // What the lines show: rows are words or pieces (labels as drawn); rollout lines have head -1.
  j.key("method").value(attn::attn_method_name(lv.method)).key("unit").value(lv.by_word ? "word" : "piece");
  j.key("labels").begin_array();
  for (const std::string& l : lv.labels) j.value(l);
  j.end_array();
  j.key("filter").begin_object().key("topK").value(lv.filter.top_k).key("minWeight").value(lv.filter.min_weight);
  j.key("topKUsed").value(lv.top_k_used).end_object();
  j.key("locked").begin_object().key("side").value(lv.locked_side == 0   ? "query"
                                                   : lv.locked_side == 1 ? "key"
                                                                         : "none");
  j.key("index").value(lv.locked_index).end_object();
  int highlighted = 0;
  for (const ui::DrawnLink& d : lv.drawn) highlighted += d.highlighted;
  j.key("count").value(static_cast<int>(lv.drawn.size())).key("highlighted").value(highlighted);
  j.key("gpuInstances").value(a.ui.links_heads.links_gpu.count());
  j.key("uploads").value(a.ui.links_heads.links_gpu.uploads());
  j.key("rasterisations").value(a.ui.links_heads.links_gpu.rasterisations());
  const int cap = max_lines < 0 ? 20000 : max_lines;
  j.key("truncated").value(static_cast<int>(lv.drawn.size()) > cap);
  j.key("lines").begin_array();
  for (int i = 0; i < static_cast<int>(lv.drawn.size()) && i < cap; ++i) {
    const ui::DrawnLink& d = lv.drawn[i];
    j.begin_object().key("head").value(d.head).key("query").value(d.query).key("key").value(d.key);
    j.key("weight").value(d.weight).key("highlighted").value(d.highlighted).end_object();
  }
  j.end_array().end_object();
  return app::hand_out(std::move(j.str()));
}

// Where the links and heads views drew (CSS pixels relative to the canvas); merged into layout().
EMSCRIPTEN_KEEPALIVE const char* ap_links_heads_layout_json() {
  const app::App& a = the_app();
  const ui::LinksHeadsUi& lh = a.ui.links_heads;
  JsonWriter j;
  j.begin_object().key("links");
  if (!lh.links.layout.shown) {
    j.raw("null");
  } else {
    const auto& l = lh.links.layout;
    j.begin_object().key("n").value(l.n).key("leftX").value(css(a, l.left_x)).key("rightX").value(css(a, l.right_x));
    j.key("firstRowY").value(css(a, l.first_row_y)).key("rowStep").value(css(a, l.row_step));
    j.key("labelWidth")
        .value(css(a, l.label_w))
        .key("rowsY0")
        .value(css(a, l.rows_y0))
        .key("rowsY1")
        .value(css(a, l.rows_y1));
    j.key("zoom").value(lh.links.zoom).key("scroll").value(lh.links.scroll).end_object();
  }
  j.key("heads");
  if (!lh.heads.shown) {
    j.raw("null");
  } else {
    j.begin_object().key("n").value(lh.heads.n).key("unit").value(lh.heads.by_word ? "word" : "piece");
    j.key("tiles").begin_array();
    for (const ui::HeadsView::Tile& t : lh.heads.tiles) {
      j.begin_object().key("layer").value(t.layer).key("head").value(t.head);  // head -1: all heads blended
      j.key("x0").value(css(a, t.x0)).key("y0").value(css(a, t.y0)).key("x1").value(css(a, t.x1));
      j.key("y1").value(css(a, t.y1)).end_object();
    }
    j.end_array().end_object();
  }
  j.key("focusHeads");
  if (!lh.focus_heads.shown) {
    j.raw("null");
  } else {
    const ui::FocusHeadsLayout& f = lh.focus_heads;
    j.begin_object().key("slot").value(css(a, f.slot)).key("heads").begin_array();
    for (int h : f.heads) j.value(h);
    j.end_array().key("tokens").begin_array();
    for (const auto& t : f.tokens)
      j.begin_object()
          .key("x0")
          .value(css(a, t.x0))
          .key("x1")
          .value(css(a, t.x1))
          .key("barsY0")
          .value(css(a, t.bars_y0))
          .end_object();
    j.end_array().end_object();
  }
  j.key("headMix").begin_object().key("muted").begin_array();
  for (const auto& row : lh.mix.muted) {
    j.begin_array();
    for (bool m : row) j.value(m);
    j.end_array();
  }
  j.end_array().key("solo").begin_array();
  for (int s : lh.mix.solo) j.value(s);
  j.end_array().end_object().end_object();
  return app::hand_out(std::move(j.str()));
}

// The colour a head is drawn in everywhere (links, blend, heads in colours), as [r, g, b].
EMSCRIPTEN_KEEPALIVE const char* ap_head_colour_json(int head) {
  const attn::Rgba8 c = attn::head_colour(head);
  JsonWriter j;
  j.begin_array().value(c[0]).value(c[1]).value(c[2]).end_array();
  return app::hand_out(std::move(j.str()));
}

// Zoom (1 = every row fits) and the first visible row; clamped to what the text allows when drawn.
EMSCRIPTEN_KEEPALIVE void ap_set_links_view(float zoom, float scroll) {
  ui::LinksView& lv = the_app().ui.links_heads.links;
  lv.zoom = zoom >= 1.0f ? zoom : 1.0f;
  lv.scroll = scroll >= 0.0f ? scroll : 0.0f;
}

// top_k 0 = every key; min_weight in [0, 1]. Out-of-range values are clamped.
EMSCRIPTEN_KEEPALIVE void ap_set_links_filter(int top_k, float min_weight) {
  ui::LinksFilter& f = the_app().ui.links_heads.links.filter;
  f.top_k = top_k < 0 ? 0 : top_k;
  f.min_weight = !(min_weight >= 0.0f) ? 0.0f : (min_weight > 1.0f ? 1.0f : min_weight);
}

EMSCRIPTEN_KEEPALIVE int ap_set_head_muted(int layer, int head, int muted) {
  app::App& a = the_app();
  a.session.update();
  ui::fit_head_mix(a.ui.links_heads, a.session);
  const attn::ModelConfig& c = a.session.model().cfg;
  if (layer < 0 || layer >= c.n_layers || head < 0 || head >= c.n_heads) return 0;
  a.ui.links_heads.mix.set_muted(layer, head, muted != 0);
  return 1;
}

// head -1 ends the solo in that layer.
EMSCRIPTEN_KEEPALIVE int ap_set_head_solo(int layer, int head) {
  app::App& a = the_app();
  a.session.update();
  ui::fit_head_mix(a.ui.links_heads, a.session);
  const attn::ModelConfig& c = a.session.model().cfg;
  if (layer < 0 || layer >= c.n_layers || head < -1 || head >= c.n_heads) return 0;
  a.ui.links_heads.mix.set_solo(layer, head);
  return 1;
}

}  // extern "C"
