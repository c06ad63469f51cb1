// Draws Dear ImGui's draw lists with WebGL2 and our own shaders, without reading GL state back.
#pragma once
#include <cstdint>
#include <string>

#include "gl.h"
#include "shader_program.h"

struct ImDrawData;

namespace gfx {

// Why not imgui_impl_opengl3: it saves and restores ~25 pieces of GL state with glGet*/glIsEnabled
// every frame. In a browser each of those can be a synchronous round trip to the GPU process that
// waits for all queued drawing; profiled here, they were half of every frame's CPU time. The
// playground owns the whole context, so nothing needs restoring: this renderer sets what it uses.
class ImGuiRenderer {
 public:
  // Builds the program and buffers (the font atlas follows with upload_font_atlas() or the first
  // render()) and tells ImGui what this renderer supports. Returns false (and sets error()) when the shader cannot be built.
  bool init();
  void shutdown();
  // Call after the fonts were rebuilt (a new devicePixelRatio): uploads the atlas (again).
  void upload_font_atlas();
  // Draws one frame's lists into the bound framebuffer of fb_w x fb_h pixels. User callbacks are
  // called in order; afterwards this renderer's state is set again (other renderers change it).
  void render(ImDrawData* data, int fb_w, int fb_h);
  // What a frame would show: its draw lists, the canvas size and every GPU upload so far
  // (gpu_content.h). Two frames with equal digests draw the same picture.
  static uint64_t digest(const ImDrawData* data, int fb_w, int fb_h);
  bool ok() const { return program_.ok(); }
  const std::string& error() const { return error_; }

 private:
  void setup_state(const ImDrawData* data, int fb_w, int fb_h) const;
  void point_attributes_at(std::size_t first_vertex) const;

  ShaderProgram program_;
  GLuint vao_ = 0, vertices_ = 0, indices_ = 0, atlas_ = 0;
  std::size_t vertex_capacity_ = 0, index_capacity_ = 0;  // in bytes; the buffers only grow
  GLint u_display_ = -1, u_origin_ = -1, u_atlas_ = -1;
  std::string error_;
};

}  // namespace gfx
