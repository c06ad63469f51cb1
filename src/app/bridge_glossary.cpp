// Exposes the glossary (its table, where its markers and popup were drawn) and the strings a frame used, for the page and the tests.
#include <emscripten.h>

#include "app.h"
#include "glossary.h"
#include "i18n.h"
#include "imgui.h"
#include "json_writer.h"

namespace {
void term_list(attn::JsonWriter& j, const std::vector<ui::Term>& terms) {
  j.begin_array();
  for (ui::Term t : terms) j.value(ui::term_id(t));
  j.end_array();
}
}  // namespace

extern "C" {

// [{id, vi: {name, text}, en: {name, text}}, ...] in the order of ui::Term.
EMSCRIPTEN_KEEPALIVE const char* ap_glossary_json() {
  attn::JsonWriter j;
  j.begin_array();
  for (int k = 0; k < static_cast<int>(ui::Term::Count); ++k) {
    const ui::Term t = static_cast<ui::Term>(k);
    j.begin_object().key("id").value(ui::term_id(t));
    for (attn::Lang lang : {attn::Lang::Vi, attn::Lang::En}) {
      j.key(lang == attn::Lang::Vi ? "vi" : "en").begin_object();
      j.key("name").value(ui::term_name(t, lang)).key("text").value(ui::term_text(t, lang)).end_object();
    }
    j.end_object();
  }
  j.end_array();
  return app::hand_out(std::move(j.str()));
}

// {terms: [{term, terms, x, y, w, h}], termPopup: {terms, text, x, y, w, h} | null}: the markers the
// last frame drew and the open popup, in CSS pixels of the canvas (page-api.js moves them to the page's).
EMSCRIPTEN_KEEPALIVE const char* ap_glossary_layout_json() {
  app::App& a = app::the_app();
  const ui::GlossaryUi& g = a.ui.glossary;
  const float k = a.dpr > 0 ? 1.0f / a.dpr : 1.0f;
  attn::JsonWriter j;
  j.begin_object().key("terms").begin_array();
  for (const ui::GlossaryUi::Marker& m : g.markers) {
    j.begin_object().key("term").value(ui::term_id(m.terms.front())).key("terms");
    term_list(j, m.terms);
    j.key("x").value(m.x0 * k).key("y").value(m.y0 * k).key("w").value((m.x1 - m.x0) * k);
    j.key("h").value((m.y1 - m.y0) * k).end_object();
  }
  j.end_array().key("termPopup");
  if (!g.popup.shown) {
    j.raw("null");
  } else {
    j.begin_object().key("terms");
    term_list(j, g.open);
    j.key("text").value(g.popup.text).key("x").value(g.popup.x0 * k).key("y").value(g.popup.y0 * k);
    j.key("w").value((g.popup.x1 - g.popup.x0) * k).key("h").value((g.popup.y1 - g.popup.y0) * k).end_object();
  }
  j.end_object();
  return app::hand_out(std::move(j.str()));
}

// The part of the canvas the reader can see, in CSS pixels from its top (page.js, on scroll and
// resize): the glossary's popup stays inside it.
EMSCRIPTEN_KEEPALIVE void ap_set_visible(float top, float bottom) {
  app::App& a = app::the_app();
  a.ui.glossary.visible_y0 = top * a.dpr;
  a.ui.glossary.visible_y1 = bottom * a.dpr;
}

// {frame, keys, vi, en}: the string-table entries the last frame's views asked for (their index in
// strings().canvas and their text in each language, printf slots unfilled).
EMSCRIPTEN_KEEPALIVE const char* ap_strings_used_json() {
  const int frame = ImGui::GetFrameCount();
  const std::vector<ui::Str> keys = ui::strings_used_in(frame);
  attn::JsonWriter j;
  j.begin_object().key("frame").value(frame).key("keys").begin_array();
  for (ui::Str k : keys) j.value(static_cast<int>(k));
  j.end_array();
  for (attn::Lang lang : {attn::Lang::Vi, attn::Lang::En}) {
    j.key(lang == attn::Lang::Vi ? "vi" : "en").begin_array();
    for (ui::Str k : keys) j.value(ui::tr(k, lang));
    j.end_array();
  }
  j.end_object();
  return app::hand_out(std::move(j.str()));
}

}  // extern "C"
