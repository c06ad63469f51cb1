// Draws attention links as instanced, anti-aliased lines: one instance per (head, query, key).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "gl.h"
#include "shader_program.h"

namespace gfx {

// One link as the GPU reads it (16 bytes). Rows are token indices; the layout turns them into
// positions, so scrolling or resizing never re-uploads the links.
struct LinkInstance {
  float query = 0, key = 0;
  float weight = 0;
  uint8_t rgba[4] = {255, 255, 255, 255};  // head colour; alpha < 255 fades the link
};

// Where to draw, in framebuffer pixels; zero-initialised fields mean "default".
struct LinksDraw {
  float left_x = 0, right_x = 0;  // x of the query ends and of the key ends
  float first_row_y = 0, row_step = 0;
  float min_width = 0, max_width = 0;  // line width at weight 0 and 1 (0 = 1 px and 6 px)
  float min_alpha = 0;  // opacity at weight 0 (0 = 0.12)
  float clip[4] = {0, 0, 0, 0};  // scissor rectangle x0, y0, x1, y1
  float background[3] = {0, 0, 0};  // what lies under the lines (the window background), RGB 0..1
};

class LinksRenderer {
 public:
  // Returns false (and sets error()) when the shader cannot be built.
  bool init();
  void shutdown();
  // Replaces the links when `key` differs from the last upload; the buffer is reused and only
  // grows. Returns true when it uploaded.
  bool upload(const std::vector<LinkInstance>& links, uint64_t key);
  // Draws the links into the clip rectangle, which must show nothing but `background` under them.
  // The lines are rasterised (one instanced draw call) over that background into a cached layer
  // only when the links, the layout or the canvas changed; every other frame blits the layer.
  // Thousands of long blended lines cost tens of milliseconds on a software GPU, while a frame in
  // which only a widget or the pointer moved should cost a copy.
  // Leaves program, VAO, blend, viewport and scissor changed (the caller resets render state
  // afterwards, as ImGui's ResetRenderState callback does).
  void draw(const LinksDraw& d, int display_w, int display_h);
  int count() const { return count_; }
  int uploads() const { return uploads_; }  // how many times links were sent to the GPU
  int rasterisations() const { return rasterisations_; }  // how many times the layer was redrawn
  // Off: the lines are rasterised again every frame, as when they change every frame (the
  // benchmark measures that case with it; the playground always keeps it on).
  void set_layer_cache(bool on) { layer_cache_ = on; }
  bool ok() const { return program_.ok(); }
  const std::string& error() const { return error_; }

 private:
  // What the cached layer shows; a frame whose LayerKey equals it only copies the layer.
  struct LayerKey {
    uint64_t links = ~0ull;
    float columns[2] = {0, 0}, rows[2] = {0, 0}, widths[2] = {0, 0}, min_alpha = 0, background[3] = {0, 0, 0};
    int rect[4] = {0, 0, 0, 0}, display[2] = {0, 0};
    bool operator==(const LayerKey& o) const;
  };
  void rasterise_lines(const LinksDraw& d, const LayerKey& k);

  ShaderProgram program_;
  GLuint vao_ = 0, buffer_ = 0;
  GLuint layer_tex_ = 0, layer_fbo_ = 0;
  int layer_w_ = 0, layer_h_ = 0;  // allocated size of the layer texture
  LayerKey layer_key_;
  bool layer_valid_ = false, layer_cache_ = true;
  int count_ = 0, uploads_ = 0, rasterisations_ = 0;
  std::size_t capacity_ = 0;  // instances the buffer holds
  uint64_t key_ = ~0ull;
  std::string error_;
  GLint u_display_ = -1, u_target_origin_ = -1, u_columns_ = -1, u_rows_ = -1, u_width_ = -1, u_min_alpha_ = -1;
};

}  // namespace gfx
