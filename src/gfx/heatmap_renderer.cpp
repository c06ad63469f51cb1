// Heatmap drawing: cells coloured through the 256-entry table at upload, drawn as one texture.
#include "heatmap_renderer.h"

#include <cstring>

#include "active_theme.h"
#include "embedded_shaders.h"
#include "thumbnail.h"
#include "gpu_content.h"

namespace gfx {

bool HeatmapRenderer::init(const uint8_t* colormap_rgba256) {
  if (!build_quad_program(program_, error_, quad_, "heatmap", shaders::heatmap_frag,
                          {{&u_origin_, "u_origin"},
                           {&u_span_, "u_span"},
                           {&u_cell_px_, "u_cell_px"},
                           {&u_n_, "u_n"},
                           {&u_focus_, "u_focus_row"},
                           {&u_colours_, "u_colours"},
                           {&u_tile_, "u_tile"},
                           {&u_dim_, "u_dim"},
                           {&u_reduced_, "u_reduced"},
                           {&u_reduced_n_, "u_reduced_n"},
                           {&u_background_, "u_background"},
                           {&u_gap_, "u_gap"},
                           {&u_outline_, "u_outline"}}))
    return false;

  std::memcpy(colormap_, colormap_rgba256, sizeof colormap_);
  // Cells are read texel for texel (R32F is not even filterable in WebGL2): NEAREST throughout.
  weights_tex_ = create_texture(GL_NEAREST);
  colours_tex_ = create_texture(GL_NEAREST);
  reduced_tex_ = create_texture(GL_NEAREST);
  glBindTexture(GL_TEXTURE_2D, 0);
  return true;
}

void HeatmapRenderer::shutdown() {
  destroy_program(program_);
  delete_gl_objects(glDeleteTextures, {&weights_tex_, &colours_tex_, &reduced_tex_});
  delete_screen_quad(quad_);
  revision_ = ~0ull;
}

// Colours every cell of the tiles into one RGBA8 texture laid out like the atlas. The table index
// is round(clamp(w, 0, 1) * 255), exactly what the shader computed when it looked colours up.
void HeatmapRenderer::upload_colours(const std::vector<const float*>& tiles, int tiles_across, int n, GLuint texture) {
  const int tiles_down = (static_cast<int>(tiles.size()) + tiles_across - 1) / tiles_across;
  const int w = tiles_across * n, h = tiles_down * n;
  rgba_.assign(static_cast<std::size_t>(w) * h * 4, 0);
  for (std::size_t t = 0; t < tiles.size(); ++t) {
    if (!tiles[t]) continue;
    const int x0 = static_cast<int>(t % tiles_across) * n, y0 = static_cast<int>(t / tiles_across) * n;
    for (int r = 0; r < n; ++r) {
      uint8_t* out = &rgba_[(static_cast<std::size_t>(y0 + r) * w + x0) * 4];
      for (int c = 0; c < n; ++c, out += 4) {
        const float v = tiles[t][r * n + c];
        const int index = v > 0.0f ? (v < 1.0f ? static_cast<int>(v * 255.0f + 0.5f) : 255) : 0;  // NaN -> 0
        std::memcpy(out, &colormap_[index * 4], 4);
      }
    }
  }
  glBindTexture(GL_TEXTURE_2D, texture);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  if (w > 0 && h > 0) glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba_.data());
  glBindTexture(GL_TEXTURE_2D, 0);
  note_gpu_content_changed();
}

void HeatmapRenderer::upload(const float* weights, int n, uint64_t revision) {
  if (!program_.ok() || (revision == revision_ && n == n_)) return;
  if (n > 0) upload_colours({weights}, 1, n, colours_tex_);
  // Long text: the block maxima too, drawn while a cell is smaller than a pixel.
  reduced_n_ = 0;
  if (n > attn::kThumbnailSide) {
    const attn::Mat reduced = attn::block_max(Eigen::Map<const attn::Mat>(weights, n, n));
    reduced_n_ = static_cast<int>(reduced.rows());
    upload_colours({reduced.data()}, 1, reduced_n_, reduced_tex_);
  }
  n_ = n;
  revision_ = revision;
}

void HeatmapRenderer::upload_tiles(const float* const* tiles, int tile_count, int tiles_across, int n,
                                   uint64_t revision) {
  if (!program_.ok() || (revision == revision_ && n == n_) || tiles_across <= 0) return;
  const int tiles_down = (tile_count + tiles_across - 1) / tiles_across;
  const int w = tiles_across * n, h = tiles_down * n;
  // One staging copy, then one texture upload: fewer GL calls than a sub-image per tile.
  atlas_.assign(static_cast<std::size_t>(w) * h, 0.0f);
  for (int t = 0; t < tile_count; ++t) {
    if (!tiles[t]) continue;
    const int x0 = (t % tiles_across) * n, y0 = (t / tiles_across) * n;
    for (int r = 0; r < n; ++r)
      for (int c = 0; c < n; ++c) atlas_[static_cast<std::size_t>(y0 + r) * w + x0 + c] = tiles[t][r * n + c];
  }
  glBindTexture(GL_TEXTURE_2D, weights_tex_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  if (n > 0 && w > 0 && h > 0) glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, w, h, 0, GL_RED, GL_FLOAT, atlas_.data());
  glBindTexture(GL_TEXTURE_2D, 0);
  if (n > 0) upload_colours(std::vector<const float*>(tiles, tiles + tile_count), tiles_across, n, colours_tex_);
  reduced_n_ = 0;  // an atlas's tiles come reduced already (the heads view's thumbnails)
  n_ = n;
  revision_ = revision;
}

void HeatmapRenderer::draw(const HeatmapDraw& d, int display_w, int display_h) const {
  if (!program_.ok() || n_ == 0) return;
  const float span_c = d.span_cols > 0 ? d.span_cols : static_cast<float>(n_);
  const float span_r = d.span_rows > 0 ? d.span_rows : static_cast<float>(n_);
  begin_quad_draw(program_.id, quad_, {d.x0, d.y0, d.x1, d.y1}, d.clip, display_w, display_h);
  glUniform2f(u_origin_, d.origin_col, d.origin_row);
  glUniform2f(u_span_, span_c, span_r);
  glUniform2f(u_cell_px_, (d.x1 - d.x0) / span_c, (d.y1 - d.y0) / span_r);
  glUniform1f(u_n_, static_cast<float>(n_));
  glUniform1f(u_focus_, static_cast<float>(d.focus_row));
  glUniform2f(u_tile_, static_cast<float>(d.tile_col * n_), static_cast<float>(d.tile_row * n_));
  glUniform1f(u_dim_, d.dim);
  const attn::Theme& theme = active_theme();
  float rgb[3];
  to_rgb01(theme.background, rgb);
  glUniform3fv(u_background_, 1, rgb);
  to_rgb01(theme.gap, rgb);
  glUniform3fv(u_gap_, 1, rgb);
  to_rgb01(theme.marker, rgb);
  glUniform3fv(u_outline_, 1, rgb);
  glUniform1i(u_reduced_n_, reduced_n_);
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, reduced_tex_);
  glUniform1i(u_reduced_, 1);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, colours_tex_);
  glUniform1i(u_colours_, 0);
  draw_opaque_quad();
  glActiveTexture(GL_TEXTURE1);  // leave unit 1 empty, as the other renderers expect
  glBindTexture(GL_TEXTURE_2D, 0);
  glActiveTexture(GL_TEXTURE0);
}

}  // namespace gfx
