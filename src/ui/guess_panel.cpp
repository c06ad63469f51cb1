// "What does the model guess?": the chosen token behind [MASK], the top guesses, and the attention shift.
#include <algorithm>
#include <cstdio>

#include "i18n.h"
#include "ui_context.h"
#include "theme_style.h"

namespace ui {

void draw_guess_panel(UiContext& ctx) {
  attn::Session& s = *ctx.session;
  const attn::PlaygroundState& st = s.state();
  const attn::Lang lang = st.lang;
  const auto& toks = s.tokens();
  const int f = st.focus;
  if (toks.empty() || f >= static_cast<int>(toks.size())) return;
  const float font = ImGui::GetFontSize();
  char line[256];
  std::snprintf(line, sizeof line, tr(Str::GuessTitle, lang), toks[f].text.c_str());
  if (!ImGui::CollapsingHeader(line, ctx.guess_open ? ImGuiTreeNodeFlags_DefaultOpen : 0)) {
    ctx.guess_open = false;
    return;
  }
  ctx.guess_open = true;
  if (!s.has_vocab()) {
    ImGui::TextDisabled("%s", tr(Str::GuessNeedsModel, lang));
    return;
  }
  const attn::Session::MaskedGuess& g = s.masked_guess(f);
  const attn::Mat* before = s.weights(st.layer, st.head);
  if (g.position != f || !before) return;

  // The guesses as bars (probability over the whole vocabulary, as the core computed it).
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float bar_w = std::min(ImGui::GetContentRegionAvail().x * 0.5f, font * 14);
  for (const attn::Guess& x : g.guesses) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = font * 1.1f;
    dl->AddRectFilled(p, ImVec2(p.x + bar_w, p.y + h), u32(palette().track));
    dl->AddRectFilled(p, ImVec2(p.x + bar_w * x.prob, p.y + h), colormap_u32(x.prob));
    ImGui::Dummy(ImVec2(bar_w, h));
    ImGui::SameLine();
    ImGui::Text("%s%s  %.1f%%", x.continuation ? "-" : "", x.text.c_str(), static_cast<double>(x.prob * 100.0f));
  }

  // How the chosen token's own row of weights moved: before (as typed) and after (hidden).
  std::snprintf(line, sizeof line, tr(Str::GuessAttentionChange, lang), toks[f].text.c_str());
  ImGui::TextWrapped("%s", line);
  const int n = static_cast<int>(toks.size());
  const float cell = std::clamp((ImGui::GetContentRegionAvail().x - font * 5) / n, font * 0.6f, font * 2.2f);
  for (int pass = 0; pass < 2; ++pass) {
    const attn::Mat& W = pass == 0 ? *before : g.weights;
    ImGui::TextUnformatted(tr(pass == 0 ? Str::GuessAttentionBefore : Str::GuessAttentionAfter, lang));
    ImGui::SameLine(font * 4.5f);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    for (int j = 0; j < n; ++j) {
      const ImVec2 a(p.x + j * cell, p.y), b(p.x + (j + 1) * cell - 1, p.y + font);
      dl->AddRectFilled(a, b, colormap_u32(W(f, j)));
      if (ImGui::IsMouseHoveringRect(a, b))
        ImGui::SetTooltip("%s: %.4f", toks[j].text.c_str(), static_cast<double>(W(f, j)));
    }
    ImGui::Dummy(ImVec2(cell * n, font));
  }
}

}  // namespace ui
