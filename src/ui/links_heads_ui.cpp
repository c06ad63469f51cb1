// Shared by the links, heads and focus views: the head mix, head chips, habit words, GPU set-up.
#include "links_heads_ui.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "colormap.h"
#include "i18n.h"
#include "ui_context.h"

namespace ui {

// The habit words are looked up by offset from the first one: keep both lists in the enum's order.
static_assert(static_cast<int>(Str::HabitTooShort) - static_cast<int>(Str::HabitPrevious) ==
                  static_cast<int>(attn::HeadHabit::TooShort),
              "habit sentences follow HeadHabit");
static_assert(static_cast<int>(Str::HabitShortTooShort) - static_cast<int>(Str::HabitShortPrevious) ==
                  static_cast<int>(attn::HeadHabit::TooShort),
              "habit captions follow HeadHabit");

void HeadMix::fit(int layers, int heads) {
  if (static_cast<int>(muted.size()) == layers && (layers == 0 || static_cast<int>(muted[0].size()) == heads)) return;
  muted.resize(layers);
  for (auto& row : muted) row.resize(heads, false);
  solo.resize(layers, -1);
  for (int& s : solo)
    if (s >= heads) s = -1;
  ++version;
}

bool HeadMix::is_muted(int layer, int head) const {
  if (layer < 0 || layer >= static_cast<int>(muted.size())) return false;
  if (head < 0 || head >= static_cast<int>(muted[layer].size())) return false;
  return muted[layer][head];
}

bool HeadMix::audible(int layer, int head) const {
  if (layer >= 0 && layer < static_cast<int>(solo.size()) && solo[layer] >= 0) return solo[layer] == head;
  return !is_muted(layer, head);
}

void HeadMix::set_muted(int layer, int head, bool m) {
  if (layer < 0 || layer >= static_cast<int>(muted.size())) return;
  if (head < 0 || head >= static_cast<int>(muted[layer].size()) || muted[layer][head] == m) return;
  muted[layer][head] = m;
  ++version;
}

void HeadMix::set_solo(int layer, int head) {
  if (layer < 0 || layer >= static_cast<int>(solo.size()) || solo[layer] == head) return;
  solo[layer] = head;
  ++version;
}

unsigned int head_colour_u32(int head, int alpha) {
  const attn::Rgba8 c = attn::head_colour(head);
  return IM_COL32(c[0], c[1], c[2], alpha);
}

int draw_head_chips(UiContext& ctx, int layer, bool tap_mutes) {
  attn::Session& s = *ctx.session;
  const attn::Lang lang = s.state().lang;
  const int heads = s.model().cfg.n_heads;
  LinksHeadsUi& lh = ctx.links_heads;
  const float font = ImGui::GetFontSize();
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  int audible = 0;
  char label[64];
  for (int h = 0; h < heads; ++h) {
    const bool on = lh.mix.audible(layer, h);
    audible += on;
    std::snprintf(label, sizeof label, "%s %d", tr(Str::Head, lang), h + 1);
    const ImVec2 ts = ImGui::CalcTextSize(label);
    const float w = font * 1.3f + ts.x + ImGui::GetStyle().FramePadding.x * 2;
    if (h > 0) {
      ImGui::SameLine();
      if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
    }
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float hgt = ImGui::GetFrameHeight();
    ImGui::PushID(h);
    const bool tapped = ImGui::InvisibleButton("chip", ImVec2(w, hgt));
    if (tap_mutes && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::HeadTapToMute, lang));
    ImGui::PopID();
    if (tapped && tap_mutes) lh.mix.set_muted(layer, h, !lh.mix.is_muted(layer, h));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float sw = font * 0.8f;
    const ImVec2 sq(p.x + ImGui::GetStyle().FramePadding.x, p.y + (hgt - sw) * 0.5f);
    if (on)
      dl->AddRectFilled(sq, ImVec2(sq.x + sw, sq.y + sw), head_colour_u32(h), font * 0.15f);
    else
      dl->AddRect(sq, ImVec2(sq.x + sw, sq.y + sw), head_colour_u32(h), font * 0.15f, 0, std::max(1.0f, ctx.scale));
    const ImU32 text = on ? ImGui::GetColorU32(ImGuiCol_Text) : ImGui::GetColorU32(ImGuiCol_TextDisabled);
    dl->AddText(ImVec2(sq.x + sw + font * 0.3f, p.y + (hgt - ts.y) * 0.5f), text, label);
    if (!on) {  // struck through, so "off" does not depend on seeing the colour
      const float y = p.y + hgt * 0.5f;
      dl->AddLine(ImVec2(sq.x + sw + font * 0.3f, y), ImVec2(sq.x + sw + font * 0.3f + ts.x, y), text,
                  std::max(1.0f, ctx.scale));
    }
  }
  return audible;
}

std::string describe_habit(const attn::HeadBehaviour& b, const std::vector<attn::Token>& tokens, attn::Lang lang) {
  const char* text = tr(static_cast<Str>(static_cast<int>(Str::HabitPrevious) + static_cast<int>(b.habit)), lang);
  if (b.habit != attn::HeadHabit::OneWord) return text;
  char buf[200];
  const bool known = b.top_key >= 0 && b.top_key < static_cast<int>(tokens.size());
  std::snprintf(buf, sizeof buf, text, known ? tokens[b.top_key].text.c_str() : "?");
  return buf;
}

const char* habit_caption(attn::HeadHabit h, attn::Lang lang) {
  return tr(static_cast<Str>(static_cast<int>(Str::HabitShortPrevious) + static_cast<int>(h)), lang);
}

std::string share_text(float share) {
  if (!(share == share)) return "—";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", static_cast<double>(share * 100.0f));
  return buf;
}

bool ensure_links_heads_gpu(LinksHeadsUi& lh) {
  if (lh.gpu_tried) return lh.gpu_error.empty();
  lh.gpu_tried = true;
  if (!lh.links_gpu.init())
    lh.gpu_error = lh.links_gpu.error();
  else if (!lh.heads_atlas.init(attn::colormap_table()[0].data()))
    lh.gpu_error = lh.heads_atlas.error();
  else if (!lh.heads_blend.init())
    lh.gpu_error = lh.heads_blend.error();
  return lh.gpu_error.empty();
}

void fit_head_mix(LinksHeadsUi& lh, const attn::Session& s) {
  lh.mix.fit(s.model().cfg.n_layers, s.model().cfg.n_heads);
}

bool links_heads_ready(UiContext& ctx) {
  LinksHeadsUi& lh = ctx.links_heads;
  fit_head_mix(lh, *ctx.session);
  if (ensure_links_heads_gpu(lh)) return true;
  ImGui::TextWrapped("%s%s", tr(Str::GpuError, ctx.session->state().lang), lh.gpu_error.c_str());
  ctx.status_line = lh.gpu_error;
  return false;
}

}  // namespace ui
