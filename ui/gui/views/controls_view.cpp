// Timeline and controls: play/pause, speed, step back/forward at the detail level, start/end,
// the detail level, the theme, virtual time, and a scrubber over all events.
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "sim/trace_format.h"
#include "ui/gui/views/views.h"

namespace rtclab::gui {

void draw_controls(Session& session, UiState& ui, const ScreenLayout& screen) {
    const Metrics& m = screen.metrics;
    if (!begin_fixed_window("Timeline", screen.controls, m.pad())) {
        ImGui::End();
        return;
    }
    if (ImGui::Button("|<")) session.go_start();
    ImGui::SameLine();
    if (ImGui::Button("<")) session.step_back();
    ImGui::SameLine();
    if (ImGui::Button(ui.playing ? "Pause" : "Play ", ImVec2(60.0f * m.scale, 0))) ui.playing = !ui.playing;
    ImGui::SameLine();
    if (ImGui::Button(">")) session.step_forward();
    ImGui::SameLine();
    if (ImGui::Button(">|")) session.go_end();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110.0f * m.scale);
    ImGui::SliderFloat("##speed", &ui.speed, 0.5f, 60.0f, "%.1f ev/s", ImGuiSliderFlags_Logarithmic);
    ImGui::SameLine();
    ImGui::TextUnformatted("detail");
    static const char* const kLevels[] = {"1 API", "2 +signaling", "3 +packets", "4 +NAT"};
    for (int d = kMinDetail; d <= kMaxDetail; ++d) {
        ImGui::SameLine();
        if (ImGui::RadioButton(kLevels[d - 1], session.detail() == d)) session.set_detail(d);
    }
    ImGui::SameLine();
    if (ImGui::Button(ui.dark ? "Light" : "Dark")) {
        ui.dark = !ui.dark;
        apply_theme(ui.dark, ui.scale);
    }
    ImGui::SameLine();
    const std::ptrdiff_t cursor = session.cursor();
    if (cursor < 0) {
        ImGui::Text("t = 0.000000 s   step start / %zu", session.event_count());
    } else {
        ImGui::Text("t = %.6f s   step %td / %zu  %s", static_cast<double>(session.time_us()) / 1e6, cursor,
                    session.event_count(), sim::event_kind(session.trace(), static_cast<std::size_t>(cursor)).c_str());
    }

    // The floating tool windows (tool_windows.h) and "run to next breakpoint", left of the
    // scrubber; the scrubber says which breakpoint stopped playback at the cursor.
    if (ImGui::Button("Breakpoints")) ui.tools.breakpoints_open = !ui.tools.breakpoints_open;
    ImGui::SameLine();
    if (ImGui::Button(">>|")) run_to_next_breakpoint(session, ui);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Run to the next breakpoint");
    ImGui::SameLine();
    if (ImGui::Button("Setup")) ui.tools.setup_open = !ui.tools.setup_open;
    ImGui::SameLine();
    if (ImGui::Button("Files")) ui.tools.files_open = !ui.tools.files_open;
    ImGui::SameLine();
    const bool hit_here = !ui.tools.break_short.empty() && ui.tools.break_event == cursor;
    const float hit_w = hit_here ? ImGui::CalcTextSize(ui.tools.break_short.c_str()).x + m.pad() : 0.0f;

    // The scrubber covers every event, whatever the detail level.
    int step = static_cast<int>(cursor);
    ImGui::SetNextItemWidth(hit_here ? -hit_w : -1.0f);
    if (ImGui::SliderInt("##scrub", &step, -1, static_cast<int>(session.event_count()) - 1,
                         step < 0 ? "start" : "event %d")) {
        session.set_cursor(step);
        ui.playing = false;
    }
    if (hit_here) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.9f, 0.4f, 0.0f, 1.0f), "%s", ui.tools.break_short.c_str());
    }
    ImGui::End();
}

void handle_keys(Session& session, UiState& ui) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    if (io.KeyCtrl) {
        if (ImGui::IsKeyPressed(GLFW_KEY_EQUAL) || ImGui::IsKeyPressed(GLFW_KEY_KP_ADD))
            ui.pending_scale = std::min(4.0f, ui.scale * 1.125f);
        if (ImGui::IsKeyPressed(GLFW_KEY_MINUS) || ImGui::IsKeyPressed(GLFW_KEY_KP_SUBTRACT))
            ui.pending_scale = std::max(0.5f, ui.scale / 1.125f);
        return;
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) ui.playing = !ui.playing;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) session.step_forward();
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) session.step_back();
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home), false)) session.go_start();
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_End), false)) session.go_end();
}

void advance_playback(Session& session, UiState& ui, double dt) {
    if (!ui.playing) {
        ui.play_accum = 0;
        return;
    }
    ui.play_accum += dt * static_cast<double>(ui.speed);
    while (ui.play_accum >= 1.0) {
        ui.play_accum -= 1.0;
        // Stops at an event that hits an enabled breakpoint (tool_windows.h).
        if (!play_step(session, ui)) {
            ui.playing = false;
            ui.play_accum = 0;
            break;
        }
    }
}

}  // namespace rtclab::gui
