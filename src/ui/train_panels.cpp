// The train view's panels: token chips, loss and accuracy curves, the learning heatmap, Q against each K.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <vector>

#include "colormap.h"
#include "gpu_draw_call.h"
#include "i18n.h"
#include "matrix_panel.h"
#include "link_choice.h"
#include "train_parts.h"
#include "theme_style.h"

namespace ui {

namespace {
using attn::Lang;
using attn::LiveTask;

ImU32 hat_swatch(int c) {
  static const ImU32 k[] = {IM_COL32(222, 56, 50, 255), IM_COL32(45, 115, 225, 255), IM_COL32(242, 200, 45, 255),
                            IM_COL32(155, 85, 205, 255)};
  return c >= 0 && c < 4 ? k[c] : IM_COL32(128, 128, 128, 255);
}
ImU32 shirt_swatch(int c) {
  static const ImU32 k[] = {IM_COL32(60, 170, 85, 255), IM_COL32(236, 236, 236, 255), IM_COL32(20, 20, 24, 255),
                            IM_COL32(240, 140, 35, 255)};
  return c >= 0 && c < 4 ? k[c] : IM_COL32(128, 128, 128, 255);
}
ImU32 outline_colour() { return u32(palette().axis); }

// A hat: crown and brim, so it reads as a hat even to a reader who cannot tell the colours apart.
void draw_hat(ImDrawList* dl, ImVec2 p, float s, int colour) {
  const ImVec2 c0(p.x + s * 0.2f, p.y + s * 0.15f), c1(p.x + s * 0.8f, p.y + s * 0.72f);
  dl->AddRectFilled(c0, c1, hat_swatch(colour), s * 0.15f, ImDrawFlags_RoundCornersTop);
  dl->AddRectFilled(ImVec2(p.x, c1.y - s * 0.04f), ImVec2(p.x + s, c1.y + s * 0.16f), hat_swatch(colour), s * 0.08f);
  dl->AddRect(c0, ImVec2(c1.x, c1.y + s * 0.16f), outline_colour(), s * 0.1f, 0, std::max(1.0f, s * 0.05f));
}
// A T-shirt outline: body, shoulders and two short sleeves, one convex piece at a time.
void draw_shirt(ImDrawList* dl, ImVec2 p, float s, int colour) {
  const ImU32 c = shirt_swatch(colour);
  auto at = [&](float x, float y) { return ImVec2(p.x + s * x, p.y + s * y); };
  const ImVec2 body[] = {at(0.25f, 0.12f), at(0.75f, 0.12f), at(0.75f, 0.95f), at(0.25f, 0.95f)};
  const ImVec2 left[] = {at(0.25f, 0.12f), at(0.25f, 0.5f), at(0.02f, 0.42f), at(0.02f, 0.3f)};
  const ImVec2 right[] = {at(0.75f, 0.12f), at(0.98f, 0.3f), at(0.98f, 0.42f), at(0.75f, 0.5f)};
  for (const ImVec2* part : {body, left, right}) dl->AddConvexPolyFilled(part, 4, c);
  const ImVec2 outline[] = {at(0.25f, 0.12f), at(0.4f, 0.12f),  at(0.5f, 0.22f), at(0.6f, 0.12f),  at(0.75f, 0.12f),
                            at(0.98f, 0.3f),  at(0.98f, 0.42f), at(0.75f, 0.5f), at(0.75f, 0.95f), at(0.25f, 0.95f),
                            at(0.25f, 0.5f),  at(0.02f, 0.42f), at(0.02f, 0.3f)};
  dl->AddPolyline(outline, 13, outline_colour(), ImDrawFlags_Closed, std::max(1.0f, s * 0.06f));
}

GpuDrawCall<const gfx::HeatmapRenderer, gfx::HeatmapDraw> g_gpu;

bool ensure_gpu(UiContext& ctx) {
  TrainUi& t = ctx.train;
  if (!t.gpu_tried) {
    t.gpu_tried = true;
    t.gpu_ok = t.heatmap.init(attn::colormap_table()[0].data());
  }
  return t.gpu_ok;
}

// Bucket means of v, so a long history still draws as one line per couple of pixels.
std::vector<float> bucket_means(const std::vector<float>& v, int buckets) {
  std::vector<float> out;
  if (v.empty() || buckets <= 0) return out;
  buckets = std::min<int>(buckets, static_cast<int>(v.size()));
  for (int b = 0; b < buckets; ++b) {
    const std::size_t lo = v.size() * b / buckets, hi = std::max(lo + 1, v.size() * (b + 1) / buckets);
    out.push_back(std::accumulate(v.begin() + lo, v.begin() + hi, 0.0f) / static_cast<float>(hi - lo));
  }
  return out;
}

// A framed plot: title on top, legend lines at the bottom, the data area between; returns it.
void plot_frame(ImDrawList* dl, ImVec2 a, ImVec2 b, const char* title, ImVec2* d0, ImVec2* d1, int legend_lines) {
  const float font = ImGui::GetFontSize();
  dl->AddRectFilled(a, b, u32(palette().surface), font * 0.2f);
  dl->AddText(ImVec2(a.x + font * 0.3f, a.y + font * 0.1f), ImGui::GetColorU32(ImGuiCol_Text), title);
  *d0 = ImVec2(a.x + font * 0.5f, a.y + font * 1.4f);
  *d1 = ImVec2(b.x - font * 0.5f, b.y - font * (0.3f + 1.15f * legend_lines));
  dl->AddLine(ImVec2(d0->x, d1->y), *d1, u32(palette().axis));
  dl->AddLine(*d0, ImVec2(d0->x, d1->y), u32(palette().axis));
}

void legend_line(ImDrawList* dl, ImVec2 p, ImU32 colour, const char* text) {
  const float font = ImGui::GetFontSize();
  dl->AddRectFilled(ImVec2(p.x, p.y + font * 0.45f), ImVec2(p.x + font * 0.9f, p.y + font * 0.65f), colour);
  dl->AddText(ImVec2(p.x + font * 1.2f, p.y), ImGui::GetColorU32(ImGuiCol_Text), text);
}

// The curves' colours come from the theme (a pale yellow line would vanish on a light page).
ImU32 loss_colour() { return u32(palette().series[0]); }
ImU32 accuracy_colour() { return u32(palette().series[1]); }
ImU32 attention_colour() { return u32(palette().series[2]); }
}  // namespace

void train_help_tooltip(const char* text) {
  if (!ImGui::IsItemHovered() && !ImGui::IsItemActive()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

float draw_token_chip(ImDrawList* dl, ImVec2 pos, int id, LiveTask task, Lang lang, Chip style) {
  const float font = ImGui::GetFontSize(), s = font * 0.8f;
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  if (task != LiveTask::Crowd) {
    const char* label = attn::live_vocab(task).text(id, lang);
    if (dl) dl->AddText(pos, text, label);
    return ImGui::CalcTextSize(label).x;
  }
  const attn::CrowdLook look = attn::crowd_look(id);
  const bool stacked = style != Chip::Inline;
  const char* label = look.question ? "?" : style == Chip::Looks ? "" : attn::crowd_name(look.name);
  const float label_w = ImGui::CalcTextSize(label).x;
  const float swatches_w =
      (look.hat >= 0 ? s : 0) + (look.shirt >= 0 ? s : 0) + (look.hat >= 0 && look.shirt >= 0 ? font * 0.1f : 0);
  const float width = stacked ? std::max(label_w, swatches_w) : label_w + font * 0.2f + swatches_w;
  if (!dl) return width;
  // Stacked (column headings): the name centred on top, the swatches centred below it.
  dl->AddText(ImVec2(pos.x + (stacked ? (width - label_w) * 0.5f : 0), pos.y), text, label);
  float x = stacked ? pos.x + (width - swatches_w) * 0.5f : pos.x + label_w + font * 0.2f;
  const float y = stacked ? pos.y + font * 1.05f : pos.y + (font - s) * 0.5f;
  if (look.hat >= 0) {
    draw_hat(dl, ImVec2(x, y), s, look.hat);
    x += s + font * 0.1f;
  }
  if (look.shirt >= 0) draw_shirt(dl, ImVec2(x, y), s, look.shirt);
  return width;
}

void draw_train_curves(UiContext& ctx, ImVec2 p0, ImVec2 p1) {
  TrainUi& t = ctx.train;
  const attn::LiveRun& live = ctx.session->live();
  const Lang lang = ctx.session->state().lang;
  const float font = ImGui::GetFontSize(), gap = font * 0.5f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float w = (p1.x - p0.x - gap) * 0.5f;
  const ImVec2 la = p0, lb(p0.x + w, p1.y), aa(p0.x + w + gap, p0.y), ab = p1;
  t.loss_rect = {la.x, la.y, lb.x, lb.y};
  t.accuracy_rect = {aa.x, aa.y, ab.x, ab.y};
  const attn::LiveTrainer& tr_ = live.trainer();
  const float x_max = static_cast<float>(std::max<int64_t>(tr_.step(), 50));
  char buf[128];

  // Loss per step: bucket means keep the line readable; the scale starts at the worst bucket.
  ImVec2 d0, d1;
  plot_frame(dl, la, lb, tr(Str::TrainLossTitle, lang), &d0, &d1, 2);
  // The "?" of "loss" right after the title (the frame is drawn, not laid out: place it by hand).
  const ImVec2 back = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(la.x + font * 0.5f + ImGui::CalcTextSize(tr(Str::TrainLossTitle, lang)).x, la.y));
  term_help(ctx, {Term::Loss}, false);
  ImGui::SetCursorScreenPos(back);
  const std::vector<float> loss =
      bucket_means(tr_.losses(), static_cast<int>((d1.x - d0.x) / std::max(2.0f, ctx.scale * 2)));
  const float loss_max = loss.empty() ? 1.0f : std::max(0.1f, *std::max_element(loss.begin(), loss.end()));
  std::vector<ImVec2> pts;
  for (std::size_t i = 0; i < loss.size(); ++i) {
    const float step = (i + 0.5f) / loss.size() * tr_.step();
    pts.push_back(
        ImVec2(d0.x + (d1.x - d0.x) * step / x_max, d1.y - (d1.y - d0.y) * std::min(1.0f, loss[i] / loss_max)));
  }
  if (pts.size() >= 2)
    dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), loss_colour(), 0, std::max(1.5f, ctx.scale * 1.5f));
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(loss_max));  // top right: the curve starts top left
  dl->AddText(ImVec2(d1.x - ImGui::CalcTextSize(buf).x, d0.y - font * 0.1f), ImGui::GetColorU32(ImGuiCol_TextDisabled),
              buf);
  const float last_loss = tr_.losses().empty() ? (tr_.evals().empty() ? 0.0f : tr_.evals().back().loss) : loss.back();
  std::snprintf(buf, sizeof buf, "%s %.3f", tr(Str::TrainLossTitle, lang), static_cast<double>(last_loss));
  legend_line(dl, ImVec2(la.x + font * 0.3f, d1.y + font * 0.2f), loss_colour(), buf);
  std::snprintf(buf, sizeof buf, "%d %s", static_cast<int>(tr_.step()), tr(Str::TrainSteps, lang));
  dl->AddText(ImVec2(la.x + font * 0.3f, d1.y + font * 1.35f), ImGui::GetColorU32(ImGuiCol_TextDisabled), buf);

  // Accuracy and attention on the answer, measured on fresh examples every few steps.
  plot_frame(dl, aa, ab, tr(Str::TrainAccuracyTitle, lang), &d0, &d1, 2);
  dl->AddLine(ImVec2(d0.x, d0.y), ImVec2(d1.x, d0.y), u32(palette().axis));  // 100%
  for (int series = 0; series < 2; ++series) {
    pts.clear();
    for (const attn::LiveEvalPoint& e : tr_.evals()) {
      const float v = series == 0 ? e.accuracy : e.answer_attention;
      pts.push_back(ImVec2(d0.x + (d1.x - d0.x) * e.step / x_max, d1.y - (d1.y - d0.y) * v));
    }
    if (pts.size() >= 2)
      dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), series == 0 ? accuracy_colour() : attention_colour(), 0,
                      std::max(1.5f, ctx.scale * 1.5f));
  }
  dl->AddText(ImVec2(d0.x + font * 0.2f, d0.y - font * 0.1f), ImGui::GetColorU32(ImGuiCol_TextDisabled), "100%");
  const attn::LiveEvalPoint last = tr_.evals().empty() ? attn::LiveEvalPoint{} : tr_.evals().back();
  std::snprintf(buf, sizeof buf, "%s %.0f%%", tr(Str::TrainAccuracy, lang), static_cast<double>(last.accuracy * 100));
  legend_line(dl, ImVec2(aa.x + font * 0.3f, d1.y + font * 0.2f), accuracy_colour(), buf);
  std::snprintf(buf, sizeof buf, "%s %.0f%%", tr(Str::TrainAttention, lang),
                static_cast<double>(last.answer_attention * 100));
  legend_line(dl, ImVec2(aa.x + font * 0.3f, d1.y + font * 1.35f), attention_colour(), buf);
}

