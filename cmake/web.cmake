# Web build (emcmake): Dear ImGui + the WebGL2 renderers + the UI + the app, to playground.{js,wasm,data}.
set(IMGUI_DIR ${CMAKE_SOURCE_DIR}/third_party/imgui)
if(NOT EXISTS ${IMGUI_DIR}/imgui.cpp)
  message(FATAL_ERROR "Dear ImGui sources missing in third_party/imgui: run scripts/setup.sh")
endif()
set(WEB_FLAGS -msimd128)
target_compile_options(attn_core PRIVATE ${WEB_FLAGS})

add_library(imgui STATIC ${IMGUI_DIR}/imgui.cpp ${IMGUI_DIR}/imgui_draw.cpp
            ${IMGUI_DIR}/imgui_tables.cpp ${IMGUI_DIR}/imgui_widgets.cpp)
# No ImGui backend: src/gfx/imgui_renderer draws ImGui with our own shaders (see its header for why).
target_include_directories(imgui SYSTEM PUBLIC ${IMGUI_DIR})
target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_DEMO_WINDOWS
                           IMGUI_DISABLE_DEBUG_TOOLS IMGUI_DISABLE_OBSOLETE_FUNCTIONS)
target_compile_options(imgui PRIVATE ${WEB_FLAGS})

# Shaders from shaders/ become string constants compiled into the binary.
set(EMBEDDED_SHADERS ${CMAKE_BINARY_DIR}/generated/embedded_shaders.h)
file(GLOB SHADER_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/shaders/*)
add_custom_command(OUTPUT ${EMBEDDED_SHADERS}
  COMMAND ${CMAKE_COMMAND} -DSHADER_DIR=${CMAKE_SOURCE_DIR}/shaders -DOUTPUT=${EMBEDDED_SHADERS}
          -P ${CMAKE_SOURCE_DIR}/cmake/embed_shaders.cmake
  DEPENDS ${SHADER_FILES} ${CMAKE_SOURCE_DIR}/cmake/embed_shaders.cmake)

file(GLOB GFX_SOURCES CONFIGURE_DEPENDS src/gfx/*.cpp)
add_library(attn_gfx STATIC ${GFX_SOURCES} ${EMBEDDED_SHADERS})
target_include_directories(attn_gfx PUBLIC src/gfx ${CMAKE_BINARY_DIR}/generated)
target_link_libraries(attn_gfx PUBLIC attn_core imgui)
target_compile_options(attn_gfx PRIVATE ${WARN} ${WEB_FLAGS})

file(GLOB UI_SOURCES CONFIGURE_DEPENDS src/ui/*.cpp)
add_library(attn_ui STATIC ${UI_SOURCES})
target_include_directories(attn_ui PUBLIC src/ui)
target_link_libraries(attn_ui PUBLIC attn_gfx imgui)
target_compile_options(attn_ui PRIVATE ${WARN} ${WEB_FLAGS})

# The app is compiled once (an object library) and linked twice: `playground`, the product the
# page ships, and `playground_hooks`, the same plus the bench and test entry points of
# src/app/hooks/ (scripts/build-web.sh puts it in a second folder for the browser tests and the
# bench; a reader never downloads them).
file(GLOB APP_SOURCES CONFIGURE_DEPENDS src/app/*.cpp)
add_library(attn_app OBJECT ${APP_SOURCES})
target_link_libraries(attn_app PUBLIC attn_ui)
target_include_directories(attn_app PUBLIC src/app)
target_compile_options(attn_app PRIVATE ${WARN} ${WEB_FLAGS})
file(GLOB HOOK_SOURCES CONFIGURE_DEPENDS src/app/hooks/*.cpp)
set(UI_FONT ${CMAKE_BINARY_DIR}/ui-font.ttf)
foreach(target playground playground_hooks)
  if(target STREQUAL "playground")
    add_executable(${target} $<TARGET_OBJECTS:attn_app>)
  else()
    add_executable(${target} $<TARGET_OBJECTS:attn_app> ${HOOK_SOURCES})
  endif()
  target_link_libraries(${target} PRIVATE attn_app attn_ui)
  target_compile_options(${target} PRIVATE ${WARN} ${WEB_FLAGS})
  target_link_options(${target} PRIVATE ${WEB_FLAGS}
    -sUSE_GLFW=3 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
    -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=33554432
    -sMODULARIZE=1 -sEXPORT_NAME=createPlaygroundModule -sENVIRONMENT=web
    -sDYNAMIC_EXECUTION=0 -sEXIT_RUNTIME=0
    "-sEXPORTED_FUNCTIONS=[_main,_malloc,_free]"
    "-sEXPORTED_RUNTIME_METHODS=[ccall,UTF8ToString,stringToUTF8,lengthBytesUTF8]"
    --preload-file ${UI_FONT}@/ui-font.ttf)
  set_target_properties(${target} PROPERTIES SUFFIX ".js")
endforeach()

# The article figures' packs are computed at build time by the page's own core compiled the same
# way (tools/figure_packs.cpp, run under node by scripts/build-web.sh): a pack holds the very bits
# the page's forward gives, not a native build's (whose rounding may differ in the last place).
add_executable(figure_packs ${CMAKE_SOURCE_DIR}/tools/figure_packs.cpp)
target_link_libraries(figure_packs PRIVATE attn_core)
target_compile_options(figure_packs PRIVATE ${WARN} ${WEB_FLAGS})
target_link_options(figure_packs PRIVATE ${WEB_FLAGS} -sNODERAWFS=1 -sENVIRONMENT=node
  -sALLOW_MEMORY_GROWTH=1 -sEXIT_RUNTIME=1)
set_target_properties(figure_packs PROPERTIES SUFFIX ".js")

# theme.css for the page, printed from the core's theme table (tools/theme_css.cpp), so the page
# and the canvas never keep two copies of a colour.
add_executable(theme_css ${CMAKE_SOURCE_DIR}/tools/theme_css.cpp)
target_link_libraries(theme_css PRIVATE attn_core)
target_compile_options(theme_css PRIVATE ${WARN})
target_link_options(theme_css PRIVATE -sENVIRONMENT=node -sALLOW_MEMORY_GROWTH=1 -sEXIT_RUNTIME=1)
set_target_properties(theme_css PROPERTIES SUFFIX ".js")
