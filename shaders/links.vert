#version 300 es
// One instance per (head, query, key) link: a quad around the segment from the query's row in the
// left column to the key's row in the right column, widened by the weight plus an anti-aliasing rim.
precision highp float;
layout(location = 0) in vec2 a_pair;     // (query index, key index)
layout(location = 1) in float a_weight;  // attention weight in [0, 1]
layout(location = 2) in vec4 a_colour;   // head colour; alpha < 1 fades the link (not isolated)
uniform vec2 u_display;     // target size in pixels (the cached layer's, see links_renderer.h)
uniform vec2 u_target_origin;  // framebuffer pixel at the target's top-left corner
uniform vec2 u_columns;     // x of the left (query) and right (key) line ends, pixels
uniform vec2 u_rows;        // y of row 0's centre and the spacing between rows, pixels
uniform vec2 u_width;       // line width at weight 0 and at weight 1, pixels
uniform float u_min_alpha;  // opacity of a weight-0 link (the weight raises it to 1)
out float v_across;         // signed distance from the line's centre, pixels
flat out float v_half_width;  // per line: not interpolated
flat out vec4 v_colour;
void main() {
  vec2 p0 = vec2(u_columns.x, u_rows.x + a_pair.x * u_rows.y);
  vec2 p1 = vec2(u_columns.y, u_rows.x + a_pair.y * u_rows.y);
  float w = clamp(a_weight, 0.0, 1.0);
  float width = mix(u_width.x, u_width.y, w);
  // Lines thinner than a pixel are drawn one pixel wide and fainter instead (no shimmering).
  float thin = min(width, 1.0);
  width = max(width, 1.0);
  vec2 dir = p1 - p0;
  float len = length(dir);
  dir = len > 0.0 ? dir / len : vec2(1.0, 0.0);
  vec2 normal = vec2(-dir.y, dir.x);
  // Corners from gl_VertexID: two triangles, t along the segment, s across it.
  int id = gl_VertexID;
  float t = (id == 1 || id == 2 || id == 4) ? 1.0 : 0.0;
  float s = (id == 2 || id == 4 || id == 5) ? 1.0 : -1.0;
  // Half a pixel beyond the width holds the anti-aliased edge (coverage reaches 0 there): every
  // fragment of the quad is visible, none is shaded for nothing.
  float half_extent = width * 0.5 + 0.5;
  vec2 px = mix(p0, p1, t) + normal * s * half_extent - u_target_origin;
  v_across = s * half_extent;
  v_half_width = width * 0.5;
  float alpha = mix(u_min_alpha, 1.0, sqrt(w)) * thin;
  v_colour = vec4(a_colour.rgb, a_colour.a * alpha);
  gl_Position = vec4(px.x / u_display.x * 2.0 - 1.0, 1.0 - px.y / u_display.y * 2.0, 0.0, 1.0);
}
