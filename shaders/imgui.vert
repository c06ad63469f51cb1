#version 300 es
// Dear ImGui's triangles (text, widgets, panels) in framebuffer pixels; colours come per vertex.
precision highp float;
layout(location = 0) in vec2 a_position;  // pixels, origin top-left
layout(location = 1) in vec2 a_uv;        // into the font atlas
layout(location = 2) in vec4 a_colour;    // 8-bit RGBA, normalised
uniform vec2 u_display;                   // framebuffer size in pixels
uniform vec2 u_origin;                    // ImDrawData::DisplayPos (0, 0 for the playground)
out vec2 v_uv;
out vec4 v_colour;
void main() {
  vec2 p = a_position - u_origin;
  v_uv = a_uv;
  v_colour = a_colour;
  gl_Position = vec4(p.x / u_display.x * 2.0 - 1.0, 1.0 - p.y / u_display.y * 2.0, 0.0, 1.0);
}
