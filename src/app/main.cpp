// Entry point of the web playground: WebGL2 context through GLFW, fonts at device scale, the frame loop.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app.h"
#include "colormap.h"
#include "gl.h"
#include "imgui.h"
#include "share_state.h"
#include "theme_style.h"

namespace app {

App& the_app() {
  static App a;
  return a;
}

namespace {
constexpr float kBaseFontPx = 16.0f;
constexpr double kHeartbeatMs =
    500.0;  // an unchanged picture is still redrawn this often  // CSS pixels: readable on a phone held at arm's length

// Latin, Vietnamese, general punctuation, the dong sign, arrows and the maths the views print.
const ImWchar* glyph_ranges() {
  static ImVector<ImWchar> ranges;
  if (ranges.empty()) {
    ImFontGlyphRangesBuilder b;
    b.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesVietnamese());
    static const ImWchar extra[] = {0x0020, 0x024F, 0x0300, 0x036F, 0x1E00, 0x1EFF, 0x2000, 0x206F, 0x20AB, 0x20AC,
                                    0x2190, 0x21FF, 0x2211, 0x221A, 0x2264, 0x2265, 0x25A0, 0x25FF, 0};
    b.AddRanges(extra);
    b.BuildRanges(&ranges);
  }
  return ranges.Data;
}

// Fonts are rasterised at CSS size x devicePixelRatio so text stays crisp on phones.
void build_fonts_and_style(float dpr) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig cfg;
  cfg.OversampleH = 1;  // at device scale, oversampling only costs atlas memory
  cfg.PixelSnapH = true;
  if (!io.Fonts->AddFontFromFileTTF("/ui-font.ttf", kBaseFontPx * dpr, &cfg, glyph_ranges())) {
    std::fprintf(stderr, "ui font missing: falling back to ImGui's built-in font (ASCII only)\n");
    ImFontConfig fallback;
    fallback.SizePixels = 13.0f * dpr;
    io.Fonts->AddFontDefault(&fallback);
  }
  io.Fonts->Build();
  the_app().imgui_gl.upload_font_atlas();
  ImGuiStyle style;
  ui::apply_theme_style(style, gfx::active_theme());
  style.WindowRounding = 0;
  style.FrameRounding = 4;
  style.FramePadding = ImVec2(8, 6);
  style.ItemSpacing = ImVec2(8, 6);
  style.ScaleAllSizes(dpr);
  ImGui::GetStyle() = style;
}

// Keeps the backing store at CSS size x devicePixelRatio (GLFW alone would keep it at CSS size).
void sync_canvas_size(App& a) {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  double dpr = emscripten_get_device_pixel_ratio();
  if (a.export_scale > dpr) dpr = a.export_scale;  // one frame drawn larger for a PNG export
  int w = static_cast<int>(std::lround(css_w * dpr)), h = static_cast<int>(std::lround(css_h * dpr));
  if (w < 1) w = 1;
  if (h < 1) h = 1;
  // Emscripten 3.1.6's GLFW turns a window exactly the size of the screen into fullscreen.
  // clang-format off
  const int screen_w = EM_ASM_INT({ return screen.width; }), screen_h = EM_ASM_INT({ return screen.height; });
  // clang-format on
  if (w == screen_w && h == screen_h) h -= 1;
  if (w != a.fb_w || h != a.fb_h) {
    glfwSetWindowSize(a.window, w, h);
    a.fb_w = w;
    a.fb_h = h;
  }
  if (static_cast<float>(dpr) != a.dpr) {
    a.dpr = static_cast<float>(dpr);
    build_fonts_and_style(a.dpr);
  }
}

// The theme the state asks for (auto: the system's, which the page reports) becomes the active one:
// ImGui's colours are rebuilt and the next frame is drawn whatever the digest says.
void sync_theme(App& a) {
  const attn::ThemeId id = attn::resolve_theme(a.session.state().theme, a.system_prefers_dark);
  if (id == gfx::active_theme_id() && a.theme_applied) return;
  gfx::set_active_theme(id);
  a.theme_applied = true;
  ui::apply_theme_style(ImGui::GetStyle(), gfx::active_theme());
  a.drawn_digest = 0;
}

}  // namespace

// The playground's window has no background of its own: this clear is it (same colour).
void clear_to_window_background(int fb_w, int fb_h) {
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glViewport(0, 0, fb_w, fb_h);
  glDisable(GL_SCISSOR_TEST);
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
}

