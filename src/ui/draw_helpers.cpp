// Small drawing helpers shared by the views: shortened labels, colour-map colours, rotated labels.
#include <cmath>

#include "colormap.h"
#include "ui_context.h"

namespace ui {

std::string short_label(const std::string& s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
  return s.substr(0, cut) + "…";
}

ImU32 colormap_u32(float value) {
  const attn::Rgba8 c = attn::colormap(value);
  return IM_COL32(c[0], c[1], c[2], c[3]);
}

void add_text_rotated(ImDrawList* dl, ImVec2 pos, ImU32 colour, const char* text, float angle) {
  // ImGui has no rotated text: draw it normally, then turn the vertices it just added.
  const int first = dl->VtxBuffer.Size;
  dl->AddText(pos, colour, text);
  const float c = std::cos(angle), s = std::sin(angle);
  for (int i = first; i < dl->VtxBuffer.Size; ++i) {
    ImVec2& p = dl->VtxBuffer[i].pos;
    const float dx = p.x - pos.x, dy = p.y - pos.y;
    p = ImVec2(pos.x + dx * c - dy * s, pos.y + dx * s + dy * c);
  }
}

}  // namespace ui
