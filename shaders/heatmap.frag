#version 300 es
// The n x n attention heatmap: one texel per cell, already coloured through the colour-map table
// (HeatmapRenderer::upload), with thin gaps between cells once cells are big enough to tell apart.
precision highp float;
precision highp sampler2D;
uniform sampler2D u_colours;   // RGBA8, n x n (or an atlas of tiles), row = query, column = key
uniform vec2 u_origin;         // first visible cell (column, row), may be fractional when panned
uniform vec2 u_span;           // visible cells (columns, rows)
uniform vec2 u_cell_px;        // size of one cell on screen in pixels
uniform float u_n;             // tokens
uniform float u_focus_row;     // highlighted query row, -1 for none
uniform vec2 u_tile;           // texel offset of the matrix inside an atlas (0, 0 for one matrix)
uniform float u_dim;           // 0..1: fade towards the background (a muted head in the grid)
uniform sampler2D u_reduced;   // RGBA8, the block maxima of a long matrix (attn::block_max)
uniform int u_reduced_n;       // its side, or 0 when the matrix is small enough to draw cell by cell
uniform vec3 u_background;     // the theme's (gfx::active_theme): window, cell gaps, focus outline
uniform vec3 u_gap;
uniform vec3 u_outline;
in vec2 v_uv;
out vec4 frag;
void main() {
  vec2 cell = u_origin + v_uv * u_span;           // (column, row) in cell units
  if (cell.x < 0.0 || cell.y < 0.0 || cell.x >= u_n || cell.y >= u_n) { discard; }
  ivec2 c = ivec2(floor(cell));
  // Cells smaller than a pixel: one cell per pixel would drop most of them (a diagonal breaks into
  // dots), so the pixel shows the strongest weight of its block, found as block_max finds it. One
  // fetch either way (the choice is the same for every pixel of the draw).
  vec3 colour = u_reduced_n > 0 && min(u_cell_px.x, u_cell_px.y) < 1.0
                    ? texelFetch(u_reduced, c * u_reduced_n / int(u_n), 0).rgb
                    : texelFetch(u_colours, c + ivec2(u_tile), 0).rgb;
  // Gaps of one pixel between cells keep neighbouring equal values readable as separate cells.
  vec2 within = fract(cell) * u_cell_px;
  float gap = (u_cell_px.x >= 6.0 && (within.x < 1.0 || within.y < 1.0)) ? 1.0 : 0.0;
  colour = mix(colour, u_gap, gap);
  // The chosen query row gets an outline (white on dark, ink on light) so the reader finds it again.
  if (float(c.y) == u_focus_row && u_cell_px.y >= 4.0) {
    float edge = min(within.y, u_cell_px.y - within.y);
    if (edge < 1.5) colour = u_outline;
  }
  frag = vec4(mix(colour, u_background, u_dim), 1.0);
}
