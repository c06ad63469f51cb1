// The model card's loss curve as hand-written SVG: losses on the left axis, held-out top-1 on the right.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "svg_export.h"

namespace card {

// models/training-loss.csv as written by train_model: a header row, then numbers. Columns are
// found by name, so a run with per-language columns (heldout_top1_en, ...) and one without both read.
struct LossTable {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;  // a missing or unreadable cell is NaN
  int col(const std::string& name) const {
    const auto it = std::find(columns.begin(), columns.end(), name);
    return it == columns.end() ? -1 : static_cast<int>(it - columns.begin());
  }
  double at(std::size_t row, int c) const {
    return c >= 0 && c < static_cast<int>(rows[row].size()) ? rows[row][c] : NAN;
  }
};

inline LossTable read_loss_csv(const std::string& path) {
  LossTable t;
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) return t;
  std::stringstream head(line);
  for (std::string c; std::getline(head, c, ',');) t.columns.push_back(c);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<double> row;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, ',');) {
      char* end = nullptr;
      const double x = std::strtod(c.c_str(), &end);
      row.push_back(end != c.c_str() ? x : NAN);
    }
    t.rows.push_back(row);
  }
  return t;
}

// Round tick steps (1, 2 or 5 times a power of ten) giving about `want` intervals over [lo, hi].
inline double nice_step(double lo, double hi, int want) {
  const double raw = std::max(hi - lo, 1e-9) / want, p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (m * p >= raw) return m * p;
  return 10 * p;
}

inline std::string tick_label(double v, double step) {
  char b[32];
  std::snprintf(b, sizeof b, step >= 1 ? "%.0f" : step >= 0.1 ? "%.1f" : "%.2f", v);
  return b;
}

