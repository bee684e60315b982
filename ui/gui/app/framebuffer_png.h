// The PNG of what a framebuffer holds — the on-screen window's default framebuffer (0) after a
// frame is rendered — for the Files window's "Save screenshot…".
#pragma once

#include <string>

namespace rtclab::gui {

// Reads `width` x `height` pixels of `framebuffer` (0: the window's) and writes them, top row
// first, as an RGB PNG. False with `error` naming the path when it cannot be written.
bool write_framebuffer_png(unsigned framebuffer, int width, int height, const std::string& path,
                           std::string& error);

}  // namespace rtclab::gui
