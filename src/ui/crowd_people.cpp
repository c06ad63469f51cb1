// The crowd's people drawn with a few ImDrawList shapes: shirt, head, hair or hat, eyes, glasses.
#include <cmath>

#include "crowd_parts.h"

namespace ui {

namespace {
const ImU32 kSkin[] = {IM_COL32(241, 194, 150, 255), IM_COL32(214, 160, 110, 255), IM_COL32(176, 120, 80, 255),
                       IM_COL32(230, 180, 130, 255), IM_COL32(150, 100, 65, 255),  IM_COL32(245, 205, 165, 255)};
const ImU32 kHair = IM_COL32(35, 28, 25, 255);
const ImU32 kInk = IM_COL32(25, 25, 30, 255);
}  // namespace

// Okabe-Ito colours where the scene needs hues, so the three hats stay apart for colour-blind readers
// (the buttons also name every colour).
ImU32 hat_colour(int hat) {
  switch (hat) {
    case 1: return IM_COL32(213, 94, 0, 255);  // red (vermillion)
    case 2: return IM_COL32(0, 114, 178, 255);  // blue
    case 3: return IM_COL32(240, 228, 66, 255);  // yellow
    default: return IM_COL32(0, 0, 0, 0);
  }
}

ImU32 shirt_colour(int shirt) {
  switch (shirt) {
    case 1: return IM_COL32(0, 158, 115, 255);  // green (bluish green)
    case 2: return IM_COL32(235, 235, 235, 255);  // white
    case 3: return IM_COL32(20, 20, 22, 255);  // black
    default: return IM_COL32(120, 120, 120, 255);
  }
}

ImVec2 draw_person(ImDrawList* dl, const attn::CrowdPerson& p, int index, ImVec2 box0, ImVec2 box1) {
  const float w = box1.x - box0.x, h = box1.y - box0.y;
  const float u = std::min(w / 4.0f, h / 5.2f);  // one "unit" of the figure
  const float cx = (box0.x + box1.x) * 0.5f;
  const float top = box1.y - 5.2f * u;  // figures stand on the bottom of the box
  // Shirt: shoulders as a rounded block, outlined so a black shirt still shows on the dark page.
  const ImVec2 b0(cx - 1.55f * u, top + 3.05f * u), b1(cx + 1.55f * u, top + 5.2f * u);
  dl->AddRectFilled(b0, b1, shirt_colour(p.shirt), 0.8f * u, ImDrawFlags_RoundCornersTop);
  dl->AddRect(b0, b1, IM_COL32(150, 150, 160, 255), 0.8f * u, ImDrawFlags_RoundCornersTop, std::max(1.0f, 0.06f * u));
  // Head.
  const ImVec2 head(cx, top + 2.15f * u);
  const float r = 0.85f * u;
  dl->AddCircleFilled(head, r, kSkin[index % 6], 32);
  ImVec2 hat_point(cx, head.y - r);
  if (p.hat > 0) {
    // Crown and brim.
    const ImU32 c = hat_colour(p.hat);
    dl->AddRectFilled(ImVec2(cx - 0.8f * u, top + 0.35f * u), ImVec2(cx + 0.8f * u, top + 1.5f * u), c, 0.35f * u,
                      ImDrawFlags_RoundCornersTop);
    dl->AddRectFilled(ImVec2(cx - 1.3f * u, top + 1.35f * u), ImVec2(cx + 1.3f * u, top + 1.62f * u), c, 0.12f * u);
    hat_point = ImVec2(cx, top + 0.9f * u);
  } else {
    // Hair: the top half of the head, slightly larger.
    dl->PathArcTo(head, r * 1.04f, 3.14159265f, 2 * 3.14159265f, 24);
    dl->PathFillConvex(kHair);
  }
  const float eye_y = head.y + 0.1f * u, eye_dx = 0.33f * u;
  dl->AddCircleFilled(ImVec2(cx - eye_dx, eye_y), 0.09f * u, kInk);
  dl->AddCircleFilled(ImVec2(cx + eye_dx, eye_y), 0.09f * u, kInk);
  if (p.glasses) {
    const float lens = 0.26f * u, t = std::max(1.0f, 0.08f * u);
    // Light lenses under a dark frame: the glasses show on every skin tone.
    dl->AddCircleFilled(ImVec2(cx - eye_dx, eye_y), lens, IM_COL32(215, 235, 255, 150), 20);
    dl->AddCircleFilled(ImVec2(cx + eye_dx, eye_y), lens, IM_COL32(215, 235, 255, 150), 20);
    dl->AddCircleFilled(ImVec2(cx - eye_dx, eye_y), 0.09f * u, kInk);
    dl->AddCircleFilled(ImVec2(cx + eye_dx, eye_y), 0.09f * u, kInk);
    dl->AddCircle(ImVec2(cx - eye_dx, eye_y), lens, kInk, 20, t);
    dl->AddCircle(ImVec2(cx + eye_dx, eye_y), lens, kInk, 20, t);
    dl->AddLine(ImVec2(cx - eye_dx + lens, eye_y), ImVec2(cx + eye_dx - lens, eye_y), kInk, t);
  }
  // A small smile.
  dl->PathArcTo(ImVec2(cx, head.y + 0.3f * u), 0.3f * u, 0.3f, 3.14159265f - 0.3f, 10);
  dl->PathStroke(kInk, 0, std::max(1.0f, 0.06f * u));
  return hat_point;
}

}  // namespace ui
