// Set-up the renderers share: program and uniform look-ups, texture sampling, drawing quad.vert's rectangle.
#pragma once
#include <initializer_list>
#include <string>

#include "gl.h"
#include "shader_program.h"

namespace gfx {

// A uniform a renderer sets when it draws: where it keeps the location, and the name in the shader.
struct UniformSlot {
  GLint* location;
  const char* name;
};

// Builds the program and looks its uniforms up once, so that no draw looks a name up. On failure
// the message goes to `error` too (what the renderer's error() shows) and nothing is looked up.
bool build_program_with_uniforms(ShaderProgram& program, std::string& error, const char* name, const char* vertex_src,
                                 const char* fragment_src, std::initializer_list<UniformSlot> uniforms);

// What a renderer of quad.vert's rectangle keeps beside its program: an empty VAO (quad.vert makes
// the corners from gl_VertexID, but a draw needs a VAO bound) and quad.vert's two uniforms.
struct ScreenQuad {
  GLuint vao = 0;
  GLint u_rect = -1, u_display = -1;
};

// build_program_with_uniforms with quad.vert as the vertex shader, its two uniforms first, then
// the fragment shader's; creates the quad's VAO when the program linked.
bool build_quad_program(ShaderProgram& program, std::string& error, ScreenQuad& quad, const char* name,
                        const char* fragment_src, std::initializer_list<UniformSlot> uniforms);
void delete_screen_quad(ScreenQuad& quad);

// Binds the program and the quad's VAO, scissors to `clip` and sets quad.vert's uniforms, leaving
// the fragment shader's to the renderer. Both rectangles are x0, y0, x1, y1 in framebuffer
// pixels, y down (GL's scissor counts from the bottom, hence display_h).
void begin_quad_draw(GLuint program, const ScreenQuad& quad, const float (&rect)[4], const float (&clip)[4],
                     int display_w, int display_h);
// The quad's two triangles, without blending: its cells are opaque and replace what lies under them.
void draw_opaque_quad();

// Deletes each of the objects that exists with `gl_delete` (glDeleteTextures, glDeleteBuffers,
// glDeleteVertexArrays, glDeleteFramebuffers) and zeroes its name, so that shutdown() may run
// before init() or twice.
void delete_gl_objects(decltype(&glDeleteTextures) gl_delete, std::initializer_list<GLuint*> names);

// Sampling of the texture bound to GL_TEXTURE_2D: `filter` both ways, edges clamped (no texture
// here repeats, so a lookup at one edge must never pick up texels from the opposite one).
void set_sampling(GLenum filter);
// A new texture, left bound to GL_TEXTURE_2D, with set_sampling(filter).
GLuint create_texture(GLenum filter);

}  // namespace gfx
