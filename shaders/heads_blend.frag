#version 300 es
// One layer's heads in one picture: each cell's hue is the heads' colours mixed by their weights,
// its strength is the strongest head's weight, so a cell one head owns shows that head's colour.
precision highp float;
precision highp sampler2D;
uniform sampler2D u_weights;   // R32F atlas: u_heads tiles of u_n x u_n per row, one row per layer
uniform int u_n;
uniform int u_layer;
uniform int u_heads;
uniform vec3 u_colours[16];
uniform float u_audible[16];   // 0 = muted
uniform vec2 u_cell_px;
uniform vec3 u_background;     // the theme's blend base (attn::Theme::blend_base): where no head looks
uniform vec3 u_gap;            // the theme's gap between cells
in vec2 v_uv;
out vec4 frag;
void main() {
  ivec2 c = ivec2(floor(v_uv * float(u_n)));
  c = clamp(c, ivec2(0), ivec2(u_n - 1));
  vec3 mixed = vec3(0.0);
  float total = 0.0, strongest = 0.0;
  for (int h = 0; h < 16; ++h) {
    if (h >= u_heads) break;
    float w = texelFetch(u_weights, ivec2(h * u_n + c.x, u_layer * u_n + c.y), 0).r * u_audible[h];
    mixed += w * u_colours[h];
    total += w;
    strongest = max(strongest, w);
  }
  vec3 hue = total > 0.0 ? mixed / total : u_background;
  // sqrt keeps the many small weights of a long text visible without hiding the strong ones.
  vec3 colour = mix(u_background, hue, sqrt(clamp(strongest, 0.0, 1.0)));
  vec2 within = fract(v_uv * float(u_n)) * u_cell_px;
  if (u_cell_px.x >= 6.0 && (within.x < 1.0 || within.y < 1.0)) colour = u_gap;
  frag = vec4(colour, 1.0);
}
