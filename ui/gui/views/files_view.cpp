// The Files window: open a scenario, topology or trace (a browser over scenarios/ and a path
// field), save the trace (JSON Lines), export pcapng, save a screenshot (PNG). Every write says
// whether it worked, with the path; a file that does not open is shown in an error window and
// the session on screen stays. Also: the tool windows' entry point.
#include <imgui.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "ui/gui/views/views.h"

namespace rtclab::gui {

namespace {

void copy_to(char* buf, std::size_t size, const std::string& text) {
    std::strncpy(buf, text.c_str(), size - 1);
    buf[size - 1] = '\0';
}

std::string scenarios_folder() {
    if (std::filesystem::is_directory("scenarios")) return "scenarios";
#ifdef RTCLAB_SOURCE_DIR
    return std::string(RTCLAB_SOURCE_DIR) + "/scenarios";
#else
    return "scenarios";
#endif
}

void set_status(ToolWindows& t, bool ok, std::string text) {
    t.files_status_ok = ok;
    t.files_status = std::move(text);
}

void open_file(UiState& ui, const std::string& path, bool have_session) {
    ToolWindows& t = ui.tools;
    auto opened = Session::open(path);
    if (!opened.ok()) {
        t.open_error_file = path;
        t.open_error = opened.error().describe();
        set_status(t, false,
                   "could not open " + path +
                       (have_session ? " (see the error window); the current session stays" : " (see the error window)"));
        return;
    }
    t.replacement = std::move(opened).value();
    set_status(t, true,
               "opened " + path + " (" + std::to_string(t.replacement->event_count()) + " events)");
}

// The error window for a file that did not open from here: over a session that is still
// there, closable.
void draw_open_error(UiState& ui, const ScreenLayout& screen) {
    ToolWindows& t = ui.tools;
    if (t.open_error.empty()) return;
    const ErrorWindowText text{"Could not open the file##files", t.open_error_file, t.open_error,
                               "The session on screen is unchanged. Give a scenario or topology (.json) "
                               "or a trace written by `rtclab run --trace` (.jsonl)."};
    const ErrorWindowActions a = draw_error_window(text, error_window_rect(screen.width, screen.height), true);
    if (a.open_files) t.files_open = true;
    if (a.close || a.open_files) t.open_error.clear();
}

// What the last open or write did, in green or red.
void draw_files_status(const ToolWindows& t) {
    if (t.files_status.empty()) return;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(t.files_status_ok ? ImVec4(0.1f, 0.55f, 0.1f, 1.0f) : ImVec4(0.85f, 0.1f, 0.1f, 1.0f), "%s",
                       t.files_status.c_str());
    ImGui::PopTextWrapPos();
}

void write_row(const char* id, const char* button, char* path, std::size_t size, float width,
               bool& clicked) {
    ImGui::PushID(id);
    ImGui::SetNextItemWidth(width);
    ImGui::InputText("##path", path, size);
    ImGui::SameLine();
    clicked = ImGui::Button(button);
    ImGui::PopID();
}

}  // namespace

void draw_files_window(const Session* session, UiState& ui, const ScreenLayout& screen) {
    ToolWindows& t = ui.tools;
    const Metrics& m = screen.metrics;
    if (!t.files_listed) {
        t.scenarios_dir = scenarios_folder();
        t.files = list_openable_files(t.scenarios_dir);
        t.files_listed = true;
    }
    if (session != nullptr && t.paths_for != session->id()) {
        copy_to(t.trace_path, sizeof t.trace_path, default_output_path(*session, ".jsonl"));
        copy_to(t.pcap_path, sizeof t.pcap_path, default_output_path(*session, ".pcapng"));
        copy_to(t.png_path, sizeof t.png_path, default_output_path(*session, ".png"));
        if (t.open_path[0] == '\0') copy_to(t.open_path, sizeof t.open_path, session->path());
        t.paths_for = session->id();
    }
    ImGui::SetNextWindowPos(ImVec2(screen.width * 0.5f, screen.height * 0.5f), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(screen.width - 40.0f, 760.0f * m.scale),
                                    std::min(screen.height - 40.0f, 600.0f * m.scale)),
                             ImGuiCond_Appearing);
    if (!ImGui::Begin("Files", &t.files_open,
                      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
        ImGui::End();
        return;
    }
    ImGui::Text("Open from %s", t.scenarios_dir.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("Refresh")) t.files_listed = false;
    const float list_h = std::max(80.0f, ImGui::GetContentRegionAvail().y * 0.45f);
    ImGui::BeginChild("file-list", ImVec2(0, list_h), true);
    FileKind group = FileKind::kScenario;
    bool first = true;
    std::string open_now;
    for (const auto& f : t.files) {
        if (first || f.kind != group) {
            group = f.kind;
            first = false;
            ImGui::TextDisabled("%s", f.kind == FileKind::kScenario   ? "Scenarios (lessons)"
                                      : f.kind == FileKind::kTopology ? "Topologies"
                                                                      : "Traces (recorded runs)");
        }
        const bool selected = f.path == t.open_path;
        if (ImGui::Selectable(f.name.c_str(), selected, ImGuiSelectableFlags_AllowDoubleClick)) {
            copy_to(t.open_path, sizeof t.open_path, f.path);
            if (ImGui::IsMouseDoubleClicked(0)) open_now = f.path;
        }
        if (f.kind == FileKind::kTopology && ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
            ImGui::TextUnformatted(kTopologyNote);
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
    }
    if (t.files.empty()) ImGui::TextDisabled("(no scenarios, topologies or traces here)");
    ImGui::EndChild();
    if (std::strstr(t.open_path, "topologies/") != nullptr) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%s", kTopologyNote);
        ImGui::PopTextWrapPos();
    }
    const float path_w = std::max(120.0f, ImGui::GetContentRegionAvail().x - 110.0f * m.scale);
    bool clicked = false;
    ImGui::SetNextItemWidth(path_w);
    const bool enter = ImGui::InputText("##open", t.open_path, sizeof t.open_path,
                                        ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if (ImGui::Button("Open") || enter) open_now = t.open_path;
    if (!open_now.empty()) open_file(ui, open_now, session != nullptr);

    ImGui::Separator();
    if (session == nullptr) {
        // Nothing opened yet (the file given at start-up did not load): nothing to save.
        ImGui::TextDisabled("Saving the trace, pcapng or a screenshot needs an open scenario or trace.");
        draw_files_status(t);
        ImGui::End();
        return;
    }
    ImGui::TextUnformatted("Save trace… (JSON Lines, as `rtclab run --trace`)");
    write_row("trace", "Save trace", t.trace_path, sizeof t.trace_path, path_w, clicked);
    if (clicked) {
        const auto r = save_trace(*session, t.trace_path);
        set_status(t, r.ok(),
                   r.ok() ? "saved the trace (" + std::to_string(session->event_count()) +
                                " events) to " + std::string(t.trace_path)
                          : r.error().message);
    }
    ImGui::TextUnformatted("Export pcapng… (every hop a packet, one interface per network)");
    write_row("pcap", "Export", t.pcap_path, sizeof t.pcap_path, path_w, clicked);
    if (clicked) {
        const auto r = export_pcapng(*session, t.pcap_path);
        set_status(t, r.ok(),
                   r.ok() ? "exported pcapng to " + std::string(t.pcap_path) : r.error().message);
    }
    ImGui::TextUnformatted("Save screenshot… (PNG of the window, without these tool windows)");
    write_row("png", "Save PNG", t.png_path, sizeof t.png_path, path_w, clicked);
    if (clicked) {
        if (t.png_path[0] == '\0') {
            set_status(t, false, "no path given for the screenshot");
        } else {
            t.screenshot_request = t.png_path;  // written by the app after the next frame renders
        }
    }
    draw_files_status(t);
    ImGui::End();
}

void draw_tool_windows(Session& session, UiState& ui, const ScreenLayout& screen) {
    ToolWindows& t = ui.tools;
    // A screenshot was asked for: this frame shows the views alone.
    if (!t.screenshot_request.empty()) return;
    if (t.breakpoints_open) draw_breakpoints_window(session, ui, screen);
    if (t.setup_open) draw_setup_window(session, ui, screen);
    if (t.files_open) draw_files_window(&session, ui, screen);
    draw_open_error(ui, screen);
}

void on_session_replaced(UiState& ui) {
    ToolWindows& t = ui.tools;
    t.setup_edit_for = 0;
    t.break_message.clear();
    t.break_short.clear();
    t.break_event = -2;
    ui.playing = false;
    ui.play_accum = 0;
}

}  // namespace rtclab::gui
