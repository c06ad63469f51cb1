// What every view gets: the session to read and act on, the renderers, the screen's scale.
#pragma once
#include <algorithm>
#include <string>

#include "figure_controls.h"
#include "flow_crowd_ui.h"
#include "glossary.h"
#include "heatmap_renderer.h"
#include "imgui.h"
#include "linking_heads.h"
#include "links_heads_ui.h"
#include "matrix_renderer.h"
#include "session.h"
#include "train_ui.h"

namespace ui {

// The heatmap's zoom and pan, in cells; kept across frames.
struct HeatmapCamera {
  float zoom = 1.0f;  // 1 = the whole matrix fits
  float origin_col = 0.0f, origin_row = 0.0f;
};

struct UiContext {
  attn::Session* session = nullptr;
  gfx::HeatmapRenderer* heatmap = nullptr;
  float scale = 1.0f;  // device pixels per CSS pixel; all sizes are multiplied by it
  int display_w = 0, display_h = 0;
  bool compact = false;  // narrow screen (phone portrait) or embed: tighter chrome
  std::string notice;  // a one-line message for the reader (link problems, model errors)
  HeatmapCamera camera;
  // The method's explanation under the picture: -1 = decided by the width (a phone keeps its
  // picture large and shows the text on a tap of "?"), 0 closed, 1 open.
  int method_help = -1;
  // Where the heatmap was drawn last frame (device pixels) and which cells it showed: lets tests
  // and the page map a screen position to a cell without re-deriving the layout.
  struct {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0, origin_col = 0, origin_row = 0, span = 0;
    bool shown = false;
  } heatmap_layout;
  bool guess_open = true;  // the guess panel is unfolded
  bool cycle_view_requested = false;  // set by the V shortcut, served by the view tabs
  // Ctrl+wheel, a trackpad pinch or a two-finger pinch since the last frame: zoom by 1.2^notches
  // around (x, y) (framebuffer pixels). The zoomable view under that point takes it; what nobody
  // takes is dropped at the end of the frame. Kept out of ImGui's input queue, which would hand
  // a synthetic Ctrl press and the wheel to different frames.
  struct {
    float notches = 0, x = 0, y = 0;
  } zoom;
  std::string status_line;  // plain-text summary of the view, mirrored to aria-live by the page
  LinksHeadsUi links_heads;  // links, heads and heads-in-colours: head mix, filter, lock, GPU parts
  gfx::MatrixRenderer* matrices = nullptr;  // the flow view's Q, K, V, scores...
  bool reduced_motion = false;  // the reader's system asks for less motion: no autoplay
  FlowUi flow;
  CrowdUi crowd;
  TrainUi train;  // the train view's live model, its controls and its own heatmap renderer
  // An article figure (?embed=1): the picture first and only the controls in `figure` until the
  // reader opens the figure's menu, which shows everything again.
  bool figure_on = false;
  bool figure_menu_open = false;
  attn::FigureControls figure;
  // The current view's main picture as drawn last frame (device pixels): heatmap cells, links
  // lines, crowd people and bars, focus text and bars, the flow's current matrix, the heads grid.
  struct {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool shown = false;
  } picture;

  // A bare figure: figure mode with its menu closed (views drop their help lines and extra buttons).
  bool bare_figure() const { return figure_on && !figure_menu_open; }
  // Whether the frame shows control `c` (always, outside a bare figure).
  bool shows(attn::FigureControl c) const { return shows_in(session->state().view, c); }
  bool shows_in(attn::View v, attn::FigureControl c) const {
    // (The crowd and the train view have no use for the text: their examples are their own.)
    if (figure_page && c == attn::FigureControl::Views) return true;
    if (figure_page && c == attn::FigureControl::Text) return v != attn::View::Crowd && v != attn::View::Train;
    return !bare_figure() || attn::figure_shows(figure, v, c);
  }
  GlossaryUi glossary;  // the "?" markers beside technical words and their popup

  void set_picture(ImVec2 a, ImVec2 b) { picture = {a.x, a.y, b.x, b.y, true}; }

