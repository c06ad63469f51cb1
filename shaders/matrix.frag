#version 300 es
// A small matrix of the flow view (hidden state, Q, K, V, scores, weights...): one texel per value,
// coloured through a 256-entry table; masked entries (-inf) are hatched so "forbidden" reads at once.
precision highp float;
precision highp sampler2D;
uniform sampler2D u_values;   // R32F, cols x rows, row = token
uniform sampler2D u_table;    // RGBA8, 256 x 1: the signed diverging map or the 0..1 weights map
uniform vec2 u_size;          // columns, rows
uniform vec2 u_cell_px;       // one cell on screen, in pixels
uniform float u_scale;        // the |value| that gets the strongest colour
uniform float u_signed;       // 1: values in [-scale, scale] (diverging); 0: values in [0, scale]
uniform vec3 u_gap;           // the theme's (gfx::active_theme) cell gaps and hatching
uniform vec3 u_hatch_a;
uniform vec3 u_hatch_b;
in vec2 v_uv;
out vec4 frag;
void main() {
  vec2 cell = v_uv * u_size;
  ivec2 c = ivec2(min(floor(cell), u_size - 1.0));
  float v = texelFetch(u_values, c, 0).r;
  vec3 colour;
  if (v < -1e30) {
    // Diagonal stripes every 6 pixels (in screen space, so they line up across cells).
    float stripe = mod(gl_FragCoord.x + gl_FragCoord.y, 6.0);
    colour = stripe < 2.0 ? u_hatch_a : u_hatch_b;
  } else {
    float t = clamp(v / max(u_scale, 1e-20), -1.0, 1.0);
    float index = u_signed > 0.5 ? t * 0.5 + 0.5 : max(t, 0.0);
    colour = texture(u_table, vec2(index * (255.0 / 256.0) + 0.5 / 256.0, 0.5)).rgb;
  }
  // One-pixel gaps once cells are big enough keep equal neighbours readable as separate cells.
  vec2 within = fract(cell) * u_cell_px;
  if ((u_cell_px.x >= 6.0 && within.x < 1.0) || (u_cell_px.y >= 6.0 && within.y < 1.0))
    colour = u_gap;
  frag = vec4(colour, 1.0);
}
