// Native tests of the themes: WCAG contrast of every text/surface pair, colour-map ends against the
// background, the theme= field of the URL codec, and the page's CSS generated from the same table.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "colormap.h"
#include "share_state.h"
#include "theme.h"

using namespace attn;

namespace {
const ThemeId kBoth[] = {ThemeId::Light, ThemeId::Dark};
// ImGui blends a colour with alpha over the window: the pair a reader sees.
Rgba8 seen(const Theme& t, const Rgba8& c) { return blend_over(c, t.background); }
}  // namespace

TEST_CASE("contrast ratio matches the WCAG definition at its fixed points") {
  CHECK(contrast_ratio({0, 0, 0, 255}, {255, 255, 255, 255}) == doctest::Approx(21.0).epsilon(1e-9));
  CHECK(contrast_ratio({119, 119, 119, 255}, {255, 255, 255, 255}) == doctest::Approx(4.48).epsilon(0.005));
  CHECK(contrast_ratio({23, 23, 28, 255}, {23, 23, 28, 255}) == doctest::Approx(1.0));
}

TEST_CASE("every text colour reaches 4.5:1 on every surface it is drawn on, in both themes") {
  for (ThemeId id : kBoth) {
    const Theme& t = theme(id);
    const Rgba8 surfaces[] = {t.background,       t.button, t.button_hover, t.button_active,  t.frame, t.frame_hover,
                              t.frame_active,     t.popup,  t.surface,      t.surface_active, t.track, t.field,
                              t.notice_background};
    double worst_text = 99, worst_dim = 99;
    for (const Rgba8& s : surfaces) worst_text = std::min(worst_text, contrast_ratio(t.text, seen(t, s)));
    // Secondary text sits on the window, panels, inputs and menus (never on a button or a bar).
    for (const Rgba8& s : {t.background, t.frame, t.frame_hover, t.popup, t.surface, t.surface_active})
      worst_dim = std::min(worst_dim, contrast_ratio(t.text_dim, seen(t, s)));
    const double notice =
        std::min(contrast_ratio(t.notice, t.background), contrast_ratio(t.notice, t.notice_background));
    std::printf("theme %s: text >= %.2f, dim text >= %.2f, notice >= %.2f, text on background %.2f\n", t.name,
                worst_text, worst_dim, notice, contrast_ratio(t.text, t.background));
    CHECK(worst_text >= 4.5);
    CHECK(worst_dim >= 4.5);
    CHECK(notice >= 4.5);
    // A bar's empty track shows on the window and on a panel (a person's tile in the crowd).
    CHECK(oklab_distance(t.track, t.background) >= 0.05);
    CHECK(oklab_distance(t.track, t.surface) >= 0.04);
    // The outline marks the chosen cell: it must stand out from the window as strongly as text.
    CHECK(contrast_ratio(t.outline, t.background) >= 4.5);
  }
}

TEST_CASE("text on a colour-map cell picks the ink that reads: 4.5:1 over the whole map") {
  for (ThemeId id : kBoth) {
    const Theme& t = theme(id);
    double worst = 99;
    for (const Rgba8& c : colormap_table()) worst = std::min(worst, contrast_ratio(text_on(t, c), c));
    CHECK(worst >= 4.5);
  }
}

TEST_CASE("the colour maps' ends stay distinct from either background") {
  // 0.10 in OKLab is about five just-noticeable steps: a weight-0 cell never melts into the page.
  for (ThemeId id : kBoth) {
    const Theme& t = theme(id);
    const double low = oklab_distance(colormap(0.0f), t.background),
                 high = oklab_distance(colormap(1.0f), t.background);
    const double neg = oklab_distance(diverging_colormap(-1.0f), t.background);
    const double zero = oklab_distance(diverging_colormap(0.0f), t.background);
    const double pos = oklab_distance(diverging_colormap(1.0f), t.background);
    std::printf(
        "theme %s: OKLab distance to the background: weight 0 %.3f, weight 1 %.3f; diverging -1 %.3f, 0 %.3f, +1 %.3f\n",
        t.name, low, high, neg, zero, pos);
    CHECK(low >= 0.10);
    CHECK(high >= 0.10);
    CHECK(neg >= 0.10);
    CHECK(zero >= 0.10);
    CHECK(pos >= 0.10);
    for (int h = 0; h < 4; ++h) CHECK(oklab_distance(head_colour(h), t.background) >= 0.10);
    // The heads blend's weight-0 end: on light a dark tile; on dark the window itself (an empty cell).
    if (id == ThemeId::Light) CHECK(oklab_distance(t.blend_base, t.background) >= 0.10);
    for (int h = 0; h < 4; ++h) CHECK(oklab_distance(head_colour(h), t.blend_base) >= 0.10);
  }
}

TEST_CASE("theme= round-trips through the URL codec and is written only when not auto") {
  PlaygroundState s;
  CHECK(encode_share_state(s).find("theme=") == std::string::npos);
  for (ThemeChoice c : {ThemeChoice::Light, ThemeChoice::Dark, ThemeChoice::Auto}) {
    s.theme = c;
    PlaygroundState out;
    CHECK(decode_share_state(encode_share_state(s), PlaygroundState{}, &out) == ShareNotice::None);
    CHECK(out.theme == c);
  }
  PlaygroundState out;
  CHECK(decode_share_state("v=1&theme=auto", PlaygroundState{}, &out) == ShareNotice::None);
  CHECK(out.theme == ThemeChoice::Auto);
  CHECK(decode_share_state("v=1&view=focus&theme=sepia", PlaygroundState{}, &out) == ShareNotice::Ignored);
  CHECK(out.theme == ThemeChoice::Auto);
  CHECK(out.view == View::Focus);
}

TEST_CASE("auto follows the system; light and dark do not") {
  CHECK(resolve_theme(ThemeChoice::Auto, true) == ThemeId::Dark);
  CHECK(resolve_theme(ThemeChoice::Auto, false) == ThemeId::Light);
  CHECK(resolve_theme(ThemeChoice::Light, true) == ThemeId::Light);
  CHECK(resolve_theme(ThemeChoice::Dark, false) == ThemeId::Dark);
}

TEST_CASE("the page's CSS carries the table's colours for both themes") {
  const std::string css = theme_css();
  for (ThemeId id : kBoth) {
    const Theme& t = theme(id);
    CHECK(css.find("--bg: " + css_hex(t.background)) != std::string::npos);
    CHECK(css.find("--fg: " + css_hex(t.text)) != std::string::npos);
  }
  CHECK(css.find("prefers-color-scheme: dark") != std::string::npos);
  CHECK(css_hex({23, 23, 28, 255}) == "#17171c");
}

TEST_CASE("the marker of a chosen cell stands out from both ends of the colour map and from the gaps") {
  for (ThemeId id : kBoth) {
    const Theme& t = theme(id);
    CHECK(oklab_distance(t.marker, colormap(0.0f)) >= 0.25);
    CHECK(oklab_distance(t.marker, colormap(1.0f)) >= 0.15);
    CHECK(oklab_distance(t.marker, t.gap) >= 0.15);
  }
}
