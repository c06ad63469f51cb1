// `focus`: pick a token and see one weight per token, as highlighted text and as bars.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "i18n.h"
#include "ui_context.h"
#include "theme_style.h"

namespace ui {

namespace {
// Black or white, whichever reads on the cell (4.5:1 over the whole colour map).
ImU32 text_on(float weight) { return text_on_weight(weight); }

// A new line of the picture where the reader broke the line, or where a new speaker starts
// ("... ? Minh: ..."), so a conversation reads as turns.
bool starts_new_line(const std::string& text, const std::vector<attn::Token>& toks, int i) {
  if (i <= 0) return false;
  for (size_t b = toks[i - 1].end; b < toks[i].begin && b < text.size(); ++b)
    if (text[b] == '\n') return true;
  const std::string& before = toks[i - 1].text;
  const bool sentence_ended = before == "." || before == "?" || before == "!" || before == "…";
  return sentence_ended && i + 1 < static_cast<int>(toks.size()) && toks[i + 1].text == ":";
}

// Inside a child that ends the view: the picture runs from `top` to what was drawn, or to the
// child's bottom when its rows scroll past it.
void set_picture_to_content(UiContext& ctx, ImVec2 top) {
  const float child_bottom = ImGui::GetWindowPos().y + ImGui::GetWindowSize().y;
  const float drawn_bottom = ImGui::GetCursorScreenPos().y;
  ctx.set_picture(top,
                  ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowSize().x, std::min(child_bottom, drawn_bottom)));
}

// One row per key token: a switch to hide it, and each head's weight as a short bar with its number.
void draw_heads_key_list(UiContext& ctx, const std::vector<int>& heads, const std::vector<const attn::Mat*>& W) {
  attn::Session& s = *ctx.session;
  const attn::PlaygroundState& st = s.state();
  const attn::Lang lang = st.lang;
  const auto& toks = s.tokens();
  const int n = static_cast<int>(toks.size()), f = st.focus;
  const float font = ImGui::GetFontSize();
  auto is_hidden = [&](int i) { return std::find(st.hidden.begin(), st.hidden.end(), i) != st.hidden.end(); };
  float label_w = 0;
  for (const attn::Token& t : toks) label_w = std::max(label_w, ImGui::CalcTextSize(t.text.c_str()).x);
  const float number_w = ImGui::CalcTextSize("0.00 ").x * static_cast<float>(heads.size());
  label_w = std::min(label_w, ImGui::GetContentRegionAvail().x * 0.25f);
  const float bar_w = std::clamp(
      ImGui::GetContentRegionAvail().x - label_w - number_w - ImGui::GetFrameHeight() - font * 2, font * 3, font * 18);
  char num[16];
  for (int i = 0; i < n; ++i) {
    ImGui::PushID(i);
    bool visible = !is_hidden(i);
    if (ImGui::Checkbox("##visible", &visible)) s.toggle_hidden(i);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(visible ? Str::HideToken : Str::ShowToken, lang));
    ImGui::SameLine();
    const ImVec2 q = ImGui::GetCursorScreenPos();
    if (visible)
      ImGui::TextUnformatted(toks[i].text.c_str());
    else
      ImGui::TextDisabled("%s", toks[i].text.c_str());
    ImGui::SameLine(q.x - ImGui::GetWindowPos().x + label_w + font * 0.5f);
    const ImVec2 b = ImGui::GetCursorScreenPos();
    const float row_h = ImGui::GetFrameHeight(), step = row_h / static_cast<float>(std::max<size_t>(1, heads.size()));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (size_t k = 0; k < heads.size(); ++k) {
      const float y = b.y + step * k;
      dl->AddRectFilled(ImVec2(b.x, y), ImVec2(b.x + bar_w, y + step * 0.8f), u32(palette().track));
      dl->AddRectFilled(ImVec2(b.x, y), ImVec2(b.x + bar_w * (*W[k])(f, i), y + step * 0.8f),
                        head_colour_u32(heads[k]));
    }
    ImGui::Dummy(ImVec2(bar_w, row_h));
    for (size_t k = 0; k < heads.size(); ++k) {
      ImGui::SameLine();
      std::snprintf(num, sizeof num, "%.2f", static_cast<double>((*W[k])(f, i)));
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(head_colour_u32(heads[k])), "%s", num);
    }
    ImGui::PopID();
  }
}

