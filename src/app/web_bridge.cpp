// The JavaScript bridge: exported functions behind window.attentionPlayground, and calls back to the page.
#include <emscripten.h>
#include <emscripten/heap.h>

#include <cstring>
#include <string>

#include "app.h"
#include "colormap.h"
#include "i18n.h"
#include "imgui.h"
#include "imgui_internal.h"  // InputEventsQueue (ap_input_pending)
#include "json_matrix.h"
#include "json_writer.h"
#include "share_state.h"

namespace app {

// C++ -> page. The page installs these handlers on the module object before it starts.
// JavaScript inside: the C++ formatter would break its operators.
// clang-format off
EM_JS(void, js_call_handler, (const char* name, const char* arg), {
  var f = Module[UTF8ToString(name)];
  if (typeof f === 'function') f(UTF8ToString(arg));
});
// clang-format on

void notify_ready() { js_call_handler("onPlaygroundReady", ""); }
void notify_state(const std::string& hash) { js_call_handler("onPlaygroundState", hash.c_str()); }
void notify_status(const std::string& text) { js_call_handler("onPlaygroundStatus", text.c_str()); }
void notify_content_height(int css_px) { js_call_handler("onPlaygroundContentHeight", std::to_string(css_px).c_str()); }
void notify_fatal(const char* code, const char* detail) {
  const std::string arg = std::string(code) + "\n" + detail;
  js_call_handler("onPlaygroundFatal", arg.c_str());
}

namespace {
std::string g_out;  // the last string handed to JavaScript (valid until the next bridge call)
}  // namespace

const char* hand_out(std::string s) {
  g_out = std::move(s);
  return g_out.c_str();
}

void drop_last_answer() { std::string().swap(g_out); }

namespace {

ui::Str notice_string(attn::ShareNotice n) {
  switch (n) {
    case attn::ShareNotice::Ignored: return ui::Str::NoticeIgnored;
    case attn::ShareNotice::TooLong: return ui::Str::NoticeTooLong;
    case attn::ShareNotice::FutureVersion: return ui::Str::NoticeFutureVersion;
    default: return ui::Str::NoticeGarbage;
  }
}
}  // namespace

}  // namespace app

using app::the_app;
using attn::JsonWriter;

extern "C" {

// Applies a URL hash (or a "key=value&..." state patch) on top of the current state.
// Returns the notice shown to the reader, or "" when everything was understood.
EMSCRIPTEN_KEEPALIVE const char* ap_apply_hash(const char* hash, int from_defaults) {
  app::App& a = the_app();
  const attn::PlaygroundState base = from_defaults ? attn::PlaygroundState{} : a.session.state();
  attn::PlaygroundState next;
  const attn::ShareNotice n = attn::decode_share_state(hash ? hash : "", base, &next);
  if (n == attn::ShareNotice::TooLong || n == attn::ShareNotice::Garbage) next = base;
  a.session.set_state(next);
  a.session.update();
  if (n == attn::ShareNotice::None) return app::hand_out("");
  a.ui.notice = ui::tr(app::notice_string(n), a.session.state().lang);
  return app::hand_out(a.ui.notice);
}

EMSCRIPTEN_KEEPALIVE const char* ap_get_hash() {
  app::App& a = the_app();
  a.session.update();
  return app::hand_out(attn::encode_share_state(a.session.state()));
}

// Lazy: typing only marks the text dirty; the model runs once, at the next frame or query.
EMSCRIPTEN_KEEPALIVE void ap_set_text(const char* utf8) { the_app().session.set_text(utf8 ? utf8 : ""); }

EMSCRIPTEN_KEEPALIVE const char* ap_get_text() { return app::hand_out(the_app().session.state().text); }

EMSCRIPTEN_KEEPALIVE int ap_set_view(const char* name) {
  attn::View v;
  if (!name || !attn::view_from_name(name, &v)) return 0;
  the_app().session.set_view(v);
  return 1;
}

EMSCRIPTEN_KEEPALIVE const char* ap_tokens_json() {
  attn::Session& s = the_app().session;
  s.update();
  JsonWriter j;
  j.begin_object().key("truncated").value(s.truncated());
  j.key("total").value(static_cast<int>(s.total_tokens()));
  j.key("tokens").begin_array();
  for (const attn::Token& t : s.tokens()) {
    j.begin_object().key("text").value(t.text).key("begin").value(static_cast<int>(t.begin));
    j.key("end").value(static_cast<int>(t.end)).key("id").value(t.id).end_object();
  }
  j.end_array().end_object();
  return app::hand_out(std::move(j.str()));
}

EMSCRIPTEN_KEEPALIVE const char* ap_model_json() {
  const attn::ModelWeights& m = the_app().session.model();
  JsonWriter j;
  j.begin_object().key("name").value(m.name).key("layers").value(m.cfg.n_layers);
  j.key("heads").value(m.cfg.n_heads).key("d_model").value(m.cfg.d_model);
  j.key("d_head").value(m.cfg.d_head()).key("vocab_size").value(m.cfg.vocab_size);
  j.key("trained").value(m.trained);
  // Until the file is here an article figure may show the trained model's precomputed numbers.
  j.key("precomputed").value(the_app().session.precomputed()).end_object();
  return app::hand_out(std::move(j.str()));
}

// Frees the last answer once JavaScript has copied it (page-api.js does after every JSON call).
EMSCRIPTEN_KEEPALIVE void ap_drop_answer() { app::drop_last_answer(); }

// Rows = query tokens. head -1 = the mean of the layer's heads. "null" for an invalid layer/head.
EMSCRIPTEN_KEEPALIVE const char* ap_attention_json(int layer, int head) {
  attn::Session& s = the_app().session;
  s.update();
  const attn::Mat* w = s.weights(layer, head);
  if (!w) return app::hand_out("null");
  app::drop_last_answer();
  JsonWriter j;
  app::write_matrix(j, *w);
  return app::hand_out(std::move(j.str()));
}

}  // extern "C"