void draw_train_heatmap(UiContext& ctx, ImVec2 p0, ImVec2 p1, int layer, int head) {
  TrainUi& t = ctx.train;
  const attn::LiveRun& live = ctx.session->live();
  const Lang lang = ctx.session->state().lang;
  const LiveTask task = live.trainer().settings().task;
  const attn::Mat& W = live.shown_trace().layers[layer].attn.heads[head].weights;
  const std::vector<int>& ids = live.shown().ex.input;
  const int n = static_cast<int>(ids.size());
  const float font = ImGui::GetFontSize();
  ImDrawList* dl = ImGui::GetWindowDrawList();

  float label_w = 0, column_w = 0;
  for (int id : ids) {
    label_w = std::max(label_w, draw_token_chip(nullptr, ImVec2(), id, task, lang, Chip::Inline));
    column_w = std::max(column_w, draw_token_chip(nullptr, ImVec2(), id, task, lang, Chip::Stacked));
  }
  label_w += font * 0.6f;
  const float head_h = font * (task == LiveTask::Crowd ? 2.1f : 1.3f);
  const float side = std::max(font * 3, std::min(p1.x - p0.x - label_w, p1.y - p0.y - head_h));
  const ImVec2 m0(p0.x + label_w, p0.y + head_h), m1(m0.x + side, m0.y + side);
  const float cell = side / n;
  t.heatmap_rect = {m0.x, m0.y, m1.x, m1.y};
  t.heatmap_n = n;
  t.drawn_layer = layer;
  t.drawn_head = head;
  const int row = live.query_row();

  if (ensure_gpu(ctx)) {
    const uint64_t key =
        (live.shown_revision() << 8) ^ (static_cast<uint64_t>(layer) << 4) ^ static_cast<uint64_t>(head);
    t.heatmap.upload(W.data(), n, key);
    g_gpu.renderer = &t.heatmap;
    g_gpu.draw = gfx::HeatmapDraw{};
    place_call(g_gpu, ctx.display_w, ctx.display_h, m0, m1);
    g_gpu.draw.span_cols = g_gpu.draw.span_rows = static_cast<float>(n);
    g_gpu.draw.focus_row = row;
    dl->PushClipRect(m0, m1, true);
    g_gpu.queue(dl);
    dl->PopClipRect();
  } else {
    // No GPU heatmap (shader failed): the same colours as plain rectangles, n is tiny here.
    for (int r = 0; r < n; ++r)
      for (int c = 0; c < n; ++c)
        dl->AddRectFilled(ImVec2(m0.x + c * cell, m0.y + r * cell),
                          ImVec2(m0.x + (c + 1) * cell, m0.y + (r + 1) * cell), colormap_u32(W(r, c)));
  }
  // The answer of the chosen row, outlined: the cell that should light up as the model learns.
  for (std::size_t a = 0; a < live.shown().ex.positions.size(); ++a) {
    if (live.shown().ex.positions[a] != row) continue;
    const attn::Span s = live.shown().answers[a];
    dl->AddRect(ImVec2(m0.x + s.begin * cell, m0.y + row * cell), ImVec2(m0.x + s.end * cell, m0.y + (row + 1) * cell),
                u32(palette().marker), 0, 0, std::max(2.0f, font * 0.12f));
  }
  // Labels: rows on the left, columns above (thinned when the cells are narrower than a chip).
  // Narrow columns show only the looks; narrower still, every other column.
  Chip column_style = Chip::Stacked;
  if (task == LiveTask::Crowd && column_w * 1.1f > cell) {
    column_style = Chip::Looks;
    column_w = 0;
    for (int id : ids) column_w = std::max(column_w, draw_token_chip(nullptr, ImVec2(), id, task, lang, Chip::Looks));
  }
  const int every = std::max(1, static_cast<int>(std::ceil(column_w * 1.1f / cell)));
  for (int i = 0; i < n; ++i) {
    const float rw = draw_token_chip(nullptr, ImVec2(), ids[i], task, lang, Chip::Inline);
    const float y = m0.y + (i + 0.5f) * cell - font * 0.5f;
    draw_token_chip(dl, ImVec2(m0.x - rw - font * 0.3f, y), ids[i], task, lang, Chip::Inline);
    if (i == row)
      dl->AddTriangleFilled(ImVec2(p0.x, y + font * 0.1f), ImVec2(p0.x, y + font * 0.9f),
                            ImVec2(p0.x + font * 0.3f, y + font * 0.5f), u32(palette().outline));
    const float cw = draw_token_chip(nullptr, ImVec2(), ids[i], task, lang, column_style);
    if (i % every == 0)
      draw_token_chip(dl, ImVec2(m0.x + (i + 0.5f) * cell - cw * 0.5f, p0.y), ids[i], task, lang, column_style);
  }
  // Tap a row to see its Q and K; hover shows the exact weight.
  ImGui::SetCursorScreenPos(m0);
  ImGui::InvisibleButton("##train_heatmap", ImVec2(side, side));
  if (ImGui::IsItemHovered() || ImGui::IsItemActive()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int r = std::clamp(static_cast<int>((m.y - m0.y) / cell), 0, n - 1);
    const int c = std::clamp(static_cast<int>((m.x - m0.x) / cell), 0, n - 1);
    if (ImGui::IsItemClicked()) ctx.session->train_set_query_row(r);
    ImGui::SetTooltip(tr(Str::HoverReadout, lang), attn::live_vocab(task).text(ids[r], lang),
                      attn::live_vocab(task).text(ids[c], lang), static_cast<double>(W(r, c)));
  }
  ImGui::SetCursorScreenPos(ImVec2(p0.x, m1.y));
  ImGui::Dummy(ImVec2(1, 1));
}

