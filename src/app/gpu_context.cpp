// WebGL context loss and restore: stop drawing while lost, rebuild every GPU object when it returns.
#include <emscripten/html5.h>

#include "app.h"
#include "colormap.h"
#include "imgui.h"

namespace app {

namespace {
EM_BOOL on_context_lost(int, const void*, void* user) {
  static_cast<App*>(user)->gpu_lost = true;
  return EM_TRUE;  // handled: the browser may restore the context later
}

EM_BOOL on_context_restored(int, const void*, void* user) {
  static_cast<App*>(user)->gpu_restored = true;
  return EM_TRUE;
}
}  // namespace

void install_context_loss_handlers(App& a) {
  emscripten_set_webglcontextlost_callback("#canvas", &a, EM_TRUE, on_context_lost);
  emscripten_set_webglcontextrestored_callback("#canvas", &a, EM_TRUE, on_context_restored);
}

// Every texture, buffer and program died with the old context. Deleting the stale handles is
// harmless (WebGL ignores objects of a lost context), then each renderer builds itself again.
void recreate_gpu_resources(App& a) {
  a.imgui_gl.shutdown();
  a.imgui_gl.init();
  a.imgui_gl.upload_font_atlas();  // before NewFrame, so this frame's text already uses it
  a.heatmap.shutdown();
  a.heatmap.init(attn::colormap_table()[0].data());
  a.matrices.shutdown();
  a.matrices.init(attn::diverging_table()[0].data(), attn::colormap_table()[0].data());
  ui::release_view_gpu_resources(a.ui);
  a.gpu_lost = a.gpu_restored = false;
}

}  // namespace app
