// Prints the page's theme.css (CSS custom properties of both themes) from the core's theme table.
// scripts/build-web.sh runs it, so the page and the canvas share one definition (src/core/theme.cpp).
#include <cstdio>

#include "theme.h"

int main() {
  std::fputs(attn::theme_css().c_str(), stdout);
  return 0;
}
