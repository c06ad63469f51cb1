// What the flow and crowd views keep between frames (locks, autoplay) and where they drew their parts.
#pragma once
#include <string>
#include <vector>

namespace ui {

// A rectangle in device pixels (the bridge turns it into CSS pixels for tests).
struct PixelRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

struct FlowUi {
  bool playing = false;  // autoplay; never starts when the reader prefers reduced motion
  double next_advance = 0;  // ImGui time of the next autoplay step
  int locked_row = -1, locked_key = -1;  // the score whose details stay open after a tap
  int numbers_page = 0;  // page of the chosen row's numbers when they don't all fit
  int last_step = -1;  // to reset the page when the step changes
  // Drawn last frame: each matrix's rectangle and size, for tests (cell centres) and the page.
  struct Drawn {
    std::string name;  // the trace() key
    PixelRect rect;
    int rows = 0, cols = 0;
    float scale = 1;  // |value| drawn with the strongest colour
    bool weights_map = false;
  };
  std::vector<Drawn> drawn;
  bool shown = false;
  float query_h = 0;  // the query builder's height last frame (a figure draws it under the people)
};

struct CrowdUi {
  int locked_person = -1;  // the person whose details stay open after a tap
  struct Drawn {
    PixelRect figure;  // the person's tile
    float hat_x = 0, hat_y = 0;  // a point inside the hat's crown (when there is a hat)
    PixelRect bar;  // the weight bar's track; the filled part is weight x width
  };
  std::vector<Drawn> drawn;
  bool shown = false;
  float query_h = 0;  // the query builder's height last frame (a figure draws it under the people)
};

}  // namespace ui
