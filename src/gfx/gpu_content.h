// Counts uploads of new content (textures, instance buffers) that frames draw from the GPU.
#pragma once
#include <cstdint>

namespace gfx {

// A frame draws the same picture as the last one when its ImGui draw data and this count are
// both unchanged (the playground then skips drawing it); renderers call note_gpu_content_changed()
// whenever they upload something new.
inline uint64_t& gpu_content_generation_counter() {
  static uint64_t generation = 0;
  return generation;
}
inline uint64_t gpu_content_generation() { return gpu_content_generation_counter(); }
inline void note_gpu_content_changed() { ++gpu_content_generation_counter(); }

}  // namespace gfx
