// The views of rtclab-gui: plain functions of (session at the cursor, layout, options) that
// draw with Dear ImGui, after imgui_demo.cpp's ShowExampleApp* functions.
#pragma once

#include <string>

#include "ui/gui/model/label_cache.h"
#include "ui/gui/model/screen_layout.h"
#include "ui/gui/model/session.h"
#include "ui/gui/views/palette.h"

namespace rtclab::gui {

// What the user set that is not in the trace.
struct UiState {
    bool playing = false;
    float speed = 4.0f;          // visible events per second while playing
    double play_accum = 0.0;     // seconds of play not yet turned into steps
    bool dark = false;
    float scale = 1.0f;
    float pending_scale = 1.0f;  // Ctrl+= / Ctrl+-: applied between frames (fonts rebuild)
    LabelCache labels;
};

void draw_controls(Session& session, UiState& ui, const ScreenLayout& screen);
void draw_sequence(const Session& session, UiState& ui, const ScreenLayout& screen, const Palette& pal);
void draw_peer_inspector(const PeerView& peer, const PeerPanel& panel, const Metrics& m, const Palette& pal);
void draw_lesson(const Session& session, const ScreenLayout& screen);
// Loading failed: the file and the loader's message, in a window instead of a crash.
void draw_load_error(const std::string& file, const std::string& message, float width, float height);

// Keyboard: Space play/pause, Left/Right step, Home/End, Ctrl+= / Ctrl+- zoom.
void handle_keys(Session& session, UiState& ui);
// Advances the cursor while playing, by `dt` seconds of play.
void advance_playback(Session& session, UiState& ui, double dt);

// Fixed placement of a view's window.
bool begin_fixed_window(const char* name, const Rect& r, float padding);

}  // namespace rtclab::gui
