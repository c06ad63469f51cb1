#version 300 es
// The font atlas holds coverage only (one byte a texel); shapes sample its opaque white texel.
precision mediump float;
uniform sampler2D u_atlas;
in vec2 v_uv;
in vec4 v_colour;
out vec4 frag;
void main() {
  frag = vec4(v_colour.rgb, v_colour.a * texture(u_atlas, v_uv).r);
}
