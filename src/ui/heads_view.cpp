// `heads`: every layer x head at a glance (the "model view"), a blended picture per layer, mute
// and solo, and what each head measurably does on the current text.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "gpu_draw_call.h"
#include "colormap.h"
#include "i18n.h"
#include "thumbnail.h"
#include "ui_context.h"
#include "theme_style.h"

namespace ui {

namespace {
struct GpuTile {
  const gfx::HeatmapRenderer* atlas;
  gfx::HeatmapDraw draw;
  int display_w, display_h;
};
struct GpuBlend {
  const gfx::HeadsBlendRenderer* renderer;
  GLuint atlas;
  gfx::HeadsBlendDraw draw;
  int display_w, display_h;
};
// Live until the frame is rendered (draw lists keep pointers); filled before any pointer is taken.
std::vector<GpuTile> g_tiles;
std::vector<GpuBlend> g_blends;

void render_tile_callback(const ImDrawList*, const ImDrawCmd* cmd) {
  GpuTile* g = static_cast<GpuTile*>(cmd->UserCallbackData);
  for (int i = 0; i < 4; ++i) g->draw.clip[i] = (&cmd->ClipRect.x)[i];
  g->atlas->draw(g->draw, g->display_w, g->display_h);
}

void render_blend_callback(const ImDrawList*, const ImDrawCmd* cmd) {
  GpuBlend* g = static_cast<GpuBlend*>(cmd->UserCallbackData);
  for (int i = 0; i < 4; ++i) g->draw.clip[i] = (&cmd->ClipRect.x)[i];
  g->renderer->draw(g->draw, g->atlas, g->display_w, g->display_h);
}

std::string shares_line(const attn::HeadBehaviour& b, attn::Lang lang) {
  char buf[400];
  std::snprintf(buf, sizeof buf, tr(Str::ShareTooltip, lang), share_text(b.previous).c_str(),
                share_text(b.next).c_str(), share_text(b.self).c_str(), share_text(b.first).c_str(),
                share_text(b.same_word).c_str(), share_text(b.punctuation).c_str(), static_cast<double>(b.entropy));
  return buf;
}

// One row per head of the chosen layer: colour, mute, solo, the measured habit in words.
void draw_head_details(UiContext& ctx, int layer) {
  attn::Session& s = *ctx.session;
  const attn::Lang lang = s.state().lang;
  LinksHeadsUi& lh = ctx.links_heads;
  const int heads = s.model().cfg.n_heads;
  const float font = ImGui::GetFontSize();
  char label[128];
  std::snprintf(label, sizeof label, tr(Str::HeadsLayerTitle, lang), layer + 1);
  ImGui::TextUnformatted(label);
  for (int h = 0; h < heads; ++h) {
    const attn::HeadBehaviour& b = s.head_behaviour()[layer][h];
    ImGui::PushID(h);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float hgt = ImGui::GetFrameHeight(), sw = font * 0.8f;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + (hgt - sw) / 2), ImVec2(p.x + sw, p.y + (hgt + sw) / 2),
                                              head_colour_u32(h), font * 0.15f);
    ImGui::Dummy(ImVec2(sw, hgt));
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%s %d", tr(Str::Head, lang), h + 1);
    ImGui::SameLine();
    const bool muted = lh.mix.is_muted(layer, h);
    if (muted) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(tr(Str::Mute, lang))) lh.mix.set_muted(layer, h, !muted);
    if (muted) ImGui::PopStyleColor();
    ImGui::SameLine();
    const bool solo = lh.mix.solo[layer] == h;
    if (solo) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(tr(Str::Solo, lang))) lh.mix.set_solo(layer, solo ? -1 : h);
    if (solo) ImGui::PopStyleColor();
    ImGui::SameLine();
    // The sentence; a tap shows (and keeps) the numbers behind it.
    const bool audible = lh.mix.audible(layer, h);
    std::snprintf(label, sizeof label, "%s%s%s", describe_habit(b, s.tokens(), lang).c_str(), audible ? "" : " ",
                  audible ? "" : tr(Str::Muted, lang));
    const float text_w = std::max(font * 4, ImGui::GetContentRegionAvail().x);
    const ImVec2 ts = ImGui::CalcTextSize(label, nullptr, false, text_w);
    const ImVec2 tp = ImGui::GetCursorScreenPos();
    if (ImGui::InvisibleButton("habit", ImVec2(text_w, std::max(ts.y, hgt))))
      lh.heads.expanded_head = lh.heads.expanded_head == h ? -1 : h;
    ImGui::GetWindowDrawList()->AddText(nullptr, 0, ImVec2(tp.x, tp.y + std::max(0.0f, (hgt - ts.y) * 0.5f)),
                                        ImGui::GetColorU32(audible ? ImGuiCol_Text : ImGuiCol_TextDisabled), label,
                                        nullptr, text_w);
    if (!ctx.compact || lh.heads.expanded_head == h) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      ImGui::TextWrapped("%s", shares_line(b, lang).c_str());
      ImGui::PopStyleColor();
    }
    ImGui::PopID();
  }
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", tr(Str::HabitHowMeasured, lang));
  ImGui::PopStyleColor();
}
// A head's habit in a word or two; "one word" names the word it settles on.
std::string habit_word(const attn::Session& s, const attn::HeadBehaviour& b, bool audible, attn::Lang lang) {
  if (!audible) return tr(Str::Muted, lang);
  std::string w = habit_caption(b.habit, lang);
  if (b.habit == attn::HeadHabit::OneWord && b.top_key >= 0 && b.top_key < static_cast<int>(s.tokens().size()))
    w += " \"" + short_label(s.tokens()[b.top_key].text, 12) + "\"";
  return w;
}

