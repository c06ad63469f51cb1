// Matrix drawing for the views: an ImDrawList callback per matrix hands the rectangle to the GPU.
#include "matrix_panel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "colormap.h"
#include "gpu_draw_call.h"
#include "i18n.h"
#include "theme_style.h"

namespace ui {

namespace {
using GpuMatrix = GpuDrawCall<const gfx::MatrixRenderer, gfx::MatrixDraw>;
GpuMatrix g_gpu[gfx::MatrixRenderer::kSlots];  // one record per renderer slot

ImU32 to_u32(const attn::Rgba8& c) { return IM_COL32(c[0], c[1], c[2], c[3]); }
}  // namespace

float matrix_scale(const attn::Mat& m) {
  float s = 0;
  for (Eigen::Index i = 0; i < m.size(); ++i) {
    const float v = m.data()[i];
    if (std::isfinite(v)) s = std::max(s, std::fabs(v));
  }
  return s > 0 ? s : 1.0f;
}

bool queue_matrix(UiContext& ctx, int slot, const attn::Mat& m, uint64_t revision, ImVec2 p0, ImVec2 p1, float scale,
                  bool weights_map) {
  if (!ctx.matrices || slot < 0 || slot >= gfx::MatrixRenderer::kSlots) return false;
  ctx.matrices->upload(slot, m.data(), static_cast<int>(m.rows()), static_cast<int>(m.cols()), revision);
  GpuMatrix& g = g_gpu[slot];
  g.renderer = ctx.matrices;
  g.draw = gfx::MatrixDraw{};
  g.draw.slot = slot;
  place_call(g, ctx.display_w, ctx.display_h, p0, p1);
  g.draw.scale = scale;
  g.draw.weights_map = weights_map;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(p0, p1, true);
  g.queue(dl);
  dl->PopClipRect();
  return true;
}

ImU32 diverging_u32(float value, float scale) {
  return to_u32(attn::diverging_colormap(scale > 0 ? value / scale : 0.0f));
}

namespace {
// "lo [bar] hi" from p: the bar bar_w wide in 48 steps coloured by colour(t), t from 0 to 1, the
// texts centred on the bar's height h. Returns where the bar starts.
template <class Colour>
float draw_legend_row(ImDrawList* dl, ImVec2 p, float h, const char* lo, const char* hi, float bar_w, Colour colour) {
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  const float font = ImGui::GetFontSize();
  const float ty = p.y + (h - font) * 0.5f;
  dl->AddText(ImVec2(p.x, ty), text, lo);
  const float bx = p.x + ImGui::CalcTextSize(lo).x + font * 0.4f;
  const int steps = 48;
  for (int i = 0; i < steps; ++i) {
    const float x0 = bx + bar_w * i / steps, x1 = bx + bar_w * (i + 1) / steps;
    dl->AddRectFilled(ImVec2(x0, p.y), ImVec2(x1 + 0.5f, p.y + h), colour(i / float(steps - 1)));
  }
  dl->AddText(ImVec2(bx + bar_w + font * 0.4f, ty), text, hi);
  return bx;
}
}  // namespace

float draw_signed_legend(ImDrawList* dl, ImVec2 p, float max_w, float h, bool with_masked, attn::Lang lang) {
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  const float font = ImGui::GetFontSize();
  const char* lo = tr(Str::LegendNegative, lang);
  const char* hi = tr(Str::LegendPositive, lang);
  const char* note = tr(Str::LegendPerMatrix, lang);
  const float lo_w = ImGui::CalcTextSize(lo).x, hi_w = ImGui::CalcTextSize(hi).x;
  const float masked_w = with_masked ? ImGui::CalcTextSize(tr(Str::FlowMasked, lang)).x + h * 2 + font : 0;
  const float bar_w = std::clamp(max_w - lo_w - hi_w - masked_w - font, font * 3, font * 8);
  const float ty = p.y + (h - font) * 0.5f;
  const float bx =
      draw_legend_row(dl, p, h, lo, hi, bar_w, [](float t) { return to_u32(attn::diverging_colormap(t * 2 - 1)); });
  dl->AddLine(ImVec2(bx + bar_w * 0.5f, p.y - 2), ImVec2(bx + bar_w * 0.5f, p.y + h + 2), text);  // the zero
  float x = bx + bar_w + font * 0.4f + hi_w;
  if (with_masked) {
    x += font * 0.6f;
    // The same stripes the shader draws for -inf.
    const ImVec2 b0(x, p.y), b1(x + h * 1.6f, p.y + h);
    dl->AddRectFilled(b0, b1, u32(palette().hatch[1]));
    dl->PushClipRect(b0, b1, true);
    for (float s = -h; s < b1.x - b0.x; s += h * 0.45f)
      dl->AddLine(ImVec2(x + s, p.y + h), ImVec2(x + s + h, p.y), u32(palette().hatch[0]), std::max(1.0f, h * 0.15f));
    dl->PopClipRect();
    dl->AddText(ImVec2(x + h * 2, ty), text, tr(Str::FlowMasked, lang));
    x += h * 2 + ImGui::CalcTextSize(tr(Str::FlowMasked, lang)).x;
  }
  // Each matrix has its own colour scale; said when there is room (the hover tooltip says it too).
  const float note_w = ImGui::CalcTextSize(note).x;
  if (x + font * 0.6f + note_w <= p.x + max_w) {
    dl->AddText(ImVec2(x + font * 0.6f, ty), ImGui::GetColorU32(ImGuiCol_TextDisabled), note);
    x += font * 0.6f + note_w;
  }
  return x - p.x;
}

float draw_weights_legend(ImDrawList* dl, ImVec2 p, float max_w, float h, attn::Lang lang) {
  const float font = ImGui::GetFontSize();
  char lo[48], hi[48];
  std::snprintf(lo, sizeof lo, "0 %s", tr(Str::LegendLow, lang));
  std::snprintf(hi, sizeof hi, "1 %s", tr(Str::LegendHigh, lang));
  const float lo_w = ImGui::CalcTextSize(lo).x, hi_w = ImGui::CalcTextSize(hi).x;
  const float bar_w = std::clamp(max_w - lo_w - hi_w - font, font * 3, font * 8);
  const float bx = draw_legend_row(dl, p, h, lo, hi, bar_w, [](float t) { return colormap_u32(t); });
  return bx + bar_w + font * 0.4f + hi_w - p.x;
}

}  // namespace ui
