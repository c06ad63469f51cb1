// Parsing a figure's `controls=` list and the per-view defaults.
#include "figure_controls.h"

namespace attn {

namespace {
struct Named {
  const char* name;
  uint32_t bits;
};
constexpr uint32_t bit(FigureControl c) { return static_cast<uint32_t>(c); }
const Named kNames[] = {
    {"text", bit(FigureControl::Text)},
    {"views", bit(FigureControl::Views)},
    {"layer", bit(FigureControl::Layer)},
    {"head", bit(FigureControl::Head)},
    {"mask", bit(FigureControl::Mask)},
    {"temperature", bit(FigureControl::Temperature)},
    {"temp", bit(FigureControl::Temperature)},
    {"method", bit(FigureControl::Method)},
    {"token", bit(FigureControl::Token)},
    {"query", bit(FigureControl::Query)},
    {"step", bit(FigureControl::Step)},
    {"all", (bit(FigureControl::Step) << 1) - 1},  // every bit up to the last
};
}  // namespace

FigureControls parse_figure_controls(const std::string& list) {
  FigureControls c;
  c.given = true;
  std::string word;
  auto take = [&]() {
    if (word.empty()) return;
    bool known = false;
    for (const Named& n : kNames)
      if (word == n.name) {
        c.bits |= n.bits;
        known = true;
      }
    if (!known && c.unknown.empty()) c.unknown = word.substr(0, 40);
    word.clear();
  };
  for (char ch : list) {
    if (ch == ',')
      take();
    else if (ch != ' ')
      word += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  }
  take();
  return c;
}

uint32_t default_figure_controls(View v) {
  switch (v) {
    case View::Focus: return bit(FigureControl::Text) | bit(FigureControl::Token);
    case View::Flow: return bit(FigureControl::Step);
    case View::Crowd: return bit(FigureControl::Query);
    case View::Heatmap: return bit(FigureControl::Text) | bit(FigureControl::Layer) | bit(FigureControl::Head);
    case View::Links: return bit(FigureControl::Text) | bit(FigureControl::Head);
    case View::Heads: return bit(FigureControl::Text);
    case View::Train: return 0;
  }
  return 0;
}

bool figure_shows(const FigureControls& c, View v, FigureControl which) {
  return ((c.given ? c.bits : default_figure_controls(v)) & bit(which)) != 0;
}

}  // namespace attn
