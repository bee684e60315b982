#include "ui/gui/app/gl_window.h"

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <cstdint>
#include <filesystem>

#include "ui/gui/model/screen_layout.h"

namespace rtclab::gui {

namespace {

constexpr const char* kFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

// Latin, Cyrillic (translated lessons) and the symbols the summaries use: arrows (→ ⇄),
// punctuation (— …), mathematical operators and geometric shapes.
const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF, 0x0100, 0x017F, 0x0400, 0x052F, 0x2000, 0x206F, 0x2190, 0x21FF,
    0x2200, 0x22FF, 0x2500, 0x25FF, 0x2DE0, 0x2DFF, 0xA640, 0xA69F, 0,
};

// GLFW's last complaint, reported through open()'s result.
std::string& last_glfw_error() {
    static std::string text;
    return text;
}
void glfw_error(int, const char* description) { last_glfw_error() = description != nullptr ? description : ""; }

}  // namespace

bool GlWindow::open(int width, int height, bool visible, std::string& error) {
    glfwSetErrorCallback(glfw_error);
    if (!glfwInit()) {
        error = "cannot initialise GLFW (" + last_glfw_error() + "; no X display? headless runs need xvfb-run)";
        return false;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
    window_ = glfwCreateWindow(width, height, "rtclab", nullptr, nullptr);
    if (window_ == nullptr) {
        error = "cannot create an OpenGL 3.3 core window (" + last_glfw_error() + ")";
        return false;
    }
    glfwMakeContextCurrent(window_);
    if (gladLoadGL(glfwGetProcAddress) == 0) {
        error = "cannot load OpenGL functions";
        return false;
    }
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // the layout is fixed; nothing to remember between runs
    io.LogFilename = nullptr;
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    imgui_ready_ = true;
    return true;
}

void GlWindow::set_fonts(float scale) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    const float px = Metrics(scale).font_px();
    if (std::filesystem::exists(kFontPath)) {
        ImFontConfig config;
        config.OversampleH = 1;  // crisp on projectors; fewer texels to upload
        config.PixelSnapH = true;  // every glyph on whole pixels: drawn 1:1 from the atlas
        io.Fonts->AddFontFromFileTTF(kFontPath, px, &config, kGlyphRanges);
    } else {
        ImFontConfig config;
        config.SizePixels = px;
        io.Fonts->AddFontDefault(&config);
    }
    io.Fonts->Build();
    if (imgui_ready_) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
        // Glyphs are rasterized at the size they are drawn and placed on whole pixels, so each
        // texel maps to one pixel: nearest sampling draws the same text as bilinear, and costs
        // a quarter of the texel fetches in Mesa's software rasterizer.
        GLint previous = 0;
        glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
        glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::intptr_t>(io.Fonts->TexID)));
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
    }
}

GlWindow::~GlWindow() {
    if (imgui_ready_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    if (window_ != nullptr) glfwDestroyWindow(window_);
    glfwTerminate();
}

}  // namespace rtclab::gui