// Every audible head's weights from the chosen token at once, each head in its colour, bar
// thickness = weight: the article's conversation picture.
void draw_heads_in_colours(UiContext& ctx) {
  attn::Session& s = *ctx.session;
  const attn::PlaygroundState& st = s.state();
  const attn::Lang lang = st.lang;
  const auto& toks = s.tokens();
  const int n = static_cast<int>(toks.size());
  const int f = st.focus;
  const float font = ImGui::GetFontSize();
  LinksHeadsUi& lh = ctx.links_heads;
  fit_head_mix(lh, s);
  auto is_hidden = [&](int i) { return std::find(st.hidden.begin(), st.hidden.end(), i) != st.hidden.end(); };

  // A bare figure shows its picture: the help line and the example button wait in its menu.
  const bool bare = ctx.bare_figure();
  if (!bare) help_with_terms(ctx, tr(Str::FocusHeadsHelp, lang), {Term::Head, Term::Weight});
  if (ctx.shows(attn::FigureControl::Head)) draw_head_chips(ctx, st.layer, true);
  if (!bare) {
    const char* example = tr(Str::ConversationExample, lang);
    ImGui::SameLine();
    if (ImGui::GetCursorScreenPos().x + ImGui::CalcTextSize(example).x + font * 2 >
        ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
      ImGui::NewLine();
    if (ImGui::Button(example)) s.set_text(tr(Str::ConversationText, lang));
  }

  std::vector<int> heads;
  std::vector<const attn::Mat*> W;
  for (int h = 0; h < s.model().cfg.n_heads; ++h)
    if (lh.mix.audible(st.layer, h) && s.weights(st.layer, h)) {
      heads.push_back(h);
      W.push_back(s.weights(st.layer, h));
    }
  if (n == 0 || f >= n) return;

  // The summary: where each head looks most from the chosen token (also the screen-reader line).
  char part[160];
  std::snprintf(part, sizeof part, tr(Str::FocusHeadsStatus, lang), toks[f].text.c_str());
  std::string status = part;
  for (size_t k = 0; k < heads.size(); ++k) {
    Eigen::Index best = 0;
    W[k]->row(f).maxCoeff(&best);
    std::snprintf(part, sizeof part, " %s %d → \"%s\" %.0f%%%s", tr(Str::Head, lang), heads[k] + 1,
                  toks[best].text.c_str(), static_cast<double>((*W[k])(f, best) * 100.0f),
                  k + 1 < heads.size() ? ";" : ".");
    status += part;
  }
  if (heads.empty()) status = tr(Str::LinksNoLines, lang);
  ctx.status_line = status;
  ImGui::TextWrapped("%s", status.c_str());

  // The text, each token over one slot per head; the bar in a slot is as thick as that head's
  // weight from the chosen token to this one.
  ctx.begin_list("conversation");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  const ImVec2 pad(font * 0.25f, font * 0.15f);
  const float slot = font * (heads.size() > 6 ? 0.36f : 0.6f);
  const float bars_h = slot * static_cast<float>(heads.size());
  ImVec2 p = ImGui::GetCursorScreenPos();
  const float x_start = p.x;
  const ImVec2 conversation_top = p;
  const float thin = std::max(1.0f, ctx.scale);
  FocusHeadsLayout& layout = lh.focus_heads;
  layout.tokens.assign(n, FocusHeadsLayout::Token{});
  layout.heads = heads;
  layout.slot = slot;
  layout.shown = true;
  for (int i = 0; i < n; ++i) {
    const ImVec2 ts = ImGui::CalcTextSize(toks[i].text.c_str());
    const float w = ts.x + pad.x * 2, h = ts.y + pad.y * 2 + bars_h;
    if (p.x > x_start && (p.x + w > right || starts_new_line(st.text, toks, i))) {
      p.x = x_start;
      p.y += h + font * 0.35f;
    }
    ImGui::SetCursorScreenPos(p);
    ImGui::PushID(i);
    if (ImGui::InvisibleButton("tok", ImVec2(w, h))) s.set_focus(i);
    if (ImGui::IsItemHovered() && !heads.empty()) {
      std::string tip;
      for (size_t k = 0; k < heads.size(); ++k) {
        std::snprintf(part, sizeof part, "%s%s %d: %.4f", k ? "\n" : "", tr(Str::Head, lang), heads[k] + 1,
                      static_cast<double>((*W[k])(f, i)));
        tip += part;
      }
      ImGui::SetTooltip("%s", tip.c_str());
    }
    ImGui::PopID();
    layout.tokens[i] = {p.x, p.x + w, p.y + ts.y + pad.y * 2};
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + ts.y + pad.y * 2), u32(palette().surface), font * 0.2f);
    if (i == f)
      dl->AddRect(p, ImVec2(p.x + w, p.y + ts.y + pad.y * 2), u32(palette().outline), font * 0.2f, 0, 2.0f * ctx.scale);
    dl->AddText(ImVec2(p.x + pad.x, p.y + pad.y), is_hidden(i) ? u32(palette().text_dim) : u32(palette().text),
                toks[i].text.c_str());
    for (size_t k = 0; k < heads.size(); ++k) {
      const float weight = (*W[k])(f, i);
      const float thick = weight * slot;
      const float cy = p.y + ts.y + pad.y * 2 + slot * (k + 0.5f);
      // A faint track per head: the slot's position says which head it is, not only its colour.
      dl->AddRectFilled(ImVec2(p.x, cy - thin * 0.5f), ImVec2(p.x + w, cy + thin * 0.5f),
                        head_colour_u32(heads[k], 40));
      if (thick <= 0) continue;
      // Under a pixel the bar is drawn one pixel thick and fainter, so tiny weights stay honest.
      const int alpha = thick >= thin ? 255 : static_cast<int>(255 * thick / thin);
      const float half = std::max(thick, thin) * 0.5f;
      dl->AddRectFilled(ImVec2(p.x, cy - half), ImVec2(p.x + w, cy + half), head_colour_u32(heads[k], alpha));
    }
    p.x += w + font * 0.25f;
  }
  ImGui::SetCursorScreenPos(ImVec2(x_start, p.y + ImGui::GetTextLineHeight() + pad.y * 2 + bars_h + font * 0.5f));
  draw_linking_line(ctx);
  ImGui::Separator();
  draw_heads_key_list(ctx, heads, W);
  set_picture_to_content(ctx, conversation_top);
  ImGui::EndChild();
}
}  // namespace