  // The full page on a phone behaves like a figure (the one menu, the picture first), but it keeps
  // the view chooser (as one menu of views) and the text field in its top row.
  bool figure_page = false;
  // The bottom of the reader's first screen inside the canvas (device pixels from its top). On the
  // full page the canvas grows to its content (the page then scrolls under a thumb), so views size
  // their picture to this line, not to the canvas. In an embed it is the canvas's own height.
  float fold_y = 0;
  // How tall the frame's content was (device pixels): the page sizes the full page's canvas by it.
  float content_h = 0;
  bool canvas_grows = false;  // the full page: the canvas grows to its content (an embed's does not)
  // The shared controls' row has room left: a view's first controls (the method switches) may
  // continue it rather than start a line of their own (a wide screen keeps its height for the picture).
  bool row_open = false;
  // A list under the picture (words, habits): as tall as its content where the canvas grows with
  // it, else the rest of the frame (scrolling inside it).
  void begin_list(const char* id) const {
    ImGui::BeginChild(id, ImVec2(0, 0), canvas_grows ? ImGuiChildFlags_AutoResizeY : ImGuiChildFlags_None);
  }
  // Room between the cursor and the first screen's bottom (at least a few lines).
  float room_to_fold() const { return std::max(fold_y - ImGui::GetCursorScreenPos().y, ImGui::GetFontSize() * 6); }
};

// Draws the whole canvas for one frame.
void draw_playground(UiContext& ctx);
// The masked-token guesses of the chosen token (a panel inside the focus view).
void draw_guess_panel(UiContext& ctx);
// Forgets the views' own GPU objects (after a lost WebGL context); they rebuild on first use.
void release_view_gpu_resources(UiContext& ctx);
// Applies the canvas's keyboard shortcuts (see keyboard_shortcuts.cpp for the list).
void handle_keyboard_shortcuts(UiContext& ctx);

// Views, one file each.
void draw_heatmap_view(UiContext& ctx, ImVec2 size);
// The honest-attention switches (weights / contribution / rollout, whole words); shared by the
// views that show a weight matrix. The chosen method's explanation is a sentence or two, which
// the view places under its picture. `methods` false: only the words / pieces switch (the heads
// view, whose tiles are always the weights).
void draw_method_controls(UiContext& ctx, bool methods = true);
std::string method_explanation(const attn::Session& s, attn::Lang lang);
bool method_help_open(const UiContext& ctx);
// For the focus row of the shown matrix: a sentence when its most-attended key contributes much
// less than its weight (an attention sink); "" otherwise.
std::string sink_sentence(attn::Session& s, attn::Lang lang);
// The heads that link the focus to the state's paired key (state().link), ranked by the core, with
// what the caption needs; nullptr when no pair is chosen. Kept until the pair or the numbers change.
struct LinkingResult {
  attn::AttnMethod method = attn::AttnMethod::Raw;  // Raw or Norm (rollout asks the weights)
  std::string query_label, key_label;
  std::vector<attn::LinkingHead> ranking;
  attn::LinkingSummary summary;
};
const LinkingResult* current_linking(attn::Session& s);
// "1 of 24 heads make "it" look most at "animal"...": every number from the ranking.
std::string linking_sentence(const LinkingResult& r, attn::Lang lang);
// That sentence under a picture, with a button that shows the strongest head ("" when no pair).
void draw_linking_line(UiContext& ctx);
void draw_focus_view(UiContext& ctx, ImVec2 size);
void draw_links_view(UiContext& ctx, ImVec2 size);
void draw_heads_view(UiContext& ctx, ImVec2 size);
void draw_flow_view(UiContext& ctx, ImVec2 size);
void draw_crowd_view(UiContext& ctx, ImVec2 size);
void draw_train_view(UiContext& ctx, ImVec2 size);

// Shared helpers for views.
// `s` cut to at most max_bytes (at a UTF-8 boundary) with "…" when it was longer.
std::string short_label(const std::string& s, size_t max_bytes);
ImU32 colormap_u32(float value);
// Text rotated by `angle` radians around `pos` (used for the heatmap's column labels).
void add_text_rotated(ImDrawList* dl, ImVec2 pos, ImU32 colour, const char* text, float angle);

}  // namespace ui
