// GlWindow: the GLFW window with its OpenGL 3.3 core context (glad) and Dear ImGui set up on it
// — fonts (DejaVu Sans with Cyrillic), theme and scale. Hidden for headless runs.
#pragma once

#include <string>

struct GLFWwindow;

namespace rtclab::gui {

class GlWindow {
public:
    GlWindow() = default;
    ~GlWindow();
    GlWindow(const GlWindow&) = delete;
    GlWindow& operator=(const GlWindow&) = delete;

    // False (with `error`) when there is no display or no GL 3.3.
    bool open(int width, int height, bool visible, std::string& error);
    GLFWwindow* handle() const { return window_; }

    // Loads the UI font at 16 px x scale and re-uploads the font texture.
    void set_fonts(float scale);

private:
    GLFWwindow* window_ = nullptr;
    bool imgui_ready_ = false;
};

}  // namespace rtclab::gui
