// The two themes' colours, WCAG contrast and OKLab distance, and the page's CSS generated from the same table.
#include "theme.h"

#include <cmath>
#include <cstdio>

namespace attn {

namespace {
// Dark: the playground's original look. Light: ink on the demo article's warm paper (#fbfaf7), so a
// figure sits in a news page without a frame. Every text/surface pair reaches 4.5:1
// (tests/native/test_theme.cpp measures them from this table).
const Theme kDark = {
    "dark",
    {23, 23, 28, 255},  // background
    {236, 236, 241, 255},  // text
    {176, 176, 188, 255},  // text_dim
    {255, 200, 90, 255},  // notice
    {230, 159, 0, 255},  // accent
    {44, 78, 128, 255},  // button
    {56, 98, 158, 255},  // button_hover
    {30, 98, 178, 255},  // button_active
    {38, 48, 66, 255},  // frame
    {48, 62, 86, 255},  // frame_hover
    {58, 76, 106, 255},  // frame_active
    {32, 32, 40, 255},  // popup
    {68, 68, 76, 255},  // border
    {43, 43, 53, 255},  // surface
    {58, 58, 74, 255},  // surface_active
    {70, 70, 82, 255},  // track
    {34, 34, 42, 255},  // field
    {42, 34, 22, 255},  // notice_background
    {255, 255, 255, 255},  // outline
    {255, 255, 255, 255},  // marker
    {18, 18, 23, 255},  // gap
    {23, 23, 28, 255},  // blend_base
    {100, 100, 115, 255},  // axis
    {200, 200, 210, 255},  // neutral_line
    {{107, 107, 117, 255}, {41, 41, 48, 255}},  // hatch
    {0, 0, 0, 255},  // ink_dark
    {255, 255, 255, 255},  // ink_light
    {{240, 120, 90, 255}, {110, 200, 120, 255}, {250, 215, 90, 255}},  // series
};

const Theme kLight = {
    "light",
    {251, 250, 247, 255},  // background
    {28, 28, 32, 255},  // text
    {88, 88, 98, 255},  // text_dim
    {130, 76, 0, 255},  // notice
    {178, 92, 0, 255},  // accent
    {221, 228, 240, 255},  // button
    {204, 216, 236, 255},  // button_hover
    {174, 196, 232, 255},  // button_active
    {236, 235, 230, 255},  // frame
    {226, 225, 219, 255},  // frame_hover
    {214, 213, 206, 255},  // frame_active
    {255, 255, 255, 255},  // popup
    {190, 190, 196, 255},  // border
    {236, 235, 230, 255},  // surface
    {210, 218, 234, 255},  // surface_active
    {214, 213, 206, 255},  // track
    {255, 255, 255, 255},  // field
    {255, 244, 220, 255},  // notice_background
    {20, 20, 25, 255},  // outline
    {230, 80, 0, 255},  // marker
    {251, 250, 247, 255},  // gap
    {36, 36, 44, 255},  // blend_base
    {150, 150, 160, 255},  // axis
    {110, 110, 120, 255},  // neutral_line
    {{150, 150, 158, 255}, {226, 225, 219, 255}},  // hatch
    {0, 0, 0, 255},  // ink_dark
    {255, 255, 255, 255},  // ink_light
    {{200, 70, 40, 255}, {30, 140, 60, 255}, {160, 110, 0, 255}},  // series
};

const char* const kChoiceNames[] = {"auto", "light", "dark"};

double srgb_to_linear(uint8_t v) {
  const double c = v / 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

// Linear sRGB -> OKLab (Ottosson's published matrices).
void to_oklab(const Rgba8& c, double lab[3]) {
  const double r = srgb_to_linear(c[0]), g = srgb_to_linear(c[1]), b = srgb_to_linear(c[2]);
  const double l = std::cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const double m = std::cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const double s = std::cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  lab[0] = 0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s;
  lab[1] = 1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s;
  lab[2] = 0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s;
}

void css_block(std::string* out, const Theme& t) {
  const struct {
    const char* name;
    const Rgba8& colour;
  } vars[] = {{"--bg", t.background}, {"--fg", t.text},         {"--muted", t.text_dim},
              {"--accent", t.accent}, {"--surface", t.surface}, {"--field", t.field},
              {"--border", t.border}, {"--notice", t.notice},   {"--notice-bg", t.notice_background}};
  *out += "color-scheme: ";
  *out += t.name;
  *out += ";";
  for (const auto& v : vars) *out += std::string(" ") + v.name + ": " + css_hex(v.colour) + ";";
}
}  // namespace

const char* theme_choice_name(ThemeChoice c) { return kChoiceNames[static_cast<int>(c)]; }

bool theme_choice_from_name(const std::string& s, ThemeChoice* out) {
  for (int i = 0; i < 3; ++i)
    if (s == kChoiceNames[i]) {
      *out = static_cast<ThemeChoice>(i);
      return true;
    }
  return false;
}

ThemeId resolve_theme(ThemeChoice c, bool system_prefers_dark) {
  if (c == ThemeChoice::Auto) return system_prefers_dark ? ThemeId::Dark : ThemeId::Light;
  return c == ThemeChoice::Dark ? ThemeId::Dark : ThemeId::Light;
}

const Theme& theme(ThemeId id) { return id == ThemeId::Dark ? kDark : kLight; }

double relative_luminance(const Rgba8& c) {
  return 0.2126 * srgb_to_linear(c[0]) + 0.7152 * srgb_to_linear(c[1]) + 0.0722 * srgb_to_linear(c[2]);
}

double contrast_ratio(const Rgba8& a, const Rgba8& b) {
  const double la = relative_luminance(a), lb = relative_luminance(b);
  return (std::fmax(la, lb) + 0.05) / (std::fmin(la, lb) + 0.05);
}

Rgba8 blend_over(const Rgba8& top, const Rgba8& under) {
  const double a = top[3] / 255.0;
  Rgba8 out{0, 0, 0, 255};
  for (int i = 0; i < 3; ++i) out[i] = static_cast<uint8_t>(std::lround(top[i] * a + under[i] * (1.0 - a)));
  return out;
}

double oklab_distance(const Rgba8& a, const Rgba8& b) {
  double la[3], lb[3];
  to_oklab(a, la);
  to_oklab(b, lb);
  return std::sqrt((la[0] - lb[0]) * (la[0] - lb[0]) + (la[1] - lb[1]) * (la[1] - lb[1]) +
                   (la[2] - lb[2]) * (la[2] - lb[2]));
}

const Rgba8& text_on(const Theme& t, const Rgba8& fill) {
  return contrast_ratio(t.ink_dark, fill) >= contrast_ratio(t.ink_light, fill) ? t.ink_dark : t.ink_light;
}

std::string css_hex(const Rgba8& c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c[0], c[1], c[2]);
  return buf;
}

std::string theme_css() {
  // No data-theme (or "auto"): the system's preference; the page's first script sets data-theme
  // from the link's theme= before the first paint (web/theme-boot.js).
  std::string css =
      "/* Generated at build time from src/core/theme.cpp (tools/theme_css.cpp); edit the table there. */\n";
  css += ":root { ";
  css_block(&css, kLight);
  css += " }\n:root[data-theme=\"dark\"] { ";
  css_block(&css, kDark);
  css += " }\n@media (prefers-color-scheme: dark) {\n  :root:not([data-theme=\"light\"]) { ";
  css_block(&css, kDark);
  css += " }\n}\n";
  return css;
}

}  // namespace attn
