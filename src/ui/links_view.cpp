// `links`: who looks at whom. Queries on the left, keys on the right, one GPU-drawn line per
// (head, query, key) with thickness and opacity from the shown number (weight, contribution share
// or rollout share; words or pieces), one colour per head.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "colormap.h"
#include "gpu_draw_call.h"
#include "i18n.h"
#include "ui_context.h"
#include "theme_style.h"

namespace ui {

namespace {
GpuDrawCall<gfx::LinksRenderer, gfx::LinksDraw> g_gpu;

uint64_t mix_key(uint64_t h, uint64_t v) { return (h ^ v) * 1099511628211ull; }

// The heads whose lines are drawn: the chosen one, or every audible head of the layer.
std::vector<int> drawn_heads(const UiContext& ctx) {
  const attn::PlaygroundState& st = ctx.session->state();
  if (st.head >= 0) return {st.head};
  std::vector<int> heads;
  for (int h = 0; h < ctx.session->model().cfg.n_heads; ++h)
    if (ctx.links_heads.mix.audible(st.layer, h)) heads.push_back(h);
  return heads;
}

// The lines' colour under rollout, which mixes every head: the theme's neutral, not any head's colour.

// One matrix the lines come from, with its labels: a head's, or the rollout (-1).
struct LinkSource {
  int head;
  const attn::ShownMatrix* shown;
};

// The shown matrices of the drawn heads under the state's method and unit; the rollout ignores
// heads (and their mute), so it is one source.
std::vector<LinkSource> link_sources(attn::Session& s, const std::vector<int>& heads, bool by_word) {
  const attn::PlaygroundState& st = s.state();
  std::vector<LinkSource> out;
  if (st.method == attn::AttnMethod::Rollout) {
    if (const attn::ShownMatrix* m = s.shown().get(s, st.layer, -1, st.method, by_word)) out.push_back({-1, m});
    return out;
  }
  for (int h : heads)
    if (const attn::ShownMatrix* m = s.shown().get(s, st.layer, h, st.method, by_word)) out.push_back({h, m});
  return out;
}

// Rebuilds the instance list (and the API's copy) when anything it depends on changed. n = rows.
void build_links(UiContext& ctx, const std::vector<LinkSource>& sources, int n) {
  attn::Session& s = *ctx.session;
  const attn::PlaygroundState& st = s.state();
  LinksView& lv = ctx.links_heads.links;
  uint32_t min_bits = 0;
  std::memcpy(&min_bits, &lv.filter.min_weight, sizeof min_bits);
  uint64_t key = 1469598103934665603ull;
  for (uint64_t v : {s.revision(), static_cast<uint64_t>(st.layer), static_cast<uint64_t>(st.head + 1),
                     static_cast<uint64_t>(ctx.links_heads.mix.version), static_cast<uint64_t>(lv.filter.top_k),
                     static_cast<uint64_t>(min_bits), static_cast<uint64_t>(lv.isolated_side + 1),
                     static_cast<uint64_t>(lv.isolated_index + 1), static_cast<uint64_t>(n),
                     static_cast<uint64_t>(lv.method), static_cast<uint64_t>(lv.by_word)})
    key = mix_key(key, v);
  if (key == lv.built_key) return;
  lv.built_key = key;
  std::vector<attn::LinkSource> mats;
  for (const LinkSource& src : sources) mats.push_back({src.head, &src.shown->values()});
  attn::LinkFilter f;
  f.top_k = lv.filter.top_k;
  f.min_weight = lv.filter.min_weight;
  f.isolated_side = lv.isolated_side;
  f.isolated_index = lv.isolated_index;
  attn::LinkChoices chosen = attn::choose_links(mats, n, f);
  lv.drawn = std::move(chosen.lines);
  lv.top_k_used = chosen.top_k_used;
  lv.instances.resize(lv.drawn.size());
  for (size_t k = 0; k < lv.drawn.size(); ++k) {
    const DrawnLink& d = lv.drawn[k];
    gfx::LinkInstance& in = lv.instances[k];
    in.query = static_cast<float>(d.query);
    in.key = static_cast<float>(d.key);
    in.weight = d.weight;
    const attn::Rgba8 c = d.head < 0 ? palette().neutral_line : attn::head_colour(d.head);
    in.rgba[0] = c[0];
    in.rgba[1] = c[1];
    in.rgba[2] = c[2];
    in.rgba[3] = d.highlighted ? 255 : 30;
  }
  ctx.links_heads.links_gpu.upload(lv.instances, key);
}

void draw_filter_controls(UiContext& ctx, int n, int heads) {
  const attn::Lang lang = ctx.session->state().lang;
  LinksFilter& f = ctx.links_heads.links.filter;
  const float font = ImGui::GetFontSize();
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr(Str::LinksTopK, lang));
  ImGui::SameLine();
  // Long text with many heads cannot show every line: the slider stops at the budget.
  const int max_k = std::min(n, attn::links_top_k_cap(n, heads));
  int k = std::min(f.top_k <= 0 ? n : f.top_k, max_k);
  char fmt[64];
  if (k >= n)
    std::snprintf(fmt, sizeof fmt, "%s", tr(Str::LinksTopKAll, lang));
  else
    std::snprintf(fmt, sizeof fmt, "%s", tr(Str::LinksTopKValue, lang));
  ImGui::SetNextItemWidth(font * 8);
  if (ImGui::SliderInt("##topk", &k, 1, std::max(1, max_k), fmt)) f.top_k = k >= n ? 0 : k;
  const char* floor_label = tr(Str::LinksMinWeight, lang);
  ImGui::SameLine();
  if (ImGui::GetCursorScreenPos().x + font * 8 + ImGui::CalcTextSize(floor_label).x > right) ImGui::NewLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(floor_label);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(font * 7);
  ImGui::SliderFloat("##minweight", &f.min_weight, 0.0f, 0.5f, "%.2f");
}

// What thickness means, drawn as two sample bars (the lines themselves are the GPU's).
void draw_thickness_legend(UiContext& ctx, float max_width) {
  const attn::Lang lang = ctx.session->state().lang;
  const float font = ImGui::GetFontSize();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float len = font * 1.6f, mid = p.y + ImGui::GetFrameHeight() * 0.5f;
  const ImU32 c = ImGui::GetColorU32(ImGuiCol_Text);
  const float thin = std::max(1.0f, ctx.scale);
  dl->AddRectFilled(ImVec2(p.x, mid - thin * 0.5f), ImVec2(p.x + len, mid + thin * 0.5f),
                    (c & 0x00FFFFFF) | 0x50000000);
  dl->AddRectFilled(ImVec2(p.x + len + font * 0.4f, mid - max_width * 0.5f),
                    ImVec2(p.x + 2 * len + font * 0.4f, mid + max_width * 0.5f), c);
  ImGui::Dummy(ImVec2(2 * len + font * 0.6f, ImGui::GetFrameHeight()));
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%s", tr(Str::LinksThickness, lang));
}
}  // namespace

