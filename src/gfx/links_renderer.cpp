// Links drawing: a per-instance buffer read through a VAO with divisor 1, quads from gl_VertexID.
#include "links_renderer.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>

#include "embedded_shaders.h"
#include "gl_setup.h"
#include "gpu_content.h"

namespace gfx {

static_assert(sizeof(LinkInstance) == 16, "the vertex layout below assumes 16-byte instances");

bool LinksRenderer::init() {
  if (!build_program_with_uniforms(program_, error_, "links", shaders::links_vert, shaders::links_frag,
                                   {{&u_display_, "u_display"},
                                    {&u_target_origin_, "u_target_origin"},
                                    {&u_columns_, "u_columns"},
                                    {&u_rows_, "u_rows"},
                                    {&u_width_, "u_width"},
                                    {&u_min_alpha_, "u_min_alpha"}}))
    return false;

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
  delete_gl_objects(glDeleteBuffers, {&buffer_});
  delete_gl_objects(glDeleteVertexArrays, {&vao_});
  delete_gl_objects(glDeleteFramebuffers, {&layer_fbo_});
  delete_gl_objects(glDeleteTextures, {&layer_tex_});
  layer_w_ = layer_h_ = 0;
  layer_valid_ = false;
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
  note_gpu_content_changed();
  return true;
}

bool LinksRenderer::LayerKey::operator==(const LayerKey& o) const {
  return links == o.links && std::memcmp(columns, o.columns, sizeof columns) == 0 &&
         std::memcmp(rows, o.rows, sizeof rows) == 0 && std::memcmp(widths, o.widths, sizeof widths) == 0 &&
         min_alpha == o.min_alpha && std::memcmp(background, o.background, sizeof background) == 0 &&
         std::memcmp(rect, o.rect, sizeof rect) == 0 && std::memcmp(display, o.display, sizeof display) == 0;
}

// Draws every line over the background into the layer texture, sized to the clip rectangle, with
// the very blending the canvas would get, then binds the canvas's framebuffer again.
void LinksRenderer::rasterise_lines(const LinksDraw& d, const LayerKey& k) {
  const int w = k.rect[2] - k.rect[0], h = k.rect[3] - k.rect[1];
  if (!layer_tex_) glGenTextures(1, &layer_tex_);
  if (!layer_fbo_) glGenFramebuffers(1, &layer_fbo_);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, layer_tex_);
  if (w > layer_w_ || h > layer_h_) {  // grows only, so resizing the window does not thrash
    layer_w_ = std::max(w, layer_w_);
    layer_h_ = std::max(h, layer_h_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, layer_w_, layer_h_, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, layer_fbo_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, layer_tex_, 0);
  }
  glBindTexture(GL_TEXTURE_2D, 0);
  glBindFramebuffer(GL_FRAMEBUFFER, layer_fbo_);
  // The layer's bottom-left texel is the clip rectangle's bottom-left pixel.
  glViewport(0, 0, w, h);
  glDisable(GL_SCISSOR_TEST);
  glClearColor(k.background[0], k.background[1], k.background[2], 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  glUseProgram(program_.id);
  glBindVertexArray(vao_);
  glUniform2f(u_display_, static_cast<float>(w), static_cast<float>(h));
  glUniform2f(u_target_origin_, static_cast<float>(k.rect[0]), static_cast<float>(k.rect[1]));
  glUniform2f(u_columns_, d.left_x, d.right_x);
  glUniform2f(u_rows_, d.first_row_y, d.row_step);
  glUniform2f(u_width_, k.widths[0], k.widths[1]);
  glUniform1f(u_min_alpha_, k.min_alpha);
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDrawArraysInstanced(GL_TRIANGLES, 0, 6, count_);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, k.display[0], k.display[1]);
  ++rasterisations_;
}

void LinksRenderer::draw(const LinksDraw& d, int display_w, int display_h) {
  if (!program_.ok() || count_ == 0) return;
  LayerKey k;
  k.links = key_;
  k.columns[0] = d.left_x;
  k.columns[1] = d.right_x;
  k.rows[0] = d.first_row_y;
  k.rows[1] = d.row_step;
  k.widths[0] = d.min_width > 0 ? d.min_width : 1.0f;
  k.widths[1] = d.max_width > 0 ? d.max_width : 6.0f;
  k.min_alpha = d.min_alpha > 0 ? d.min_alpha : 0.12f;
  std::memcpy(k.background, d.background, sizeof k.background);
  // Whole pixels inside the canvas: the layer is copied texel for texel.
  k.rect[0] = std::max(0, static_cast<int>(std::floor(d.clip[0])));
  k.rect[1] = std::max(0, static_cast<int>(std::floor(d.clip[1])));
  k.rect[2] = std::min(display_w, static_cast<int>(std::ceil(d.clip[2])));
  k.rect[3] = std::min(display_h, static_cast<int>(std::ceil(d.clip[3])));
  k.display[0] = display_w;
  k.display[1] = display_h;
  if (k.rect[2] <= k.rect[0] || k.rect[3] <= k.rect[1]) return;
  if (!layer_cache_ || !layer_valid_ || !(k == layer_key_)) {
    rasterise_lines(d, k);
    layer_key_ = k;
    layer_valid_ = true;
  }
  // A blit, not a textured quad: no shading and no blending, the layer is opaque.
  glBindFramebuffer(GL_READ_FRAMEBUFFER, layer_fbo_);
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
  glDisable(GL_SCISSOR_TEST);  // the blit would be clipped by it
  const int w = k.rect[2] - k.rect[0], h = k.rect[3] - k.rect[1];
  glBlitFramebuffer(0, 0, w, h, k.rect[0], display_h - k.rect[3], k.rect[2], display_h - k.rect[1], GL_COLOR_BUFFER_BIT,
                    GL_NEAREST);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
}

}  // namespace gfx
