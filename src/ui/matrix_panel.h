// Drawing one trace matrix on the canvas through the GPU matrix renderer, and its colour legend.
#pragma once
#include <cstdint>

#include "tensor.h"
#include "ui_context.h"

namespace ui {

// The largest |finite| value of m (masked -inf entries ignored); 1 when there is none.
float matrix_scale(const attn::Mat& m);

// Queues m for the GPU into [p0, p1] (device pixels) in renderer slot `slot`; re-uploads only when
// `revision` changes. Returns false (drawing nothing) when the renderer is missing.
bool queue_matrix(UiContext& ctx, int slot, const attn::Mat& m, uint64_t revision, ImVec2 p0, ImVec2 p1, float scale,
                  bool weights_map);

// Colour of a signed value as the matrix shader draws it (value / scale through the diverging table).
ImU32 diverging_u32(float value, float scale);

// Legends drawn at p, at most max_w wide; each returns the width it used. The signed one (blue
// negative, orange positive, optional "masked" stripes) notes that every matrix has its own scale.
float draw_signed_legend(ImDrawList* dl, ImVec2 p, float max_w, float h, bool with_masked, attn::Lang lang);
float draw_weights_legend(ImDrawList* dl, ImVec2 p, float max_w, float h, attn::Lang lang);

}  // namespace ui
