// SVG pictures drawn from the same numbers as the canvas (for readers who want a vector image).
#pragma once
#include <string>
#include <vector>

#include "tensor.h"

namespace attn {

// Escapes &, <, >, " and ' so any token text is safe inside SVG text and attributes.
std::string xml_escape(const std::string& s);

// The heatmap: one rect per cell coloured by the colour map, labels on both axes, a title and a
// colour legend. `weights` is [n, n] with rows = queries; labels has n entries.
std::string heatmap_svg(const std::vector<std::string>& labels, const Mat& weights, const std::string& title);

}  // namespace attn
