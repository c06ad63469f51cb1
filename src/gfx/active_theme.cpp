// One global for the theme in use, like ImGui's own context: every view and renderer of a frame agrees on it.
#include "active_theme.h"

namespace gfx {

namespace {
attn::ThemeId g_theme = attn::ThemeId::Dark;  // until the app has resolved the reader's choice
}  // namespace

const attn::Theme& active_theme() { return attn::theme(g_theme); }
attn::ThemeId active_theme_id() { return g_theme; }
void set_active_theme(attn::ThemeId id) { g_theme = id; }

void to_rgb01(const attn::Rgba8& c, float out[3]) {
  for (int i = 0; i < 3; ++i) out[i] = c[i] / 255.0f;
}

}  // namespace gfx
