// SVG pictures drawn from the same numbers as the canvas (for readers who want a vector image).
#pragma once
#include <string>
#include <vector>

#include "tensor.h"
#include "theme.h"

namespace attn {

// Escapes &, <, >, " and ' so any token text is safe inside SVG text and attributes.
std::string xml_escape(const std::string& s);

// The heatmap: one rect per cell coloured by the colour map, labels on both axes, a title and a
// colour legend. `weights` is [n, n] with rows = queries; labels has n entries. The background and
// text take the theme's colours (the page passes the one the canvas shows); the cells are the same in both.
std::string heatmap_svg(const std::vector<std::string>& labels, const Mat& weights, const std::string& title,
                        const Theme& theme = attn::theme(ThemeId::Dark));

}  // namespace attn
