// Compiles and links a GLSL ES 3.00 program; failures become readable messages, never silence.
#pragma once
#include <string>

#include "gl.h"

namespace gfx {

struct ShaderProgram {
  GLuint id = 0;
  std::string error;  // empty when the program linked
  bool ok() const { return id != 0; }
};

// `name` appears in the error so a broken shader is easy to find.
ShaderProgram build_program(const char* name, const char* vertex_src, const char* fragment_src);
void destroy_program(ShaderProgram& p);

}  // namespace gfx
