// Which controls an article figure (an embed, ?embed=1) shows: the link's `controls=` list, or each view's defaults.
#pragma once
#include <cstdint>
#include <string>

#include "playground_state.h"

namespace attn {

// One bit per control a figure can show above or beside its picture. Everything else waits
// behind the figure's one menu.
enum class FigureControl : uint32_t {
  Text = 1u << 0,  // the text field (the page's, outside the canvas)
  Views = 1u << 1,  // the view tabs
  Layer = 1u << 2,
  Head = 1u << 3,  // the head menu, or the head chips of the views that have them
  Mask = 1u << 4,  // bidirectional / causal
  Temperature = 1u << 5,
  Method = 1u << 6,  // weights / contribution / rollout and words / pieces
  Token = 1u << 7,  // choosing the token from a menu (the flow view); taps on the picture always work
  Query = 1u << 8,  // the crowd's query chips and scene
  Step = 1u << 9,  // the flow's back / next / play
};

struct FigureControls {
  bool given = false;  // the link named them (even as an empty list); otherwise each view's defaults
  uint32_t bits = 0;
  std::string unknown;  // the first name that was not understood ("" when all were)
};

// "text,head" -> Text | Head. Names: text, views, layer, head, mask, temperature (or temp), method,
// token, query, step, all. Unknown names are skipped (and the first is reported); spaces are ignored.
FigureControls parse_figure_controls(const std::string& list);
// What a figure of view `v` shows when its link names no controls: what that view's paragraph
// talks about (focus: the text and the token; flow: the steps; crowd: the query; heatmap: the text,
// layer and head; links: the text and head; heads: the text).
uint32_t default_figure_controls(View v);
bool figure_shows(const FigureControls& c, View v, FigureControl which);

}  // namespace attn
