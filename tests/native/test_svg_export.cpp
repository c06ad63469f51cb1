// Native tests of the SVG export: the numbers and colours in the file are the core's, text is escaped.
#include <doctest/doctest.h>

#include <string>

#include "colormap.h"
#include "svg_export.h"

using namespace attn;

namespace {
int count(const std::string& s, const std::string& what) {
  int k = 0;
  for (std::size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++k;
  return k;
}
}  // namespace

TEST_CASE("heatmap SVG has one coloured cell per weight, with the exact value and escaped labels") {
  Mat w(2, 2);
  w << 0.25f, 0.75f, 1.0f, 0.0f;
  const std::string svg = heatmap_svg({"<b>cat</b>", "mèo & chó"}, w, "Layer 1 \"head\" 2");
  CHECK(svg.rfind("<svg", 0) == 0);
  CHECK(count(svg, "<title>") == 4);
  CHECK(svg.find("<title>0.7500</title>") != std::string::npos);
  const Rgba8 c = colormap(0.75f);
  char hex[16];
  std::snprintf(hex, sizeof hex, "#%02x%02x%02x", c[0], c[1], c[2]);
  CHECK(svg.find(hex) != std::string::npos);
  CHECK(svg.find("<b>") == std::string::npos);
  CHECK(svg.find("&lt;b&gt;cat&lt;/b&gt;") != std::string::npos);
  CHECK(svg.find("mèo &amp; chó") != std::string::npos);
  CHECK(svg.find("Layer 1 &quot;head&quot; 2") != std::string::npos);
  CHECK(xml_escape(std::string("a\x01"
                               "b")) == "ab");
}

TEST_CASE("heatmap SVG takes the theme it is given: background and text from the theme table") {
  Mat w(1, 1);
  w << 1.0f;
  for (ThemeId id : {ThemeId::Light, ThemeId::Dark}) {
    const Theme& t = theme(id);
    const std::string svg = heatmap_svg({"a"}, w, "t", t);
    CHECK(svg.find("<rect width=\"100%\" height=\"100%\" fill=\"" + css_hex(t.background) + "\"/>") !=
          std::string::npos);
    CHECK(svg.find("fill=\"" + css_hex(t.text) + "\"") != std::string::npos);
  }
}
