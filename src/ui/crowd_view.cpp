// `crowd`: "find my friend in the red hat" as a live scene: people are keys, the reader's wish is the query.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "crowd_parts.h"
#include "i18n.h"
#include "matrix_panel.h"
#include "ui_context.h"
#include "theme_style.h"

namespace ui {

namespace {
using attn::CrowdQuery;
using attn::Lang;

// Puts the next item on this line when it fits, otherwise on a new one (phones wrap).
void same_line_if_fits(float next_width) {
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < next_width) ImGui::NewLine();
}

// A toggle with an optional colour swatch; the chosen one gets a light frame (not only a colour).
bool option_button(const char* label, ImU32 swatch, bool active, bool first) {
  const float font = ImGui::GetFontSize();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float sw = swatch ? font * 0.8f : 0.0f;
  const ImVec2 ts = ImGui::CalcTextSize(label);
  const ImVec2 size(ts.x + style.FramePadding.x * 2 + (swatch ? sw + font * 0.35f : 0), ImGui::GetFrameHeight());
  if (!first) same_line_if_fits(size.x);
  if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
  ImGui::PushID(label);
  const bool pressed = ImGui::Button("##option", size);
  ImGui::PopID();
  if (active) ImGui::PopStyleColor();
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float x = a.x + style.FramePadding.x;
  if (swatch) {
    const float y = (a.y + b.y - sw) * 0.5f;
    dl->AddRectFilled(ImVec2(x, y), ImVec2(x + sw, y + sw), swatch, font * 0.15f);
    dl->AddRect(ImVec2(x, y), ImVec2(x + sw, y + sw), u32(palette().axis), font * 0.15f);
    x += sw + font * 0.35f;
  }
  dl->AddText(ImVec2(x, (a.y + b.y - ts.y) * 0.5f), ImGui::GetColorU32(ImGuiCol_Text), label);
  if (active) dl->AddRect(a, b, u32(palette().outline), style.FrameRounding, 0, std::max(1.5f, font * 0.12f));
  return pressed;
}

// One row of the query builder: a label and its options; returns the chosen option.
int option_group(const char* label, int current, const Str* names, const ImU32* swatches, int count, Lang lang) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  int chosen = current;
  for (int i = 0; i < count; ++i) {
    if (option_button(tr(names[i], lang), swatches ? swatches[i] : 0, i == current, false)) chosen = i;
  }
  return chosen;
}

void draw_query_builder(UiContext& ctx, attn::Session& s, CrowdQuery q, Lang lang) {
  const CrowdQuery before = q;
  const auto& scenes = attn::crowd_scenes();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr(Str::CrowdScene, lang));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 14));
  if (ImGui::BeginCombo("##scene", attn::crowd_scene(q).title(lang))) {
    for (int i = 0; i < static_cast<int>(scenes.size()); ++i)
      if (ImGui::Selectable(scenes[i].title(lang), i == q.scene)) q.scene = i;
    ImGui::EndCombo();
  }
  ImGui::TextDisabled("%s", tr(Str::CrowdLookingFor, lang));
  term_help(ctx, {Term::Query, Term::Key, Term::Value});
  static const Str hats[] = {Str::CrowdAny, Str::ColourRed, Str::ColourBlue, Str::ColourYellow};
  static const Str shirts[] = {Str::CrowdAny, Str::ColourGreen, Str::ColourWhite, Str::ColourBlack};
  static const Str glasses[] = {Str::CrowdAny, Str::CrowdWith, Str::CrowdWithout};
  const ImU32 hat_sw[] = {0, hat_colour(1), hat_colour(2), hat_colour(3)};
  const ImU32 shirt_sw[] = {0, shirt_colour(1), shirt_colour(2), shirt_colour(3)};
  ImGui::PushID("hat");
  q.hat = option_group(tr(Str::CrowdHat, lang), q.hat, hats, hat_sw, 4, lang);
  ImGui::PopID();
  ImGui::PushID("shirt");
  q.shirt = option_group(tr(Str::CrowdShirt, lang), q.shirt, shirts, shirt_sw, 4, lang);
  ImGui::PopID();
  ImGui::PushID("glasses");
  q.glasses = option_group(tr(Str::CrowdGlasses, lang), q.glasses, glasses, nullptr, 3, lang);
  ImGui::PopID();
  if (!(q == before)) s.set_crowd(q);
}

