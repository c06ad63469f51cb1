// Builds ImGui's colours from the core theme table, so widgets, views and the page share one definition.
#include "theme_style.h"

#include <cstring>

#include "colormap.h"

namespace ui {

namespace {
ImVec4 v4(const attn::Rgba8& c) { return ImVec4(c[0] / 255.0f, c[1] / 255.0f, c[2] / 255.0f, c[3] / 255.0f); }
}  // namespace

ImU32 text_on_weight(float weight) { return u32(attn::text_on(palette(), attn::colormap(weight))); }

void apply_theme_style(ImGuiStyle& style, const attn::Theme& t) {
  // ImGui's own light or dark set first: scrollbars, resize grips and the like keep its choices.
  if (std::strcmp(t.name, "dark") == 0)
    ImGui::StyleColorsDark(&style);
  else
    ImGui::StyleColorsLight(&style);
  ImVec4* c = style.Colors;
  c[ImGuiCol_WindowBg] = c[ImGuiCol_ChildBg] = v4(t.background);
  c[ImGuiCol_PopupBg] = v4(t.popup);
  c[ImGuiCol_Text] = v4(t.text);
  c[ImGuiCol_TextDisabled] = v4(t.text_dim);
  c[ImGuiCol_Border] = c[ImGuiCol_Separator] = v4(t.border);
  c[ImGuiCol_Button] = c[ImGuiCol_Header] = c[ImGuiCol_Tab] = v4(t.button);
  c[ImGuiCol_ButtonHovered] = c[ImGuiCol_HeaderHovered] = c[ImGuiCol_TabHovered] = v4(t.button_hover);
  c[ImGuiCol_ButtonActive] = c[ImGuiCol_HeaderActive] = c[ImGuiCol_TabActive] = v4(t.button_active);
  c[ImGuiCol_FrameBg] = v4(t.frame);
  c[ImGuiCol_FrameBgHovered] = v4(t.frame_hover);
  c[ImGuiCol_FrameBgActive] = v4(t.frame_active);
  c[ImGuiCol_CheckMark] = c[ImGuiCol_SliderGrabActive] = v4(t.text);
  c[ImGuiCol_SliderGrab] = v4(t.axis);
  c[ImGuiCol_ScrollbarBg] = v4(t.background);
}

}  // namespace ui
