// The lesson pane: the scenario's notes (the trace header's "notes") and why the event at the
// cursor happens.
#include "sim/trace_format.h"
#include "ui/gui/views/views.h"

namespace rtclab::gui {

void draw_lesson(const Session& session, const ScreenLayout& screen) {
    if (!begin_fixed_window("Lesson", screen.lesson, screen.metrics.pad())) {
        ImGui::End();
        return;
    }
    const sim::Trace& trace = session.trace();
    ImGui::BeginChild("lesson-text", ImVec2(0, 0), false);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(trace.title.c_str());
    const auto e = session.highlighted_event();
    if (e >= 0) {
        const std::string why = sim::event_explain(trace, static_cast<std::size_t>(e));
        if (!why.empty()) ImGui::TextDisabled("%s", why.c_str());
    }
    if (trace.notes.is_object()) {
        for (const auto& [key, value] : trace.notes.items()) {
            const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
            ImGui::Text("%s: %s", key.c_str(), text.c_str());
        }
    }
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    ImGui::End();
}

void draw_load_error(const std::string& file, const std::string& message, float width, float height) {
    const Rect r = error_window_rect(width, height);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(kErrorBackground));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.1f, 0.1f, 0.1f, 1.0f));
    ImGui::SetNextWindowPos(ImVec2(r.x, r.y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(r.w, r.h), ImGuiCond_Always);
    ImGui::Begin("Could not open the file", nullptr,
                 ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                     ImGuiWindowFlags_NoSavedSettings);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text("rtclab-gui could not open %s", file.c_str());
    ImGui::Separator();
    ImGui::TextColored(ImVec4(0.85f, 0.1f, 0.1f, 1.0f), "%s", message.c_str());
    ImGui::Separator();
    ImGui::TextUnformatted("Give a scenario (.json) or a trace written by `rtclab run --trace` (.jsonl).");
    ImGui::PopTextWrapPos();
    ImGui::End();
    ImGui::PopStyleColor(2);
}

}  // namespace rtclab::gui
