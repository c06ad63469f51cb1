// The glossary: a plain explanation of every technical word on screen, one tap away beside it.
#pragma once
#include <initializer_list>
#include <string>
#include <vector>

#include "playground_state.h"

namespace ui {

struct UiContext;

// The terms a reader may meet; Term::Count ends the list (the table in glossary.cpp follows it).
enum class Term {
  Token,
  Query,
  Key,
  Value,
  Score,
  QDotK,
  Softmax,
  Weight,
  Layer,
  Head,
  Temperature,
  Contribution,
  Rollout,
  Loss,
  HiddenState,
  Dimensions,
  Mask,
  Context,
  LearningRate,
  Seed,
  Count
};

// The glossary's markers and popup, kept in the UiContext. What was drawn is reported to the page
// (layout().terms, layout().termPopup) so tests can tap a marker and read what the popup said.
struct GlossaryUi {
  struct Marker {
    std::vector<Term> terms;
    float x0, y0, x1, y1;  // device pixels
    int frame;  // ImGui's frame count when drawn: markers not drawn this frame are dropped
  };
  std::vector<Marker> markers;
  std::vector<Term> open;  // the terms of the open popup (empty: closed)
  float anchor_x0 = 0, anchor_y0 = 0, anchor_y1 = 0;  // the marker that opened it (device pixels)
  // The part of the canvas on the screen (device pixels from its top; the page reports it as the
  // reader scrolls): a phone's canvas runs past the bottom of the screen, and the popup must not.
  float visible_y0 = 0, visible_y1 = 1e9f;
  struct {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool shown = false;
    std::string text;  // every name and explanation it drew, one per line
  } popup;
};

// A stable name for tests and the JS API ("softmax", "hidden_state", ...).
const char* term_id(Term t);
// The term as the reader sees it named, e.g. "Từ hỏi (query)".
const char* term_name(Term t, attn::Lang lang);
// One or two sentences that say what it is, in plain words.
const char* term_text(Term t, attn::Lang lang);

// A small "?" marker at the cursor (on the same line as the item before it when `same_line`); a
// tap or click opens a popup explaining `terms` (three at most: a phone's screen holds that much),
// which a tap anywhere else closes.
void term_help(UiContext& ctx, std::initializer_list<Term> terms, bool same_line = true);
// A help paragraph (dimmed, wrapped) that starts with the marker of the terms it uses.
void help_with_terms(UiContext& ctx, const char* text, std::initializer_list<Term> terms);
// Draws the open glossary popup, once per frame, after the views (called by draw_playground).
void draw_glossary_popup(UiContext& ctx);

}  // namespace ui
