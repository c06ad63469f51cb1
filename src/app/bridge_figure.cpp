// The JavaScript bridge of figure mode (article figures, ?embed=1, and the phone's full page): its controls, its menu, the first screen's fold.
#include <emscripten.h>

#include <cstdio>

#include "app.h"
#include "i18n.h"
#include "json_writer.h"

using app::the_app;
using attn::JsonWriter;

extern "C" {

// An article figure (?embed=1): on, and the link's `controls=` list (given = 0: each view's
// defaults). Returns the notice for the reader when a name was not understood ("" otherwise); the
// figure still shows.
EMSCRIPTEN_KEEPALIVE const char* ap_set_figure(int on, int given, const char* controls) {
  app::App& a = the_app();
  a.ui.figure_on = on != 0;
  a.ui.figure = given ? attn::parse_figure_controls(controls ? controls : "") : attn::FigureControls{};
  if (a.ui.figure.unknown.empty()) return app::hand_out("");
  char buf[256];
  std::snprintf(buf, sizeof buf, ui::tr(ui::Str::FigureUnknownControl, a.session.state().lang),
                a.ui.figure.unknown.c_str());
  return app::hand_out(buf);
}

// The full page on a phone, laid out like a figure (its one menu) with the views and the text kept.
EMSCRIPTEN_KEEPALIVE void ap_set_figure_page(int on) {
  app::App& a = the_app();
  a.ui.figure_page = on != 0;
  a.ui.figure_on = on != 0;
  a.ui.figure = attn::FigureControls{};
  if (!on) a.ui.figure_menu_open = false;
}

// Where the reader's first screen ends inside the canvas (CSS pixels; 0: the canvas's own height).
// The full page's canvas grows with its content, and its views size their picture to this line.
EMSCRIPTEN_KEEPALIVE void ap_set_fold(double css_px) { the_app().fold_css = static_cast<float>(css_px); }

// The figure's menu: open, the canvas shows every control again.
EMSCRIPTEN_KEEPALIVE void ap_set_figure_menu(int open) { the_app().ui.figure_menu_open = open != 0; }

// What the page needs to lay out around the canvas: is this a figure, is its menu open, does the
// current view's figure show the text field. (Also called before main() has wired the UI to the
// session, so it reads the session itself.)
EMSCRIPTEN_KEEPALIVE const char* ap_figure_json() {
  app::App& a = the_app();
  JsonWriter j;
  j.begin_object().key("on").value(a.ui.figure_on).key("menu").value(a.ui.figure_menu_open);
  j.key("text").value(a.ui.shows_in(a.session.state().view, attn::FigureControl::Text)).end_object();
  return app::hand_out(std::move(j.str()));
}

}  // extern "C"