// Every head's habit at once, one line per layer ("Layer 1: ■1 previous ■2 mixed ..."): the grid's
// tiles are too small on a phone to print a habit under each. Returns the height it took.
float draw_all_habits(UiContext& ctx, float width) {
  attn::Session& s = *ctx.session;
  const attn::Lang lang = s.state().lang;
  const float font = ImGui::GetFontSize(), sw = font * 0.7f, space = font * 0.35f;
  const ImVec2 start = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text), dim_col = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const float line = ImGui::GetTextLineHeightWithSpacing();
  float y = start.y;
  dl->AddText(ImVec2(start.x, y), dim_col, tr(Str::HeadsAllHabitsTitle, lang));
  y += line;
  char label[64];
  const auto& habits = s.head_behaviour();
  for (int l = 0; l < static_cast<int>(habits.size()); ++l) {
    std::snprintf(label, sizeof label, tr(Str::LayerShort, lang), l + 1);
    const float indent = ImGui::CalcTextSize(tr(Str::LayerShort, lang)).x + font;
    dl->AddText(ImVec2(start.x, y), l == s.state().layer ? text_col : dim_col, label);
    float x = start.x + indent;
    for (int h = 0; h < static_cast<int>(habits[l].size()); ++h) {
      const bool on = ctx.links_heads.mix.audible(l, h);
      const std::string word = habit_word(s, habits[l][h], on, lang);
      const float w = sw + space * 0.5f + ImGui::CalcTextSize(word.c_str()).x;
      if (x + w > start.x + width && x > start.x + indent) {  // wraps under the layer's first head
        x = start.x + indent;
        y += line;
      }
      dl->AddRectFilled(ImVec2(x, y + (font - sw) * 0.5f), ImVec2(x + sw, y + (font + sw) * 0.5f),
                        head_colour_u32(h, on ? 255 : 80), font * 0.12f);
      dl->AddText(ImVec2(x + sw + space * 0.5f, y), on ? text_col : dim_col, word.c_str());
      x += w + space * 1.5f;
    }
    y += line;
  }
  ImGui::Dummy(ImVec2(width, y - start.y));
  return y - start.y;
}

// The height draw_all_habits will take at `width` (each layer on one line when it fits).
float all_habits_height(const attn::Session& s, attn::Lang lang, float width) {
  const float font = ImGui::GetFontSize(), sw = font * 0.7f, space = font * 0.35f;
  const float indent = ImGui::CalcTextSize(tr(Str::LayerShort, lang)).x + font;
  int lines = 1;
  for (const auto& layer : s.head_behaviour()) {
    float x = indent;
    ++lines;
    for (const attn::HeadBehaviour& b : layer) {
      const float w = sw + space * 0.5f + ImGui::CalcTextSize(habit_word(s, b, true, lang).c_str()).x;
      if (x + w > width && x > indent) {
        x = indent;
        ++lines;
      }
      x += w + space * 1.5f;
    }
  }
  return lines * ImGui::GetTextLineHeightWithSpacing();
}
}  // namespace

