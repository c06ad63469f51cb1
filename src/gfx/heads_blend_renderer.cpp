// Heads blend: one quad, the fragment shader reads every head's weight for its cell and mixes.
#include "heads_blend_renderer.h"

#include <algorithm>

#include "embedded_shaders.h"

namespace gfx {

bool HeadsBlendRenderer::init() {
  program_ = build_program("heads_blend", shaders::quad_vert, shaders::heads_blend_frag);
  if (!program_.ok()) {
    error_ = program_.error;
    return false;
  }
  const GLuint p = program_.id;
  u_rect_ = glGetUniformLocation(p, "u_rect");
  u_display_ = glGetUniformLocation(p, "u_display");
  u_n_ = glGetUniformLocation(p, "u_n");
  u_layer_ = glGetUniformLocation(p, "u_layer");
  u_heads_ = glGetUniformLocation(p, "u_heads");
  u_colours_ = glGetUniformLocation(p, "u_colours");
  u_audible_ = glGetUniformLocation(p, "u_audible");
  u_cell_px_ = glGetUniformLocation(p, "u_cell_px");
  u_weights_ = glGetUniformLocation(p, "u_weights");
  glGenVertexArrays(1, &vao_);
  return true;
}

void HeadsBlendRenderer::shutdown() {
  destroy_program(program_);
  if (vao_) glDeleteVertexArrays(1, &vao_);
  vao_ = 0;
}

void HeadsBlendRenderer::draw(const HeadsBlendDraw& d, GLuint atlas, int display_w, int display_h) const {
  if (!program_.ok() || d.n <= 0 || d.heads <= 0 || !atlas) return;
  glUseProgram(program_.id);
  glBindVertexArray(vao_);
  glEnable(GL_SCISSOR_TEST);
  glScissor(static_cast<GLint>(d.clip[0]), static_cast<GLint>(display_h - d.clip[3]),
            static_cast<GLsizei>(d.clip[2] - d.clip[0]), static_cast<GLsizei>(d.clip[3] - d.clip[1]));
  glUniform4f(u_rect_, d.x0, d.y0, d.x1, d.y1);
  glUniform2f(u_display_, static_cast<float>(display_w), static_cast<float>(display_h));
  glUniform1i(u_n_, d.n);
  glUniform1i(u_layer_, d.layer);
  glUniform1i(u_heads_, std::min(d.heads, kMaxBlendHeads));
  glUniform3fv(u_colours_, kMaxBlendHeads, &d.colours[0][0]);
  glUniform1fv(u_audible_, kMaxBlendHeads, d.audible);
  glUniform2f(u_cell_px_, (d.x1 - d.x0) / d.n, (d.y1 - d.y0) / d.n);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, atlas);
  glUniform1i(u_weights_, 0);
  glDisable(GL_BLEND);
  glDrawArrays(GL_TRIANGLES, 0, 6);
}

}  // namespace gfx
