// The renderers' shared set-up: programs with their uniforms, the screen quad, texture sampling.
#include "gl_setup.h"

#include "embedded_shaders.h"

namespace gfx {

namespace {
void look_up_uniforms(GLuint program, std::initializer_list<UniformSlot> uniforms) {
  for (const UniformSlot& u : uniforms) *u.location = glGetUniformLocation(program, u.name);
}
}  // namespace

bool build_program_with_uniforms(ShaderProgram& program, std::string& error, const char* name, const char* vertex_src,
                                 const char* fragment_src, std::initializer_list<UniformSlot> uniforms) {
  program = build_program(name, vertex_src, fragment_src);
  if (!program.ok()) {
    error = program.error;
    return false;
  }
  look_up_uniforms(program.id, uniforms);
  return true;
}

bool build_quad_program(ShaderProgram& program, std::string& error, ScreenQuad& quad, const char* name,
                        const char* fragment_src, std::initializer_list<UniformSlot> uniforms) {
  if (!build_program_with_uniforms(program, error, name, shaders::quad_vert, fragment_src,
                                   {{&quad.u_rect, "u_rect"}, {&quad.u_display, "u_display"}}))
    return false;
  look_up_uniforms(program.id, uniforms);
  glGenVertexArrays(1, &quad.vao);
  return true;
}

void delete_screen_quad(ScreenQuad& quad) { delete_gl_objects(glDeleteVertexArrays, {&quad.vao}); }

void begin_quad_draw(GLuint program, const ScreenQuad& quad, const float (&rect)[4], const float (&clip)[4],
                     int display_w, int display_h) {
  glUseProgram(program);
  glBindVertexArray(quad.vao);
  glEnable(GL_SCISSOR_TEST);
  glScissor(static_cast<GLint>(clip[0]), static_cast<GLint>(display_h - clip[3]),
            static_cast<GLsizei>(clip[2] - clip[0]), static_cast<GLsizei>(clip[3] - clip[1]));
  glUniform4f(quad.u_rect, rect[0], rect[1], rect[2], rect[3]);
  glUniform2f(quad.u_display, static_cast<float>(display_w), static_cast<float>(display_h));
}

void draw_opaque_quad() {
  glDisable(GL_BLEND);
  glDrawArrays(GL_TRIANGLES, 0, 6);
}

void delete_gl_objects(decltype(&glDeleteTextures) gl_delete, std::initializer_list<GLuint*> names) {
  for (GLuint* name : names) {
    if (*name) gl_delete(1, name);
    *name = 0;
  }
}

void set_sampling(GLenum filter) {
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, static_cast<GLint>(filter));
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, static_cast<GLint>(filter));
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

GLuint create_texture(GLenum filter) {
  GLuint t = 0;
  glGenTextures(1, &t);
  glBindTexture(GL_TEXTURE_2D, t);
  set_sampling(filter);
  return t;
}

}  // namespace gfx
