// The views' own GPU objects, released together when the WebGL context is lost.
#include "links_heads_ui.h"
#include "ui_context.h"

namespace ui {

void release_view_gpu_resources(UiContext& ctx) {
  LinksHeadsUi& lh = ctx.links_heads;
  lh.links_gpu.shutdown();
  lh.heads_atlas.shutdown();
  lh.heads_blend.shutdown();
  lh.gpu_tried = false;  // ensure_links_heads_gpu() builds them again on first use
  lh.gpu_error.clear();
  ctx.train.heatmap.shutdown();
  ctx.train.gpu_tried = ctx.train.gpu_ok = false;  // the train view builds its heatmap again
}

}  // namespace ui