namespace {
// Every token's K in the plane of Q: x = how far it reaches along Q (its score is |Q| times that,
// over √d), y = how far it points away from Q. Each axis is scaled to fill the box, so the order
// along Q (the order of the scores) is exact while angles are not.
void draw_qk_projection(UiContext& ctx, ImVec2 p0, ImVec2 p1, const attn::HeadTrace& h, int row) {
  const attn::LiveRun& live = ctx.session->live();
  const Lang lang = ctx.session->state().lang;
  const LiveTask task = live.trainer().settings().task;
  const std::vector<int>& ids = live.shown().ex.input;
  const int n = static_cast<int>(ids.size());
  const float font = ImGui::GetFontSize();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddText(p0, ImGui::GetColorU32(ImGuiCol_Text), tr(Str::TrainProjectionTitle, lang));
  const attn::KeysAgainstQuery keys = attn::keys_against_query(h.q, row, h.k);
  const float q_len = keys.q_length;
  const std::vector<float>& along = keys.along;
  const std::vector<float>& across = keys.across;
  if (static_cast<int>(along.size()) != n) return;
  float x_min = 0, x_max = q_len, y_max = 1e-6f;
  for (int j = 0; j < n; ++j) {
    x_min = std::min(x_min, along[j]);
    x_max = std::max(x_max, along[j]);
    y_max = std::max(y_max, across[j]);
  }
  float chip_w = 0;
  for (int id : ids) chip_w = std::max(chip_w, draw_token_chip(nullptr, ImVec2(), id, task, lang, Chip::Inline));
  const ImVec2 a(p0.x + font * 1.6f, p0.y + font * 1.6f), b(p1.x - chip_w - font * 0.8f, p1.y - font * 1.4f);
  if (b.x - a.x < font * 3 || b.y - a.y < font * 2) return;
  const float ux = (b.x - a.x) / (x_max - x_min), uy = (b.y - a.y) / y_max;
  const ImVec2 origin(a.x - x_min * ux, b.y);
  const ImU32 axis = u32(palette().axis), dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  dl->AddLine(ImVec2(a.x, origin.y), ImVec2(b.x, origin.y), axis);
  dl->AddLine(ImVec2(origin.x, origin.y), ImVec2(origin.x, a.y), axis);
  dl->AddText(ImVec2(b.x - ImGui::CalcTextSize(tr(Str::TrainAlongQ, lang)).x, origin.y + font * 0.2f), dim,
              tr(Str::TrainAlongQ, lang));
  const char* away = tr(Str::TrainAwayFromQ, lang);
  if (ImGui::CalcTextSize(away).x <= b.y - a.y + font * 0.3f)  // up the y axis, when it fits
    add_text_rotated(dl, ImVec2(p0.x, b.y), dim, away, -1.5707963f);
  // Q itself: an arrow along the axis.
  const float thick = std::max(2.0f, font * 0.12f);
  const ImVec2 tip(origin.x + q_len * ux, origin.y);
  const ImU32 q_colour = u32(palette().text);
  dl->AddLine(origin, tip, q_colour, thick);
  dl->AddTriangleFilled(ImVec2(tip.x + font * 0.2f, tip.y), ImVec2(tip.x - font * 0.35f, tip.y - font * 0.3f),
                        ImVec2(tip.x - font * 0.35f, tip.y + font * 0.3f), q_colour);
  dl->AddText(ImVec2(tip.x - font * 0.4f, tip.y - font * 1.3f), q_colour, "Q");
  std::vector<bool> is_answer(n, false);
  for (std::size_t k = 0; k < live.shown().ex.positions.size(); ++k)
    if (live.shown().ex.positions[k] == row)
      for (int j = std::max(0, live.shown().answers[k].begin); j < std::min(n, live.shown().answers[k].end); ++j)
        is_answer[j] = true;
  // Furthest along Q first: when labels would overlap, the highest scores keep theirs.
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int x, int y) { return along[x] > along[y]; });
  std::vector<ImVec4> taken;
  for (int j : order) {
    const ImVec2 c(origin.x + along[j] * ux, origin.y - across[j] * uy);
    const float r = font * 0.3f;
    dl->AddCircleFilled(c, r, colormap_u32(h.weights(row, j)));
    dl->AddCircle(c, r + (is_answer[j] ? font * 0.12f : 0), is_answer[j] ? u32(palette().outline) : outline_colour(), 0,
                  is_answer[j] ? thick : 1.0f);
    const ImVec2 lp(c.x + r + font * 0.2f, c.y - font * 0.5f);
    const ImVec4 box(lp.x, lp.y, lp.x + draw_token_chip(nullptr, lp, ids[j], task, lang, Chip::Inline), lp.y + font);
    bool free = true;
    for (const ImVec4& o : taken) free = free && (box.z < o.x || box.x > o.z || box.w < o.y || box.y > o.w);
    if (!free) continue;
    taken.push_back(box);
    draw_token_chip(dl, lp, ids[j], task, lang, Chip::Inline);
  }
}

