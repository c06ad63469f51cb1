// Writes the heatmap as SVG text; sizes in user units so the picture scales to any print size.
#include "svg_export.h"

#include <algorithm>
#include <cstdio>

#include "colormap.h"

namespace attn {

std::string xml_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        // Control characters are not allowed in XML 1.0 text: drop them.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') out += c;
    }
  }
  return out;
}

std::string heatmap_svg(const std::vector<std::string>& labels, const Mat& weights, const std::string& title,
                        const Theme& theme) {
  const std::string bg = css_hex(theme.background), fg = css_hex(theme.text), dim = css_hex(theme.text_dim);
  const int n = static_cast<int>(weights.rows());
  const float cell = 24, label = 110, top = 40 + label, left = label;
  const float size = cell * n;
  const float width = left + size + 20, height = top + size + 70;
  char buf[256];
  std::string svg;
  std::snprintf(buf, sizeof buf,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
                "font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\">\n",
                width, height, width, height);
  svg += buf;
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"" + bg + "\"/>\n";
  svg += "<text x=\"10\" y=\"24\" fill=\"" + fg + "\" font-size=\"15\">" + xml_escape(title) + "</text>\n";
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      const Rgba8 col = colormap(weights(r, c));
      std::snprintf(
          buf, sizeof buf,
          "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" fill=\"#%02x%02x%02x\"><title>%.4f</title></rect>\n",
          left + c * cell, top + r * cell, cell - 1, cell - 1, col[0], col[1], col[2],
          static_cast<double>(weights(r, c)));
      svg += buf;
    }
  for (int i = 0; i < n && i < static_cast<int>(labels.size()); ++i) {
    const std::string text = xml_escape(labels[i]);
    std::snprintf(buf, sizeof buf,
                  "<text x=\"%.0f\" y=\"%.0f\" fill=\"%s\" text-anchor=\"end\" dominant-baseline=\"middle\">", left - 6,
                  top + (i + 0.5f) * cell, fg.c_str());
    svg += buf + text + "</text>\n";
    std::snprintf(buf, sizeof buf,
                  "<text transform=\"translate(%.0f %.0f) rotate(-90)\" fill=\"%s\" dominant-baseline=\"middle\">",
                  left + (i + 0.5f) * cell, top - 6, fg.c_str());
    svg += buf + text + "</text>\n";
  }
  // Legend: the colour map from 0 to 1 in 32 steps.
  const float ly = top + size + 20, lw = std::min(size, 320.0f);
  for (int i = 0; i < 32; ++i) {
    const Rgba8 col = colormap(i / 31.0f);
    std::snprintf(buf, sizeof buf,
                  "<rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"12\" fill=\"#%02x%02x%02x\"/>\n",
                  left + lw * i / 32, ly, lw / 32 + 0.5f, col[0], col[1], col[2]);
    svg += buf;
  }
  std::snprintf(
      buf, sizeof buf,
      "<text x=\"%.0f\" y=\"%.0f\" fill=\"%s\">0</text><text x=\"%.0f\" y=\"%.0f\" fill=\"%s\" text-anchor=\"end\">1</text>\n",
      left, ly + 28, dim.c_str(), left + lw, ly + 28, dim.c_str());
  svg += buf;
  svg += "</svg>\n";
  return svg;
}

}  // namespace attn
