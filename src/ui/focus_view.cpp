// `focus`: pick a token and see one weight per token, as highlighted text and as bars.
#include <algorithm>
#include <cstdio>

#include "i18n.h"
#include "ui_context.h"

namespace ui {

namespace {
// Dark text on bright cells, light text on dark ones (the colour map's lightness rises with weight).
ImU32 text_on(float weight) { return weight > 0.55f ? IM_COL32(20, 20, 30, 255) : IM_COL32(240, 240, 245, 255); }
}  // namespace

void draw_focus_view(UiContext& ctx, ImVec2 size) {
  attn::Session& s = *ctx.session;
  const attn::PlaygroundState& st = s.state();
  const attn::Lang lang = st.lang;
  const attn::Mat* W = s.weights(st.layer, st.head);
  const auto& toks = s.tokens();
  const int n = static_cast<int>(toks.size());
  if (!W || n == 0) return;
  const int f = st.focus;
  const float font = ImGui::GetFontSize();
  auto is_hidden = [&](int i) { return std::find(st.hidden.begin(), st.hidden.end(), i) != st.hidden.end(); };

  Eigen::Index best = 0;
  W->row(f).maxCoeff(&best);
  char line[256];
  std::snprintf(line, sizeof line, tr(Str::FocusAttendsMost, lang), toks[f].text.c_str(),
                toks[best].text.c_str(), static_cast<double>((*W)(f, best) * 100.0f));
  ctx.status_line = line;
  ImGui::TextDisabled("%s", tr(Str::FocusHelp, lang));
  ImGui::TextUnformatted(line);

  // The sentence, each token's background coloured by how much the chosen token attends to it.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float right = ImGui::GetCursorScreenPos().x + size.x;
  const ImVec2 pad(font * 0.3f, font * 0.2f);
  ImVec2 p = ImGui::GetCursorScreenPos();
  const float x_start = p.x;
  for (int i = 0; i < n; ++i) {
    const ImVec2 ts = ImGui::CalcTextSize(toks[i].text.c_str());
    const float w = ts.x + pad.x * 2, h = ts.y + pad.y * 2;
    if (p.x + w > right && p.x > x_start) { p.x = x_start; p.y += h + font * 0.3f; }
    const float weight = (*W)(f, i);
    ImGui::SetCursorScreenPos(p);
    ImGui::PushID(i);
    if (ImGui::InvisibleButton("tok", ImVec2(w, h))) s.set_focus(i);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%.4f", static_cast<double>(weight));
    ImGui::PopID();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), colormap_u32(weight), font * 0.2f);
    if (i == f) dl->AddRect(p, ImVec2(p.x + w, p.y + h), IM_COL32(255, 255, 255, 255), font * 0.2f, 0, 2.0f * ctx.scale);
    dl->AddText(ImVec2(p.x + pad.x, p.y + pad.y), is_hidden(i) ? IM_COL32(150, 150, 150, 255) : text_on(weight),
                toks[i].text.c_str());
    p.x += w + font * 0.25f;
    if (i == n - 1) p.y += h;
  }
  ImGui::SetCursorScreenPos(ImVec2(x_start, p.y + font * 0.5f));
  ImGui::Separator();

  // One bar per key token, with the exact weight and a switch to hide that key.
  ImGui::BeginChild("bars", ImVec2(0, 0), false);
  float label_w = 0;
  for (const attn::Token& t : toks) label_w = std::max(label_w, ImGui::CalcTextSize(t.text.c_str()).x);
  label_w = std::min(label_w, size.x * 0.3f);
  const float bar_w = std::max(font * 4, ImGui::GetContentRegionAvail().x - label_w - font * 8);
  for (int i = 0; i < n; ++i) {
    const float weight = (*W)(f, i);
    ImGui::PushID(i);
    bool visible = !is_hidden(i);
    if (ImGui::Checkbox("##visible", &visible)) s.toggle_hidden(i);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(visible ? Str::HideToken : Str::ShowToken, lang));
    ImGui::SameLine();
    const ImVec2 q = ImGui::GetCursorScreenPos();
    ImGui::TextUnformatted(toks[i].text.c_str());
    ImGui::SameLine(q.x - ImGui::GetWindowPos().x + label_w + font * 0.5f);
    const ImVec2 b = ImGui::GetCursorScreenPos();
    const float bh = font * 0.9f;
    dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(b, ImVec2(b.x + bar_w, b.y + bh), IM_COL32(60, 60, 70, 255));
    dl->AddRectFilled(b, ImVec2(b.x + bar_w * weight, b.y + bh), colormap_u32(weight));
    ImGui::Dummy(ImVec2(bar_w, bh));
    ImGui::SameLine();
    if (is_hidden(i)) ImGui::TextDisabled("%.4f %s", static_cast<double>(weight), tr(Str::HiddenToken, lang));
    else ImGui::Text("%.4f", static_cast<double>(weight));
    ImGui::PopID();
  }
  ImGui::EndChild();
}

}  // namespace ui
