#version 300 es
// A rectangle of the framebuffer (pixels, origin top-left) covered by a previously drawn layer.
precision highp float;
uniform vec4 u_rect;     // x0, y0, x1, y1 in framebuffer pixels
uniform vec2 u_display;  // framebuffer size in pixels
void main() {
  int id = gl_VertexID;
  float right = (id == 1 || id == 2 || id == 4) ? 1.0 : 0.0;
  float low = (id == 2 || id == 4 || id == 5) ? 1.0 : 0.0;
  vec2 px = vec2(mix(u_rect.x, u_rect.z, right), mix(u_rect.y, u_rect.w, low));
  gl_Position = vec4(px.x / u_display.x * 2.0 - 1.0, 1.0 - px.y / u_display.y * 2.0, 0.0, 1.0);
}
