// Exposes the canvas's string tables to the page and the tests (to check no language is left half done).
#include <emscripten.h>

#include "i18n.h"
#include "app.h"
#include "json_writer.h"

extern "C" {

// {"vi": [...], "en": [...]}: every canvas string, in the order of ui::Str.
EMSCRIPTEN_KEEPALIVE const char* ap_strings_json() {
  attn::JsonWriter j;
  j.begin_object();
  for (attn::Lang lang : {attn::Lang::Vi, attn::Lang::En}) {
    j.key(lang == attn::Lang::Vi ? "vi" : "en").begin_array();
    for (int k = 0; k < static_cast<int>(ui::Str::Count); ++k) j.value(ui::tr(static_cast<ui::Str>(k), lang));
    j.end_array();
  }
  j.end_object();
  return app::hand_out(std::move(j.str()));
}

}  // extern "C"
