// The theme's bridge: the page reports the system's colour preference; the API tells which theme is shown.
#include <emscripten.h>

#include "active_theme.h"
#include "app.h"
#include "json_writer.h"

namespace {
void colour(attn::JsonWriter& j, const char* name, const attn::Rgba8& c) {
  j.key(name).begin_array().value(int{c[0]}).value(int{c[1]}).value(int{c[2]}).end_array();
}
}  // namespace

extern "C" {

// prefers-color-scheme: dark, at start-up and on every change (theme=auto follows it at the next frame).
EMSCRIPTEN_KEEPALIVE void ap_set_prefers_dark(int dark) { app::the_app().system_prefers_dark = dark != 0; }

// {choice: 'auto'|'light'|'dark', theme: 'light'|'dark', background, text, text_dim: [r, g, b]}: the
// reader's choice and the theme it resolves to now (what the next frame draws with).
EMSCRIPTEN_KEEPALIVE const char* ap_theme_json() {
  app::App& a = app::the_app();
  const attn::ThemeChoice choice = a.session.state().theme;
  const attn::Theme& t = attn::theme(attn::resolve_theme(choice, a.system_prefers_dark));
  attn::JsonWriter j;
  j.begin_object();
  j.key("choice").value(attn::theme_choice_name(choice));
  j.key("theme").value(t.name);
  colour(j, "background", t.background);
  colour(j, "text", t.text);
  colour(j, "text_dim", t.text_dim);
  j.end_object();
  return app::hand_out(std::move(j.str()));
}

}  // extern "C"
