// A renderer's draw queued into an ImGui draw list: it runs when ImGui renders that point of the list.
#pragma once
#include "imgui.h"

namespace ui {

// The record must outlive the frame's rendering (the draw list keeps only a pointer to it), so
// views keep theirs in a static. The renderer draws clipped to the list's clip rectangle at that
// point, then ImGui's own render state is restored.
template <class Renderer, class Draw>
struct GpuDrawCall {
  Renderer* renderer = nullptr;
  Draw draw;
  int display_w = 0, display_h = 0;

  void queue(ImDrawList* dl) {
    dl->AddCallback(&GpuDrawCall::run, this);
    dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
  }

 private:
  static void run(const ImDrawList*, const ImDrawCmd* cmd) {
    auto* g = static_cast<GpuDrawCall*>(cmd->UserCallbackData);
    for (int i = 0; i < 4; ++i) g->draw.clip[i] = (&cmd->ClipRect.x)[i];
    g->renderer->draw(g->draw, g->display_w, g->display_h);
  }
};

// Puts a queued draw on screen: the framebuffer's size and the draw's rectangle (p0 top-left,
// p1 bottom-right, framebuffer pixels). Every draw record (GpuDrawCall and the heads view's own)
// has display_w/h and draw.x0..y1.
template <class Call>
void place_call(Call& g, int display_w, int display_h, ImVec2 p0, ImVec2 p1) {
  g.display_w = display_w;
  g.display_h = display_h;
  g.draw.x0 = p0.x;
  g.draw.y0 = p0.y;
  g.draw.x1 = p1.x;
  g.draw.y1 = p1.y;
}

}  // namespace ui