// Q of the asking row above every token's K (columns sorted by Q), then the score and weight.
void draw_qk_rows(UiContext& ctx, ImVec2 p0, ImVec2 p1, const attn::HeadTrace& h, int row) {
  const attn::LiveRun& live = ctx.session->live();
  const Lang lang = ctx.session->state().lang;
  const LiveTask task = live.trainer().settings().task;
  const std::vector<int>& ids = live.shown().ex.input;
  const int n = static_cast<int>(ids.size()), dk = static_cast<int>(h.q.cols());
  const float font = ImGui::GetFontSize();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  char buf[160];
  std::snprintf(buf, sizeof buf, tr(Str::TrainQKTitle, lang), attn::live_vocab(task).text(ids[row], lang));
  dl->AddText(p0, ImGui::GetColorU32(ImGuiCol_Text), buf);
  ImGui::SetCursorScreenPos(p0);
  ImGui::InvisibleButton("##qk_title", ImVec2(std::max(1.0f, ImGui::CalcTextSize(buf).x), font));
  train_help_tooltip(tr(Str::TrainQKHelp, lang));
  term_help(ctx, {Term::Query, Term::Key, Term::Score});
  // Columns sorted by the query's numbers, largest first: a matching K shows the same fade.
  std::vector<int> order(dk);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return h.q(row, a) > h.q(row, b); });
  float scale = 1e-6f;
  for (int c = 0; c < dk; ++c) scale = std::max(scale, std::abs(h.q(row, c)));
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < dk; ++c) scale = std::max(scale, std::abs(h.k(r, c)));

  float label_w = 0, score_w = 0;
  for (int id : ids) label_w = std::max(label_w, draw_token_chip(nullptr, ImVec2(), id, task, lang, Chip::Inline));
  for (int j = 0; j < n; ++j) {
    std::snprintf(buf, sizeof buf, tr(Str::TrainScore, lang), static_cast<double>(h.scaled(row, j)),
                  static_cast<double>(h.weights(row, j) * 100));
    score_w = std::max(score_w, ImGui::CalcTextSize(buf).x);
  }
  label_w += font * 1.8f;  // room for "Q " / "K "
  const float bar_w = std::min(score_w + font * 0.6f, (p1.x - p0.x) * 0.35f);
  const float cells_x0 = p0.x + label_w, cells_x1 = p1.x - bar_w - font * 0.4f;
  const float cell_w = std::max(1.0f, (cells_x1 - cells_x0) / dk);
  const float top = p0.y + font * 1.5f;
  const float row_h = std::clamp((p1.y - top) / (n + 1.6f), font * 0.6f, font * 1.3f);
  const float cell_h = row_h * 0.8f;
  std::vector<bool> is_answer(n, false);
  for (std::size_t a = 0; a < live.shown().ex.positions.size(); ++a)
    if (live.shown().ex.positions[a] == row)
      for (int j = std::max(0, live.shown().answers[a].begin); j < std::min(n, live.shown().answers[a].end); ++j)
        is_answer[j] = true;

  auto draw_row = [&](float y, const char* tag, int token, const attn::Mat& m, int m_row) {
    dl->AddText(ImVec2(p0.x, y + (cell_h - font) * 0.5f), ImGui::GetColorU32(ImGuiCol_TextDisabled), tag);
    draw_token_chip(dl, ImVec2(p0.x + font * 1.3f, y + (cell_h - font) * 0.5f), ids[token], task, lang, Chip::Inline);
    for (int c = 0; c < dk; ++c) {
      const float x = cells_x0 + c * cell_w;
      dl->AddRectFilled(ImVec2(x, y), ImVec2(x + cell_w - (cell_w > 4 ? 1 : 0), y + cell_h),
                        diverging_u32(m(m_row, order[c]), scale));
    }
  };
  draw_row(top, "Q", row, h.q, row);
  for (int j = 0; j < n; ++j) {
    const float y = top + row_h * (j + 1.6f);
    draw_row(y, "K", j, h.k, j);
    if (is_answer[j])
      dl->AddRect(ImVec2(p0.x - 2, y - 2), ImVec2(p1.x, y + cell_h + 2), u32(palette().outline, 200), font * 0.15f);
    // The weight as a bar, the score and the weight as numbers.
    const float w = h.weights(row, j), bx = cells_x1 + font * 0.4f;
    dl->AddRectFilled(ImVec2(bx, y), ImVec2(bx + bar_w * w, y + cell_h), colormap_u32(w));
    dl->AddRect(ImVec2(bx, y), ImVec2(bx + bar_w, y + cell_h), u32(palette().axis));
    std::snprintf(buf, sizeof buf, tr(Str::TrainScore, lang), static_cast<double>(h.scaled(row, j)),
                  static_cast<double>(w * 100));
    if (row_h >= font * 0.9f) {
      // The theme's text inside a halo of its background reads on both ends of the colour map and on
      // the empty part of the bar (the text may be longer than the bar).
      const ImVec2 tp(bx + font * 0.3f, y + (cell_h - font) * 0.5f);
      const float o = std::max(1.0f, font * 0.08f);
      for (const ImVec2 d : {ImVec2(-o, 0), ImVec2(o, 0), ImVec2(0, -o), ImVec2(0, o)})
        dl->AddText(ImVec2(tp.x + d.x, tp.y + d.y), u32(palette().background), buf);
      dl->AddText(tp, u32(palette().text), buf);
    }
  }
}
}  // namespace

