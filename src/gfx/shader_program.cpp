// Shader compile/link with the GLSL version and the driver's log in every error.
#include "shader_program.h"

#include <cstdio>
#include <vector>

namespace gfx {

namespace {
bool compile(GLenum type, const char* src, GLuint* out, std::string* log) {
  GLuint s = glCreateShader(type);
  glShaderSource(s, 1, &src, nullptr);
  glCompileShader(s);
  GLint ok = 0, len = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    glGetShaderiv(s, GL_INFO_LOG_LENGTH, &len);
    std::vector<char> buf(len > 1 ? len : 1);
    glGetShaderInfoLog(s, static_cast<GLsizei>(buf.size()), nullptr, buf.data());
    *log =
        std::string(type == GL_VERTEX_SHADER ? "vertex" : "fragment") + " shader (GLSL ES 3.00) failed: " + buf.data();
    glDeleteShader(s);
    return false;
  }
  *out = s;
  return true;
}
}  // namespace

ShaderProgram build_program(const char* name, const char* vertex_src, const char* fragment_src) {
  ShaderProgram p;
  GLuint vs = 0, fs = 0;
  std::string log;
  if (!compile(GL_VERTEX_SHADER, vertex_src, &vs, &log) || !compile(GL_FRAGMENT_SHADER, fragment_src, &fs, &log)) {
    if (vs) glDeleteShader(vs);
    p.error = std::string(name) + ": " + log;
    std::fprintf(stderr, "%s\n", p.error.c_str());
    return p;
  }
  GLuint prog = glCreateProgram();
  glAttachShader(prog, vs);
  glAttachShader(prog, fs);
  glLinkProgram(prog);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(prog, GL_LINK_STATUS, &ok);
  if (!ok) {
    GLint len = 0;
    glGetProgramiv(prog, GL_INFO_LOG_LENGTH, &len);
    std::vector<char> buf(len > 1 ? len : 1);
    glGetProgramInfoLog(prog, static_cast<GLsizei>(buf.size()), nullptr, buf.data());
    p.error = std::string(name) + ": link (GLSL ES 3.00) failed: " + buf.data();
    std::fprintf(stderr, "%s\n", p.error.c_str());
    glDeleteProgram(prog);
    return p;
  }
  p.id = prog;
  return p;
}

void destroy_program(ShaderProgram& p) {
  if (p.id) glDeleteProgram(p.id);
  p.id = 0;
}

}  // namespace gfx
