// Builds the colour map in OKLab: linear lightness, hue turning from violet to yellow, chroma kept in gamut.
#include "colormap.h"

#include <algorithm>
#include <cmath>

namespace attn {

namespace {
float linear_to_srgb(float x) {
  x = std::clamp(x, 0.0f, 1.0f);
  return x <= 0.0031308f ? 12.92f * x : 1.055f * std::pow(x, 1.0f / 2.4f) - 0.055f;
}

// OKLab -> linear sRGB (the published OKLab inverse transform). Returns false if out of gamut.
bool oklab_to_linear_rgb(float L, float a, float b, float rgb[3]) {
  const float l_ = L + 0.3963377774f * a + 0.2158037573f * b;
  const float m_ = L - 0.1055613458f * a - 0.0638541728f * b;
  const float s_ = L - 0.0894841775f * a - 1.2914855480f * b;
  const float l = l_ * l_ * l_, m = m_ * m_ * m_, s = s_ * s_ * s_;
  rgb[0] = 4.0767416621f * l - 3.3077115913f * m + 0.2309699292f * s;
  rgb[1] = -1.2684380046f * l + 2.6097574011f * m - 0.3413193965f * s;
  rgb[2] = -0.0041960863f * l - 0.7034186147f * m + 1.7076147010f * s;
  for (int i = 0; i < 3; ++i)
    if (rgb[i] < -1e-4f || rgb[i] > 1.0001f) return false;
  return true;
}

// The colour of OKLab lightness L at `hue` (radians) and `chroma`, lowered until sRGB can show it:
// lightness is never traded away, so both maps read in greyscale.
Rgba8 in_gamut_colour(float L, float hue, float chroma) {
  float rgb[3] = {0, 0, 0};
  while (!oklab_to_linear_rgb(L, chroma * std::cos(hue), chroma * std::sin(hue), rgb) && chroma > 0) chroma -= 0.002f;
  if (chroma <= 0) oklab_to_linear_rgb(L, 0, 0, rgb);
  Rgba8 colour{};
  for (int c = 0; c < 3; ++c) colour[c] = static_cast<uint8_t>(std::lround(linear_to_srgb(rgb[c]) * 255.0f));
  colour[3] = 255;
  return colour;
}

std::array<Rgba8, kColormapSize> build_table() {
  std::array<Rgba8, kColormapSize> table{};
  for (int i = 0; i < kColormapSize; ++i) {
    const float t = i / float(kColormapSize - 1);
    // Even steps in perceived lightness; the dark end sits 0.07 above the dark theme's background in
    // lightness (with its violet, 0.12 apart in OKLab), so a weight of 0 never melts into the window.
    const float L = 0.28f + 0.67f * t;
    const float hue = (300.0f - 195.0f * t) * 3.14159265f / 180.0f;
    table[i] = in_gamut_colour(L, hue, 0.10f + 0.06f * t);
  }
  return table;
}

std::array<Rgba8, kColormapSize> build_diverging_table() {
  std::array<Rgba8, kColormapSize> table{};
  const float kPi = 3.14159265f;
  for (int i = 0; i < kColormapSize; ++i) {
    const float t = i / float(kColormapSize - 1) * 2.0f - 1.0f;
    const float mag = std::fabs(t);
    const float L = 0.33f + 0.52f * mag;
    // Blue and orange differ along the blue-yellow axis that red-green colour blindness keeps.
    const float hue = (t < 0 ? 250.0f : 62.0f) * kPi / 180.0f;
    table[i] = in_gamut_colour(L, hue, 0.16f * mag);
  }
  return table;
}
}  // namespace

const std::array<Rgba8, kColormapSize>& diverging_table() {
  static const std::array<Rgba8, kColormapSize> table = build_diverging_table();
  return table;
}

Rgba8 diverging_colormap(float value) {
  if (!(value == value)) value = 0.0f;
  value = std::clamp(value, -1.0f, 1.0f);
  return diverging_table()[static_cast<int>(std::lround((value + 1.0f) * 0.5f * (kColormapSize - 1)))];
}

const std::array<Rgba8, kColormapSize>& colormap_table() {
  static const std::array<Rgba8, kColormapSize> table = build_table();
  return table;
}

Rgba8 colormap(float value) {
  if (!(value >= 0.0f)) value = 0.0f;  // NaN too
  if (value > 1.0f) value = 1.0f;
  return colormap_table()[static_cast<int>(std::lround(value * (kColormapSize - 1)))];
}

Rgba8 head_colour(int head) {
  // Okabe & Ito's palette, chosen to stay distinct under the common colour-vision deficiencies.
  static const Rgba8 palette[8] = {{0, 114, 178, 255},  {230, 159, 0, 255}, {0, 158, 115, 255},  {204, 121, 167, 255},
                                   {86, 180, 233, 255}, {213, 94, 0, 255},  {240, 228, 66, 255}, {120, 120, 120, 255}};
  return palette[((head % 8) + 8) % 8];
}

}  // namespace attn
