// Offscreen: a framebuffer object of a fixed size to render into without a visible window, and
// the PNG of what it holds (screenshots for slides and tests).
#pragma once

#include <string>

namespace rtclab::gui {

class Offscreen {
public:
    Offscreen() = default;
    ~Offscreen();
    Offscreen(const Offscreen&) = delete;
    Offscreen& operator=(const Offscreen&) = delete;

    bool create(int width, int height, std::string& error);
    void bind() const;
    // Writes the framebuffer's pixels, top row first, as an RGB PNG.
    bool write_png(const std::string& path, std::string& error) const;

private:
    unsigned fbo_ = 0, colour_ = 0;
    int width_ = 0, height_ = 0;
};

}  // namespace rtclab::gui
