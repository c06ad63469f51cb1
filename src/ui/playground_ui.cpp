// The frame's layout: view tabs, the shared controls (layer, head, mask, temperature), notices, the view.
#include <algorithm>
#include <cstdio>

#include "i18n.h"
#include "ui_context.h"
#include "theme_style.h"

namespace ui {

namespace {
using attn::Lang;
using attn::View;

// Views that exist in this build, in the order of the article.
const View kViews[] = {View::Focus, View::Flow, View::Crowd, View::Heatmap, View::Links, View::Heads, View::Train};

bool view_available(View v) {
  for (View k : kViews)
    if (k == v) return true;
  return false;
}

// Places the next widget on the same line when it fits, otherwise on a new one (phones wrap).
void flow_same_line(float next_width) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  ImGui::SameLine();
  if (ImGui::GetCursorScreenPos().x + next_width > right) ImGui::NewLine();
}

// One menu of views where a row of tabs would take two or three lines (a phone's first screen
// belongs to the picture); a row of tabs where they fit beside the other controls.
void draw_view_menu(UiContext& ctx) {
  attn::Session& s = *ctx.session;
  const Lang lang = s.state().lang;
  // As wide as the current view's name: the layer and head menus then fit on the same row.
  const float title_w = ImGui::CalcTextSize(view_title(s.state().view, lang)).x;
  ImGui::SetNextItemWidth(title_w + ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetFrameHeight());
  if (ImGui::BeginCombo("##view", view_title(s.state().view, lang))) {
    for (View v : kViews)
      if (ImGui::Selectable(view_title(v, lang), s.state().view == v)) s.set_view(v);
    ImGui::EndCombo();
  }
}

void draw_view_tabs(UiContext& ctx) {
  attn::Session& s = *ctx.session;
  const Lang lang = s.state().lang;
  if (ctx.compact) {
    draw_view_menu(ctx);
    return;
  }
  bool first = true;
  for (View v : kViews) {
    const char* title = view_title(v, lang);
    const float w = ImGui::CalcTextSize(title).x + ImGui::GetStyle().FramePadding.x * 2;
    if (!first) flow_same_line(w);
    first = false;
    const bool active = s.state().view == v;
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(title)) s.set_view(v);
    if (active) ImGui::PopStyleColor();
  }
}

// `continues_row`: something (the views) is already on this line; the controls follow it when they fit.
void draw_controls(UiContext& ctx, bool continues_row) {
  attn::Session& s = *ctx.session;
  const attn::PlaygroundState& st = s.state();
  const Lang lang = st.lang;
  const attn::ModelConfig& cfg = s.model().cfg;
  char label[96];
  using attn::FigureControl;
  bool first = !continues_row;  // the first control shown starts the line unless the views' row has room
  auto place = [&](float w) {
    if (!first) flow_same_line(w);
    first = false;
  };

  // The crowd's scene has its own numbers: of the shared controls only the temperature changes it.
  const bool text_model = st.view != View::Crowd;
  // Each control is followed by its glossary marker ("?"): the row keeps room for it.
  const float marker_w = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.x;
  if (text_model && ctx.shows(FigureControl::Layer)) {
    place(ImGui::GetFontSize() * 6 + (ctx.compact ? 0.0f : marker_w));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    std::snprintf(label, sizeof label, "%s %d", tr(Str::Layer, lang), st.layer + 1);
    if (ImGui::BeginCombo("##layer", label)) {
      for (int l = 0; l < cfg.n_layers; ++l) {
        std::snprintf(label, sizeof label, "%s %d", tr(Str::Layer, lang), l + 1);
        if (ImGui::Selectable(label, l == st.layer)) s.set_layer(l);
      }
      ImGui::EndCombo();
    }
    // (A phone explains layer and head with one marker after both: the row then fits its width.)
    if (!(ctx.compact && text_model && ctx.shows(FigureControl::Head))) term_help(ctx, {Term::Layer});
  }
  if (text_model && ctx.shows(FigureControl::Head)) {
    if (st.head < 0)
      std::snprintf(label, sizeof label, "%s", tr(Str::AllHeads, lang));
    else
      std::snprintf(label, sizeof label, "%s %d", tr(Str::Head, lang), st.head + 1);
    // As wide as its longest choice ("All heads (mean)" / "Trung bình các đầu"), arrow included, so
    // it does not jump as the choice changes; a phone's is as wide as the current choice, so that
    // the views, layer and head menus share one row.
    char widest[96];
    std::snprintf(widest, sizeof widest, "%s %d", tr(Str::Head, lang), cfg.n_heads);
    const float text_w = ctx.compact
                             ? ImGui::CalcTextSize(label).x
                             : std::max(ImGui::CalcTextSize(tr(Str::AllHeads, lang)).x, ImGui::CalcTextSize(widest).x);
    const float head_w = text_w + ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetFrameHeight();
    place(head_w + marker_w);
    ImGui::SetNextItemWidth(head_w);
    if (ImGui::BeginCombo("##head", label)) {
      if (ImGui::Selectable(tr(Str::AllHeads, lang), st.head < 0)) s.set_head(-1);
      for (int h = 0; h < cfg.n_heads; ++h) {
        std::snprintf(label, sizeof label, "%s %d", tr(Str::Head, lang), h + 1);
        if (ImGui::Selectable(label, h == st.head)) s.set_head(h);
      }
      ImGui::EndCombo();
    }
    if (ctx.compact && ctx.shows(FigureControl::Layer))
      term_help(ctx, {Term::Layer, Term::Head});
    else
      term_help(ctx, {Term::Head});
  }
  if (text_model && ctx.shows(FigureControl::Mask)) {
    bool causal = st.causal;
    const char* mask_label = tr(Str::Causal, lang);
    place(ImGui::CalcTextSize(mask_label).x + ImGui::GetFrameHeight() * 1.5f + marker_w);
    if (ImGui::Checkbox(mask_label, &causal)) s.set_causal(causal);
    term_help(ctx, {Term::Mask});
  }
  if (ctx.shows(FigureControl::Temperature)) {
    const char* temp_label = tr(Str::Temperature, lang);
    place(ImGui::GetFontSize() * 8 + ImGui::CalcTextSize(temp_label).x + marker_w);
    float t = st.temperature;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    if (ImGui::SliderFloat(temp_label, &t, 0.05f, 5.0f, "%.2f", ImGuiSliderFlags_Logarithmic)) s.set_temperature(t);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::TemperatureHelp, lang));
    term_help(ctx, {Term::Temperature, Term::Softmax});
  }
}

