// Links drawing: a per-instance buffer read through a VAO with divisor 1, quads from gl_VertexID.
#include "links_renderer.h"

#include <cstddef>

#include "embedded_shaders.h"

namespace gfx {

static_assert(sizeof(LinkInstance) == 16, "the vertex layout below assumes 16-byte instances");

bool LinksRenderer::init() {
  program_ = build_program("links", shaders::links_vert, shaders::links_frag);
  if (!program_.ok()) {
    error_ = program_.error;
    return false;
  }
  const GLuint p = program_.id;
  u_display_ = glGetUniformLocation(p, "u_display");
  u_columns_ = glGetUniformLocation(p, "u_columns");
  u_rows_ = glGetUniformLocation(p, "u_rows");
  u_width_ = glGetUniformLocation(p, "u_width");
  u_min_alpha_ = glGetUniformLocation(p, "u_min_alpha");

  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &buffer_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, buffer_);
  const GLsizei stride = sizeof(LinkInstance);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(LinkInstance, query)));
  glVertexAttribDivisor(0, 1);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(LinkInstance, weight)));
  glVertexAttribDivisor(1, 1);
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, reinterpret_cast<void*>(offsetof(LinkInstance, rgba)));
  glVertexAttribDivisor(2, 1);
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  return true;
}

void LinksRenderer::shutdown() {
  destroy_program(program_);
  if (buffer_) glDeleteBuffers(1, &buffer_);
  if (vao_) glDeleteVertexArrays(1, &vao_);
  buffer_ = vao_ = 0;
  count_ = 0;
  capacity_ = 0;
  key_ = ~0ull;
}

bool LinksRenderer::upload(const std::vector<LinkInstance>& links, uint64_t key) {
  if (!program_.ok() || key == key_) return false;
  glBindBuffer(GL_ARRAY_BUFFER, buffer_);
  const GLsizeiptr bytes = static_cast<GLsizeiptr>(links.size() * sizeof(LinkInstance));
  if (links.size() > capacity_) {
    // Grow with room to spare so a slider drag does not reallocate every frame.
    capacity_ = links.size() + links.size() / 2 + 64;
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(capacity_ * sizeof(LinkInstance)), nullptr, GL_DYNAMIC_DRAW);
  }
  if (bytes > 0) glBufferSubData(GL_ARRAY_BUFFER, 0, bytes, links.data());
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  count_ = static_cast<int>(links.size());
  key_ = key;
  ++uploads_;
  return true;
}

void LinksRenderer::draw(const LinksDraw& d, int display_w, int display_h) const {
  if (!program_.ok() || count_ == 0) return;
  glUseProgram(program_.id);
  glBindVertexArray(vao_);
  glEnable(GL_SCISSOR_TEST);
  glScissor(static_cast<GLint>(d.clip[0]), static_cast<GLint>(display_h - d.clip[3]),
            static_cast<GLsizei>(d.clip[2] - d.clip[0]), static_cast<GLsizei>(d.clip[3] - d.clip[1]));
  glUniform2f(u_display_, static_cast<float>(display_w), static_cast<float>(display_h));
  glUniform2f(u_columns_, d.left_x, d.right_x);
  glUniform2f(u_rows_, d.first_row_y, d.row_step);
  glUniform2f(u_width_, d.min_width > 0 ? d.min_width : 1.0f, d.max_width > 0 ? d.max_width : 6.0f);
  glUniform1f(u_min_alpha_, d.min_alpha > 0 ? d.min_alpha : 0.12f);
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDrawArraysInstanced(GL_TRIANGLES, 0, 6, count_);
}

}  // namespace gfx