void draw_focus_view(UiContext& ctx, ImVec2 size) {
  attn::Session& s = *ctx.session;
  const attn::PlaygroundState& st = s.state();
  const attn::Lang lang = st.lang;
  if (st.head < 0) {
    draw_heads_in_colours(ctx);
    return;
  }
  draw_method_controls(ctx);
  const attn::ShownMatrix* V = s.shown().current(s, st.layer, st.head);
  if (!V || V->labels.empty()) return;
  const attn::Mat* W = &V->values();
  // The raw weights of the same rows, quoted next to a contribution ("62% -> 9%").
  const attn::ShownMatrix* R = st.method == attn::AttnMethod::Norm
                                   ? s.shown().get(s, st.layer, st.head, attn::AttnMethod::Raw, V->by_word)
                                   : nullptr;
  const std::vector<std::string>& labels = V->labels;
  const int n = static_cast<int>(labels.size());
  const int f = V->focus;
  const float font = ImGui::GetFontSize();
  auto is_hidden = [&](int i) { return V->hidden[i]; };
  // A word's switch hides or shows all of its pieces.
  auto toggle = [&](int row) {
    const bool hide = !V->hidden[row];
    std::vector<int> pieces;
    for (int p = 0; p < static_cast<int>(V->unit_of_piece.size()); ++p)
      if (V->unit_of_piece[p] == row) pieces.push_back(p);
    for (int p : pieces) {
      const bool hidden_now = std::find(st.hidden.begin(), st.hidden.end(), p) != st.hidden.end();
      if (hidden_now != hide) s.toggle_hidden(p);
    }
  };

  Eigen::Index best = 0;
  W->row(f).maxCoeff(&best);
  char line[256];
  const Str most = st.method == attn::AttnMethod::Norm      ? Str::FocusGetsMost
                   : st.method == attn::AttnMethod::Rollout ? Str::FocusDrawsMost
                                                            : Str::FocusAttendsMost;
  std::snprintf(line, sizeof line, tr(most, lang), labels[f].c_str(), labels[best].c_str(),
                static_cast<double>((*W)(f, best) * 100.0f));
  ctx.status_line = line;
  if (!ctx.bare_figure()) help_with_terms(ctx, tr(Str::FocusHelp, lang), {Term::Token, Term::Weight});
  ImGui::TextUnformatted(line);
  // Without the help line (a figure, a phone) the sentence's "attends" keeps its explanation beside it.
  if (ctx.bare_figure()) term_help(ctx, {Term::Weight, Term::Token});
  const std::string sink = sink_sentence(s, lang);
  if (!sink.empty()) ImGui::TextWrapped("%s", sink.c_str());
  if (method_help_open(ctx)) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", method_explanation(s, lang).c_str());
    ImGui::PopStyleColor();
  }

  // The sentence, each token's background coloured by how much the chosen token attends to it.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float right = ImGui::GetCursorScreenPos().x + size.x;
  const ImVec2 pad(font * 0.3f, font * 0.2f);
  ImVec2 p = ImGui::GetCursorScreenPos();
  const float x_start = p.x;
  const ImVec2 picture_top = p;
  const auto& toks = s.tokens();
  for (int i = 0; i < n; ++i) {
    const ImVec2 ts = ImGui::CalcTextSize(labels[i].c_str());
    const float w = ts.x + pad.x * 2, h = ts.y + pad.y * 2;
    if (p.x + w > right && p.x > x_start) {
      p.x = x_start;
      p.y += h + font * 0.3f;
    }
    const float weight = (*W)(f, i);
    ImGui::SetCursorScreenPos(p);
    ImGui::PushID(i);
    if (ImGui::InvisibleButton("tok", ImVec2(w, h))) s.set_focus(V->first_piece[i]);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%.4f", static_cast<double>(weight));
    ImGui::PopID();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), colormap_u32(weight), font * 0.2f);
    if (i == f) dl->AddRect(p, ImVec2(p.x + w, p.y + h), u32(palette().marker), font * 0.2f, 0, 2.0f * ctx.scale);
    dl->AddText(ImVec2(p.x + pad.x, p.y + pad.y), is_hidden(i) ? IM_COL32(150, 150, 150, 255) : text_on(weight),
                labels[i].c_str());
    // Pieces of one word sit together; words are separated by a small gap.
    const bool next_joins = !V->by_word && i + 1 < n && toks[i + 1].joins_previous;
    p.x += w + (next_joins ? 1.0f : font * 0.25f);
    if (i == n - 1) p.y += h;
  }
  ImGui::SetCursorScreenPos(ImVec2(x_start, p.y + font * 0.5f));
  draw_linking_line(ctx);  // which heads link the chosen word to the paired one (a tapped label below)
  if (!ctx.bare_figure()) {  // in a figure, the guesses wait in its menu: the picture keeps the frame
    draw_guess_panel(ctx);
    ImGui::Separator();
  }

  // One bar per key, with the exact value and a switch to hide that key (a word: all its pieces).
  ctx.begin_list("bars");
  float label_w = 0;
  for (const std::string& t : labels) label_w = std::max(label_w, ImGui::CalcTextSize(t.c_str()).x);
  label_w = std::min(label_w, size.x * 0.3f);
  const float bar_w = std::max(font * 4, ImGui::GetContentRegionAvail().x - label_w - font * (R ? 11 : 8));
  // A bare figure spreads the rows over the frame (up to about twice their height) so the bars
  // are the picture, not a strip above empty space.
  const float row_h = ImGui::GetFrameHeightWithSpacing();
  const float spread = ctx.bare_figure() ? std::clamp((ctx.room_to_fold() - row_h * n) / n, 0.0f, row_h) : 0.0f;
  for (int i = 0; i < n; ++i) {
    if (i > 0 && spread > 0) ImGui::Dummy(ImVec2(0, spread - ImGui::GetStyle().ItemSpacing.y));
    const float weight = (*W)(f, i);
    ImGui::PushID(i);
    bool visible = !is_hidden(i);
    if (ImGui::Checkbox("##visible", &visible)) toggle(i);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(visible ? Str::HideToken : Str::ShowToken, lang));
    ImGui::SameLine();
    const ImVec2 q = ImGui::GetCursorScreenPos();
    // Tapping a key's label pairs it with the chosen word: "which heads link these two?"
    const bool paired = st.link >= 0 && V->unit_of_piece[st.link] == i;
    if (ImGui::Selectable(labels[i].c_str(), paired, 0, ImVec2(label_w, 0)))
      s.set_link(paired ? -1 : V->first_piece[i]);
    ImGui::SameLine(q.x - ImGui::GetWindowPos().x + label_w + font * 0.5f);
    const ImVec2 b = ImGui::GetCursorScreenPos();
    const float bh = font * 0.9f;
    dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(b, ImVec2(b.x + bar_w, b.y + bh), u32(palette().track));
    dl->AddRectFilled(b, ImVec2(b.x + bar_w * weight, b.y + bh), colormap_u32(weight));
    if (R) {  // the raw weight as a thin tick in the outline colour: "looked at" and "contributes" side by side
      const float rx = b.x + bar_w * R->values()(f, i);
      dl->AddRectFilled(ImVec2(rx - 1.0f * ctx.scale, b.y - bh * 0.15f),
                        ImVec2(rx + 1.0f * ctx.scale, b.y + bh * 1.15f), u32(palette().outline, 220));
    }
    ImGui::Dummy(ImVec2(bar_w, bh));
    ImGui::SameLine();
    if (is_hidden(i))
      ImGui::TextDisabled("%.4f %s", static_cast<double>(weight), tr(Str::HiddenToken, lang));
    else if (R)
      ImGui::Text("%.0f%% → %.0f%%", static_cast<double>(R->values()(f, i) * 100), static_cast<double>(weight * 100));
    else
      ImGui::Text("%.4f", static_cast<double>(weight));
    ImGui::PopID();
  }
  set_picture_to_content(ctx, picture_top);
  ImGui::EndChild();
}

}  // namespace ui