void draw_notices(UiContext& ctx) {
  attn::Session& s = *ctx.session;
  const Lang lang = s.state().lang;
  // The text model's name and the text's length mean nothing to the train view's own small model.
  const bool text_model = s.state().view != View::Train;
  // A bare figure keeps the frame for its picture: the trained model's label waits in the menu,
  // but untrained weights are always said (a figure must not pass them off as the model's).
  // (The trained model's line is drawn under the picture: draw_model_line.)
  if (text_model && !s.model().trained && s.precomputed()) {
    // Trained numbers already (a figure says nothing more; the full page says where they come from).
    if (!ctx.bare_figure()) ImGui::TextDisabled("%s", tr(Str::PrecomputedWeights, lang));
  } else if (text_model && !s.model().trained && !s.precomputed()) {
    ImGui::TextDisabled("%s", tr(Str::UntrainedWeights, lang));
  }
  // Longer than anything the model read in training: say so, since its heads then spread out. It
  // follows the truncation line in the same paragraph when there is one: on a phone every line of
  // text here is taken from the picture's height.
  const int trained_length = s.model().trained ? s.model().trained_length : 0;
  const bool beyond_training =
      text_model && trained_length > 0 && static_cast<int>(s.tokens().size()) > trained_length && !ctx.bare_figure();
  char length_note[256] = "";
  if (beyond_training)
    std::snprintf(length_note, sizeof length_note, tr(Str::BeyondTrainedLength, lang), trained_length);
  if (text_model && s.truncated()) {
    char cut[256];
    std::snprintf(cut, sizeof cut, tr(Str::Truncated, lang), static_cast<int>(s.tokens().size()),
                  static_cast<int>(s.total_tokens()));
    ImGui::PushStyleColor(ImGuiCol_Text, u32(palette().notice));
    ImGui::TextWrapped("%s%s%s", cut, beyond_training ? " " : "", length_note);
    ImGui::PopStyleColor();
  } else if (beyond_training) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", length_note);
    ImGui::PopStyleColor();
  }
  if (!ctx.notice.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, u32(palette().notice));
    ImGui::TextWrapped("%s", ctx.notice.c_str());
    ImGui::PopStyleColor();
    if (ImGui::SmallButton(tr(Str::Dismiss, lang))) ctx.notice.clear();
  }
}
// Which model the numbers come from, under the picture: it is worth a line, not the first screen.
void draw_model_line(UiContext& ctx) {
  attn::Session& s = *ctx.session;
  const View v = s.state().view;
  // (The phone's full page shows it: it lies below the first screen, where a thumb scrolls to it.)
  if (v == View::Train || v == View::Crowd || !s.model().trained || (ctx.bare_figure() && !ctx.figure_page)) return;
  // The file's own name is English and long; the reader gets the shape in their language.
  const attn::ModelConfig& c = s.model().cfg;
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped(tr(Str::ModelTrainedLabel, s.state().lang), c.n_layers, c.n_heads, c.d_model);
  ImGui::PopStyleColor();
}
}  // namespace

