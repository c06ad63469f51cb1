// Pieces of the crowd view shared by its files: the people's colours and figures.
#pragma once
#include "crowd.h"
#include "imgui.h"

namespace ui {

ImU32 hat_colour(int hat);  // 1 red, 2 blue, 3 yellow (transparent for none)
ImU32 shirt_colour(int shirt);  // 1 green, 2 white, 3 black

// Draws person `index` standing at the bottom of [box0, box1]; returns a point inside the hat's
// crown (or the top of the head when there is no hat).
ImVec2 draw_person(ImDrawList* dl, const attn::CrowdPerson& p, int index, ImVec2 box0, ImVec2 box1);

}  // namespace ui