void draw_train_qk(UiContext& ctx, ImVec2 p0, ImVec2 p1, int layer, int head) {
  TrainUi& t = ctx.train;
  const attn::LiveRun& live = ctx.session->live();
  const attn::HeadTrace& h = live.shown_trace().layers[layer].attn.heads[head];
  const int n = static_cast<int>(live.shown().ex.input.size());
  const int row = live.query_row();
  const float font = ImGui::GetFontSize();
  t.qk_rect = {p0.x, p0.y, p1.x, p1.y};
  // The rows, and the projection: below them when there is room, beside them on a wide screen,
  // below squeezed rows on a phone, or not at all.
  const float rows_full = font * 1.5f + (n + 1.6f) * font * 1.3f, rows_min = font * 1.5f + (n + 1.6f) * font * 0.95f;
  const float height = p1.y - p0.y;
  if (height - rows_full >= font * 8) {
    draw_qk_rows(ctx, p0, ImVec2(p1.x, p0.y + rows_full), h, row);
    draw_qk_projection(ctx, ImVec2(p0.x, p0.y + rows_full + font * 0.3f), p1, h, row);
  } else if (p1.x - p0.x >= font * 44) {
    const float split = p1.x - font * 16;
    draw_qk_rows(ctx, p0, ImVec2(split - font, p1.y), h, row);
    draw_qk_projection(ctx, ImVec2(split, p0.y), p1, h, row);
  } else if (height - rows_min >= font * 6) {
    const float rows_h = std::max(rows_min, height - font * 6);
    draw_qk_rows(ctx, p0, ImVec2(p1.x, p0.y + rows_h), h, row);
    draw_qk_projection(ctx, ImVec2(p0.x, p0.y + rows_h + font * 0.3f), p1, h, row);
  } else {
    draw_qk_rows(ctx, p0, p1, h, row);
  }
}

}  // namespace ui
