// The views' access to the theme in use: its colours as ImGui colours, and the ImGui style built from it.
#pragma once
#include "active_theme.h"
#include "imgui.h"

namespace ui {

inline const attn::Theme& palette() { return gfx::active_theme(); }
// `alpha` < 0 keeps the table's own.
inline ImU32 u32(const attn::Rgba8& c, int alpha = -1) { return IM_COL32(c[0], c[1], c[2], alpha < 0 ? c[3] : alpha); }
// Ink that reads on a colour-map cell of `weight` (attn::text_on: black or white, 4.5:1 at least).
ImU32 text_on_weight(float weight);

// ImGui's widget colours from the theme table (the rest of ImGui's own light or dark style stays).
void apply_theme_style(ImGuiStyle& style, const attn::Theme& t);

}  // namespace ui
