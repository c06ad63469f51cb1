// Draws an n x n weight matrix as one textured quad of colour-mapped cells (no per-cell geometry).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "gl.h"
#include "gl_setup.h"
#include "shader_program.h"

namespace gfx {

// Where and how to draw, all in framebuffer pixels; a zero-initialised field means "default".
struct HeatmapDraw {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // destination rectangle
  float origin_col = 0, origin_row = 0;  // first visible cell (pan)
  float span_cols = 0, span_rows = 0;  // visible cells (zoom); 0 = all n
  int focus_row = -1;
  float clip[4] = {0, 0, 0, 0};  // scissor rectangle x0, y0, x1, y1
  int tile_col = 0, tile_row = 0;  // which tile of an atlas (upload_tiles) to draw
  float dim = 0;  // 0..1: fade towards the background (a muted head)
};

class HeatmapRenderer {
 public:
  // Returns false (and sets error()) when the shader or textures cannot be created.
  bool init(const uint8_t* colormap_rgba256);
  void shutdown();
  // Uploads weights (row-major n x n floats) when `revision` differs from the last upload. They
  // are coloured here, through the same 256-entry table the shader used to read: a texture lookup
  // that depends on another costs a software GPU (SwiftShader) about twice a plain one per pixel,
  // while colouring n x n cells once per change is cheap.
  void upload(const float* weights, int n, uint64_t revision);
  // Uploads several n x n matrices as one atlas, `tiles_across` per row (the heads grid: one row
  // per layer), when `revision` differs from the last upload. A null tile stays empty. The atlas
  // keeps the raw weights too (texture()), for the renderer that blends heads.
  void upload_tiles(const float* const* tiles, int tile_count, int tiles_across, int n, uint64_t revision);
  // Draws with the current GL state otherwise untouched except program, textures, VAO, scissor.
  void draw(const HeatmapDraw& d, int display_w, int display_h) const;
  int n() const { return n_; }
  // True when the last upload was `revision` with n cells a side (the caller can skip preparing one).
  bool holds(uint64_t revision, int n) const { return revision == revision_ && n == n_; }
  GLuint texture() const { return weights_tex_; }  // raw weights of the atlas (R32F), for blending heads
  const std::string& error() const { return error_; }

 private:
  void upload_colours(const std::vector<const float*>& tiles, int tiles_across, int n, GLuint texture);

  ShaderProgram program_;
  ScreenQuad quad_;
  GLuint weights_tex_ = 0, colours_tex_ = 0;
  GLuint reduced_tex_ = 0;  // block maxima of a long matrix (attn::block_max), coloured; reduced_n_ a side
  int reduced_n_ = 0;
  uint8_t colormap_[256 * 4] = {};
  int n_ = 0;
  uint64_t revision_ = ~0ull;
  std::string error_;
  GLint u_origin_ = -1, u_span_ = -1, u_cell_px_ = -1, u_n_ = -1, u_focus_ = -1, u_colours_ = -1, u_tile_ = -1,
        u_dim_ = -1, u_reduced_ = -1, u_reduced_n_ = -1, u_background_ = -1, u_gap_ = -1, u_outline_ = -1;
  std::vector<float> atlas_;  // staging for upload_tiles' raw weights, kept to avoid reallocating
  std::vector<uint8_t> rgba_;  // staging for the coloured cells
};

}  // namespace gfx
