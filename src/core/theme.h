// The playground's two colour themes (light, made for a news page, and dark): the one table the canvas and the page use.
#pragma once
#include <string>

#include "colormap.h"  // Rgba8

namespace attn {

// What the reader or host asked for (URL `theme=`); Auto follows the system's prefers-color-scheme.
enum class ThemeChoice { Auto, Light, Dark };
const char* theme_choice_name(ThemeChoice c);  // "auto", "light", "dark"
bool theme_choice_from_name(const std::string& s, ThemeChoice* out);

enum class ThemeId { Light, Dark };
ThemeId resolve_theme(ThemeChoice c, bool system_prefers_dark);

// Every colour a view or the page draws that is not a data colour (the colour maps and head colours
// of colormap.h are the same in both themes, so a weight has one colour everywhere). RGBA, sRGB;
// alpha below 255 only where noted (ImGui blends those over the background).
struct Theme {
  const char* name;  // "light" / "dark"
  Rgba8 background;  // canvas clear, window, the page behind it
  Rgba8 text;  // body text, labels
  Rgba8 text_dim;  // secondary text (help lines, captions of axes): still 4.5:1 on every surface
  Rgba8 notice;  // the amber of notices and warnings (text)
  Rgba8 accent;  // keyboard focus ring of the page
  Rgba8 button, button_hover, button_active;  // ImGui buttons; button_active also marks the chosen tab
  Rgba8 frame, frame_hover, frame_active;  // ImGui inputs, sliders, combo boxes
  Rgba8 popup;  // menus and tooltips
  Rgba8 border;  // widget and page borders
  Rgba8 surface;  // chips, panels, page buttons: a step away from the background
  Rgba8 surface_active;  // a chosen chip or row
  Rgba8 track;  // the empty part of a bar: apart from both the background and a surface (bars sit on both)
  Rgba8 field;  // the page's text field
  Rgba8 notice_background;  // the page's message box
  Rgba8 outline;  // the strongest line: chosen cell, row or person (white on dark, ink on light)
  // The chosen row or cell drawn over colour-map cells: ink would vanish on the map's dark end and
  // white into a light page's cell gaps, so the light theme marks it in vermilion.
  Rgba8 marker;
  Rgba8 gap;  // one-pixel gaps between matrix cells
  // Where no head looks in the heads blend (its colours fade into it): the dark window on dark; on
  // light a dark tile like its neighbours, the heatmaps, whose weight-0 cells are dark too.
  Rgba8 blend_base;
  Rgba8 axis;  // plot axes and guide lines
  Rgba8 neutral_line;  // lines without a head colour (rollout links)
  Rgba8 hatch[2];  // stripes of a masked (-inf) matrix cell
  // Text on a coloured cell, whichever contrasts more (text_on): black and white, the only pair that
  // reaches 4.5:1 on every colour in between.
  Rgba8 ink_dark, ink_light;
  Rgba8 series[3];  // the train view's curves: loss, accuracy, attention on the answer
};

const Theme& theme(ThemeId id);

// WCAG 2 relative luminance and contrast ratio (1..21) of opaque colours.
double relative_luminance(const Rgba8& c);
double contrast_ratio(const Rgba8& a, const Rgba8& b);
// `top` (with its alpha) blended over an opaque `under`, as the GPU blends ImGui's colours.
Rgba8 blend_over(const Rgba8& top, const Rgba8& under);
// Euclidean distance in OKLab (about 0.02 is a just-noticeable step): how far apart two colours look.
double oklab_distance(const Rgba8& a, const Rgba8& b);
// The theme's ink (dark or light) that reads best on `fill`.
const Rgba8& text_on(const Theme& t, const Rgba8& fill);

// "#rrggbb"
std::string css_hex(const Rgba8& c);
// The page's CSS custom properties for both themes (the build writes them to theme.css, which the
// page loads before anything else, so the page has its colours before the WebAssembly arrives).
std::string theme_css();

}  // namespace attn
