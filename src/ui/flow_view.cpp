// `flow`: one token's path through one attention head, a step at a time, with the trace's own numbers.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "flow_parts.h"
#include "i18n.h"
#include "matrix_panel.h"
#include "theme_style.h"

namespace ui {

namespace {
using attn::FlowStage;
using attn::kFlowStageCount;

constexpr double kAutoplaySeconds = 3.5;  // long enough to read a step's sentence

Str step_title(FlowStage s) { return static_cast<Str>(static_cast<int>(Str::FlowTitleHidden) + static_cast<int>(s)); }

// The step's sentence in the reader's language, with its numbers filled in.
std::string step_sentence(const attn::Session& s, const attn::FlowStep& f) {
  const attn::Lang lang = s.state().lang;
  const char* tok = s.tokens()[f.focus].text.c_str();
  const int d_model = s.model().cfg.d_model;
  char buf[640];
  const char* fmt = tr(static_cast<Str>(static_cast<int>(Str::FlowTextHidden) + f.step), lang);
  switch (f.stage) {
    case FlowStage::Hidden: std::snprintf(buf, sizeof buf, fmt, d_model, tok); break;
    case FlowStage::Projections: std::snprintf(buf, sizeof buf, fmt, f.d_head); break;
    case FlowStage::Scores: std::snprintf(buf, sizeof buf, fmt, tok); break;
    case FlowStage::Scaled:
      std::snprintf(buf, sizeof buf, fmt, f.d_head, std::sqrt(static_cast<double>(f.d_head)));
      break;
    case FlowStage::Masked: std::snprintf(buf, sizeof buf, "%s", fmt); break;
    case FlowStage::Softmax: std::snprintf(buf, sizeof buf, fmt, static_cast<double>(f.temperature)); break;
    case FlowStage::Context: std::snprintf(buf, sizeof buf, fmt, tok, f.d_head); break;
    case FlowStage::Output: std::snprintf(buf, sizeof buf, fmt, d_model, tok); break;
  }
  return buf;
}

void tick_autoplay(UiContext& ctx, int step) {
  FlowUi& fl = ctx.flow;
  if (ctx.reduced_motion) fl.playing = false;
  if (!fl.playing) return;
  const double now = ImGui::GetTime();
  if (now < fl.next_advance) return;
  if (step + 1 < kFlowStageCount) {
    ctx.session->set_step(step + 1);
    fl.next_advance = now + kAutoplaySeconds;
  }
  if (step + 2 >= kFlowStageCount) fl.playing = false;  // the last step stays on screen
}

void draw_navigation(UiContext& ctx, const attn::FlowStep& f) {
  attn::Session& s = *ctx.session;
  const attn::Lang lang = s.state().lang;
  FlowUi& fl = ctx.flow;
  ImGui::BeginDisabled(f.step == 0);
  if (ImGui::Button(tr(Str::FlowBack, lang))) {
    s.set_step(f.step - 1);
    fl.playing = false;
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(f.step == kFlowStageCount - 1);
  if (ImGui::Button(tr(Str::FlowNext, lang))) {
    s.set_step(f.step + 1);
    fl.playing = false;
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ctx.reduced_motion) {
    ImGui::BeginDisabled();
    ImGui::Button(tr(Str::FlowPlay, lang));
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("%s", tr(Str::FlowReducedMotion, lang));
  } else if (fl.playing) {
    if (ImGui::Button(tr(Str::FlowPause, lang))) fl.playing = false;
  } else if (ImGui::Button(tr(Str::FlowPlay, lang))) {
    if (f.step == kFlowStageCount - 1) s.set_step(0);
    fl.playing = true;
    fl.next_advance = ImGui::GetTime() + kAutoplaySeconds;
  }
  char title[160];
  std::snprintf(title, sizeof title, tr(Str::FlowStepOf, lang), f.step + 1, kFlowStageCount,
                tr(step_title(f.stage), lang));
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(title).x) ImGui::NewLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(title);
  switch (f.stage) {  // the words this step's title and sentence use
    case FlowStage::Hidden: term_help(ctx, {Term::HiddenState, Term::Token, Term::Dimensions}); break;
    case FlowStage::Projections: term_help(ctx, {Term::Query, Term::Key, Term::Value}); break;
    case FlowStage::Scores: term_help(ctx, {Term::Score, Term::QDotK}); break;
    case FlowStage::Scaled: term_help(ctx, {Term::Score, Term::Dimensions, Term::Softmax}); break;
    case FlowStage::Masked: term_help(ctx, {Term::Mask}); break;
    case FlowStage::Softmax: term_help(ctx, {Term::Softmax, Term::Temperature, Term::Weight}); break;
    case FlowStage::Context: term_help(ctx, {Term::Weight, Term::Value, Term::Context}); break;
    case FlowStage::Output: term_help(ctx, {Term::Head, Term::Layer, Term::HiddenState}); break;
  }
}

void draw_token_choice(UiContext& ctx, const attn::FlowStep& f) {
  attn::Session& s = *ctx.session;
  const attn::Lang lang = s.state().lang;
  const auto& toks = s.tokens();
  char label[96];
  std::snprintf(label, sizeof label, "%s: %s", tr(Str::FlowToken, lang), short_token(toks[f.focus].text, 24).c_str());
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 12));
  if (ImGui::BeginCombo("##flow_token", label)) {
    for (int i = 0; i < static_cast<int>(toks.size()); ++i) {
      ImGui::PushID(i);
      if (ImGui::Selectable(short_token(toks[i].text, 32).c_str(), i == f.focus)) s.set_focus(i);
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  if (f.head_defaulted) {
    ImGui::SameLine();
    const char* note = tr(Str::FlowHeadDefaulted, lang);
    if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(note).x) ImGui::NewLine();
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, u32(palette().notice));
    ImGui::TextWrapped("%s", note);
    ImGui::PopStyleColor();
  }
}

