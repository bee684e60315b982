#include "ui/gui/app/offscreen.h"

#include <glad/gl.h>
#include <stb_image_write.h>

#include <algorithm>
#include <vector>

namespace rtclab::gui {

bool Offscreen::create(int width, int height, std::string& error) {
    width_ = width;
    height_ = height;
    glGenFramebuffers(1, &fbo_);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glGenRenderbuffers(1, &colour_);
    glBindRenderbuffer(GL_RENDERBUFFER, colour_);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colour_);
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
        error = "cannot create an offscreen framebuffer of " + std::to_string(width) + "x" + std::to_string(height);
        return false;
    }
    return true;
}

void Offscreen::bind() const {
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glViewport(0, 0, width_, height_);
}

bool Offscreen::write_png(const std::string& path, std::string& error) const {
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    const auto w = static_cast<std::size_t>(width_), h = static_cast<std::size_t>(height_);
    std::vector<unsigned char> pixels(w * h * 3), flipped(w * h * 3);
    glReadPixels(0, 0, width_, height_, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    // GL's first row is the bottom one.
    for (std::size_t y = 0; y < h; ++y) {
        std::copy_n(pixels.data() + (h - 1 - y) * w * 3, w * 3, flipped.data() + y * w * 3);
    }
    if (stbi_write_png(path.c_str(), width_, height_, 3, flipped.data(), width_ * 3) == 0) {
        error = "cannot write " + path;
        return false;
    }
    return true;
}

Offscreen::~Offscreen() {
    if (colour_ != 0) glDeleteRenderbuffers(1, &colour_);
    if (fbo_ != 0) glDeleteFramebuffers(1, &fbo_);
}

}  // namespace rtclab::gui
