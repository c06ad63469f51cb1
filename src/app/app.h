// The web app's single state struct: the session, the renderers, the canvas and frame bookkeeping.
#pragma once
#include <cstdint>
#include <string>

#include "heatmap_renderer.h"
#include "imgui_renderer.h"
#include "matrix_renderer.h"
#include "session.h"
#include "ui_context.h"

struct GLFWwindow;

namespace app {

struct App {
  GLFWwindow* window = nullptr;
  attn::Session session;
  gfx::ImGuiRenderer imgui_gl;  // draws ImGui's lists (text, widgets)
  gfx::HeatmapRenderer heatmap;
  gfx::MatrixRenderer matrices;  // the flow view's matrices
  ui::UiContext ui;
  float dpr = 0.0f;  // device pixel ratio the fonts were built for
  int fb_w = 0, fb_h = 0;  // canvas backing store in device pixels
  double last_frame_ms = 0.0;  // time spent building and drawing the last frame
  double last_time = 0.0;
  attn::PlaygroundState last_published;  // what the URL hash last showed
  std::string last_status;
  bool ready = false;
  float export_scale = 0.0f;  // > 0: draw the next frame at this scale and hand it to the page
  bool gpu_lost = false;  // the WebGL context is gone: draw nothing until it comes back
  bool gpu_restored = false;  // it came back: rebuild every GPU object before drawing
  void (*frame_override)() = nullptr;  // the benchmark's own frames (bridge_bench.cpp), else null
  uint64_t drawn_digest = 0;  // what the canvas shows (ImGuiRenderer::digest of the last drawn frame)
  double last_draw_time = 0.0;
  bool always_draw = false;  // the benchmark measures drawn frames: no skipping
  uint64_t frames_drawn = 0, frames_skipped = 0;
  // Whose numbers the last drawn frame showed: "trained" (the model file), "precomputed" (a
  // figure pack of the trained model) or "untrained" (the stand-in). The bench times the first
  // frame with the trained model's numbers by it.
  const char* drawn_numbers = "untrained";
  // The first screen's bottom inside the canvas, in CSS pixels (the page says; 0: the whole canvas).
  float fold_css = 0.0f;
  int published_content_css = -1;  // the content height the page was last told
  // The reader's system asks for dark colours (prefers-color-scheme, reported by the page and on
  // every change): what theme=auto follows.
  bool system_prefers_dark = false;
  bool theme_applied = false;  // the active theme has been resolved from the state at least once
};

void install_context_loss_handlers(App& a);
void clear_to_window_background(int fb_w, int fb_h);
void recreate_gpu_resources(App& a);

App& the_app();
// Reads the `{method, unit}` options the JS API's attention() and linkingHeads() take: false for
// an unknown name; `by_word` resolves 'auto' the way the views do (words when a word has pieces).
bool read_method_and_unit(attn::Session& s, const char* method, const char* unit, attn::AttnMethod* m, bool* by_word);
// Keeps `s` until the next call and returns it for JavaScript (web_bridge.cpp): the bridges' one buffer.
const char* hand_out(std::string s);
// Frees the previous answer before a large one is built (a 1024-piece matrix is ~10 MB of JSON):
// otherwise both sit in the WASM heap at once, and the heap never shrinks.
void drop_last_answer();

// Bridge calls from C++ to the page (implemented with EM_JS in web_bridge.cpp).
void notify_ready();
void notify_state(const std::string& hash);
void notify_status(const std::string& text);
// How tall the frame's content is (CSS pixels): the full page's canvas grows to it.
void notify_content_height(int css_px);
void notify_fatal(const char* code, const char* detail);
void capture_export_frame();

}  // namespace app
