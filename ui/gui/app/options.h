// Options: the command line of rtclab-gui (interactive, screenshot, scripted keys, benchmark).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rtclab::gui {

struct Options {
    std::string file;                 // scenario (.json) or trace (.jsonl)
    std::string step = "start";       // --step N|start|end
    int width = 1280, height = 800;   // --size WxH
    std::string screenshot;           // --screenshot OUT.png
    std::string keys;                 // --keys "right,right,space"
    int bench_frames = 0;             // --bench-frames N
    int bench_events = 0;             // --bench-events M
    float scale = 1.0f;               // --scale
    bool dark = false;                // --theme dark
    int detail = 2;                   // --detail 1..4
    std::vector<std::string> breaks;  // --break SPEC, repeatable (ui/gui/model/breakpoints.h)
    std::vector<std::string> open_windows;  // --open-window breakpoints|setup|files, repeatable
    int frames = 0;                   // --frames N: headless frames after the keys (playback runs)
    std::string peer_tab;             // --peer-tab descriptions|signaling|candidates|checks|dtls
    std::optional<std::pair<float, float>> mouse;  // --mouse X,Y: headless, the pointer rests there

    bool headless() const { return !screenshot.empty() || !keys.empty() || bench_frames > 0 || mouse.has_value(); }
};

// "1280x800" -> width, height; false when malformed.
bool parse_size(const std::string& text, int& width, int& height);
// "640,480" -> a point in window pixels (each 0..8192); false when malformed.
bool parse_point(const std::string& text, float& x, float& y);
// "right,right,space" -> key names; unknown names are reported in `error`.
std::vector<std::string> parse_key_script(const std::string& text, std::string& error);

}  // namespace rtclab::gui
