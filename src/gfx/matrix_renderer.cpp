// Matrix drawing: each matrix lives in its own R32F texture; the colour comes from a table texture.
#include "matrix_renderer.h"

#include "gpu_content.h"

#include "active_theme.h"
#include "embedded_shaders.h"

namespace gfx {

namespace {
GLuint make_table_texture(const uint8_t* rgba256) {
  const GLuint t = create_texture(GL_NEAREST);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 256, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba256);
  return t;
}
}  // namespace

bool MatrixRenderer::init(const uint8_t* diverging_rgba256, const uint8_t* weights_rgba256) {
  if (!build_quad_program(program_, error_, quad_, "matrix", shaders::matrix_frag,
                          {{&u_size_, "u_size"},
                           {&u_cell_px_, "u_cell_px"},
                           {&u_scale_, "u_scale"},
                           {&u_signed_, "u_signed"},
                           {&u_values_, "u_values"},
                           {&u_table_, "u_table"},
                           {&u_gap_, "u_gap"},
                           {&u_hatch_a_, "u_hatch_a"},
                           {&u_hatch_b_, "u_hatch_b"}}))
    return false;
  diverging_tex_ = make_table_texture(diverging_rgba256);
  weights_tex_ = make_table_texture(weights_rgba256);
  // R32F is not filterable in WebGL2 without an extension; cells are fetched exactly anyway.
  for (Slot& s : slots_) s.tex = create_texture(GL_NEAREST);
  glBindTexture(GL_TEXTURE_2D, 0);
  return true;
}

void MatrixRenderer::shutdown() {
  destroy_program(program_);
  for (Slot& s : slots_) {
    if (s.tex) glDeleteTextures(1, &s.tex);
    s = Slot{};
  }
  delete_gl_objects(glDeleteTextures, {&diverging_tex_, &weights_tex_});
  delete_screen_quad(quad_);
}

void MatrixRenderer::upload(int slot, const float* values, int rows, int cols, uint64_t revision) {
  if (!program_.ok() || slot < 0 || slot >= kSlots) return;
  Slot& s = slots_[slot];
  if (s.revision == revision && s.rows == rows && s.cols == cols) return;
  glBindTexture(GL_TEXTURE_2D, s.tex);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  if (rows > 0 && cols > 0) glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, cols, rows, 0, GL_RED, GL_FLOAT, values);
  glBindTexture(GL_TEXTURE_2D, 0);
  s.rows = rows;
  s.cols = cols;
  s.revision = revision;
  note_gpu_content_changed();
}

void MatrixRenderer::draw(const MatrixDraw& d, int display_w, int display_h) const {
  if (!program_.ok() || d.slot < 0 || d.slot >= kSlots) return;
  const Slot& s = slots_[d.slot];
  if (s.rows == 0 || s.cols == 0) return;
  begin_quad_draw(program_.id, quad_, {d.x0, d.y0, d.x1, d.y1}, d.clip, display_w, display_h);
  glUniform2f(u_size_, static_cast<float>(s.cols), static_cast<float>(s.rows));
  glUniform2f(u_cell_px_, (d.x1 - d.x0) / s.cols, (d.y1 - d.y0) / s.rows);
  glUniform1f(u_scale_, d.scale);
  glUniform1f(u_signed_, d.weights_map ? 0.0f : 1.0f);
  float rgb[3];
  to_rgb01(active_theme().gap, rgb);
  glUniform3fv(u_gap_, 1, rgb);
  to_rgb01(active_theme().hatch[0], rgb);
  glUniform3fv(u_hatch_a_, 1, rgb);
  to_rgb01(active_theme().hatch[1], rgb);
  glUniform3fv(u_hatch_b_, 1, rgb);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, s.tex);
  glUniform1i(u_values_, 0);
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, d.weights_map ? weights_tex_ : diverging_tex_);
  glUniform1i(u_table_, 1);
  draw_opaque_quad();
  glActiveTexture(GL_TEXTURE0);
}

}  // namespace gfx