// A feature's name for the reader ("red hat" / "mũ đỏ").
const char* feature_label(int f, Lang lang) {
  return tr(static_cast<Str>(static_cast<int>(Str::FeatHatRed) + f), lang);
}

// Q . K term by term (only the features the query asks about), the scaling, the weight and the value.
std::vector<std::string> person_detail(const attn::CrowdResult& r, const attn::CrowdPerson& p, int i, Lang lang) {
  const attn::HeadTrace& h = r.head;
  std::vector<std::string> lines;
  char buf[512];
  std::string key;
  for (int f = 0; f < attn::kCrowdFeatureCount; ++f)
    if (h.k(i, f) != 0.0f) key += std::string(key.empty() ? "" : ", ") + feature_label(f, lang);
  std::snprintf(buf, sizeof buf, tr(Str::CrowdDetailKey, lang), p.name, key.c_str());
  lines.push_back(buf);
  std::string sum;
  for (int f = 0; f < attn::kCrowdFeatureCount; ++f) {
    if (h.q(0, f) == 0.0f) continue;
    std::snprintf(buf, sizeof buf, "%s%.3g × %.3g (%s)", sum.empty() ? "" : " + ", static_cast<double>(h.q(0, f)),
                  static_cast<double>(h.k(i, f)), feature_label(f, lang));
    sum += buf;
  }
  if (sum.empty()) sum = "0";
  std::snprintf(buf, sizeof buf, tr(Str::CrowdDetailScore, lang), sum.c_str(), static_cast<double>(h.scores(0, i)),
                static_cast<int>(h.q.cols()), static_cast<double>(h.scaled(0, i)),
                static_cast<double>(h.weights(0, i) * 100.0f));
  lines.push_back(buf);
  std::snprintf(buf, sizeof buf, tr(Str::CrowdDetailValue, lang), p.name, p.fact(lang));
  lines.push_back(buf);
  return lines;
}

float wrapped_height(const std::vector<std::string>& lines, float width) {
  float h = 0;
  for (const std::string& l : lines)
    h += ImGui::CalcTextSize(l.c_str(), nullptr, false, width).y + ImGui::GetStyle().ItemSpacing.y;
  return h;
}

void draw_lines(const std::vector<std::string>& lines) {
  for (const std::string& l : lines) ImGui::TextWrapped("%s", l.c_str());
}

std::string result_line(const attn::CrowdResult& r, const attn::CrowdScene& scene, Lang lang) {
  char buf[512];
  const attn::CrowdShare& top = r.blend.front();
  const attn::CrowdPerson& w = scene.people[top.person];
  if (top.share >= 0.9f) {
    std::snprintf(buf, sizeof buf, tr(Str::CrowdResultWinner, lang), w.name, static_cast<double>(top.share * 100.0f),
                  w.fact(lang));
    return buf;
  }
  // The mix that comes out: the largest shares by name with what they know, the small ones together.
  std::string mix;
  float listed = 0;
  // Nobody stands out (no match, or a very high temperature): naming three people would mislead.
  const bool nobody_stands_out = top.share < 0.25f;
  for (std::size_t i = 0; i < r.blend.size() && i < 3 && !nobody_stands_out; ++i) {
    if (r.blend[i].share < 0.1f) break;
    const attn::CrowdPerson& p = scene.people[r.blend[i].person];
    std::snprintf(buf, sizeof buf, "%s%.0f%% %s (%s)", mix.empty() ? "" : "; ",
                  static_cast<double>(r.blend[i].share * 100.0f), p.name, p.fact(lang));
    mix += buf;
    listed += r.blend[i].share;
  }
  if (nobody_stands_out) {
    mix = tr(Str::CrowdEveryone, lang);
  } else if (1.0f - listed >= 0.005f) {
    std::snprintf(buf, sizeof buf, "%s%.0f%% %s", mix.empty() ? "" : "; ",
                  static_cast<double>((1.0f - listed) * 100.0f), tr(Str::CrowdOthers, lang));
    mix += buf;
  }
  std::snprintf(buf, sizeof buf, tr(Str::CrowdResultBlend, lang), mix.c_str());
  return buf;
}
}  // namespace

