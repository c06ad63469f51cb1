// ImGui renderer: all of a frame's vertices and indices in two reused buffers, one draw per command.
#include "imgui_renderer.h"

#include <cstddef>
#include <cstdint>

#include "digest.h"
#include "embedded_shaders.h"
#include "gl_setup.h"
#include "gpu_content.h"
#include "imgui.h"

namespace gfx {

bool ImGuiRenderer::init() {
  if (!build_program_with_uniforms(program_, error_, "imgui", shaders::imgui_vert, shaders::imgui_frag,
                                   {{&u_display_, "u_display"}, {&u_origin_, "u_origin"}, {&u_atlas_, "u_atlas"}}))
    return false;
  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &vertices_);
  glGenBuffers(1, &indices_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vertices_);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, indices_);  // recorded in the VAO
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glEnableVertexAttribArray(2);
  point_attributes_at(0);
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  vertex_capacity_ = index_capacity_ = 0;

  ImGuiIO& io = ImGui::GetIO();
  io.BackendRendererName = "attention-playground-webgl2";
  // Commands may start anywhere in the vertex buffer: the attribute pointers move instead of
  // needing 32-bit indices or glDrawElementsBaseVertex (which WebGL2 lacks).
  io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
  return true;  // the atlas is uploaded by upload_font_atlas() or, failing that, the first render()
}

void ImGuiRenderer::shutdown() {
  destroy_program(program_);
  delete_gl_objects(glDeleteTextures, {&atlas_});
  delete_gl_objects(glDeleteBuffers, {&vertices_, &indices_});
  delete_gl_objects(glDeleteVertexArrays, {&vao_});
  vertex_capacity_ = index_capacity_ = 0;
}

void ImGuiRenderer::upload_font_atlas() {
  ImGuiIO& io = ImGui::GetIO();
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  // One byte a texel: a quarter of the RGBA atlas, which matters at devicePixelRatio 3.
  io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
  if (!atlas_) glGenTextures(1, &atlas_);
  glBindTexture(GL_TEXTURE_2D, atlas_);
  set_sampling(GL_LINEAR);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);  // rows of odd widths
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, w, h, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glBindTexture(GL_TEXTURE_2D, 0);
  io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(atlas_)));
  // The GPU has its copy: the CPU one (megabytes at devicePixelRatio 3) is rebuilt only if the
  // context is lost and the atlas must be uploaded again.
  io.Fonts->ClearTexData();
  note_gpu_content_changed();
}

uint64_t ImGuiRenderer::digest(const ImDrawData* data, int fb_w, int fb_h) {
  attn::Digest d;
  d.add_value(fb_w);
  d.add_value(fb_h);
  d.add_value(gpu_content_generation());
  if (!data) return d.value();
  d.add_value(data->DisplayPos);
  d.add_value(data->FramebufferScale);
  for (int n = 0; n < data->CmdListsCount; ++n) {
    const ImDrawList* list = data->CmdLists[n];
    d.add(list->VtxBuffer.Data, static_cast<std::size_t>(list->VtxBuffer.Size) * sizeof(ImDrawVert));
    d.add(list->IdxBuffer.Data, static_cast<std::size_t>(list->IdxBuffer.Size) * sizeof(ImDrawIdx));
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      d.add_value(cmd.ClipRect);
      d.add_value(cmd.TextureId);
      d.add_value(cmd.VtxOffset);
      d.add_value(cmd.IdxOffset);
      d.add_value(cmd.ElemCount);
      d.add_value(cmd.UserCallback);
      d.add_value(cmd.UserCallbackData);
    }
  }
  return d.value();
}

void ImGuiRenderer::point_attributes_at(std::size_t first_vertex) const {
  const GLsizei stride = sizeof(ImDrawVert);
  const std::size_t base = first_vertex * sizeof(ImDrawVert);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(base + offsetof(ImDrawVert, pos)));
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(base + offsetof(ImDrawVert, uv)));
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride,
                        reinterpret_cast<void*>(base + offsetof(ImDrawVert, col)));
}

void ImGuiRenderer::setup_state(const ImDrawData* data, int fb_w, int fb_h) const {
  glViewport(0, 0, fb_w, fb_h);
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_CULL_FACE);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glEnable(GL_SCISSOR_TEST);
  glUseProgram(program_.id);
  glUniform2f(u_display_, static_cast<float>(fb_w) / data->FramebufferScale.x,
              static_cast<float>(fb_h) / data->FramebufferScale.y);
  glUniform2f(u_origin_, data->DisplayPos.x, data->DisplayPos.y);
  glUniform1i(u_atlas_, 0);
  glActiveTexture(GL_TEXTURE0);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vertices_);
}

