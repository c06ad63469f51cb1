// Pieces of the train view shared by its files: token chips, the curves, the heatmap and the Q/K rows.
#pragma once
#include "imgui.h"
#include "live_tasks.h"
#include "ui_context.h"

namespace ui {

// A token as the reader sees it: a crowd person is its name with a hat and a shirt, a question is
// "?" with the asked hat or shirt, a letter is itself. Stacked puts the hat and shirt under the
// name (two lines, for column headings); Looks leaves a person's name out when columns are narrow
// (the rows still name everyone). Returns the width; draws nothing when dl is null.
enum class Chip { Inline, Stacked, Looks };
float draw_token_chip(ImDrawList* dl, ImVec2 pos, int id, attn::LiveTask task, attn::Lang lang, Chip style);

// The loss per step and, beside it, accuracy and attention on the answer on fresh examples.
void draw_train_curves(UiContext& ctx, ImVec2 p0, ImVec2 p1);
// The shown example's weights for (layer, head) in [p0, p1]: labels, cells, the chosen row.
void draw_train_heatmap(UiContext& ctx, ImVec2 p0, ImVec2 p1, int layer, int head);
// The chosen row's Q above every token's K (columns sorted by Q), with scores and weights.
void draw_train_qk(UiContext& ctx, ImVec2 p0, ImVec2 p1, int layer, int head);

// A wrapped tooltip for the last item (hover with a mouse, press and hold on a touch screen).
void train_help_tooltip(const char* text);

}  // namespace ui
