// Small drawing helpers shared by the views: shortened labels, colour-map colours, rotated labels.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>

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
  // ImGui has no rotated text: draw it normally, then turn the vertices it just added. AddText
  // drops glyphs outside the clip rect before they are turned (a last column's label lost its last
  // letters: "thảm" read "thả"), so the glyphs are culled against the clip rect turned back instead.
  const float c = std::cos(angle), s = std::sin(angle);
  const ImVec4 clip = dl->_CmdHeader.ClipRect;
  ImVec4 back(FLT_MAX, FLT_MAX, -FLT_MAX, -FLT_MAX);
  for (const ImVec2 q :
       {ImVec2(clip.x, clip.y), ImVec2(clip.z, clip.y), ImVec2(clip.x, clip.w), ImVec2(clip.z, clip.w)}) {
    const float dx = q.x - pos.x, dy = q.y - pos.y;
    const ImVec2 u(pos.x + dx * c + dy * s, pos.y - dx * s + dy * c);  // q turned by -angle about pos
    back = ImVec4(std::min(back.x, u.x), std::min(back.y, u.y), std::max(back.z, u.x), std::max(back.w, u.y));
  }
  const int first = dl->VtxBuffer.Size;
  if ((colour & IM_COL32_A_MASK) != 0)
    ImGui::GetFont()->RenderText(dl, ImGui::GetFontSize(), pos, colour, back, text, text + std::strlen(text));
  for (int i = first; i < dl->VtxBuffer.Size; ++i) {
    ImVec2& p = dl->VtxBuffer[i].pos;
    const float dx = p.x - pos.x, dy = p.y - pos.y;
    p = ImVec2(pos.x + dx * c - dy * s, pos.y + dx * s + dy * c);
  }
}

}  // namespace ui