namespace {
void publish_changes(App& a) {
  const attn::PlaygroundState& st = a.session.state();
  if (!(st == a.last_published)) {
    a.last_published = st;
    notify_state(attn::encode_share_state(st));
  }
  // The page sizes the full page's canvas by it (export frames are drawn at another scale).
  const int content_css = static_cast<int>(std::ceil(a.ui.content_h / a.dpr));
  if (a.export_scale <= 0 && content_css != a.published_content_css) {
    a.published_content_css = content_css;
    notify_content_height(content_css);
  }
  if (a.ui.status_line != a.last_status) {
    a.last_status = a.ui.status_line;
    notify_status(a.last_status);
  }
}

void frame() {
  App& a = the_app();
  const double t0 = emscripten_get_now();
  if (a.gpu_restored) recreate_gpu_resources(a);
  if (a.gpu_lost) return;  // nothing can be drawn; the state and the API keep working
  sync_canvas_size(a);
  if (a.frame_override) {
    a.frame_override();
    a.drawn_digest = 0;  // the canvas no longer shows the playground's last picture
    a.last_frame_ms = emscripten_get_now() - t0;
    return;
  }
  a.session.update();
  sync_theme(a);
  a.session.shown().trim(attn::kShownCacheBudget);  // what the last frame did not use may go
  a.session.trim_weights(attn::kWeightsCacheBudget);

  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(a.fb_w), static_cast<float>(a.fb_h));
  io.DisplayFramebufferScale = ImVec2(1, 1);  // ImGui works in device pixels directly
  io.DeltaTime = a.last_time > 0 ? static_cast<float>((t0 - a.last_time) / 1000.0) : 1.0f / 60.0f;
  if (io.DeltaTime <= 0) io.DeltaTime = 1e-4f;
  a.last_time = t0;

  ImGui::NewFrame();
  a.ui.scale = a.dpr;
  a.ui.display_w = a.fb_w;
  a.ui.display_h = a.fb_h;
  a.ui.compact = a.fb_w / a.dpr < 600;
  a.ui.canvas_grows = a.fold_css > 0;
  a.ui.fold_y = a.fold_css > 0 ? std::min(a.fold_css * a.dpr, static_cast<float>(a.fb_h) * 4) : a.fb_h;
  ui::draw_playground(a.ui);
  ImGui::Render();

  // Draw only when the picture changed: an unchanged canvas then costs the GPU and the browser's
  // compositor nothing, which a phone's battery and an article with several embeds feel. The
  // digest covers the draw lists, the canvas size and every GPU upload; the heartbeat redraws
  // now and then anyway, in case something changed that neither shows.
  const uint64_t digest = gfx::ImGuiRenderer::digest(ImGui::GetDrawData(), a.fb_w, a.fb_h);
  if (digest != a.drawn_digest || a.always_draw || a.export_scale > 0 || t0 - a.last_draw_time > kHeartbeatMs) {
    clear_to_window_background(a.fb_w, a.fb_h);
    a.imgui_gl.render(ImGui::GetDrawData(), a.fb_w, a.fb_h);
    a.drawn_digest = digest;
    a.last_draw_time = t0;
    ++a.frames_drawn;
    a.drawn_numbers = a.session.model().trained ? "trained" : a.session.precomputed() ? "precomputed" : "untrained";
    if (a.export_scale > 0) {
      a.export_scale = 0;
      capture_export_frame();
    }
  } else {
    ++a.frames_skipped;
  }
  publish_changes(a);
  a.last_frame_ms = emscripten_get_now() - t0;
  if (!a.ready) {
    a.ready = true;
    notify_ready();
  }
}
}  // namespace

}  // namespace app

int main() {
  using namespace app;
  App& a = the_app();
  if (!glfwInit()) {
    notify_fatal("glfw", "glfwInit failed");
    return 0;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  // No depth or stencil buffer (nothing uses them) and an opaque canvas: the browser then neither
  // clears two extra buffers every frame nor blends the canvas over the page when compositing.
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  glfwWindowHint(GLFW_ALPHA_BITS, 0);
  a.window = glfwCreateWindow(640, 480, "attention playground", nullptr, nullptr);
  if (!a.window) {
    notify_fatal("webgl2", "could not create a WebGL2 context");
    return 0;
  }
  glfwMakeContextCurrent(a.window);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing persisted behind the reader's back; the URL is the state
  // Arrows belong to the playground's own shortcuts (tokens, heads), not to ImGui's widget nav.
  io.BackendPlatformName = "attention-playground-web";
  if (!a.imgui_gl.init()) {
    notify_fatal("shader", a.imgui_gl.error().c_str());
    return 0;
  }
  if (!a.heatmap.init(attn::colormap_table()[0].data())) {
    notify_fatal("shader", a.heatmap.error().c_str());
  }
  install_context_loss_handlers(a);
  a.ui.session = &a.session;
  a.ui.heatmap = &a.heatmap;
  if (a.matrices.init(attn::diverging_table()[0].data(), attn::colormap_table()[0].data())) {
    a.ui.matrices = &a.matrices;
  } else {
    notify_fatal("shader", a.matrices.error().c_str());
  }
  a.last_published = a.session.state();
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}
