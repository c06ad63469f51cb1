#version 300 es
// Copies the cached layer texel for texel (premultiplied alpha; blended with ONE, 1 - alpha).
precision mediump float;
uniform sampler2D u_layer;
uniform ivec2 u_texel_origin;  // window pixel (bottom-left origin) of the layer's texel (0, 0)
out vec4 frag;
void main() {
  frag = texelFetch(u_layer, ivec2(gl_FragCoord.xy) - u_texel_origin, 0);
}
