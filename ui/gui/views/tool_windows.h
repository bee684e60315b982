// The floating tool windows of rtclab-gui — Breakpoints, Setup and Files — and what they
// remember between frames. They open from the controls bar (closed by default, so the fixed
// layout, its screenshots and the benchmark are unchanged unless one is opened).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ui/gui/model/breakpoints.h"
#include "ui/gui/model/file_actions.h"
#include "ui/gui/model/scenario_setup.h"
#include "ui/gui/model/screen_layout.h"
#include "ui/gui/model/session.h"

namespace rtclab::gui {

struct UiState;

struct ToolWindows {
    bool breakpoints_open = false;
    bool setup_open = false;
    bool files_open = false;

    // --- breakpoints (kept across re-runs and opened files) --------------------------------
    Breakpoints breakpoints;
    std::string break_message;        // which breakpoint stopped playback
    std::string break_short;          // the same, short, for the scrubber
    std::ptrdiff_t break_event = -2;  // the event it stopped at (the message shows while there)
    int kind_choice = 0, peer_choice = 0, attribute_choice = 0, value_choice = 0;
    char spec_text[256] = "";
    std::string breakpoint_error;

    // --- setup: an edited copy of the session's setup ---------------------------------------
    ScenarioSetup setup_edit;
    std::uint64_t setup_edit_for = 0;  // Session::id() the copy belongs to
    std::string setup_status;
    bool setup_status_ok = true;

    // --- files ----------------------------------------------------------------------------
    std::vector<FileEntry> files;  // listed when the window opens (and on Refresh)
    bool files_listed = false;
    std::string scenarios_dir;
    char open_path[1024] = "";
    char trace_path[1024] = "";
    char pcap_path[1024] = "";
    char png_path[1024] = "";
    std::uint64_t paths_for = 0;  // Session::id() the default output paths were made for
    std::string files_status;
    bool files_status_ok = true;
    std::string open_error_file, open_error;  // shown in the error window; the old session stays
    std::string screenshot_request;           // the app writes the frame's PNG after rendering it

    // A session opened or re-run this frame: the app swaps it in before the next frame.
    std::unique_ptr<Session> replacement;
};

// All three windows and the open-error window, on top of the fixed layout.
void draw_tool_windows(Session& session, UiState& ui, const ScreenLayout& screen);
void draw_breakpoints_window(Session& session, UiState& ui, const ScreenLayout& screen);
void draw_setup_window(const Session& session, UiState& ui, const ScreenLayout& screen);
// `session` is null while nothing is open (the start-up file failed): only opening works.
void draw_files_window(const Session* session, UiState& ui, const ScreenLayout& screen);

// Playing: moves to the next event shown at the detail level unless an enabled breakpoint
// hits on the way (then the cursor stops at that event and playing stops). False when
// playback stopped (a breakpoint or the end).
bool play_step(Session& session, UiState& ui);
// "Run to next breakpoint": searches forward from the cursor (on click only).
void run_to_next_breakpoint(Session& session, UiState& ui);

// A swapped-in session: what the tool windows keep (breakpoints) and what they reset.
void on_session_replaced(UiState& ui);

}  // namespace rtclab::gui
