// Draws one layer's heads blended into one picture, each head in its own colour, from the atlas
// the heads grid already uploaded (no second copy of the weights).
#pragma once
#include <string>

#include "gl.h"
#include "gl_setup.h"
#include "shader_program.h"

namespace gfx {

constexpr int kMaxBlendHeads = 16;

struct HeadsBlendDraw {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // destination rectangle, framebuffer pixels
  int n = 0;  // tokens (tile size in the atlas)
  int layer = 0;  // the atlas row of tiles to blend
  int heads = 0;  // tiles in that row
  float colours[kMaxBlendHeads][3] = {};  // each head's colour, 0..1
  float audible[kMaxBlendHeads] = {};  // 1 = drawn, 0 = muted
  float clip[4] = {0, 0, 0, 0};  // scissor rectangle x0, y0, x1, y1
};

class HeadsBlendRenderer {
 public:
  bool init();
  void shutdown();
  // `atlas` is an R32F texture with `heads` n x n tiles per row, one row per layer.
  void draw(const HeadsBlendDraw& d, GLuint atlas, int display_w, int display_h) const;
  const std::string& error() const { return error_; }

 private:
  ShaderProgram program_;
  ScreenQuad quad_;
  std::string error_;
  GLint u_n_ = -1, u_layer_ = -1, u_heads_ = -1, u_colours_ = -1, u_audible_ = -1, u_cell_px_ = -1, u_weights_ = -1,
        u_background_ = -1, u_gap_ = -1;
};

}  // namespace gfx
