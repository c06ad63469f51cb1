// Export from the bridge: PNG at a chosen scale (rendered for one frame at that scale) and SVG.
#include <emscripten.h>

#include <string>

#include "app.h"
#include "svg_export.h"

namespace app {

// JavaScript inside: the C++ formatter would break its operators.
// clang-format off
EM_JS(void, js_capture_canvas, (), {
  // Called right after the export frame was drawn, before the browser composites it: the
  // drawing buffer still holds that frame, so toBlob sees it (no preserveDrawingBuffer needed).
  if (typeof Module['onPlaygroundCapture'] === 'function') Module['onPlaygroundCapture']();
});
// clang-format on

void capture_export_frame() { js_capture_canvas(); }

}  // namespace app

extern "C" {

// Asks for the next frame to be drawn at `scale` device pixels per CSS pixel (at least the
// screen's own), and for the page's capture handler to be called right after it.
EMSCRIPTEN_KEEPALIVE void ap_request_png(float scale) {
  app::App& a = app::the_app();
  if (!(scale >= 1.0f)) scale = 1.0f;
  if (scale > 4.0f) scale = 4.0f;
  a.export_scale = scale;
}

// The current view as SVG, drawn from the same numbers as the canvas; "" when the view has none.
EMSCRIPTEN_KEEPALIVE const char* ap_export_svg() {
  std::string out;
  app::App& a = app::the_app();
  attn::Session& s = a.session;
  s.update();
  const attn::PlaygroundState& st = s.state();
  const attn::ShownMatrix* v = s.shown().current(s, st.layer, st.head);
  if (v && (st.view == attn::View::Heatmap || st.view == attn::View::Focus)) {
    const attn::Mat* w = &v->values();  // what the heatmap shows: the chosen method and unit
    const std::vector<std::string>& labels = v->labels;
    std::string title =
        (st.lang == attn::Lang::Vi ? "Tầng " : "Layer ") + std::to_string(st.layer + 1) + ", " +
        (st.head < 0 ? (st.lang == attn::Lang::Vi ? std::string("trung bình các đầu") : std::string("mean of heads"))
                     : (st.lang == attn::Lang::Vi ? "đầu " : "head ") + std::to_string(st.head + 1));
    // The theme the canvas shows, resolved here too: without WebGL2 no frame runs to resolve it,
    // and this SVG is then the page's picture.
    out = attn::heatmap_svg(labels, *w, title, attn::theme(attn::resolve_theme(st.theme, a.system_prefers_dark)));
  }
  return app::hand_out(std::move(out));
}

}  // extern "C"
