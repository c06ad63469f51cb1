// Draws small row-major float matrices (the flow view's Q, K, V, scores...) as textures through a
// signed diverging colour map or the weights colour map; no per-cell geometry.
#pragma once
#include <cstdint>
#include <string>

#include "gl.h"
#include "gl_setup.h"
#include "shader_program.h"

namespace gfx {

// Where and how to draw one matrix, in framebuffer pixels.
struct MatrixDraw {
  int slot = 0;  // which uploaded matrix
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // destination rectangle
  float scale = 1;  // |value| drawn with the strongest colour
  bool weights_map = false;  // true: 0..scale through the weights colour map
  float clip[4] = {0, 0, 0, 0};  // scissor rectangle x0, y0, x1, y1
};

class MatrixRenderer {
 public:
  static constexpr int kSlots = 8;  // matrices on screen at once
  // Both tables are 256 x RGBA8: the signed (diverging) map and the weights map.
  bool init(const uint8_t* diverging_rgba256, const uint8_t* weights_rgba256);
  void shutdown();
  // Uploads rows x cols floats (row-major; -inf allowed) into `slot` when `revision` changed.
  void upload(int slot, const float* values, int rows, int cols, uint64_t revision);
  void draw(const MatrixDraw& d, int display_w, int display_h) const;
  const std::string& error() const { return error_; }

 private:
  struct Slot {
    GLuint tex = 0;
    int rows = 0, cols = 0;
    uint64_t revision = ~0ull;
  };
  ShaderProgram program_;
  Slot slots_[kSlots];
  ScreenQuad quad_;
  GLuint diverging_tex_ = 0, weights_tex_ = 0;
  std::string error_;
  GLint u_size_ = -1, u_cell_px_ = -1, u_scale_ = -1, u_signed_ = -1, u_values_ = -1, u_table_ = -1, u_gap_ = -1,
        u_hatch_a_ = -1, u_hatch_b_ = -1;
};

}  // namespace gfx
