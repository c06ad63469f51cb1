// The switches between raw weights, contributions and rollout, and between pieces and words.
#include <cstdio>
#include <string>

#include "i18n.h"
#include "ui_context.h"

namespace ui {

namespace {
// A sink: the key takes at least this share of the row's weight but gives under half of it.
constexpr float kSinkWeight = 0.3f;
constexpr float kSinkRatio = 0.5f;
}  // namespace

void draw_method_controls(UiContext& ctx) {
  attn::Session& s = *ctx.session;
  const attn::PlaygroundState& st = s.state();
  const attn::Lang lang = st.lang;
  const Str names[] = {Str::MethodRaw, Str::MethodNorm, Str::MethodRollout};
  const Str helps[] = {Str::MethodRawHelp, Str::MethodNormHelp, Str::MethodRolloutHelp};
  const int current = static_cast<int>(st.method);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr(Str::MethodLabel, lang));
  for (int m = 0; m < 3; ++m) {
    ImGui::SameLine();
    if (ImGui::RadioButton(tr(names[m], lang), current == m)) s.set_method(static_cast<attn::AttnMethod>(m));
  }
  if (s.shown().words_differ(s)) {
    ImGui::SameLine();
    bool words = s.shown().by_word(s);
    if (ImGui::Checkbox(tr(Str::UnitWords, lang), &words)) s.set_unit(words ? attn::AttnUnit::Word : attn::AttnUnit::Piece);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::UnitWordsHelp, lang));
  }
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s %s", tr(helps[static_cast<int>(s.state().method)], lang),
                     s.state().method == attn::AttnMethod::Raw ? "" : tr(Str::MethodCaveat, lang));
  ImGui::PopStyleColor();
}

std::string sink_sentence(attn::Session& s, attn::Lang lang) {
  const attn::PlaygroundState& st = s.state();
  if (st.method == attn::AttnMethod::Rollout) return "";
  const bool by_word = s.shown().by_word(s);
  const attn::ShownMatrix* raw = s.shown().get(s, st.layer, st.head, attn::AttnMethod::Raw, by_word);
  const attn::ShownMatrix* norm = s.shown().get(s, st.layer, st.head, attn::AttnMethod::Norm, by_word);
  if (!raw || !norm) return "";
  const int f = raw->focus;
  Eigen::Index key = 0;
  const float w = raw->values.row(f).maxCoeff(&key), c = norm->values(f, key);
  if (w < kSinkWeight || c >= kSinkRatio * w) return "";
  char buf[512];
  std::snprintf(buf, sizeof buf, tr(Str::SinkNote, lang), raw->labels[key].c_str(), static_cast<double>(w * 100),
                raw->labels[f].c_str(), static_cast<double>(c * 100));
  return buf;
}

}  // namespace ui
