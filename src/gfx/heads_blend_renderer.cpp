// Heads blend: one quad, the fragment shader reads every head's weight for its cell and mixes.
#include "heads_blend_renderer.h"

#include <algorithm>

#include "active_theme.h"
#include "embedded_shaders.h"

namespace gfx {

bool HeadsBlendRenderer::init() {
  return build_quad_program(program_, error_, quad_, "heads_blend", shaders::heads_blend_frag,
                            {{&u_n_, "u_n"},
                             {&u_layer_, "u_layer"},
                             {&u_heads_, "u_heads"},
                             {&u_colours_, "u_colours"},
                             {&u_audible_, "u_audible"},
                             {&u_cell_px_, "u_cell_px"},
                             {&u_weights_, "u_weights"},
                             {&u_background_, "u_background"},
                             {&u_gap_, "u_gap"}});
}

void HeadsBlendRenderer::shutdown() {
  destroy_program(program_);
  delete_screen_quad(quad_);
}

void HeadsBlendRenderer::draw(const HeadsBlendDraw& d, GLuint atlas, int display_w, int display_h) const {
  if (!program_.ok() || d.n <= 0 || d.heads <= 0 || !atlas) return;
  begin_quad_draw(program_.id, quad_, {d.x0, d.y0, d.x1, d.y1}, d.clip, display_w, display_h);
  glUniform1i(u_n_, d.n);
  glUniform1i(u_layer_, d.layer);
  glUniform1i(u_heads_, std::min(d.heads, kMaxBlendHeads));
  glUniform3fv(u_colours_, kMaxBlendHeads, &d.colours[0][0]);
  glUniform1fv(u_audible_, kMaxBlendHeads, d.audible);
  float rgb[3];
  to_rgb01(active_theme().blend_base, rgb);
  glUniform3fv(u_background_, 1, rgb);
  to_rgb01(active_theme().gap, rgb);
  glUniform3fv(u_gap_, 1, rgb);
  glUniform2f(u_cell_px_, (d.x1 - d.x0) / d.n, (d.y1 - d.y0) / d.n);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, atlas);
  glUniform1i(u_weights_, 0);
  draw_opaque_quad();
}

}  // namespace gfx
