#include "ui/gui/app/offscreen.h"

#include <glad/gl.h>

#include "ui/gui/app/framebuffer_png.h"

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
    return write_framebuffer_png(fbo_, width_, height_, path, error);
}

Offscreen::~Offscreen() {
    if (colour_ != 0) glDeleteRenderbuffers(1, &colour_);
    if (fbo_ != 0) glDeleteFramebuffers(1, &fbo_);
}

}  // namespace rtclab::gui