// The step's matrices side by side with the tokens as row labels; hover and tap on cells.
void draw_matrices(UiContext& ctx, const attn::FlowStep& f, float height) {
  attn::Session& s = *ctx.session;
  const attn::PlaygroundState& st = s.state();
  const attn::Lang lang = st.lang;
  const auto& toks = s.tokens();
  const int n = static_cast<int>(toks.size());
  const float font = ImGui::GetFontSize();
  const ImGuiIO& io = ImGui::GetIO();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;

  float label_w = 0;
  for (const attn::Token& t : toks) label_w = std::max(label_w, ImGui::CalcTextSize(short_token(t.text, 12).c_str()).x);
  label_w = std::min(label_w + font * 0.5f, width * 0.25f);
  const float title_h = font * 1.3f;
  // A bare figure lets the rows grow until the matrices fill the frame (its picture).
  const float row_h = std::clamp((height - title_h) / n, 1.0f, font * (ctx.bare_figure() ? 4.0f : 1.15f));
  const int k = static_cast<int>(f.matrices.size());
  int total_cols = 0;
  for (const attn::FlowMatrix& m : f.matrices) total_cols += static_cast<int>(m.m->cols());
  const float gap = font * 1.6f;
  const float cell_w = std::min(font * 1.3f, (width - label_w - gap * (k - 1)) / std::max(1, total_cols));
  const float y0 = origin.y + title_h, y1 = y0 + row_h * n;
  const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);

  // Row labels, thinned out when rows are shorter than the text; the chosen token is always named.
  const int every = std::max(1, static_cast<int>(std::ceil(font * 1.05f / row_h)));
  dl->PushClipRect(ImVec2(origin.x, y0 - font), ImVec2(origin.x + label_w, y1 + font), true);
  for (int r = 0; r < n; ++r) {
    if (r != f.focus && (r % every != 0 || std::abs(r - f.focus) * row_h < font)) continue;
    const std::string lab = short_token(toks[r].text, 12);
    const ImVec2 ts = ImGui::CalcTextSize(lab.c_str());
    const float y = y0 + (r + 0.5f) * row_h - ts.y * 0.5f;
    dl->AddText(ImVec2(origin.x + label_w - ts.x - font * 0.3f, y),
                r == f.focus ? u32(palette().outline) : u32(palette().text_dim), lab.c_str());
  }
  dl->PopClipRect();

  ctx.flow.drawn.clear();
  const uint64_t base_key = (s.revision() << 20) ^ (static_cast<uint64_t>(f.layer) << 14) ^
                            (static_cast<uint64_t>(f.head) << 8) ^ (static_cast<uint64_t>(f.step) << 4);
  float x = origin.x + label_w;
  float title_min_x = x;  // where the next matrix's title may start (after the previous title)
  int detail_row = -1, detail_key = -1;
  for (int i = 0; i < k; ++i) {
    const attn::FlowMatrix& fm = f.matrices[i];
    const int cols = static_cast<int>(fm.m->cols());
    const ImVec2 p0(x, y0), p1(x + cell_w * cols, y1);
    const float scale = fm.weights_map ? 1.0f : matrix_scale(*fm.m);
    queue_matrix(ctx, i, *fm.m, base_key ^ static_cast<uint64_t>(i), p0, p1, scale, fm.weights_map);
    ctx.flow.drawn.push_back({fm.name, {p0.x, p0.y, p1.x, p1.y}, n, cols, scale, fm.weights_map});
    // Title: over its matrix and the gap after it (the last one: the matrix alone, which ends at
    // the canvas's edge). A narrow matrix (a phone) shrinks it down to 70% of the font, then moves
    // it left over the gap before, as far as the previous title's end; only what still does not
    // fit is clipped, so titles never overlap.
    const char* title = tr(flow_matrix_title(fm.name), lang);
    const float title_right = i + 1 < k ? p1.x + gap * 0.9f : p1.x;
    const float title_w = std::max(1.0f, ImGui::CalcTextSize(title).x);
    const float title_scale = std::clamp((title_right - p0.x) / title_w, 0.7f, 1.0f);
    const float title_x = std::max(title_min_x, std::min(p0.x, title_right - title_w * title_scale));
    dl->PushClipRect(ImVec2(title_x, origin.y), ImVec2(title_right, y0), true);
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize() * title_scale, ImVec2(title_x, origin.y), text_col, title);
    dl->PopClipRect();
    title_min_x = title_x + title_w * title_scale + ImGui::GetFontSize() * 0.5f;
    // The chosen token's row, outlined in every matrix as it moves through the steps.
    const float line = std::max(1.5f, 2.0f * ctx.scale);
    dl->AddRect(ImVec2(p0.x - line, y0 + f.focus * row_h - line),
                ImVec2(p1.x + line, y0 + (f.focus + 1) * row_h + line), u32(palette().outline), 0, 0, line);
    if (i + 1 < k) {
      const char* arrow = "→";
      const ImVec2 as = ImGui::CalcTextSize(arrow);
      dl->AddText(ImVec2(p1.x + (gap - as.x) * 0.5f, std::min(y1, y0 + (f.focus + 0.5f) * row_h) - as.y * 0.5f),
                  text_col, arrow);
    }
    // Hover shows the exact value (or the score's sum); a tap picks the token (and locks a score).
    ImGui::SetCursorScreenPos(p0);
    ImGui::PushID(i);
    ImGui::InvisibleButton("##matrix", ImVec2(std::max(1.0f, p1.x - p0.x), std::max(1.0f, p1.y - p0.y)));
    ImGui::PopID();
    if (ImGui::IsItemHovered()) {
      const int r = std::clamp(static_cast<int>((io.MousePos.y - p0.y) / row_h), 0, n - 1);
      const int c = std::clamp(static_cast<int>((io.MousePos.x - p0.x) / cell_w), 0, cols - 1);
      if (is_pair_matrix(fm)) {
        detail_row = r;
        detail_key = c;
        score_tooltip(ctx, f, r, c);
      } else {
        ImGui::BeginTooltip();
        ImGui::Text(tr(Str::FlowCellTip, lang), tr(flow_matrix_title(fm.name), lang), toks[r].text.c_str(), c,
                    static_cast<double>((*fm.m)(r, c)));
        if (!fm.weights_map) ImGui::TextDisabled(tr(Str::FlowScaleTip, lang), static_cast<double>(scale));
        ImGui::EndTooltip();
      }
      if (ImGui::IsItemClicked()) {
        s.set_focus(r);
        if (is_pair_matrix(fm)) {
          const bool same = ctx.flow.locked_row == r && ctx.flow.locked_key == c;
          ctx.flow.locked_row = same ? -1 : r;
          ctx.flow.locked_key = same ? -1 : c;
        }
      }
    }
    x = p1.x + gap;
  }
  // The picture: the step's matrices with their titles and the row labels.
  ctx.set_picture(origin, ImVec2(x - gap, y1));
  // The score under the pointer or the locked one, marked in every pair matrix.
  if (detail_row < 0 && ctx.flow.locked_row >= 0) {
    detail_row = ctx.flow.locked_row;
    detail_key = ctx.flow.locked_key;
  }
  if (detail_row >= 0 && detail_row < n && detail_key < n) {
    for (const FlowUi::Drawn& d : ctx.flow.drawn) {
      if (!is_pair_name(d.name)) continue;
      const float cx = d.rect.x0 + detail_key * cell_w, cy = d.rect.y0 + detail_row * row_h;
      dl->AddRect(ImVec2(cx - 1, cy - 1), ImVec2(cx + cell_w + 1, cy + row_h + 1), IM_COL32(240, 228, 66, 255), 0, 0,
                  std::max(1.5f, 2.0f * ctx.scale));
    }
  }
  ImGui::SetCursorScreenPos(ImVec2(origin.x, y1 + ImGui::GetStyle().ItemSpacing.y));
  // Legends for the colour maps this step uses: signed values, and/or 0..1 weights.
  bool any_signed = false, any_weights = false, any_masked = false;
  for (const attn::FlowMatrix& m : f.matrices) {
    (m.weights_map ? any_weights : any_signed) = true;
    any_masked = any_masked || std::string(m.name) == "masked";
  }
  const float lh = font * 0.8f, row_step = std::max(lh, font) + font * 0.4f;
  ImVec2 lp = ImGui::GetCursorScreenPos();
  float used_h = row_step;
  if (any_signed) {
    const float w = draw_signed_legend(dl, lp, width, lh, any_masked, lang);
    lp.x += w + font;
  }
  if (any_weights) {
    if (any_signed && lp.x + font * 14 > origin.x + width) {  // no room beside it: next line
      lp = ImVec2(origin.x, lp.y + row_step);
      used_h += row_step;
    }
    draw_weights_legend(dl, lp, font * 14, lh, lang);
  }
  ImGui::Dummy(ImVec2(width, used_h));
}
}  // namespace

