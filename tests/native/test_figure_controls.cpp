// A figure's controls: the link's list, unknown names, the per-view defaults.
#include <doctest/doctest.h>

#include "figure_controls.h"

using namespace attn;

TEST_CASE("figure controls: the link's list decides, defaults only when it names none") {
  const FigureControls c = parse_figure_controls("text, Head,step");
  CHECK(c.given);
  CHECK(c.unknown.empty());
  CHECK(figure_shows(c, View::Heatmap, FigureControl::Text));
  CHECK(figure_shows(c, View::Heatmap, FigureControl::Head));
  CHECK(figure_shows(c, View::Flow, FigureControl::Step));
  CHECK_FALSE(figure_shows(c, View::Heatmap, FigureControl::Layer));  // a heatmap default, not listed
  const FigureControls none = parse_figure_controls("");
  CHECK(none.given);
  CHECK(none.bits == 0);
  CHECK_FALSE(figure_shows(none, View::Focus, FigureControl::Text));
  const FigureControls all = parse_figure_controls("all");
  for (uint32_t b = 1; b <= (1u << 9); b <<= 1) CHECK(figure_shows(all, View::Crowd, static_cast<FigureControl>(b)));
}

TEST_CASE("figure controls: unknown names are skipped and the first one reported") {
  const FigureControls c = parse_figure_controls("text,<script>,zoom,layer");
  CHECK(c.unknown == "<script>");
  CHECK(c.bits == (static_cast<uint32_t>(FigureControl::Text) | static_cast<uint32_t>(FigureControl::Layer)));
}

TEST_CASE("figure controls: each view's defaults are what its paragraph talks about") {
  const FigureControls d;  // no list in the link
  CHECK(figure_shows(d, View::Focus, FigureControl::Text));
  CHECK_FALSE(figure_shows(d, View::Focus, FigureControl::Layer));
  CHECK(figure_shows(d, View::Flow, FigureControl::Step));
  CHECK_FALSE(figure_shows(d, View::Flow, FigureControl::Text));
  CHECK(figure_shows(d, View::Crowd, FigureControl::Query));
  CHECK(figure_shows(d, View::Heatmap, FigureControl::Layer));
  CHECK(figure_shows(d, View::Heatmap, FigureControl::Head));
  CHECK_FALSE(figure_shows(d, View::Heatmap, FigureControl::Method));
  CHECK(figure_shows(d, View::Links, FigureControl::Head));
  CHECK_FALSE(figure_shows(d, View::Links, FigureControl::Layer));
  CHECK(figure_shows(d, View::Heads, FigureControl::Text));
  CHECK_FALSE(figure_shows(d, View::Train, FigureControl::Views));
}