void ImGuiRenderer::render(ImDrawData* data, int fb_w, int fb_h) {
  if (!data || fb_w <= 0 || fb_h <= 0 || !program_.ok()) return;
  if (!atlas_) upload_font_atlas();
  // Every list goes into the two buffers at once (grown by doubling, never shrunk), so a frame
  // costs two uploads per list and no allocation once the UI has reached its usual size.
  const std::size_t vbytes = static_cast<std::size_t>(data->TotalVtxCount) * sizeof(ImDrawVert);
  const std::size_t ibytes = static_cast<std::size_t>(data->TotalIdxCount) * sizeof(ImDrawIdx);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vertices_);
  if (vbytes > vertex_capacity_) {
    while (vertex_capacity_ < vbytes) vertex_capacity_ = vertex_capacity_ ? vertex_capacity_ * 2 : 1u << 16;
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertex_capacity_), nullptr, GL_STREAM_DRAW);
  }
  if (ibytes > index_capacity_) {
    while (index_capacity_ < ibytes) index_capacity_ = index_capacity_ ? index_capacity_ * 2 : 1u << 15;
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(index_capacity_), nullptr, GL_STREAM_DRAW);
  }
  std::size_t vtx_at = 0, idx_at = 0;
  for (int n = 0; n < data->CmdListsCount; ++n) {
    const ImDrawList* list = data->CmdLists[n];
    glBufferSubData(GL_ARRAY_BUFFER, static_cast<GLintptr>(vtx_at * sizeof(ImDrawVert)),
                    static_cast<GLsizeiptr>(list->VtxBuffer.Size * sizeof(ImDrawVert)), list->VtxBuffer.Data);
    glBufferSubData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLintptr>(idx_at * sizeof(ImDrawIdx)),
                    static_cast<GLsizeiptr>(list->IdxBuffer.Size * sizeof(ImDrawIdx)), list->IdxBuffer.Data);
    vtx_at += static_cast<std::size_t>(list->VtxBuffer.Size);
    idx_at += static_cast<std::size_t>(list->IdxBuffer.Size);
  }

  setup_state(data, fb_w, fb_h);
  const ImVec2 origin = data->DisplayPos, scale = data->FramebufferScale;
  const GLenum index_type = sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT;
  std::size_t list_vtx = 0, list_idx = 0;
  std::size_t bound_vertex = SIZE_MAX;  // first vertex the attribute pointers point at
  ImTextureID bound_texture = nullptr;
  for (int n = 0; n < data->CmdListsCount; ++n) {
    const ImDrawList* list = data->CmdLists[n];
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback) {
        if (cmd.UserCallback != ImDrawCallback_ResetRenderState) cmd.UserCallback(list, &cmd);
        // The callback drew with its own program, VAO and blending: take ours back.
        setup_state(data, fb_w, fb_h);
        bound_vertex = SIZE_MAX;
        bound_texture = nullptr;
        continue;
      }
      const float x0 = (cmd.ClipRect.x - origin.x) * scale.x, y0 = (cmd.ClipRect.y - origin.y) * scale.y;
      const float x1 = (cmd.ClipRect.z - origin.x) * scale.x, y1 = (cmd.ClipRect.w - origin.y) * scale.y;
      if (x1 <= x0 || y1 <= y0 || cmd.ElemCount == 0) continue;
      glScissor(static_cast<GLint>(x0), static_cast<GLint>(fb_h - y1), static_cast<GLsizei>(x1 - x0),
                static_cast<GLsizei>(y1 - y0));
      const std::size_t first_vertex = list_vtx + cmd.VtxOffset;
      if (first_vertex != bound_vertex) {
        point_attributes_at(first_vertex);
        bound_vertex = first_vertex;
      }
      if (cmd.GetTexID() != bound_texture) {
        bound_texture = cmd.GetTexID();
        glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::intptr_t>(bound_texture)));
      }
      glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount), index_type,
                     reinterpret_cast<void*>((list_idx + cmd.IdxOffset) * sizeof(ImDrawIdx)));
    }
    list_vtx += static_cast<std::size_t>(list->VtxBuffer.Size);
    list_idx += static_cast<std::size_t>(list->IdxBuffer.Size);
  }
  glDisable(GL_SCISSOR_TEST);
  glBindVertexArray(0);
}

}  // namespace gfx
