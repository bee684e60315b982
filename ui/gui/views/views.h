// The views of rtclab-gui: plain functions of (session at the cursor, layout, options) that
// draw with Dear ImGui, after imgui_demo.cpp's ShowExampleApp* functions.
#pragma once

#include <string>

#include "ui/gui/model/label_cache.h"
#include "ui/gui/model/screen_layout.h"
#include "ui/gui/model/session.h"
#include "ui/gui/views/palette.h"
#include "ui/gui/views/tool_windows.h"

namespace rtclab::gui {

// What the mouse does in the packet inspector this frame (headless runs with --mouse print it).
struct PacketHover {
    int lit_field = -1;             // the field whose bytes are lit (PacketView::fields), or -1
    std::ptrdiff_t byte = -1;       // the frame byte under the mouse in the hex dump, or -1
};

// What the user set that is not in the trace.
struct UiState {
    bool playing = false;
    float speed = 4.0f;          // visible events per second while playing
    double play_accum = 0.0;     // seconds of play not yet turned into steps
    bool dark = false;
    float scale = 1.0f;
    float pending_scale = 1.0f;  // Ctrl+= / Ctrl+-: applied between frames (fonts rebuild)
    LabelCache labels;
    ToolWindows tools;  // Breakpoints, Setup and Files windows (tool_windows.h)
    int peer_tab_request = -1;  // a PeerTab to select in the peer inspectors next frame (--peer-tab)
    PacketHover packet_hover;   // the packet inspector's hover, as of the last frame
};

void draw_controls(Session& session, UiState& ui, const ScreenLayout& screen);
void draw_sequence(const Session& session, UiState& ui, const ScreenLayout& screen, const Palette& pal);
// `select_tab` (a PeerTab, -1 none) selects that tab in this frame (--peer-tab, scripted runs).
void draw_peer_inspector(const PeerView& peer, const PeerPanel& panel, const Metrics& m, const Palette& pal,
                         int select_tab = -1);
void draw_lesson(const Session& session, const ScreenLayout& screen, const Palette& pal);
// Networks, NATs, hosts and servers; the packet at the cursor moving along its link; each
// NAT's mapping and filter tables with the entry the event hit lit; why a packet was dropped.
void draw_topology(const Session& session, const UiState& ui, const ScreenLayout& screen, const Palette& pal);
// The packet at the cursor decoded layer by layer over its hex dump; hovering a field lights its
// bytes, hovering a byte lights the innermost field holding it.
void draw_packet_inspector(const PacketView& packet, const PacketPanel& panel, const Metrics& m, const Palette& pal,
                           PacketHover& hover);
// A file that did not open, in a window instead of a crash (error_window.cpp).
struct ErrorWindowText {
    const char* title;     // the window's title (and ImGui id)
    std::string file;      // the path given
    std::string message;   // the loader's FILE:LINE: /json/pointer: message
    const char* advice;    // what to give instead
};
struct ErrorWindowActions {
    bool open_files = false;  // "Open another file…" was clicked
    bool close = false;       // closed (closable windows only)
};
ErrorWindowActions draw_error_window(const ErrorWindowText& text, const Rect& r, bool closable);

// Keyboard: Space play/pause, Left/Right step, Home/End, Ctrl+= / Ctrl+- zoom.
void handle_keys(Session& session, UiState& ui);
// Advances the cursor while playing, by `dt` seconds of play.
void advance_playback(Session& session, UiState& ui, double dt);

// Fixed placement of a view's window.
bool begin_fixed_window(const char* name, const Rect& r, float padding);

}  // namespace rtclab::gui