void draw_links_view(UiContext& ctx, ImVec2 size) {
  attn::Session& s = *ctx.session;
  const attn::PlaygroundState& st = s.state();
  const attn::Lang lang = st.lang;
  LinksHeadsUi& lh = ctx.links_heads;
  LinksView& lv = lh.links;
  lv.layout.shown = false;
  if (s.tokens().empty()) return;
  if (!links_heads_ready(ctx)) return;
  const float font = ImGui::GetFontSize();

  draw_method_controls(ctx);
  // Rows are the shown unit's: words or pieces (every method's matrix has the same rows).
  const bool rollout = st.method == attn::AttnMethod::Rollout;
  const bool by_word = s.shown().by_word(s);
  const attn::ShownMatrix* units = s.shown().get(s, st.layer, -1, attn::AttnMethod::Raw, by_word);
  if (!units) return;
  const std::vector<std::string>& labels = units->labels;
  const int n = static_cast<int>(labels.size());
  lv.method = st.method;
  lv.by_word = by_word;
  if (lv.labels != labels) lv.labels = labels;
  // A lock counts rows of the unit it was made in: another unit releases it.
  if (lv.locked_index >= n || (lv.locked_side >= 0 && lv.locked_by_word != by_word))
    lv.locked_side = lv.locked_index = -1;
  // A new word pair (a figure's link, or one the reader chose) locks the asking word's lines once,
  // so a figure about "it" opens on the lines from "it"; the reader may release it as any lock.
  if (st.link >= 0 && (lv.paired_focus != st.focus || lv.paired_link != st.link)) {
    lv.locked_side = 0;
    lv.locked_index = units->unit_of_piece[std::clamp(st.focus, 0, static_cast<int>(units->unit_of_piece.size()) - 1)];
    lv.locked_by_word = by_word;
  }
  lv.paired_focus = st.focus;
  lv.paired_link = st.link;

  // A bare figure shows its lines: the help line and the filter wait in its menu.
  const bool bare = ctx.bare_figure();
  const Str help = st.method == attn::AttnMethod::Norm ? Str::LinksHelpNorm
                   : rollout                           ? Str::LinksHelpRollout
                                                       : Str::LinksHelp;
  if (!bare) help_with_terms(ctx, tr(help, lang), {Term::Query, Term::Key, Term::Weight});
  const std::vector<int> heads = drawn_heads(ctx);
  const std::vector<LinkSource> sources = link_sources(s, heads, by_word);
  if (!bare) draw_filter_controls(ctx, n, std::max(1, static_cast<int>(sources.size())));
  if (rollout) {
    // Every head of layers 1 .. l at once: the chips (and their mute) do not apply.
    char note[200];
    std::snprintf(note, sizeof note, tr(Str::LinksRolloutHeads, lang), st.layer + 1);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", note);  // wraps on a phone
    ImGui::PopStyleColor();
  } else if (!ctx.shows(attn::FigureControl::Head)) {
    // a figure without head controls: the status line names the heads
  } else if (st.head < 0) {
    draw_head_chips(ctx, st.layer, true);
  } else {
    // One head chosen: its chip alone, as the colour key.
    const float sw = font * 0.8f;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float hgt = ImGui::GetFrameHeight();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + (hgt - sw) / 2), ImVec2(p.x + sw, p.y + (hgt + sw) / 2),
                                              head_colour_u32(st.head), font * 0.15f);
    ImGui::Dummy(ImVec2(sw, hgt));
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%s %d", tr(Str::Head, lang), st.head + 1);
  }

  // Column geometry: rows share the height left, capped so short text is not spread thin.
  float label_w = 0;
  for (const std::string& t : labels) label_w = std::max(label_w, ImGui::CalcTextSize(short_label(t, 16).c_str()).x);
  label_w = std::max(
      {label_w, ImGui::CalcTextSize(tr(Str::LinksQueries, lang)).x, ImGui::CalcTextSize(tr(Str::LinksKeys, lang)).x});
  label_w = std::min(label_w + font * 0.4f, size.x * 0.3f);
  // The method's explanation (when open) goes under the status: keep room for it.
  const std::string explanation =
      st.method != attn::AttnMethod::Raw && method_help_open(ctx) ? method_explanation(s, lang) : std::string();
  // The paired words' sentence (which heads link them?) goes there too, with its button.
  const LinkingResult* linking = current_linking(s);
  const std::string link_text = linking ? linking_sentence(*linking, lang) : std::string();
  const float text_w = size.x - ImGui::GetStyle().WindowPadding.x;
  const float notes_h = (explanation.empty() ? 0.0f
                                             : ImGui::CalcTextSize(explanation.c_str(), nullptr, false, text_w).y +
                                                   ImGui::GetStyle().ItemSpacing.y) +
                        (link_text.empty() ? 0.0f
                                           : ImGui::CalcTextSize(link_text.c_str(), nullptr, false, text_w).y +
                                                 ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.y * 2);
  const float status_h = ImGui::GetTextLineHeightWithSpacing() * 2.2f + notes_h;
  const float legend_h = ImGui::GetFrameHeightWithSpacing();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float header_h = ImGui::GetTextLineHeightWithSpacing();
  const float rows_h = std::max(font * 3, ctx.room_to_fold() - header_h - legend_h - status_h);
  // Long text: every row fits at zoom 1; zooming spreads the rows until labels are readable and
  // the view scrolls (the lines are positioned by the shader, so this never re-uploads them).
  // A wide screen gives a short text taller rows (read from the back of a room); a phone keeps
  // them to a line and a half, or spreads a bare figure's over its frame.
  const float fit_step = std::min(font * (bare ? 2.2f : ctx.compact ? 1.6f : 2.4f), rows_h / n);
  const float max_zoom = std::max(1.0f, font * 1.3f / fit_step);
  // A new length whose rows would be thinner than a quarter of a line (a solid block of lines on
  // a phone) starts zoomed to that, around the focus; "fit" still shows every row.
  if (lv.zoomed_for_rows != n) {
    lv.zoomed_for_rows = n;
    const float readable = font * 0.25f;
    if (fit_step < readable) {
      lv.zoom = readable / fit_step;
      lv.scroll = units->focus - 0.5f * rows_h / readable;
    }
  }
  lv.zoom = std::clamp(lv.zoom, 1.0f, max_zoom);
  const float row_step = fit_step * lv.zoom;
  const float visible_rows = std::min(static_cast<float>(n), rows_h / row_step);
  lv.scroll = std::clamp(lv.scroll, 0.0f, std::max(0.0f, n - visible_rows));
  const float y0 = origin.y + header_h;
  const float first_row_y = y0 + row_step * (0.5f - lv.scroll);
  const float gap = font * 0.4f;
  // No wider than about twice the rows' height: on a wide screen, lines stretched over the whole
  // width would lie almost flat and hide which word they leave from.
  const float width = std::min(size.x, std::max(font * 28, row_step * visible_rows * 2.0f) + 2 * (label_w + gap));
  const float left_x = origin.x + label_w + gap, right_x = origin.x + width - label_w - gap;
  const float max_width = std::clamp(row_step * 0.8f, 2.0f * ctx.scale, font * 0.36f);
  const float rows_bottom = y0 + row_step * visible_rows;
  lv.layout = {left_x, right_x, first_row_y, row_step, label_w, y0, rows_bottom, n, st.layer, st.head, true};
  ctx.set_picture(ImVec2(origin.x, y0), ImVec2(origin.x + width, rows_bottom));  // both columns and the lines between

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text), dim_col = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  dl->AddText(ImVec2(left_x - gap - ImGui::CalcTextSize(tr(Str::LinksQueries, lang)).x, origin.y), dim_col,
              tr(Str::LinksQueries, lang));
  dl->AddText(ImVec2(right_x + gap, origin.y), dim_col, tr(Str::LinksKeys, lang));

  // Interaction: a tap on a token locks (or releases) its lines; the mouse isolates while hovering;
  // a tap between the columns releases the lock.
  const ImGuiIO& io = ImGui::GetIO();
  int hover_side = -1, hover_row = -1;
  const struct {
    float x0, x1;
    int side;
    const char* id;
  } columns[] = {{origin.x, left_x, 0, "##queries"}, {right_x, origin.x + width, 1, "##keys"}};
  for (const auto& col : columns) {
    ImGui::SetCursorScreenPos(ImVec2(col.x0, y0));
    const bool tapped =
        ImGui::InvisibleButton(col.id, ImVec2(std::max(1.0f, col.x1 - col.x0), std::max(1.0f, rows_bottom - y0)));
    const int r = std::clamp(static_cast<int>((io.MousePos.y - y0) / row_step + lv.scroll), 0, n - 1);
    if (ImGui::IsItemHovered()) {
      hover_side = col.side;
      hover_row = r;
    }
    if (tapped) {
      if (lv.locked_side == col.side && lv.locked_index == r) {
        lv.locked_side = lv.locked_index = -1;
      } else {
        lv.locked_side = col.side;
        lv.locked_index = r;
        lv.locked_by_word = by_word;
        if (col.side == 0) s.set_focus(units->first_piece[r]);  // a word focuses its first piece
      }
    }
  }
  // Between the columns: a tap releases the lock, a drag scrolls, Ctrl+wheel (pinch) zooms.
  ImGui::SetCursorScreenPos(ImVec2(left_x, y0));
  const float drag_px = font * 0.3f;
  if (ImGui::InvisibleButton("##between", ImVec2(std::max(1.0f, right_x - left_x), std::max(1.0f, rows_bottom - y0))) &&
      io.MouseDragMaxDistanceSqr[0] < drag_px * drag_px)
    lv.locked_side = lv.locked_index = -1;
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, drag_px))
    lv.scroll -= io.MouseDelta.y / row_step;
  if (ctx.zoom.notches != 0 && ctx.zoom.x >= origin.x && ctx.zoom.x < origin.x + width && ctx.zoom.y >= y0 &&
      ctx.zoom.y < rows_bottom) {
    const float pivot = (ctx.zoom.y - y0) / row_step + lv.scroll;
    lv.zoom = std::clamp(lv.zoom * std::pow(1.2f, ctx.zoom.notches), 1.0f, max_zoom);
    lv.scroll = pivot - (ctx.zoom.y - y0) / (fit_step * lv.zoom);  // keep the row under the pointer
    ctx.zoom.notches = 0;
  }
  // A finger leaves no hover behind it: on touch only the lock isolates.
  const bool mouse = io.MouseSource == ImGuiMouseSource_Mouse;
  lv.isolated_side = lv.locked_side >= 0 ? lv.locked_side : (mouse ? hover_side : -1);
  lv.isolated_index = lv.locked_side >= 0 ? lv.locked_index : (mouse ? hover_row : -1);

  build_links(ctx, sources, n);

  g_gpu.renderer = &lh.links_gpu;
  g_gpu.display_w = ctx.display_w;
  g_gpu.display_h = ctx.display_h;
  g_gpu.draw = gfx::LinksDraw{};
  g_gpu.draw.left_x = left_x;
  g_gpu.draw.right_x = right_x;
  g_gpu.draw.first_row_y = first_row_y;
  g_gpu.draw.row_step = row_step;
  g_gpu.draw.min_width = std::max(1.0f, ctx.scale * 0.6f);
  g_gpu.draw.max_width = max_width;
  // The lines' layer is opaque: it holds what the window shows under them (its background).
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  g_gpu.draw.background[0] = bg.x;
  g_gpu.draw.background[1] = bg.y;
  g_gpu.draw.background[2] = bg.z;
  dl->PushClipRect(ImVec2(left_x - 1, y0), ImVec2(right_x + 1, rows_bottom), true);
  g_gpu.queue(dl);
  dl->PopClipRect();

  // Labels: thinned out when rows are shorter than the text, but the isolated token and the
  // tokens it connects to are always named.
  std::vector<char> linked_q(n, 0), linked_k(n, 0);
  for (const DrawnLink& d : lv.drawn)
    if (d.highlighted && lv.isolated_side >= 0) {
      linked_q[d.query] = 1;
      linked_k[d.key] = 1;
    }
  // Rows down to 0.85 of the font size still take every label: the glyphs' ink (no accents on
  // most rows) does not touch at that spacing, and a name missing costs the reader more.
  const int every = std::max(1, static_cast<int>(std::ceil(font * 0.85f / row_step)));
  const int first_visible = std::max(0, static_cast<int>(std::floor(lv.scroll)));
  const int last_visible = std::min(n - 1, static_cast<int>(std::ceil(lv.scroll + visible_rows)));
  auto is_hidden = [&](int i) { return units->hidden[i]; };
  const ImU32 lock_col = u32(palette().outline);
  const float labels_top = y0 - ImGui::GetStyle().ItemSpacing.y, labels_bottom = rows_bottom + font * 0.5f;  // the clip
  for (int side = 0; side < 2; ++side) {
    const std::vector<char>& linked = side == 0 ? linked_q : linked_k;
    dl->PushClipRect(ImVec2(side == 0 ? origin.x : right_x, labels_top),
                     ImVec2(side == 0 ? left_x : origin.x + width, labels_bottom), true);
    for (int r = first_visible; r <= last_visible; ++r) {
      const bool isolated_here = lv.isolated_side == side && lv.isolated_index == r;
      const bool named = isolated_here || linked[r] || r % every == 0;
      if (!named) continue;
      const std::string lab = short_label(labels[r], 16);
      const ImVec2 ts = ImGui::CalcTextSize(lab.c_str());
      const float y = first_row_y + r * row_step - ts.y * 0.5f;
      // A row scrolled half out at the bottom gets no name cut in two (the clip may take a descender).
      if (y + ts.y * 0.8f > labels_bottom) continue;
      const float x = side == 0 ? left_x - gap - ts.x : right_x + gap;
      ImU32 c = text_col;
      if (is_hidden(r) || (lv.isolated_side >= 0 && !isolated_here && !linked[r])) c = dim_col;
      if (isolated_here) {
        dl->AddRectFilled(ImVec2(x - font * 0.15f, y), ImVec2(x + ts.x + font * 0.15f, y + ts.y),
                          u32(palette().surface_active), font * 0.2f);
        if (lv.locked_side == side)
          dl->AddRect(ImVec2(x - font * 0.15f, y), ImVec2(x + ts.x + font * 0.15f, y + ts.y), lock_col, font * 0.2f, 0,
                      std::max(1.0f, ctx.scale));
      }
      dl->AddText(ImVec2(x, y), c, lab.c_str());
    }
    dl->PopClipRect();
  }
  // The exact weights behind the token under the pointer, for the lines that reach it.
  if (hover_side >= 0 && ImGui::IsWindowHovered()) {
    std::string tip;
    char line[160];
    int listed = 0;  // the strongest few: a long list would cover the lines it explains
    for (auto it = lv.drawn.rbegin(); it != lv.drawn.rend() && listed < 6; ++it) {
      const DrawnLink& d = *it;
      if (!d.highlighted || (hover_side == 0 ? d.query : d.key) != hover_row) continue;
      ++listed;
      if (d.head < 0)
        std::snprintf(line, sizeof line, "\"%s\" → \"%s\" %.3f\n", labels[d.query].c_str(), labels[d.key].c_str(),
                      static_cast<double>(d.weight));
      else
        std::snprintf(line, sizeof line, "%s %d: \"%s\" → \"%s\" %.3f\n", tr(Str::Head, lang), d.head + 1,
                      labels[d.query].c_str(), labels[d.key].c_str(), static_cast<double>(d.weight));
      tip += line;
    }
    if (!tip.empty()) ImGui::SetTooltip("%s", tip.c_str());
  }

  ImGui::SetCursorScreenPos(ImVec2(origin.x, rows_bottom + ImGui::GetStyle().ItemSpacing.y));
  if (max_zoom > 1.0f) {  // only long text needs zoom; the buttons are the touch way to it
    if (ImGui::Button(" + ")) lv.zoom = std::min(max_zoom, lv.zoom * 1.6f);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::ZoomIn, lang));
    ImGui::SameLine();
    if (ImGui::Button(" - ")) lv.zoom = std::max(1.0f, lv.zoom / 1.6f);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::ZoomOut, lang));
    ImGui::SameLine();
    if (ImGui::Button(tr(Str::ZoomReset, lang))) {
      lv.zoom = 1.0f;
      lv.scroll = 0.0f;
    }
    ImGui::SameLine();
  }
  // On a narrow screen the thickness legend would be cut off beside the zoom buttons; the view's
  // explanation above already says "thicker, more opaque = higher weight".
  if (!ctx.compact)
    draw_thickness_legend(ctx, max_width);
  else
    ImGui::NewLine();
  char status[256];
  int highlighted = 0;
  const DrawnLink* strongest = nullptr;
  for (const DrawnLink& d : lv.drawn)
    if (d.highlighted) {
      ++highlighted;
      if (!strongest || d.weight > strongest->weight) strongest = &d;
    }
  const Str locked_query = st.method == attn::AttnMethod::Norm ? Str::LinksLockedQueryNorm
                           : rollout                           ? Str::LinksLockedQueryRollout
                                                               : Str::LinksLockedQuery;
  if (sources.empty() || lv.drawn.empty()) {
    std::snprintf(status, sizeof status, "%s", tr(Str::LinksNoLines, lang));
  } else if (lv.locked_side == 0 && strongest) {
    std::snprintf(status, sizeof status, tr(locked_query, lang), labels[lv.locked_index].c_str(),
                  labels[strongest->key].c_str(), static_cast<double>(strongest->weight * 100.0f));
  } else if (lv.locked_side == 1) {
    std::snprintf(status, sizeof status, tr(Str::LinksLockedKey, lang), labels[lv.locked_index].c_str(), highlighted);
  } else if (rollout) {
    std::snprintf(status, sizeof status, tr(Str::LinksStatusRollout, lang), static_cast<int>(lv.drawn.size()),
                  st.layer + 1);
  } else if (st.head >= 0) {
    std::snprintf(status, sizeof status, tr(Str::LinksStatusOneHead, lang), static_cast<int>(lv.drawn.size()),
                  st.head + 1, st.layer + 1);
  } else {
    std::snprintf(status, sizeof status, tr(Str::LinksStatus, lang), static_cast<int>(lv.drawn.size()),
                  static_cast<int>(heads.size()), st.layer + 1);
  }
  ImGui::TextWrapped("%s", status);
  ctx.status_line = status;
  if (!link_text.empty()) draw_linking_line(ctx);
  if (!explanation.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", explanation.c_str());
    ImGui::PopStyleColor();
  }
}

}  // namespace ui
