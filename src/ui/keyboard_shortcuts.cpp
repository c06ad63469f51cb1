// Keyboard use of the canvas: every control has a key, so the playground works without a pointer.
#include <algorithm>

#include "ui_context.h"

namespace ui {

namespace {
bool pressed(ImGuiKey k) { return ImGui::IsKeyPressed(k, true); }
}  // namespace

// Left/Right: previous/next token. Up/Down: previous/next head (before head 1 comes "all heads").
// PageUp/PageDown: previous/next layer. Home/End: first/last token. V: next view. M: causal mask.
// X: hide or show the chosen token. + and -: temperature. Keys arrive only while the canvas has
// focus (the page decides), and Tab always leaves the canvas.
// The train view has its own: Space plays or pauses, Right trains one step, Home goes back to step 0.
void handle_keyboard_shortcuts(UiContext& ctx) {
  attn::Session& s = *ctx.session;
  const attn::PlaygroundState& st = s.state();
  const int n = static_cast<int>(s.tokens().size());
  if (ImGui::GetIO().WantTextInput) return;
  if (st.view == attn::View::Train) {
    if (ImGui::IsKeyPressed(ImGuiKey_Space, false)) s.train_play(!s.live().playing());
    if (pressed(ImGuiKey_RightArrow)) s.train_steps(1);
    if (pressed(ImGuiKey_Home)) s.train_reset(0);
    if (pressed(ImGuiKey_V)) ctx.cycle_view_requested = true;
    return;
  }
  if (pressed(ImGuiKey_LeftArrow)) s.set_focus(std::max(0, st.focus - 1));
  if (pressed(ImGuiKey_RightArrow)) s.set_focus(std::min(std::max(n - 1, 0), st.focus + 1));
  if (pressed(ImGuiKey_Home)) s.set_focus(0);
  if (pressed(ImGuiKey_End)) s.set_focus(std::max(n - 1, 0));
  if (pressed(ImGuiKey_UpArrow)) s.set_head(std::max(-1, st.head - 1));
  if (pressed(ImGuiKey_DownArrow)) s.set_head(std::min(s.model().cfg.n_heads - 1, st.head + 1));
  if (pressed(ImGuiKey_PageUp)) s.set_layer(std::max(0, st.layer - 1));
  if (pressed(ImGuiKey_PageDown)) s.set_layer(std::min(s.model().cfg.n_layers - 1, st.layer + 1));
  if (pressed(ImGuiKey_M)) s.set_causal(!st.causal);
  if (pressed(ImGuiKey_X)) s.toggle_hidden(st.focus);
  if (pressed(ImGuiKey_Equal) || pressed(ImGuiKey_KeypadAdd)) s.set_temperature(st.temperature * 1.25f);
  if (pressed(ImGuiKey_Minus) || pressed(ImGuiKey_KeypadSubtract)) s.set_temperature(st.temperature / 1.25f);
  if (pressed(ImGuiKey_V)) ctx.cycle_view_requested = true;
}

}  // namespace ui
