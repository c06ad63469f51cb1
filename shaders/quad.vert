#version 300 es
// A screen-space rectangle from gl_VertexID alone (no vertex buffer): two triangles covering u_rect.
precision highp float;
uniform vec4 u_rect;      // x0, y0, x1, y1 in framebuffer pixels, y down
uniform vec2 u_display;   // framebuffer size in pixels
out vec2 v_uv;            // 0..1 across the rectangle, y down
void main() {
  vec2 corner = vec2(float((gl_VertexID == 1) || (gl_VertexID == 2) || (gl_VertexID == 4)),
                     float((gl_VertexID == 2) || (gl_VertexID == 4) || (gl_VertexID == 5)));
  vec2 px = mix(u_rect.xy, u_rect.zw, corner);
  v_uv = corner;
  gl_Position = vec4(px.x / u_display.x * 2.0 - 1.0, 1.0 - px.y / u_display.y * 2.0, 0.0, 1.0);
}