namespace app {
bool read_method_and_unit(attn::Session& s, const char* method, const char* unit, attn::AttnMethod* m, bool* by_word) {
  attn::AttnUnit u;
  if (!method || !unit || !attn::attn_method_from_name(method, m) || !attn::attn_unit_from_name(unit, &u)) return false;
  *by_word = u == attn::AttnUnit::Auto ? s.shown().words_differ(s) : u == attn::AttnUnit::Word;
  return true;
}
}  // namespace app

extern "C" {

// attention(layer, head, {method, unit}): raw weights, contribution shares or rollout (head
// ignored), of pieces or words ("auto" = the reader's default). "null" for an invalid argument.
EMSCRIPTEN_KEEPALIVE const char* ap_attention_shown_json(int layer, int head, const char* method, const char* unit) {
  attn::Session& s = the_app().session;
  s.update();
  attn::AttnMethod m;
  bool by_word = false;
  if (!app::read_method_and_unit(s, method, unit, &m, &by_word)) return app::hand_out("null");
  if (m == attn::AttnMethod::Rollout && (head < -1 || head >= s.model().cfg.n_heads)) return app::hand_out("null");
  const attn::ShownMatrix* v = s.shown().get(s, layer, head, m, by_word);
  if (!v) return app::hand_out("null");
  app::drop_last_answer();
  JsonWriter j;
  app::write_matrix(j, v->values());
  return app::hand_out(std::move(j.str()));
}

// words(): [{text, begin, end, pieces}] with byte spans into the text and piece indices.
EMSCRIPTEN_KEEPALIVE const char* ap_words_json() {
  attn::Session& s = the_app().session;
  s.update();
  JsonWriter j;
  j.begin_array();
  for (const attn::WordSpan& w : s.shown().words(s)) {
    j.begin_object().key("text").value(w.text).key("begin").value(static_cast<int>(w.begin));
    j.key("end").value(static_cast<int>(w.end)).key("pieces").begin_array();
    for (int p : w.pieces) j.value(p);
    j.end_array().end_object();
  }
  j.end_array();
  return app::hand_out(std::move(j.str()));
}

// attentionNorms(layer, head): the unscaled contributions c_ij = ||sum_h a^h_ij f_h(x_j)|| (one
// head: a_ij ||f_h(x_j)||) and each key's ||f_h(x_j)|| (head -1: ||sum_h f_h(x_j)||).
EMSCRIPTEN_KEEPALIVE const char* ap_attention_norms_json(int layer, int head) {
  attn::Session& s = the_app().session;
  s.update();
  const attn::Mat* c = s.shown().contributions(s, layer, head);
  const attn::ValueNorms* vn = s.shown().value_norms(s, layer);
  if (!c || !vn) return app::hand_out("null");
  JsonWriter j;
  j.begin_object().key("contributions");
  app::write_matrix(j, *c);
  j.key("value_norms").begin_array();
  for (Eigen::Index k = 0; k < c->cols(); ++k) j.value(head >= 0 ? vn->head(head, k) : vn->all(k));
  j.end_array().end_object();
  return app::hand_out(std::move(j.str()));
}

EMSCRIPTEN_KEEPALIVE const char* ap_trace_json(int layer, int head) {
  attn::Session& s = the_app().session;
  s.update();
  const attn::HeadTrace* t = s.head_trace(layer, head);
  if (!t) return app::hand_out("null");
  JsonWriter j;
  j.begin_object();
  j.key("input");
  app::write_matrix(j, s.trace().layers[layer].ln1);  // the hidden state entering attention
  j.key("q");
  app::write_matrix(j, t->q);
  j.key("k");
  app::write_matrix(j, t->k);
  j.key("v");
  app::write_matrix(j, t->v);
  j.key("scores");
  app::write_matrix(j, t->scores);
  j.key("scaled");
  app::write_matrix(j, t->scaled);
  j.key("masked");
  app::write_matrix(j, t->masked);  // -inf (masked) becomes null
  j.key("weights");
  app::write_matrix(j, t->weights);
  j.key("context");
  app::write_matrix(j, t->context);
  j.key("output");
  app::write_matrix(j, s.trace().layers[layer].attn.output);
  j.end_object();
  return app::hand_out(std::move(j.str()));
}

EMSCRIPTEN_KEEPALIVE const char* ap_stats_json() {
  app::App& a = the_app();
  JsonWriter j;
  j.begin_object().key("frame_ms").value(a.last_frame_ms);
  j.key("forward_ms").value(a.session.last_forward_ms());
  j.key("wasm_heap_bytes").value(static_cast<double>(emscripten_get_heap_size()));
  j.key("tokens").value(static_cast<int>(a.session.tokens().size()));
  j.key("canvas").begin_array().value(a.fb_w).value(a.fb_h).end_array();
  j.key("dpr").value(a.dpr);
  // Frames whose picture had not changed are not drawn (main.cpp): how many were, how many not.
  j.key("frames_drawn").value(static_cast<double>(a.frames_drawn));
  j.key("picture").value(a.drawn_numbers);
  j.key("frames_skipped").value(static_cast<double>(a.frames_skipped)).end_object();
  return app::hand_out(std::move(j.str()));
}

// The heatmap's last drawn rectangle in CSS pixels relative to the canvas, and its visible cells.
EMSCRIPTEN_KEEPALIVE const char* ap_layout_json() {
  app::App& a = the_app();
  const auto& h = a.ui.heatmap_layout;
  const float k = a.dpr > 0 ? 1.0f / a.dpr : 1.0f;
  JsonWriter j;
  j.begin_object().key("view").value(attn::view_name(a.session.state().view));
  j.key("heatmap");
  if (!h.shown) {
    j.raw("null");
  } else {
    j.begin_object().key("x0").value(h.x0 * k).key("y0").value(h.y0 * k).key("x1").value(h.x1 * k);
    j.key("y1").value(h.y1 * k).key("origin_col").value(h.origin_col).key("origin_row").value(h.origin_row);
    j.key("span").value(h.span).end_object();
  }
  // The view's main picture (page.js adds the canvas's place on the page).
  const auto& p = a.ui.picture;
  j.key("picture");
  if (!p.shown)
    j.raw("null");
  else
    j.begin_object()
        .key("x")
        .value(p.x0 * k)
        .key("y")
        .value(p.y0 * k)
        .key("w")
        .value((p.x1 - p.x0) * k)
        .key("h")
        .value((p.y1 - p.y0) * k)
        .end_object();
  // The frame's content height and the first screen's fold (CSS pixels of the canvas): nothing is
  // cut off when the canvas is at least as tall as the content.
  j.key("content_h").value(a.ui.content_h * k).key("fold").value(a.ui.fold_y * k);
  // Whether a tooltip was open in the last frame (ImGui names its tooltip window so).
  const ImGuiWindow* tip = ImGui::FindWindowByName("##Tooltip_00");
  j.key("tooltip").value(tip != nullptr && tip->WasActive);
  j.end_object();
  return app::hand_out(std::move(j.str()));
}

// The colour the heatmap shader gives a weight (tests sample screenshots against it).
EMSCRIPTEN_KEEPALIVE const char* ap_colormap_json(float value) {
  const attn::Rgba8 c = attn::colormap(value);
  JsonWriter j;
  j.begin_array().value(c[0]).value(c[1]).value(c[2]).end_array();
  return app::hand_out(std::move(j.str()));
}

// Pointer input in CSS pixels relative to the canvas; kind: 0 move, 1 down, 2 up, 3 leave,
// 4 cancel (the press ends away from every item: no tap, no click; e.g. a second finger landed).
EMSCRIPTEN_KEEPALIVE void ap_pointer(float x, float y, int kind, int button, int is_touch) {
  app::App& a = the_app();
  if (!ImGui::GetCurrentContext()) return;
  ImGuiIO& io = ImGui::GetIO();
  io.AddMouseSourceEvent(is_touch ? ImGuiMouseSource_TouchScreen : ImGuiMouseSource_Mouse);
  if (kind == 3 || kind == 4) {
    io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    if (kind == 4) io.AddMouseButtonEvent(button < 0 || button > 2 ? 0 : button, false);
    return;
  }
  io.AddMousePosEvent(x * a.dpr, y * a.dpr);
  if (kind == 1 || kind == 2) io.AddMouseButtonEvent(button < 0 || button > 2 ? 0 : button, kind == 1);
}

// 0 pauses the frame loop (the canvas is off-screen: no frame need even be built), 1 resumes it.
// The state and the API keep working while paused; the picture catches up on the next frame.
EMSCRIPTEN_KEEPALIVE void ap_set_running(int run) {
  if (run)
    emscripten_resume_main_loop();
  else
    emscripten_pause_main_loop();
}

// Input events the canvas has received but ImGui has not handled yet. ImGui hands at most one
// change of a key or button to each frame (so a quick tap is still seen as down, then up), so a
// burst of events takes several frames to drain; automation waits for 0 before it reads the state.
EMSCRIPTEN_KEEPALIVE int ap_input_pending() {
  ImGuiContext* g = ImGui::GetCurrentContext();
  return g ? g->InputEventsQueue.Size : 0;
}

// A wheel over the canvas at (x, y) CSS pixels. Returns 1 when the playground uses it (the page
// must not scroll), 0 to let the page scroll. The rule: a plain wheel always scrolls the article;
// Ctrl (or a pinch: browsers report a trackpad pinch as Ctrl+wheel, the page sends a two-finger
// pinch the same way) zooms the heatmap or the links under the point, 100 px of deltaY a notch.
EMSCRIPTEN_KEEPALIVE int ap_wheel(float dy, int ctrl, float x, float y) {
  app::App& a = the_app();
  if (!ctrl || !(dy == dy)) return 0;
  a.ui.zoom.notches += -dy / 100.0f;
  a.ui.zoom.x = x * a.dpr;
  a.ui.zoom.y = y * a.dpr;
  return 1;
}

// Keys from the page while the canvas has focus (named as KeyboardEvent.key).
EMSCRIPTEN_KEEPALIVE int ap_key(const char* key, int down) {
  if (!ImGui::GetCurrentContext() || !key) return 0;
  static const struct {
    const char* name;
    ImGuiKey key;
  } map[] = {{"ArrowLeft", ImGuiKey_LeftArrow},
             {"ArrowRight", ImGuiKey_RightArrow},
             {"ArrowUp", ImGuiKey_UpArrow},
             {"ArrowDown", ImGuiKey_DownArrow},
             {"Enter", ImGuiKey_Enter},
             {" ", ImGuiKey_Space},
             {"Escape", ImGuiKey_Escape},
             {"Home", ImGuiKey_Home},
             {"End", ImGuiKey_End},
             {"PageUp", ImGuiKey_PageUp},
             {"PageDown", ImGuiKey_PageDown},
             {"m", ImGuiKey_M},
             {"M", ImGuiKey_M},
             {"x", ImGuiKey_X},
             {"X", ImGuiKey_X},
             {"v", ImGuiKey_V},
             {"V", ImGuiKey_V},
             {"+", ImGuiKey_Equal},
             {"=", ImGuiKey_Equal},
             {"-", ImGuiKey_Minus}};
  for (const auto& m : map)
    if (std::strcmp(m.name, key) == 0) {
      ImGui::GetIO().AddKeyEvent(m.key, down != 0);
      return 1;
    }
  return 0;
}

}  // extern "C"
