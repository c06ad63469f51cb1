// Pieces of the flow view shared by its two files: the numbers/detail area and the score breakdown.
#pragma once
#include <string>

#include "flow_steps.h"
#include "i18n.h"
#include "ui_context.h"

namespace ui {

// A token shortened to max_bytes on a UTF-8 boundary, with an ellipsis.
std::string short_token(const std::string& s, std::size_t max_bytes);

// The on-screen name of a trace matrix ("q" -> "Q", "scores" -> "scores q·k" / "điểm q·k", ...).
Str flow_matrix_title(const std::string& trace_key);

// True for the n x n matrices whose columns are keys (scores, scaled, masked, weights).
bool is_pair_name(const std::string& trace_key);
inline bool is_pair_matrix(const attn::FlowMatrix& m) { return is_pair_name(m.name); }

// The dot product behind score (row, key), term by term, then how softmax turned it into a weight.
// At most max_terms terms are listed; the rest are summed on one line. Plain ImGui text lines.
void draw_score_detail(UiContext& ctx, const attn::FlowStep& f, int row, int key, int max_terms);

// The same as a tooltip under the pointer (not on touch screens, where a tap locks the details).
void score_tooltip(UiContext& ctx, const attn::FlowStep& f, int row, int key);
bool pointer_is_touch();

// The lower area: the chosen row's numbers (paged when they don't fit), or the locked score's details.
void draw_flow_numbers(UiContext& ctx, const attn::FlowStep& f, ImVec2 size);

}  // namespace ui
