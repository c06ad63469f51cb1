// The theme the renderers and the views draw with (src/core/theme.h holds the colours); the app sets it.
#pragma once
#include "theme.h"

namespace gfx {

const attn::Theme& active_theme();
attn::ThemeId active_theme_id();
void set_active_theme(attn::ThemeId id);
// A colour as the vec3 a shader takes (0..1, sRGB as stored: the canvas has no colour management).
void to_rgb01(const attn::Rgba8& c, float out[3]);

}  // namespace gfx
