// The window that says a file did not open: which file, the loader's message (FILE:LINE:
// /json/pointer: message), what to give instead, and a way on — "Open another file…" brings up
// the Files window. Two uses: the file named on the command line (nothing else is on screen,
// so the window stays until another file opens) and a file opened from the Files window (the
// session on screen stays; the window closes).
#include "ui/gui/views/views.h"

namespace rtclab::gui {

ErrorWindowActions draw_error_window(const ErrorWindowText& text, const Rect& r, bool closable) {
    ErrorWindowActions actions;
    // The same light window in both themes: dark text on the pink background, a title bar and
    // buttons light enough for that text.
    constexpr int kColours = 7;
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(kErrorBackground));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.1f, 0.1f, 0.1f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_TitleBg, ImVec4(0.94f, 0.78f, 0.76f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_TitleBgActive, ImVec4(0.94f, 0.78f, 0.76f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.80f, 0.84f, 0.95f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.68f, 0.75f, 0.95f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.55f, 0.65f, 0.92f, 1.0f));
    // The start-up window holds its place (it is the whole screen's content); the other one
    // can be moved off the session it covers.
    const ImGuiCond cond = closable ? ImGuiCond_Appearing : ImGuiCond_Always;
    ImGui::SetNextWindowPos(ImVec2(r.x, r.y), cond);
    ImGui::SetNextWindowSize(ImVec2(r.w, r.h), cond);
    bool open = true;
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;
    if (!closable) flags |= ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove;
    ImGui::Begin(text.title, closable ? &open : nullptr, flags);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text("rtclab-gui could not open %s", text.file.c_str());
    ImGui::Separator();
    ImGui::TextColored(ImVec4(0.85f, 0.1f, 0.1f, 1.0f), "%s", text.message.c_str());
    ImGui::Separator();
    ImGui::TextUnformatted(text.advice);
    ImGui::PopTextWrapPos();
    actions.open_files = ImGui::Button("Open another file\u2026");
    if (closable) {
        ImGui::SameLine();
        actions.close = ImGui::Button("Close");
    }
    ImGui::End();
    ImGui::PopStyleColor(kColours);
    actions.close = actions.close || !open;
    return actions;
}

}  // namespace rtclab::gui
