// What the links, heads and heads-in-colours views keep between frames: muted/soloed heads, the
// links filter and lock, their GPU renderers, and where they drew their parts (for tests).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "head_behaviour.h"
#include "heads_blend_renderer.h"
#include "heatmap_renderer.h"
#include "link_choice.h"
#include "links_renderer.h"
#include "playground_state.h"

namespace attn {
class Session;
}

namespace ui {

struct UiContext;

// Which heads are heard, as on a mixing desk: a muted head is left out of the links, the blended
// picture and the heads-in-colours focus view; a soloed head silences the rest of its layer.
struct HeadMix {
  std::vector<std::vector<bool>> muted;  // [layer][head]
  std::vector<int> solo;  // [layer]: the soloed head, or -1
  uint32_t version = 0;  // bumped on every change (renderers re-upload)

  void fit(int layers, int heads);  // keeps what fits, adds unmuted heads
  bool audible(int layer, int head) const;
  bool is_muted(int layer, int head) const;
  void set_muted(int layer, int head, bool muted);
  void set_solo(int layer, int head);  // -1: no solo in this layer
};

// Keeps long text readable: per query and head, only the strongest links above a floor.
struct LinksFilter {
  int top_k = 3;  // 0 = every key (within the budget below)
  float min_weight = 0.02f;
};

// A link that was drawn, for the API (tests read exactly what the GPU got); chosen by the core
// (link_choice.h: top-k per query within kLinkBudget lines).
using DrawnLink = attn::LinkChoice;

struct LinksView {
  LinksFilter filter;
  int locked_side = -1, locked_index = -1;  // side 0 = query column, 1 = key column (rows: words or pieces)
  bool locked_by_word = false;  // the unit the lock's index counts in
  int paired_focus = -1, paired_link = -1;  // the state's word pair the lock was last set for
  // What the lines show (set while drawing): the method, and whether rows are words.
  attn::AttnMethod method = attn::AttnMethod::Raw;
  bool by_word = false;
  std::vector<std::string> labels;  // one per row, as drawn
  float zoom = 1.0f;  // 1 = every row fits; more spreads rows apart (long text)
  float scroll = 0.0f;  // first visible row when zoomed, in rows
  int zoomed_for_rows = -1;  // the row count the start zoom was chosen for (a new length chooses again)
  int isolated_side = -1, isolated_index = -1;  // the lock, or the token under the mouse
  std::vector<DrawnLink> drawn;
  int top_k_used = 0;  // the top-k actually applied (the filter's, capped by the budget)
  std::vector<gfx::LinkInstance> instances;
  uint64_t built_key = ~0ull;
  // Where the columns were drawn (device pixels): row r's centre is first_row_y + r * row_step.
  struct {
    float left_x = 0, right_x = 0, first_row_y = 0, row_step = 0, label_w = 0, rows_y0 = 0, rows_y1 = 0;
    int n = 0, layer = 0, head = 0;
    bool shown = false;
  } layout;
};

struct HeadsView {
  struct Tile {
    int layer = 0, head = -1;
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  };  // head -1: blend
  std::vector<Tile> tiles;  // drawn last frame, device pixels
  int n = 0;  // rows (and columns) of every tile: words or pieces
  bool by_word = false;
  int expanded_head = -1;  // on a phone: the head whose numbers stay open after a tap
  bool shown = false;
};

// Where the focus view drew heads in colours: per token, its chip and the slots under it (one
// per drawn head, in `heads` order; a bar is centred in its slot, as thick as weight x slot).
struct FocusHeadsLayout {
  struct Token {
    float x0 = 0, x1 = 0, bars_y0 = 0;
  };
  std::vector<Token> tokens;
  std::vector<int> heads;
  float slot = 0;
  bool shown = false;
};

struct LinksHeadsUi {
  HeadMix mix;
  LinksView links;
  HeadsView heads;
  FocusHeadsLayout focus_heads;
  // GPU parts, created on first use (the GL context exists by then).
  gfx::LinksRenderer links_gpu;
  gfx::HeatmapRenderer heads_atlas;  // every layer x head as tiles of one texture
  gfx::HeadsBlendRenderer heads_blend;
  bool gpu_tried = false;
  std::string gpu_error;  // shown in the view when a shader could not be built
};

// Head colours as ImGui colours (the core's colour-blind-safe palette); `alpha` 0..255.
unsigned int head_colour_u32(int head, int alpha = 255);
// The chips of a layer's heads in their colours ("■ Head 1"); a tap mutes/unmutes a head when
// `tap_mutes`. Wraps on narrow screens. Returns the number of audible heads.
int draw_head_chips(UiContext& ctx, int layer, bool tap_mutes);
// The reader-facing words for a habit: the sentence (naming the token for OneWord), or the
// short tile caption.
std::string describe_habit(const attn::HeadBehaviour& b, const std::vector<attn::Token>& tokens, attn::Lang lang);
const char* habit_caption(attn::HeadHabit h, attn::Lang lang);
// A share as "42%", or "—" when the relation is not in this text (NaN).
std::string share_text(float share);

// Builds the renderers once; false (with gpu_error set) when the GPU parts are unusable.
bool ensure_links_heads_gpu(LinksHeadsUi& lh);
// Measures every head of the current trace (cached by revision); sizes the head mix.
void fit_head_mix(LinksHeadsUi& lh, const attn::Session& s);
// The head mix fitted to the model and the GPU parts made; false (with the reason shown in the
// view and its status line) when WebGL could not make them.
bool links_heads_ready(UiContext& ctx);

}  // namespace ui