void draw_flow_view(UiContext& ctx, ImVec2 size) {
  attn::Session& s = *ctx.session;
  attn::FlowStep f;
  ctx.flow.shown = false;
  if (!attn::flow_step(s, s.state().step, &f)) return;
  if (s.state().step != f.step) s.set_step(f.step);
  tick_autoplay(ctx, f.step);
  if (!attn::flow_step(s, s.state().step, &f)) return;
  if (ctx.flow.last_step != f.step) {
    ctx.flow.numbers_page = 0;
    ctx.flow.last_step = f.step;
  }
  const int n = static_cast<int>(s.tokens().size());
  // An open breakdown belongs to the chosen token: picking another token (or text) closes it.
  if (ctx.flow.locked_row != f.focus || ctx.flow.locked_key >= n) ctx.flow.locked_row = ctx.flow.locked_key = -1;

  const float font = ImGui::GetFontSize();
  const float top = ImGui::GetCursorScreenPos().y;
  if (ctx.shows(attn::FigureControl::Step)) draw_navigation(ctx, f);
  if (ctx.shows(attn::FigureControl::Token)) draw_token_choice(ctx, f);
  const std::string sentence = step_sentence(s, f);
  const bool detail_open = ctx.flow.locked_row >= 0 && f.stage >= FlowStage::Scores && f.stage <= FlowStage::Softmax;
  // An open score breakdown needs the room more than the step's sentence, already read by then.
  // A phone reads it under the matrices: the step's title stays above, the picture comes first.
  if (!detail_open && !ctx.compact) ImGui::TextWrapped("%s", sentence.c_str());

  // The matrices get what is left after a minimum for the numbers (more when a score is open).
  const float used = ImGui::GetCursorScreenPos().y - top;
  const float line = ImGui::GetTextLineHeightWithSpacing();
  // Phones get more room for the numbers: the matrices stay readable with shorter rows.
  const bool bare = ctx.bare_figure();
  const float numbers_min = line * (detail_open ? 12.0f : (ctx.compact && !bare ? 6.5f : 4.5f));
  const float legend_h = font * 1.6f;
  const float matrices_h = std::max(
      font * 3, std::min(size.y - used - numbers_min - legend_h, n * font * (bare ? 4.0f : 1.15f) + font * 1.3f));
  draw_matrices(ctx, f, matrices_h);
  ctx.flow.shown = true;
  if (!detail_open && ctx.compact) ImGui::TextWrapped("%s", sentence.c_str());
  const float rest = size.y - (ImGui::GetCursorScreenPos().y - top);
  draw_flow_numbers(ctx, f, ImVec2(size.x, std::max(rest, line * 2)));

  char status[320];
  std::snprintf(status, sizeof status, tr(Str::FlowStepOf, s.state().lang), f.step + 1, kFlowStageCount,
                tr(step_title(f.stage), s.state().lang));
  ctx.status_line = std::string(status) + " — " + sentence;
}

}  // namespace ui
