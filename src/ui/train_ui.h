// What the train view keeps between frames: its GPU heatmap and where it drew things (the run is the core's LiveRun).
#pragma once
#include "flow_crowd_ui.h"
#include "heatmap_renderer.h"

namespace ui {

struct UiContext;

struct TrainUi {
  // Its own heatmap renderer (its own texture: the heatmap view's upload cache stays valid), built
  // on first use and again after a lost WebGL context.
  gfx::HeatmapRenderer heatmap;
  bool gpu_tried = false, gpu_ok = false;

  int compact_panel = 0;  // phones show one of: 0 heatmap, 1 Q and K
  // Drawn last frame, in device pixels (the bridge turns them into CSS pixels for tests).
  PixelRect heatmap_rect, loss_rect, accuracy_rect, qk_rect;
  int heatmap_n = 0;
  int drawn_layer = 0, drawn_head = 0;
  bool shown_frame = false;
};
// The run itself (trainer, play/pause, the shown example's trace, timings) is the core's:
// attn::LiveRun, owned by the session and changed through its train_* actions.

}  // namespace ui
