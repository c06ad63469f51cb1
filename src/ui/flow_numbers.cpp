// The flow view's numbers: the chosen token's row of each result, paged to fit, and a score's breakdown.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "colormap.h"
#include "flow_parts.h"
#include "i18n.h"
#include "matrix_panel.h"
#include "theme_style.h"

namespace ui {

namespace {
using attn::FlowStage;

// One row of numbers to list: which matrix, and how its items are labelled.
struct Section {
  const attn::FlowMatrix* m;
  float scale;
  float item_w;
  int per_line;
};

// A line of the list: a section header, or `count` items of a section starting at `first`.
struct Line {
  int section;
  int first, count;  // count 0 = header
};

std::string item_text(const attn::Session& s, const Section& sec, int row, int col) {
  const float v = (*sec.m->m)(row, col);
  char buf[96];
  const bool pair = is_pair_matrix(*sec.m);
  const std::string tok = pair ? short_token(s.tokens()[col].text, 10) + " " : "";
  if (!std::isfinite(v))
    std::snprintf(buf, sizeof buf, "%s%s", tok.c_str(), tr(Str::FlowMasked, s.state().lang));
  else
    std::snprintf(buf, sizeof buf, "%s%.4g", tok.c_str(), static_cast<double>(v));
  return buf;
}

void toggle_lock(FlowUi& fl, int row, int key) {
  const bool same = fl.locked_row == row && fl.locked_key == key;
  fl.locked_row = same ? -1 : row;
  fl.locked_key = same ? -1 : key;
}

void draw_locked_detail(UiContext& ctx, const attn::FlowStep& f, ImVec2 size) {
  const attn::Lang lang = ctx.session->state().lang;
  if (ImGui::SmallButton(tr(Str::FlowCloseDetail, lang))) {
    ctx.flow.locked_row = ctx.flow.locked_key = -1;
    return;
  }
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const int lines = static_cast<int>(size.y / line);
  // Title, table header, the rest, sum and softmax take seven lines (nine when they wrap on a phone).
  draw_score_detail(ctx, f, ctx.flow.locked_row, ctx.flow.locked_key, std::max(1, lines - (ctx.compact ? 9 : 7)));
}
}  // namespace

std::string short_token(const std::string& s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
  return s.substr(0, cut) + "…";
}

Str flow_matrix_title(const std::string& name) {
  static const struct {
    const char* name;
    Str str;
  } titles[] = {{"input", Str::MatInput},
                {"q", Str::MatQ},
                {"k", Str::MatK},
                {"v", Str::MatV},
                {"scores", Str::MatScores},
                {"scaled", Str::MatScaled},
                {"masked", Str::MatMasked},
                {"weights", Str::MatWeights},
                {"context", Str::MatContext},
                {"output", Str::MatOutput}};
  for (const auto& t : titles)
    if (name == t.name) return t.str;
  return Str::MatInput;
}

bool is_pair_name(const std::string& n) { return n == "scores" || n == "scaled" || n == "masked" || n == "weights"; }

void draw_score_detail(UiContext& ctx, const attn::FlowStep& f, int row, int key, int max_terms) {
  const attn::Session& s = *ctx.session;
  const attn::Lang lang = s.state().lang;
  const attn::HeadTrace* t = s.head_trace(f.layer, f.head);
  const auto& toks = s.tokens();
  if (!t || row < 0 || key < 0 || row >= t->scores.rows() || key >= t->scores.cols()) return;
  ImGui::TextWrapped(tr(Str::FlowDetailTitle, lang), toks[row].text.c_str(), toks[key].text.c_str());
  const std::vector<attn::DotTerm> terms = attn::dot_product_terms(t->q, row, t->k, key);
  const int shown = std::min(static_cast<int>(terms.size()), std::max(1, max_terms));
  // The largest terms as a table: the products are the only numbers computed here (from the trace's q, k).
  if (ImGui::BeginTable("##terms", 4, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX)) {
    for (const char* h : {"m", "q[m]", "k[m]", "q[m] × k[m]"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (int i = 0; i < shown; ++i) {
      const attn::DotTerm& d = terms[i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%d", d.m);
      ImGui::TableNextColumn();
      ImGui::Text("%.4g", static_cast<double>(d.q));
      ImGui::TableNextColumn();
      ImGui::Text("%.4g", static_cast<double>(d.k));
      ImGui::TableNextColumn();
      ImGui::Text("%.4g", static_cast<double>(d.product));
    }
    ImGui::EndTable();
  }
  if (shown < static_cast<int>(terms.size())) {
    double rest = 0;
    for (std::size_t i = shown; i < terms.size(); ++i) rest += terms[i].product;
    ImGui::TextDisabled(tr(Str::FlowDetailRest, lang), static_cast<int>(terms.size()) - shown, rest);
  }
  // From here on every number is the trace's own.
  ImGui::Text(tr(Str::FlowDetailSum, lang), static_cast<double>(t->scores(row, key)));
  ImGui::SameLine();
  ImGui::Text("÷ √%d = %.4g", f.d_head, static_cast<double>(t->scaled(row, key)));
  if (!std::isfinite(t->masked(row, key))) {
    ImGui::TextWrapped("%s", tr(Str::FlowDetailMaskedPair, lang));
  } else {
    ImGui::TextWrapped(tr(Str::FlowDetailSoftmax, lang), static_cast<double>(f.temperature),
                       static_cast<double>(t->weights(row, key)), static_cast<double>(t->weights(row, key) * 100.0f),
                       toks[row].text.c_str());
  }
}

bool pointer_is_touch() { return ImGui::GetIO().MouseSource == ImGuiMouseSource_TouchScreen; }

void score_tooltip(UiContext& ctx, const attn::FlowStep& f, int row, int key) {
  // On touch the tap opens the details below instead: a tooltip would stay under the finger.
  if (pointer_is_touch()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 22);
  draw_score_detail(ctx, f, row, key, 6);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void draw_flow_numbers(UiContext& ctx, const attn::FlowStep& f, ImVec2 size) {
  attn::Session& s = *ctx.session;
  const attn::Lang lang = s.state().lang;
  FlowUi& fl = ctx.flow;
  const bool pair_step = f.stage >= FlowStage::Scores && f.stage <= FlowStage::Softmax;
  if (pair_step && fl.locked_row >= 0) {
    draw_locked_detail(ctx, f, size);
    return;
  }
  const float font = ImGui::GetFontSize();
  const float line_h = ImGui::GetTextLineHeightWithSpacing();
  const float swatch = font * 0.7f;
  const int row = f.focus;

  std::vector<Section> sections;
  for (const attn::FlowMatrix& m : f.matrices) {
    if (!m.shows_numbers) continue;
    Section sec{&m, m.weights_map ? 1.0f : matrix_scale(*m.m), 0, 1};
    for (Eigen::Index c = 0; c < m.m->cols(); ++c)
      sec.item_w = std::max(sec.item_w, ImGui::CalcTextSize(item_text(s, sec, row, static_cast<int>(c)).c_str()).x);
    sec.item_w += swatch + font * 0.75f;
    sec.per_line = std::max(1, static_cast<int>(size.x / sec.item_w));
    // Balanced lines (8 + 8 rather than 15 + 1).
    const int count = static_cast<int>(m.m->cols());
    const int rows = (count + sec.per_line - 1) / sec.per_line;
    sec.per_line = (count + rows - 1) / rows;
    sections.push_back(sec);
  }
  std::vector<Line> lines;
  for (int i = 0; i < static_cast<int>(sections.size()); ++i) {
    lines.push_back({i, 0, 0});
    const int count = static_cast<int>(sections[i].m->m->cols());
    for (int c = 0; c < count; c += sections[i].per_line)
      lines.push_back({i, c, std::min(sections[i].per_line, count - c)});
  }
  int fit = std::max(1, static_cast<int>(size.y / line_h));
  int pages = 1;
  if (static_cast<int>(lines.size()) > fit) {
    fit = std::max(1, fit - 1);  // one line for the pager
    pages = (static_cast<int>(lines.size()) + fit - 1) / fit;
  }
  fl.numbers_page = std::clamp(fl.numbers_page, 0, pages - 1);
  if (pages > 1) {
    if (ImGui::SmallButton(" ◀ ")) fl.numbers_page = std::max(0, fl.numbers_page - 1);
    ImGui::SameLine();
    ImGui::Text(tr(Str::FlowPage, lang), fl.numbers_page + 1, pages);
    ImGui::SameLine();
    if (ImGui::SmallButton(" ▶ ")) fl.numbers_page = std::min(pages - 1, fl.numbers_page + 1);
  }

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const auto& toks = s.tokens();
  const int first = fl.numbers_page * fit, last = std::min(static_cast<int>(lines.size()), first + fit);
  for (int li = first; li < last; ++li) {
    const Line& ln = lines[li];
    const Section& sec = sections[ln.section];
    const attn::FlowMatrix& m = *sec.m;
    if (ln.count == 0 && std::string(m.name) == "input") {
      // The hidden state's raw numbers say nothing one by one: the caption says what they are
      // and the "?" explains why they cannot be read separately.
      ImGui::TextDisabled(tr(Str::FlowHiddenRowOf, lang), static_cast<int>(m.m->cols()), toks[row].text.c_str());
      term_help(ctx, {Term::HiddenState, Term::Dimensions});
      continue;
    }
    if (ln.count == 0) {
      ImGui::TextDisabled(tr(Str::FlowRowOf, lang), tr(flow_matrix_title(m.name), lang), toks[row].text.c_str());
      // The hint rides on the title line only where it fits (a phone would clip it mid-word).
      const char* hint = tr(Str::FlowTapHint, lang);
      if (is_pair_matrix(m) &&
          ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(hint).x <=
              ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", hint);
      }
      continue;
    }
    const ImVec2 p = ImGui::GetCursorScreenPos();
    for (int j = 0; j < ln.count; ++j) {
      const int c = ln.first + j;
      const float v = (*m.m)(row, c);
      const ImVec2 a(p.x + j * sec.item_w, p.y), b(a.x + sec.item_w - font * 0.2f, p.y + line_h - 2);
      ImGui::SetCursorScreenPos(a);
      ImGui::PushID(li * 4096 + c);
      ImGui::InvisibleButton("##num", ImVec2(b.x - a.x, b.y - a.y));
      ImGui::PopID();
      const bool hovered = ImGui::IsItemHovered();
      const bool locked = is_pair_matrix(m) && fl.locked_row == row && fl.locked_key == c;
      if (hovered || locked) dl->AddRectFilled(a, b, u32(palette().surface_active), font * 0.2f);
      const ImU32 sw = !std::isfinite(v) ? u32(palette().hatch[0])
                       : m.weights_map   ? colormap_u32(v)
                                         : diverging_u32(v, sec.scale);
      const float sy = a.y + (line_h - swatch) * 0.5f - 1;
      dl->AddRectFilled(ImVec2(a.x + 2, sy), ImVec2(a.x + 2 + swatch, sy + swatch), sw);
      dl->AddText(ImVec2(a.x + swatch + font * 0.35f, a.y + (line_h - font) * 0.5f - 1),
                  ImGui::GetColorU32(ImGuiCol_Text), item_text(s, sec, row, c).c_str());
      if (hovered) {
        if (is_pair_matrix(m)) {
          score_tooltip(ctx, f, row, c);
          if (ImGui::IsItemClicked()) toggle_lock(fl, row, c);
        } else {
          ImGui::SetTooltip(tr(Str::FlowCellTip, lang), tr(flow_matrix_title(m.name), lang), toks[row].text.c_str(), c,
                            static_cast<double>(v));
        }
      }
    }
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + line_h));
  }
  ImGui::Dummy(ImVec2(1, 1));
}

}  // namespace ui
