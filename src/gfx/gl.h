// The one place that includes the OpenGL ES 3.0 (WebGL2) headers.
#pragma once
#include <GLES3/gl3.h>