void draw_crowd_view(UiContext& ctx, ImVec2 size) {
  attn::Session& s = *ctx.session;
  const attn::PlaygroundState& st = s.state();
  const Lang lang = st.lang;
  const float font = ImGui::GetFontSize();
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float top = ImGui::GetCursorScreenPos().y;
  // A bare figure puts the people first and the query under them (the reader sees the scene,
  // then changes what is looked for); the full view asks first.
  const bool bare = ctx.bare_figure();
  if (!bare) draw_query_builder(ctx, s, st.crowd, lang);
  const attn::CrowdScene& scene = attn::crowd_scene(st.crowd);
  const attn::CrowdResult& r = s.crowd();
  const int people = static_cast<int>(scene.people.size());
  CrowdUi& cu = ctx.crowd;
  if (cu.locked_person >= people) cu.locked_person = -1;

  // Once the reader has tapped a person the caption has done its job; phones need the room.
  if (!bare && (cu.locked_person < 0 || !ctx.compact)) {
    help_with_terms(ctx, tr(Str::CrowdUnderEach, lang), {Term::Score, Term::QDotK, Term::Softmax});
  }
  // The people share one row; their height is what is left after the text below them.
  const std::string result = result_line(r, scene, lang);
  std::vector<std::string> note;
  if (cu.locked_person >= 0) {
    note = person_detail(r, scene.people[cu.locked_person], cu.locked_person, lang);
  } else if (!bare) {  // a figure's paragraph tells about the temperature; the menu has the note
    char buf[320];
    std::snprintf(buf, sizeof buf, tr(Str::CrowdTemperatureNote, lang), static_cast<double>(st.temperature));
    note.push_back(buf);
  }
  const float query_h =
      bare && ctx.shows(attn::FigureControl::Query) ? (cu.query_h > 0 ? cu.query_h : line * 5.0f) : 0.0f;
  // A bare frame says what the numbers under each person are right under the people (the full
  // view says it above them): a phone's reader meets scores and percentages on the first screen.
  const std::string under_each = bare ? tr(Str::CrowdUnderEach, lang) : "";
  const float below = wrapped_height({result}, size.x) + wrapped_height(note, size.x) +
                      (bare ? wrapped_height({under_each}, size.x - font * 1.5f) : 0.0f) + font * 1.6f + line * 0.5f +
                      query_h;
  const float text_lines = line * 3.2f;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  // A figure on a phone: two rows of larger people instead of one row of small ones.
  const int per_row = bare && ctx.compact && people > 3 ? (people + 1) / 2 : std::max(1, people);
  const int rows = (people + per_row - 1) / per_row;
  const float tile_w = size.x / per_row;
  const float row_gap = font * 0.3f;
  const float avail_h = size.y - (origin.y - top) - below;
  const float figure_h = std::clamp((avail_h - row_gap * (rows - 1)) / rows - text_lines, font * 2.5f, tile_w * 1.3f);
  const float row_h = figure_h + text_lines + row_gap;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
  cu.drawn.assign(people, CrowdUi::Drawn{});
  int hovered = -1;
  for (int i = 0; i < people; ++i) {
    const attn::CrowdPerson& p = scene.people[i];
    const float weight = r.head.weights(0, i);
    const ImVec2 t0(origin.x + (i % per_row) * tile_w + font * 0.1f, origin.y + (i / per_row) * row_h);
    const ImVec2 t1(t0.x + tile_w - font * 0.2f, t0.y + figure_h + text_lines);
    const bool locked = cu.locked_person == i;
    dl->AddRectFilled(t0, t1, locked ? u32(palette().surface_active) : u32(palette().surface), font * 0.3f);
    // The frame's thickness follows the weight, so the winner stands out without relying on colour.
    dl->AddRect(t0, t1, colormap_u32(weight), font * 0.3f, 0, std::max(1.0f, font * 0.35f * weight));
    const ImVec2 hat = draw_person(dl, p, i, ImVec2(t0.x + font * 0.2f, t0.y + font * 0.2f),
                                   ImVec2(t1.x - font * 0.2f, t0.y + figure_h));
    // Name, score, weight bar and percentage under the figure.
    float y = t0.y + figure_h + font * 0.15f;
    auto centred = [&](const char* txt, ImU32 col) {
      const ImVec2 ts = ImGui::CalcTextSize(txt);
      dl->AddText(ImVec2((t0.x + t1.x - ts.x) * 0.5f, y), col, txt);
      y += font * 1.05f;
    };
    centred(p.name, text_col);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.3g", static_cast<double>(r.head.scores(0, i)));
    centred(buf, u32(palette().text_dim));
    const ImVec2 bar0(t0.x + font * 0.3f, y + font * 0.1f), bar1(t1.x - font * 0.3f, y + font * 0.6f);
    dl->AddRectFilled(bar0, bar1, u32(palette().track));
    dl->AddRectFilled(bar0, ImVec2(bar0.x + (bar1.x - bar0.x) * weight, bar1.y), colormap_u32(weight));
    y += font * 0.75f;
    std::snprintf(buf, sizeof buf, "%.0f%%", static_cast<double>(weight * 100.0f));
    centred(buf, text_col);
    cu.drawn[i] = {
        {t0.x, t0.y, t1.x, t1.y}, p.hat > 0 ? hat.x : 0.0f, p.hat > 0 ? hat.y : 0.0f, {bar0.x, bar0.y, bar1.x, bar1.y}};
    // Hover shows how this person's score came about; a tap keeps it open until tapped again.
    ImGui::SetCursorScreenPos(t0);
    ImGui::PushID(i);
    ImGui::InvisibleButton("##person", ImVec2(t1.x - t0.x, t1.y - t0.y));
    ImGui::PopID();
    if (ImGui::IsItemHovered()) {
      hovered = i;
      if (ImGui::IsItemClicked()) cu.locked_person = locked ? -1 : i;
    }
  }
  cu.shown = true;
  const float people_bottom = origin.y + rows * row_h - row_gap;
  ctx.set_picture(origin, ImVec2(origin.x + per_row * tile_w, people_bottom));
  ImGui::SetCursorScreenPos(ImVec2(origin.x, people_bottom + ImGui::GetStyle().ItemSpacing.y));
  // On touch the tap opens the details below; a tooltip would stay under the finger.
  if (hovered >= 0 && hovered != cu.locked_person && ImGui::GetIO().MouseSource != ImGuiMouseSource_TouchScreen) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(font * 22);
    draw_lines(person_detail(r, scene.people[hovered], hovered, lang));
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }

  ImGui::PushStyleColor(ImGuiCol_Text, u32(palette().text));
  ImGui::TextWrapped("%s", result.c_str());
  ImGui::PopStyleColor();
  ctx.status_line = result;
  if (bare) help_with_terms(ctx, under_each.c_str(), {Term::Score, Term::QDotK, Term::Softmax});
  if (bare && ctx.shows(attn::FigureControl::Query)) {
    const float q0 = ImGui::GetCursorScreenPos().y;
    draw_query_builder(ctx, s, st.crowd, lang);
    cu.query_h = ImGui::GetCursorScreenPos().y - q0;
  }
  if (cu.locked_person < 0) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  draw_lines(note);
  if (cu.locked_person < 0) ImGui::PopStyleColor();
  // Legend: the weight colours (bars and frames).
  const ImVec2 lp = ImGui::GetCursorScreenPos();
  const float lw = std::min(size.x, font * 18);
  ImDrawList* wdl = ImGui::GetWindowDrawList();
  draw_weights_legend(wdl, lp, lw, font * 0.8f, lang);
  ImGui::Dummy(ImVec2(lw, font * 1.1f));
}

}  // namespace ui
