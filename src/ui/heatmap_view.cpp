// `heatmap`: the n x n weights of one layer and head, drawn by the GPU, labelled, zoomable and pannable.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "gpu_draw_call.h"
#include "i18n.h"
#include "ui_context.h"
#include "theme_style.h"

namespace ui {

namespace {
GpuDrawCall<const gfx::HeatmapRenderer, gfx::HeatmapDraw> g_gpu;

void clamp_camera(HeatmapCamera& cam, int n) {
  cam.zoom = std::clamp(cam.zoom, 1.0f, std::max(1.0f, n / 4.0f));
  const float span = n / cam.zoom;
  cam.origin_col = std::clamp(cam.origin_col, 0.0f, n - span);
  cam.origin_row = std::clamp(cam.origin_row, 0.0f, n - span);
}

void zoom_at(HeatmapCamera& cam, int n, float factor, float pivot_col, float pivot_row) {
  const float old_span = n / cam.zoom;
  cam.zoom *= factor;
  clamp_camera(cam, n);
  const float new_span = n / cam.zoom;
  // Keep the cell under the pointer where it was.
  cam.origin_col += (pivot_col - cam.origin_col) * (1.0f - new_span / old_span);
  cam.origin_row += (pivot_row - cam.origin_row) * (1.0f - new_span / old_span);
  clamp_camera(cam, n);
}

// The longest start of `s` (whole characters, "…" when cut) that is at most max_w wide.
std::string label_fitting(const std::string& s, float max_w) {
  std::string lab = short_label(s, 14);
  for (size_t bytes = 13; bytes > 1 && ImGui::CalcTextSize(lab.c_str()).x > max_w; --bytes) lab = short_label(s, bytes);
  return lab;
}

void draw_legend(ImDrawList* dl, ImVec2 p, float w, float h, float max_w, attn::Lang lang) {
  const int steps = 64;
  for (int i = 0; i < steps; ++i) {
    const float x0 = p.x + w * i / steps, x1 = p.x + w * (i + 1) / steps;
    dl->AddRectFilled(ImVec2(x0, p.y), ImVec2(x1 + 0.5f, p.y + h), colormap_u32(i / float(steps - 1)));
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "0 (%s)", tr(Str::LegendLow, lang));
  dl->AddText(ImVec2(p.x, p.y + h + 2), ImGui::GetColorU32(ImGuiCol_Text), buf);
  std::snprintf(buf, sizeof buf, "1 (%s)  max %.2f", tr(Str::LegendHigh, lang), max_w);
  const float tw = ImGui::CalcTextSize(buf).x;
  dl->AddText(ImVec2(p.x + w - tw, p.y + h + 2), ImGui::GetColorU32(ImGuiCol_Text), buf);
}
}  // namespace

void draw_heatmap_view(UiContext& ctx, ImVec2 size) {
  attn::Session& s = *ctx.session;
  const attn::PlaygroundState& st = s.state();
  const attn::Lang lang = st.lang;
  draw_method_controls(ctx);
  const attn::ShownMatrix* V = s.shown().current(s, st.layer, st.head);
  if (!V) return;
  const attn::Mat* W = &V->values();
  const std::vector<std::string>& labels = V->labels;
  const int n = static_cast<int>(labels.size());
  if (n == 0) return;
  // Re-upload only when the numbers or the chosen matrix changed.
  const uint64_t key = (s.revision() << 16) ^ (static_cast<uint64_t>(st.layer) << 8) ^
                       (static_cast<uint64_t>(st.head + 1) << 4) ^ (static_cast<uint64_t>(st.method) << 2) ^
                       static_cast<uint64_t>(V->by_word);
  ctx.heatmap->upload(W->data(), n, key);

  HeatmapCamera& cam = ctx.camera;
  clamp_camera(cam, n);
  const float font = ImGui::GetFontSize();
  const float pad = ImGui::GetStyle().ItemSpacing.y;

  // Zoom buttons and the help line (a bare figure keeps pinch and Ctrl+wheel, and its paragraph explains).
  // A wide screen puts them, the readout and the legend beside the matrix, which then takes the
  // first screen's whole height (a projector's back row reads it); a narrow one stacks them.
  const bool bare = ctx.bare_figure();
  const bool beside = !ctx.compact && size.x > font * 45;
  auto zoom_and_help = [&]() {
    if (ImGui::Button(" + "))
      zoom_at(cam, n, 1.5f, cam.origin_col + n / cam.zoom / 2, cam.origin_row + n / cam.zoom / 2);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::ZoomIn, lang));
    ImGui::SameLine();
    if (ImGui::Button(" - "))
      zoom_at(cam, n, 1 / 1.5f, cam.origin_col + n / cam.zoom / 2, cam.origin_row + n / cam.zoom / 2);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::ZoomOut, lang));
    ImGui::SameLine();
    if (ImGui::Button(tr(Str::ZoomReset, lang))) cam = HeatmapCamera{};
    // What brightness means depends on the numbers shown.
    const Str help = st.method == attn::AttnMethod::Norm      ? Str::HeatmapHelpNorm
                     : st.method == attn::AttnMethod::Rollout ? Str::HeatmapHelpRollout
                                                              : Str::HeatmapHelp;
    help_with_terms(ctx, tr(help, lang), {Term::Query, Term::Key, Term::Token});
  };
  if (!bare && !beside) zoom_and_help();

  // Label gutters sized to the longest (shortened) label.
  float label_w = 0;
  for (const std::string& t : labels) label_w = std::max(label_w, ImGui::CalcTextSize(short_label(t, 14).c_str()).x);
  label_w = std::min(label_w + font * 0.5f, size.x * 0.28f);
  // A bare figure on a narrow screen gives the row labels a narrower gutter (they are cut to fit;
  // the readout names the whole word) and lets the cells be taller than wide, so the picture
  // fills the frame instead of a square in its top half.
  const float row_w = bare && ctx.compact ? std::min(label_w, size.x * 0.15f) : label_w;
  // The sink sentence (when there is one) wraps under the readout: keep room for about three lines.
  const std::string sink = sink_sentence(s, lang);
  const std::string explanation = method_help_open(ctx) ? method_explanation(s, lang) : std::string();
  // The paired words' sentence ("which heads link them?") and its button, when the reader chose a pair.
  const LinkingResult* linking = current_linking(s);
  const std::string link_text = linking ? linking_sentence(*linking, lang) : std::string();
  const float text_w = size.x - ImGui::GetStyle().WindowPadding.x;
  const float notes_h =
      (explanation.empty() ? 0.0f : ImGui::CalcTextSize(explanation.c_str(), nullptr, false, text_w).y) +
      (sink.empty() ? 0.0f : ImGui::CalcTextSize(sink.c_str(), nullptr, false, text_w).y + pad) +
      (link_text.empty()
           ? 0.0f
           : ImGui::CalcTextSize(link_text.c_str(), nullptr, false, text_w).y + ImGui::GetFrameHeight() + pad * 2);
  const float legend_h = font * 2.6f;
  const float readout_h = beside ? 0.0f : font * 1.6f + notes_h + pad;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float avail_h = ctx.room_to_fold();
  const float room_h = avail_h - label_w - readout_h - (beside ? 0.0f : legend_h) - pad * 3;
  // Beside: the panel on the right keeps about 22 lines' width for its sentences.
  const float side_w = std::max(std::min(size.x - row_w - (beside ? font * 22 : 0.0f), room_h), font * 4);
  const float side_h = bare && ctx.compact ? std::max(std::min(room_h, side_w * 1.4f), side_w) : side_w;
  const ImVec2 m0(origin.x + row_w, origin.y + label_w);
  const ImVec2 m1(m0.x + side_w, m0.y + side_h);
  const float span = n / cam.zoom;
  const float cell_w = side_w / span, cell_h = side_h / span;

  ctx.heatmap_layout = {m0.x, m0.y, m1.x, m1.y, cam.origin_col, cam.origin_row, span, true};
  ctx.set_picture(m0, m1);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  g_gpu.renderer = ctx.heatmap;
  g_gpu.draw = gfx::HeatmapDraw{};
  place_call(g_gpu, ctx.display_w, ctx.display_h, m0, m1);
  g_gpu.draw.origin_col = cam.origin_col;
  g_gpu.draw.origin_row = cam.origin_row;
  g_gpu.draw.span_cols = span;
  g_gpu.draw.span_rows = span;
  g_gpu.draw.focus_row = V->focus;
  dl->PushClipRect(m0, m1, true);
  g_gpu.queue(dl);
  if (st.link >= 0 && st.link < static_cast<int>(V->unit_of_piece.size())) {
    // The paired cell (the focus row's paired key), outlined: the one the sentence below is about.
    const float x = m0.x + (V->unit_of_piece[st.link] - cam.origin_col) * cell_w;
    const float y = m0.y + (V->focus - cam.origin_row) * cell_h;
    dl->AddRect(ImVec2(x, y), ImVec2(x + cell_w, y + cell_h), IM_COL32(255, 255, 255, 255), 0, 0,
                std::max(1.0f, 2.0f * ctx.scale));
  }
  dl->PopClipRect();

  // Labels of visible rows and columns; thinned out when cells are smaller than the text.
  const int first_col = static_cast<int>(std::floor(cam.origin_col));
  const int last = std::min(n - 1, static_cast<int>(std::ceil(cam.origin_col + span)));
  const int every = std::max(1, static_cast<int>(std::ceil(font * 1.05f / std::min(cell_w, cell_h))));
  const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
  const ImU32 dim_col = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  auto is_hidden = [&](int i) { return V->hidden[i]; };
  dl->PushClipRect(ImVec2(m0.x, origin.y), ImVec2(m1.x, m0.y), true);
  for (int c = first_col; c <= last; c += every) {
    const std::string lab = short_label(labels[c], 14);
    // Turned -90 degrees about its start, the label spans [x, x + line height]: centre it on the column.
    const float x = m0.x + (c + 0.5f - cam.origin_col) * cell_w - font * 0.5f;
    add_text_rotated(dl, ImVec2(x, m0.y - font * 0.3f), is_hidden(c) ? dim_col : text_col, lab.c_str(), -1.5707963f);
  }
  dl->PopClipRect();
  const int first_row = static_cast<int>(std::floor(cam.origin_row));
  const int last_row = std::min(n - 1, static_cast<int>(std::ceil(cam.origin_row + span)));
  dl->PushClipRect(ImVec2(origin.x, m0.y), ImVec2(m0.x, m1.y), true);
  for (int r = first_row; r <= last_row; r += every) {
    const std::string lab = label_fitting(labels[r], row_w - font * 0.3f);
    const ImVec2 ts = ImGui::CalcTextSize(lab.c_str());
    const float y = m0.y + (r + 0.5f - cam.origin_row) * cell_h - ts.y * 0.5f;
    dl->AddText(ImVec2(m0.x - ts.x - font * 0.3f, y), r == V->focus ? u32(palette().outline) : text_col, lab.c_str());
  }
  dl->PopClipRect();

  // Interaction: hover shows the exact value, tap picks the query row, drag pans, Ctrl+wheel zooms.
  ImGui::SetCursorScreenPos(m0);
  // A tap counts when the press is released without having turned into a pan (or been cancelled
  // by a second finger), like the links view's taps.
  const bool released = ImGui::InvisibleButton("##heatmap", ImVec2(side_w, side_h));
  const ImGuiIO& io = ImGui::GetIO();
  const bool tapped = released && io.MouseDragMaxDistanceSqr[0] < (font * 0.3f) * (font * 0.3f);
  char readout[256] = "";
  if (ImGui::IsItemHovered() || ImGui::IsItemActive()) {
    const float col_f = cam.origin_col + (io.MousePos.x - m0.x) / cell_w;
    const float row_f = cam.origin_row + (io.MousePos.y - m0.y) / cell_h;
    const int col = std::clamp(static_cast<int>(col_f), 0, n - 1);
    const int row = std::clamp(static_cast<int>(row_f), 0, n - 1);
    if (st.method == attn::AttnMethod::Norm) {
      // The contribution next to the weight it came from, for the same cell.
      const attn::ShownMatrix* raw = s.shown().get(s, st.layer, st.head, attn::AttnMethod::Raw, V->by_word);
      std::snprintf(readout, sizeof readout, tr(Str::ContributionReadout, lang), labels[row].c_str(),
                    labels[col].c_str(), static_cast<double>(raw->values()(row, col) * 100.0f),
                    static_cast<double>((*W)(row, col) * 100.0f));
    } else {
      std::snprintf(readout, sizeof readout, tr(Str::HoverReadout, lang), labels[row].c_str(), labels[col].c_str(),
                    static_cast<double>((*W)(row, col)));
    }
    // A tap picks the row's word as the query and the column's as the key it is paired with.
    if (tapped) {
      s.set_focus(V->first_piece[row]);
      s.set_link(V->first_piece[col]);
    }
  }
  // Ctrl+wheel or a pinch over the map zooms around that point.
  if (ctx.zoom.notches != 0 && ctx.zoom.x >= m0.x && ctx.zoom.x < m1.x && ctx.zoom.y >= m0.y && ctx.zoom.y < m1.y) {
    zoom_at(cam, n, std::pow(1.2f, ctx.zoom.notches), cam.origin_col + (ctx.zoom.x - m0.x) / cell_w,
            cam.origin_row + (ctx.zoom.y - m0.y) / cell_h);
    ctx.zoom.notches = 0;
  }
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, font * 0.3f)) {
    cam.origin_col -= io.MouseDelta.x / cell_w;
    cam.origin_row -= io.MouseDelta.y / cell_h;
    clamp_camera(cam, n);
  }
  // The panel: under the matrix, or beside it from the matrix's top (its text wraps at the edge).
  const ImVec2 panel(beside ? m1.x + font * 1.5f : origin.x, beside ? m0.y : m1.y + pad);
  ImGui::SetCursorScreenPos(panel);
  if (beside) {
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(0.0f);
  }
  if (readout[0]) {
    ImGui::TextUnformatted(readout);
  } else {
    const int f = V->focus;
    Eigen::Index best = 0;
    W->row(f).maxCoeff(&best);
    const Str most = st.method == attn::AttnMethod::Norm      ? Str::FocusGetsMost
                     : st.method == attn::AttnMethod::Rollout ? Str::FocusDrawsMost
                                                              : Str::FocusAttendsMost;
    std::snprintf(readout, sizeof readout, tr(most, lang), labels[f].c_str(), labels[best].c_str(),
                  static_cast<double>((*W)(f, best) * 100.0f));
    ImGui::TextUnformatted(readout);
  }

  ctx.status_line = readout;
  draw_legend(dl, ImGui::GetCursorScreenPos(), std::max(std::min(side_w + row_w, font * 18), font * 12), font * 0.8f,
              W->maxCoeff(), lang);
  ImGui::Dummy(ImVec2(beside ? font * 18 : side_w, legend_h));
  // Under the picture: which heads link the paired words, the sink (when the focus row has one)
  // and what the chosen method means.
  if (!link_text.empty()) draw_linking_line(ctx);
  if (!sink.empty()) ImGui::TextWrapped("%s", sink.c_str());
  if (!explanation.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", explanation.c_str());
    ImGui::PopStyleColor();
  }
  if (beside) {
    if (!bare) zoom_and_help();
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    // The frame continues under whichever is taller, the matrix or the panel.
    ImGui::SetCursorScreenPos(ImVec2(origin.x, std::max(m1.y, ImGui::GetItemRectMax().y) + pad));
    ImGui::Dummy(ImVec2(0, 0));
  }
}

}  // namespace ui
