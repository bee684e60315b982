#include "ui/gui/views/views.h"

namespace rtclab::gui {

bool begin_fixed_window(const char* name, const Rect& r, float padding) {
    ImGui::SetNextWindowPos(ImVec2(r.x, r.y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(r.w, r.h), ImGuiCond_Always);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(padding, padding));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollbar |
                                   ImGuiWindowFlags_NoScrollWithMouse |
                                   // The views tile the screen and the frame is cleared with the
                                   // window colour: no background layer for the rasterizer to blend.
                                   ImGuiWindowFlags_NoBackground;
    const bool open = ImGui::Begin(name, nullptr, flags);
    ImGui::PopStyleVar();
    return open;
}

}  // namespace rtclab::gui
