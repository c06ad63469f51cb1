// The playground's perceptually uniform colour map (OKLab lightness rises linearly with the value).
#pragma once
#include <array>
#include <cstdint>

namespace attn {

constexpr int kColormapSize = 256;
using Rgba8 = std::array<uint8_t, 4>;

// Colour of a weight in [0, 1]: dark violet (ignored) through teal to light yellow (attended).
// Lightness is monotonic, so it reads in greyscale and for colour-blind readers.
Rgba8 colormap(float value);

// The whole table, uploaded once as a 256 x 1 texture; the shader and SVG export use the same one.
const std::array<Rgba8, kColormapSize>& colormap_table();

// Colour of a signed value in [-1, 1] (Q, K, V, scores): blue below 0, orange above, dark grey
// at 0; lightness grows with |value|, so size reads in greyscale and sign survives colour blindness.
Rgba8 diverging_colormap(float value);
// Its 256-entry table, entry i for value i / 255 * 2 - 1 (uploaded once, like colormap_table).
const std::array<Rgba8, kColormapSize>& diverging_table();

// Distinct, colour-blind-safe colours for heads (Okabe-Ito order), cycled past eight.
Rgba8 head_colour(int head);

}  // namespace attn