void draw_heads_view(UiContext& ctx, ImVec2 size) {
  attn::Session& s = *ctx.session;
  const attn::PlaygroundState& st = s.state();
  const attn::Lang lang = st.lang;
  const int n = static_cast<int>(s.tokens().size());
  const attn::ModelConfig& cfg = s.model().cfg;
  const int layers = cfg.n_layers, heads = cfg.n_heads;
  LinksHeadsUi& lh = ctx.links_heads;
  lh.heads.shown = false;
  lh.heads.tiles.clear();
  if (n == 0 || layers == 0 || heads == 0) return;
  if (!links_heads_ready(ctx)) return;
  const float font = ImGui::GetFontSize();
  const bool bare = ctx.bare_figure();  // a figure: the grid first, its help line in the menu
  if (!bare) help_with_terms(ctx, tr(Str::HeadsHelp, lang), {Term::Head, Term::Layer, Term::Weight});
  draw_method_controls(ctx, false);  // the tiles are the weights; only the unit can change

  // Every head of the model in one texture, uploaded once per trace and unit: the weights of
  // pieces, or merged to words by the core (rows the mean of a word's pieces, columns the sum).
  // Each head's matrix is built, reduced and dropped in turn (not kept in the shown cache): at
  // 1024 pieces the word matrices of 6 x 4 heads would hold ~20 MB at once.
  const bool by_word = s.shown().by_word(s);
  const int units = by_word ? static_cast<int>(s.shown().words(s).size()) : n;
  if (units == 0) return;
  // Long text: a tile has more cells than pixels, so each is reduced to its block maxima (the
  // core's thumbnail), only when the trace or the unit changed.
  const uint64_t revision = (s.revision() << 1) | (by_word ? 1u : 0u);
  const int side = std::min(units, attn::kThumbnailSide);
  if (!lh.heads_atlas.holds(revision, side)) {
    std::vector<attn::Mat> thumbs(static_cast<size_t>(layers) * heads);
    std::vector<const float*> tiles(thumbs.size(), nullptr);
    // (Each head's weights are recomputed once for both the tiles and the heads' habits.)
    const std::vector<attn::WordSpan>& words = s.shown().words(s);
    s.visit_head_weights([&](int l, int h, const attn::Mat& w) {
      if (l >= layers || h >= heads) return;
      const attn::Mat merged = by_word ? attn::merge_to_words(w, words) : attn::Mat{};
      const attn::Mat& m = by_word ? merged : w;
      attn::Mat& t = thumbs[static_cast<size_t>(l) * heads + h];
      t = units > side ? attn::block_max(m, side) : m;
      tiles[static_cast<size_t>(l) * heads + h] = t.data();
    });
    lh.heads_atlas.upload_tiles(tiles.data(), layers * heads, heads, side, revision);
  }
  lh.heads.n = units;
  lh.heads.by_word = by_word;

  // Tile size: the whole grid (heads + the blend, per layer) fits its region. Wide screens put
  // the list of habits beside the grid, narrow ones below it (the grid then takes ~60% height).
  const ImGuiStyle& style = ImGui::GetStyle();
  const float gap = font * 0.35f;
  const float layer_label_w = ImGui::GetTextLineHeight() + gap;  // "Layer 1", turned on its side
  const int cols = heads + 1;
  const float avail_h = ctx.room_to_fold();
  const float avail_w = std::min(size.x, ImGui::GetContentRegionAvail().x);
  const bool side_by_side = avail_w > font * 40;
  const float grid_w = side_by_side ? avail_w * 0.56f : avail_w;
  // Below the grid on a narrow screen: every head's habit in words (the tiles are too small to
  // print them), then the chosen layer's details. The grid leaves room for the first.
  const float habits_h = side_by_side ? 0.0f : all_habits_height(s, lang, avail_w) + style.ItemSpacing.y * 2;
  const float grid_h = side_by_side ? avail_h : std::max(avail_h * 0.45f, avail_h * (bare ? 1.0f : 0.85f) - habits_h);
  auto fit_tile = [&](int caption_lines) {
    const float caption = ImGui::GetTextLineHeight() * caption_lines + gap;
    const float t = std::min((grid_w - layer_label_w - gap * (cols + 1)) / cols, grid_h / layers - caption - gap);
    return std::floor(std::max(t, font * 2.0f));
  };
  // The habit under each tile only when the tile is wide enough to print it; otherwise the list
  // and the tooltip say it.
  float tile = fit_tile(2);
  const int caption_lines = tile >= font * 4.5f ? 2 : 1;
  if (caption_lines == 1) tile = fit_tile(1);
  const float caption_h = ImGui::GetTextLineHeight() * caption_lines + gap;

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  g_tiles.assign(static_cast<size_t>(layers) * heads, GpuTile{});
  g_blends.assign(layers, GpuBlend{});
  const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text), dim_col = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  char label[96];
  for (int l = 0; l < layers; ++l) {
    const float y = origin.y + l * (tile + caption_h + gap);
    std::snprintf(label, sizeof label, "%s %d", tr(Str::Layer, lang), l + 1);
    if (ImGui::CalcTextSize(label).x > tile) std::snprintf(label, sizeof label, tr(Str::LayerShort, lang), l + 1);
    const float label_len = ImGui::CalcTextSize(label).x;
    // No clip rect here: ImGui culls glyphs before they are turned, against the unturned layout.
    add_text_rotated(dl, ImVec2(origin.x, y + tile * 0.5f + label_len * 0.5f), l == st.layer ? text_col : dim_col,
                     label, -1.5707963f);
    for (int c = 0; c < cols; ++c) {
      const bool blend = c == heads;
      const int h = blend ? -1 : c;
      const float x = origin.x + layer_label_w + c * (tile + gap) + (blend ? gap : 0);
      const ImVec2 t0(x, y), t1(x + tile, y + tile);
      lh.heads.tiles.push_back({l, h, t0.x, t0.y, t1.x, t1.y});
      dl->PushClipRect(t0, t1, true);
      if (blend) {
        GpuBlend& g = g_blends[l];
        g.renderer = &lh.heads_blend;
        g.atlas = lh.heads_atlas.texture();
        place_call(g, ctx.display_w, ctx.display_h, t0, t1);
        g.draw.n = side;  // the atlas's cells a tile (fewer than units for long text)
        g.draw.layer = l;
        g.draw.heads = std::min(heads, gfx::kMaxBlendHeads);
        for (int k = 0; k < g.draw.heads; ++k) {
          const attn::Rgba8 rgb = attn::head_colour(k);
          for (int ch = 0; ch < 3; ++ch) g.draw.colours[k][ch] = rgb[ch] / 255.0f;
          g.draw.audible[k] = lh.mix.audible(l, k) ? 1.0f : 0.0f;
        }
        dl->AddCallback(render_blend_callback, &g);
      } else {
        GpuTile& g = g_tiles[l * heads + h];
        g.atlas = &lh.heads_atlas;
        place_call(g, ctx.display_w, ctx.display_h, t0, t1);
        g.draw.tile_col = h;
        g.draw.tile_row = l;
        g.draw.dim = lh.mix.audible(l, h) ? 0.0f : 0.7f;
        dl->AddCallback(render_tile_callback, &g);
      }
      dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
      dl->PopClipRect();
      if (l == st.layer && h == st.head)  // the head the other views show
        dl->AddRect(ImVec2(t0.x - 2 * ctx.scale, t0.y - 2 * ctx.scale),
                    ImVec2(t1.x + 2 * ctx.scale, t1.y + 2 * ctx.scale), u32(palette().outline), 0, 0,
                    std::max(1.0f, 1.5f * ctx.scale));

      // Tap opens the head in the heatmap; hover tells its habit with the numbers.
      ImGui::SetCursorScreenPos(t0);
      ImGui::PushID(l * 64 + c);
      if (ImGui::InvisibleButton("tile", ImVec2(tile, tile + caption_h))) {
        s.set_layer(l);
        s.set_head(h);
        s.set_view(attn::View::Heatmap);
      }
      if (ImGui::IsItemHovered() && blend) ImGui::SetTooltip("%s", tr(Str::HeadsBlend, lang));
      if (ImGui::IsItemHovered() && !blend) {
        const attn::HeadBehaviour& b = s.head_behaviour()[l][h];
        ImGui::SetTooltip("%s %d, %s %d: %s\n%s", tr(Str::Layer, lang), l + 1, tr(Str::Head, lang), h + 1,
                          describe_habit(b, s.tokens(), lang).c_str(), shares_line(b, lang).c_str());
      }
      ImGui::PopID();

      // Caption: colour and number, then the habit in a word or two (the blend says what it is).
      dl->PushClipRect(ImVec2(t0.x, t1.y), ImVec2(t1.x + gap * 0.5f, t1.y + caption_h), true);
      const float cy = t1.y + gap * 0.5f, sw = font * 0.7f;
      if (blend) {
        for (int k = 0; k < heads && k < 8; ++k)
          dl->AddRectFilled(ImVec2(t0.x + k * sw * 0.6f, cy + font * 0.15f),
                            ImVec2(t0.x + k * sw * 0.6f + sw * 0.5f, cy + font * 0.15f + sw),
                            head_colour_u32(k, lh.mix.audible(l, k) ? 255 : 60));
        if (caption_lines > 1)
          dl->AddText(ImVec2(t0.x, cy + ImGui::GetTextLineHeight()), dim_col, tr(Str::HeadsBlendShort, lang));
      } else {
        const bool on = lh.mix.audible(l, h);
        dl->AddRectFilled(ImVec2(t0.x, cy + font * 0.15f), ImVec2(t0.x + sw, cy + font * 0.15f + sw),
                          head_colour_u32(h, on ? 255 : 80), font * 0.12f);
        std::snprintf(label, sizeof label, "%d", h + 1);
        dl->AddText(ImVec2(t0.x + sw + font * 0.25f, cy), on ? text_col : dim_col, label);
        if (caption_lines > 1)
          dl->AddText(ImVec2(t0.x, cy + ImGui::GetTextLineHeight()), on ? text_col : dim_col,
                      on ? habit_caption(s.head_behaviour()[l][h].habit, lang) : tr(Str::Muted, lang));
      }
      dl->PopClipRect();
    }
  }
  lh.heads.shown = true;
  const float grid_bottom = origin.y + layers * (tile + caption_h + gap);
  ctx.set_picture(origin, ImVec2(origin.x + layer_label_w + cols * (tile + gap) + gap, grid_bottom));
  // The chosen layer's heads in words; scrolls by itself if the list is longer than the room left.
  if (side_by_side) {
    const float list_x = origin.x + layer_label_w + cols * (tile + gap) + gap * 3;
    ImGui::SetCursorScreenPos(ImVec2(list_x, origin.y));
    ImGui::BeginChild(
        "habits", ImVec2(origin.x + avail_w - list_x, std::max(grid_bottom - origin.y, avail_h - style.ItemSpacing.y)),
        false);
    draw_all_habits(ctx, ImGui::GetContentRegionAvail().x);
  } else {
    ImGui::SetCursorScreenPos(ImVec2(origin.x, grid_bottom + style.ItemSpacing.y));
    ImGui::Separator();
    ctx.begin_list("habits");
    draw_all_habits(ctx, ImGui::GetContentRegionAvail().x);
  }
  // A bare figure stops at every head's habit (the chosen layer's switches and numbers are in the
  // full playground, one tap away in the figure's menu): nothing is cut off below the grid. The
  // phone's full page has the room below its first screen, where a thumb scrolls.
  if (!bare || ctx.figure_page) {
    ImGui::Separator();
    draw_head_details(ctx, st.layer);
  }
  ImGui::EndChild();

  std::string status;
  for (int h = 0; h < heads; ++h) {
    std::snprintf(label, sizeof label, "%s%s %d: ", h ? " " : "", tr(Str::Head, lang), h + 1);
    status += label;
    status += describe_habit(s.head_behaviour()[st.layer][h], s.tokens(), lang);
    status += ".";
  }
  std::snprintf(label, sizeof label, "%s %d. ", tr(Str::Layer, lang), st.layer + 1);
  ctx.status_line = label + status;
}

}  // namespace ui
