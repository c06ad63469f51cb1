#version 300 es
// Anti-aliased line body: full coverage inside the width, a one-pixel ramp at the edge.
precision highp float;
in float v_across;
flat in float v_half_width;
flat in vec4 v_colour;
out vec4 frag;
void main() {
  float coverage = clamp(v_half_width + 0.5 - abs(v_across), 0.0, 1.0);
  frag = vec4(v_colour.rgb, v_colour.a * coverage);
}