void draw_playground(UiContext& ctx) {
  attn::Session& s = *ctx.session;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(vp->Size);
  // No window background: the frame starts with a clear in the same colour (WindowBg), and a
  // blended rectangle over the whole canvas would cost every pixel twice on a software GPU.
  ImGui::Begin("playground", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse |
                   ImGuiWindowFlags_NoBackground);
  if (!view_available(s.state().view)) {
    ctx.notice = tr(Str::ViewNotReady, s.state().lang);
    s.set_view(View::Heatmap);
  }
  handle_keyboard_shortcuts(ctx);
  if (ctx.cycle_view_requested) {
    ctx.cycle_view_requested = false;
    const int count = static_cast<int>(sizeof(kViews) / sizeof(kViews[0]));
    int at = 0;
    while (at < count && kViews[at] != s.state().view) ++at;
    s.set_view(kViews[(at + 1) % count]);
  }
  const bool views = ctx.shows(attn::FigureControl::Views);
  if (views) draw_view_tabs(ctx);
  // The heads' grid is labelled by layer and head; a bare frame shows no layer or head menu to
  // carry their explanation, so the view chooser's row does.
  if (views && ctx.bare_figure() && s.state().view == View::Heads) term_help(ctx, {Term::Layer, Term::Head});
  // The train view runs its own small model: the text model's layer, head, mask and temperature
  // change nothing there, so they are not shown (the crowd keeps only the temperature). Leaving
  // the train view pauses its training.
  if (s.state().view != View::Train) draw_controls(ctx, views);
  if (s.state().view != View::Train && s.live().playing()) s.train_play(false);
  const float before_notices = ImGui::GetCursorPosY();
  draw_notices(ctx);
  // A wide screen continues the controls' row with the view's own switches; a narrow one draws a
  // rule between the controls and the picture, when there is anything above it.
  ctx.row_open = !ctx.compact && ImGui::GetCursorPosY() == before_notices && s.state().view != View::Train &&
                 s.state().view != View::Crowd;
  if (!ctx.row_open && (!ctx.bare_figure() || ImGui::GetCursorPosY() > ImGui::GetStyle().WindowPadding.y + 1))
    ImGui::Separator();
  // The picture is sized to the first screen: what does not fit there goes below it (the full
  // page's canvas grows to hold it, and the page scrolls).
  const ImVec2 avail(ImGui::GetContentRegionAvail().x, ctx.room_to_fold());
  ctx.heatmap_layout.shown = false;
  ctx.links_heads.links.layout.shown = ctx.links_heads.heads.shown = ctx.links_heads.focus_heads.shown = false;
  ctx.flow.shown = ctx.crowd.shown = ctx.train.shown_frame = false;
  ctx.picture.shown = false;
  if (s.state().view == View::Crowd) {
    draw_crowd_view(ctx, avail);  // the crowd is its own scene: it needs no text
  } else if (s.state().view == View::Train) {
    draw_train_view(ctx, avail);  // so is the train view: its examples come from its task
  } else if (s.tokens().empty()) {
    ImGui::TextWrapped("%s", tr(Str::EmptyText, s.state().lang));
    ctx.status_line = tr(Str::EmptyText, s.state().lang);
  } else if (s.state().view == View::Focus) {
    draw_focus_view(ctx, avail);
  } else if (s.state().view == View::Links) {
    draw_links_view(ctx, avail);
  } else if (s.state().view == View::Heads) {
    draw_heads_view(ctx, avail);
  } else if (s.state().view == View::Flow) {
    draw_flow_view(ctx, avail);
  } else {
    draw_heatmap_view(ctx, avail);
  }
  draw_model_line(ctx);
  ctx.zoom.notches = 0;  // a zoom over no zoomable view is dropped, not kept for later
  ctx.content_h = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y;
  draw_glossary_popup(ctx);
  ImGui::End();
}

}  // namespace ui