// The chart: step on x; train and held-out loss on the left axis; held-out top-1 in percent on
// the right (overall, and per language when the columns exist). Fixed size in user units.
inline std::string loss_curve_svg(const LossTable& t) {
  const double W = 900, H = 500, x0 = 72, x1 = W - 72, y0 = 48, y1 = H - 150;  // plot rectangle
  struct Series {
    std::string column, label, colour, dash;
    bool right;
  };
  std::vector<Series> series = {{"train_loss", "training loss (last 50 steps, 80/10/10 masking)", "#1f5fa8", "", false},
                                {"heldout_loss", "held-out loss (periodic eval)", "#d9480f", "", false},
                                {"heldout_top1", "held-out top-1, all languages (right axis)", "#2b8a3e", "7 4", true},
                                {"heldout_top1_en", "held-out top-1, English (right axis)", "#7048e8", "2 3", true},
                                {"heldout_top1_vi", "held-out top-1, Vietnamese (right axis)", "#c2255c", "2 3", true}};
  series.erase(std::remove_if(series.begin(), series.end(), [&](const Series& s) { return t.col(s.column) < 0; }),
               series.end());
  const int sc = t.col("step");
  double smin = INFINITY, smax = -INFINITY, lmin = INFINITY, lmax = -INFINITY, pmax = 0;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const double s = t.at(r, sc);
    if (!std::isfinite(s)) continue;
    smin = std::min(smin, s), smax = std::max(smax, s);
    for (const Series& se : series) {
      const double v = t.at(r, t.col(se.column));
      if (!std::isfinite(v)) continue;
      if (se.right)
        pmax = std::max(pmax, 100 * v);
      else
        lmin = std::min(lmin, v), lmax = std::max(lmax, v);
    }
  }
  std::string svg;
  char b[512];
  std::snprintf(b, sizeof b,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
                "font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\">\n"
                "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n"
                "<text x=\"%.0f\" y=\"28\" font-size=\"16\" fill=\"#212529\">%s</text>\n",
                W, H, W, H, x0, attn::xml_escape("Masked-piece loss and held-out top-1 while training").c_str());
  svg += b;
  if (!std::isfinite(smin) || !std::isfinite(lmin)) {
    std::snprintf(b, sizeof b, "<text x=\"%.0f\" y=\"%.0f\" fill=\"#495057\">%s</text>\n</svg>\n", x0, (y0 + y1) / 2,
                  attn::xml_escape("No loss curve was recorded (the loss CSV is missing or has no rows).").c_str());
    return svg + b;
  }
  if (smax <= smin) smax = smin + 1;
  // Axis ranges rounded outwards to whole ticks; top-1 always from 0 so its scale reads honestly.
  const double xs = nice_step(smin, smax, 8), ls = nice_step(lmin, lmax, 6);
  const double xlo = std::floor(smin / xs) * xs, xhi = std::ceil(smax / xs) * xs;
  const double llo = std::floor(lmin / ls) * ls, lhi = std::max(std::ceil(lmax / ls) * ls, llo + ls);
  const double ps = nice_step(0, std::max(pmax, 1.0), 6), phi = std::max(std::ceil(pmax / ps) * ps, ps);
  auto X = [&](double s) { return x0 + (s - xlo) / (xhi - xlo) * (x1 - x0); };
  auto YL = [&](double v) { return y1 - (v - llo) / (lhi - llo) * (y1 - y0); };
  auto YP = [&](double p) { return y1 - p / phi * (y1 - y0); };

  // Grid and ticks: horizontal lines follow the left axis; the right axis has its own labels.
  for (double v = llo; v <= lhi + ls / 2; v += ls) {
    std::snprintf(b, sizeof b,
                  "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e9ecef\"/>"
                  "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#495057\">%s</text>\n",
                  x0, YL(v), x1, YL(v), x0 - 6, YL(v) + 4, tick_label(v, ls).c_str());
    svg += b;
  }
  for (double p = 0; p <= phi + ps / 2; p += ps) {
    std::snprintf(b, sizeof b,
                  "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#868e96\"/>"
                  "<text x=\"%.1f\" y=\"%.1f\" fill=\"#2b8a3e\">%s%%</text>\n",
                  x1, YP(p), x1 + 4, YP(p), x1 + 7, YP(p) + 4, tick_label(p, ps).c_str());
    svg += b;
  }
  for (double s = xlo; s <= xhi + xs / 2; s += xs) {
    std::snprintf(b, sizeof b,
                  "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#868e96\"/>"
                  "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#495057\">%s</text>\n",
                  X(s), y1, X(s), y1 + 5, X(s), y1 + 19, tick_label(s, xs).c_str());
    svg += b;
  }
  std::snprintf(b, sizeof b,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#868e96\"/>\n"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#212529\">%s</text>\n"
                "<text transform=\"translate(%.1f %.1f) rotate(-90)\" text-anchor=\"middle\" "
                "fill=\"#212529\">%s</text>\n"
                "<text transform=\"translate(%.1f %.1f) rotate(90)\" text-anchor=\"middle\" "
                "fill=\"#2b8a3e\">%s</text>\n",
                x0, y0, x1 - x0, y1 - y0, (x0 + x1) / 2, y1 + 40, "training step", 20.0, (y0 + y1) / 2,
                attn::xml_escape("loss (nats per masked piece)").c_str(), W - 18, (y0 + y1) / 2,
                attn::xml_escape("held-out top-1 accuracy (%)").c_str());
  svg += b;

  // One path per series; a missing value ends the line and the next one starts a new piece.
  for (const Series& se : series) {
    std::string d;
    bool pen = false;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      const double s = t.at(r, sc), v = t.at(r, t.col(se.column));
      if (!std::isfinite(s) || !std::isfinite(v)) {
        pen = false;
        continue;
      }
      std::snprintf(b, sizeof b, "%s%.1f %.1f ", pen ? "L" : "M", X(s), se.right ? YP(100 * v) : YL(v));
      d += b;
      pen = true;
    }
    svg += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + se.colour + "\" stroke-width=\"2\"" +
           (se.dash.empty() ? "" : " stroke-dasharray=\"" + se.dash + "\"") + "/>\n";
  }
  // Legend under the axis label, two columns.
  for (std::size_t i = 0; i < series.size(); ++i) {
    const double lx = x0 + (i % 2) * (x1 - x0) / 2, ly = y1 + 68 + (i / 2) * 22.0;
    std::snprintf(b, sizeof b,
                  "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"%s/>", lx, ly,
                  lx + 28, ly, series[i].colour.c_str(),
                  series[i].dash.empty() ? "" : (" stroke-dasharray=\"" + series[i].dash + "\"").c_str());
    svg += b;
    svg += "<text x=\"" + std::to_string(static_cast<int>(lx + 36)) + "\" y=\"" +
           std::to_string(static_cast<int>(ly + 4)) + "\" fill=\"#212529\">" + attn::xml_escape(series[i].label) +
           "</text>\n";
  }
  return svg + "</svg>\n";
}

}  // namespace card
