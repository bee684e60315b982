#include "ui/gui/app/framebuffer_png.h"

#include <glad/gl.h>
#include <stb_image_write.h>

#include <algorithm>
#include <vector>

namespace rtclab::gui {

bool write_framebuffer_png(unsigned framebuffer, int width, int height, const std::string& path,
                           std::string& error) {
    if (width <= 0 || height <= 0) {
        error = "cannot write " + path + ": the window has no pixels";
        return false;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
    // The default framebuffer is double-buffered: the frame just rendered is in the back buffer.
    if (framebuffer == 0) glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    const auto w = static_cast<std::size_t>(width), h = static_cast<std::size_t>(height);
    std::vector<unsigned char> pixels(w * h * 3), flipped(w * h * 3);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    // GL's first row is the bottom one.
    for (std::size_t y = 0; y < h; ++y) {
        std::copy_n(pixels.data() + (h - 1 - y) * w * 3, w * 3, flipped.data() + y * w * 3);
    }
    if (stbi_write_png(path.c_str(), width, height, 3, flipped.data(), width * 3) == 0) {
        error = "cannot write the screenshot " + path;
        return false;
    }
    return true;
}

}  // namespace rtclab::gui
