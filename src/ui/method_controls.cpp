// The switches between raw weights, contributions and rollout, and between pieces and words.
#include <cstdio>
#include <string>

#include "i18n.h"
#include "ui_context.h"

namespace ui {

namespace {
// "Whole words": on = the word unit, off = pieces (the state's Auto resolved for the box).
void unit_checkbox(attn::Session& s) {
  const attn::Lang lang = s.state().lang;
  bool words = s.shown().by_word(s);
  if (ImGui::Checkbox(tr(Str::UnitWords, lang), &words))
    s.set_unit(words ? attn::AttnUnit::Word : attn::AttnUnit::Piece);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::UnitWordsHelp, lang));
}
}  // namespace

bool method_help_open(const UiContext& ctx) {
  if (ctx.bare_figure()) return false;  // a figure's paragraph explains; the menu shows the rest
  if (ctx.method_help >= 0) return ctx.method_help == 1;
  return ImGui::GetContentRegionAvail().x > ImGui::GetFontSize() * 40;  // wide enough to keep a large picture
}

void draw_method_controls(UiContext& ctx, bool methods) {
  attn::Session& s = *ctx.session;
  const attn::PlaygroundState& st = s.state();
  const attn::Lang lang = st.lang;
  const Str names[] = {Str::MethodRaw, Str::MethodNorm, Str::MethodRollout};
  const int current = static_cast<int>(st.method);
  const ImGuiStyle& style = ImGui::GetStyle();
  // A control goes on the same line only when it fits (a phone is narrower than the four of them).
  auto same_line_if_fits = [&](float w) {
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < w) ImGui::NewLine();
  };
  if (!ctx.shows(attn::FigureControl::Method)) return;
  const float box = ImGui::GetFrameHeight() + style.ItemInnerSpacing.x;
  if (ctx.row_open && (methods || s.shown().words_differ(s))) {  // on the shared row when the group fits
    float group = ImGui::CalcTextSize(tr(Str::MethodLabel, lang)).x + ImGui::GetFrameHeight() * 1.5f;
    for (Str n : names) group += box + ImGui::CalcTextSize(tr(n, lang)).x + style.ItemSpacing.x * 2;
    same_line_if_fits(methods ? group : box + ImGui::CalcTextSize(tr(Str::UnitWords, lang)).x);
    ctx.row_open = false;
  }
  if (!methods) {  // the words / pieces switch alone, on its own line (nothing to show when they agree)
    if (s.shown().words_differ(s)) unit_checkbox(s);
    return;
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr(Str::MethodLabel, lang));
  // Each way of reading the numbers has its "?" beside it (room for it is kept on the line).
  const Term terms[] = {Term::Weight, Term::Contribution, Term::Rollout};
  for (int m = 0; m < 3; ++m) {
    same_line_if_fits(box + ImGui::CalcTextSize(tr(names[m], lang)).x + ImGui::GetFontSize() * 1.5f);
    if (ImGui::RadioButton(tr(names[m], lang), current == m)) s.set_method(static_cast<attn::AttnMethod>(m));
    term_help(ctx, {terms[m]});
  }
  same_line_if_fits(ImGui::GetFrameHeight() * 1.5f);
  const bool open = method_help_open(ctx);
  if (ImGui::Button(open ? "×" : "?", ImVec2(ImGui::GetFrameHeight() * 1.2f, 0))) ctx.method_help = open ? 0 : 1;
  if (s.shown().words_differ(s)) {
    same_line_if_fits(box + ImGui::CalcTextSize(tr(Str::UnitWords, lang)).x);
    unit_checkbox(s);
  }
}

std::string method_explanation(const attn::Session& s, attn::Lang lang) {
  const Str helps[] = {Str::MethodRawHelp, Str::MethodNormHelp, Str::MethodRolloutHelp};
  const attn::AttnMethod m = s.state().method;
  std::string text = tr(helps[static_cast<int>(m)], lang);
  if (m != attn::AttnMethod::Raw) text += std::string(" ") + tr(Str::MethodCaveat, lang);
  return text;
}

std::string sink_sentence(attn::Session& s, attn::Lang lang) {
  const attn::PlaygroundState& st = s.state();
  if (st.method == attn::AttnMethod::Rollout) return "";
  const bool by_word = s.shown().by_word(s);
  const attn::ShownMatrix* raw = s.shown().get(s, st.layer, st.head, attn::AttnMethod::Raw, by_word);
  const attn::ShownMatrix* norm = s.shown().get(s, st.layer, st.head, attn::AttnMethod::Norm, by_word);
  if (!raw || !norm) return "";
  const attn::SinkFinding sink = attn::find_sink(raw->values(), norm->values(), raw->focus);
  if (sink.key < 0) return "";
  char buf[512];
  std::snprintf(buf, sizeof buf, tr(Str::SinkNote, lang), raw->labels[sink.key].c_str(),
                static_cast<double>(sink.weight * 100), raw->labels[raw->focus].c_str(),
                static_cast<double>(sink.contribution * 100));
  return buf;
}

}  // namespace ui
