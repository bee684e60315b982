// rtclab-gui: the Dear ImGui front end. Opens a scenario (runs it) or a trace (replays it) and
// shows the exchange step by step; headless modes render screenshots, replay scripted keys
// and benchmark frames (README.md, "ui/gui").
#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <vector>

#include "ui/gui/app/draw_stats.h"
#include "ui/gui/app/framebuffer_png.h"
#include "ui/gui/app/gl_window.h"
#include "ui/gui/app/offscreen.h"
#include "ui/gui/app/options.h"
#include "ui/gui/model/screen_layout.h"
#include "ui/gui/model/session.h"
#include "ui/gui/views/views.h"

namespace rtclab::gui {
namespace {

constexpr int kExitLoadError = 2;
constexpr double kHeadlessFrameSeconds = 1.0 / 60.0;  // fixed: headless runs are deterministic

std::string default_file() {
    const std::string here = "scenarios/classroom.json";
    if (std::filesystem::exists(here)) return here;
    return std::string(RTCLAB_SOURCE_DIR) + "/" + here;
}

struct App {
    Options options;
    GlWindow window;
    Offscreen offscreen;
    bool use_offscreen = false;
    std::unique_ptr<Session> session;
    std::string load_error;
    UiState ui;
    bool screenshot_frame = false;  // this frame is the one "Save screenshot…" asked for

    // One frame: input, views, Dear ImGui's draw lists. Returns after ImGui::Render().
    void build_frame(double dt) {
        // A session opened or re-run by a tool window last frame (tool_windows.h).
        if (ui.tools.replacement) {
            session = std::move(ui.tools.replacement);
            on_session_replaced(ui);
        }
        screenshot_frame = !ui.tools.screenshot_request.empty();
        if (ui.pending_scale != ui.scale) {
            ui.scale = ui.pending_scale;
            window.set_fonts(ui.scale);
            apply_theme(ui.dark, ui.scale);
        }
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGuiIO& io = ImGui::GetIO();
        if (options.headless()) {
            io.DisplaySize = ImVec2(static_cast<float>(options.width), static_cast<float>(options.height));
            io.DisplayFramebufferScale = ImVec2(1, 1);
            io.DeltaTime = static_cast<float>(kHeadlessFrameSeconds);
            // --mouse: the pointer rests at one place for the whole run (hover, tooltips).
            if (options.mouse) io.MousePos = ImVec2(options.mouse->first, options.mouse->second);
        }
        ImGui::NewFrame();
        const float w = io.DisplaySize.x, h = io.DisplaySize.y;
        if (session) {
            handle_keys(*session, ui);
            advance_playback(*session, ui, dt);
            const ScreenLayout screen = make_screen_layout(w, h, ui.scale, session->peers().size());
            const Palette pal = make_palette(ui.dark);
            draw_controls(*session, ui, screen);
            draw_sequence(*session, ui, screen, pal);
            draw_lesson(*session, screen, pal);
            draw_topology(*session, ui, screen, pal);
            draw_packet_inspector(session->packet(), screen.packet_panel, screen.metrics, pal, ui.packet_hover);
            for (std::size_t p = 0; p < session->peers().size() && p < screen.peers.size(); ++p) {
                draw_peer_inspector(session->peers()[p], screen.peers[p], screen.metrics, pal, ui.peer_tab_request);
            }
            ui.peer_tab_request = -1;  // selected once; the user's clicks rule after that
            draw_tool_windows(*session, ui, screen);  // floating, on top; closed by default
        } else {
            draw_start_error(w, h);
        }
        ImGui::Render();
    }

    // Nothing is open: the start-up file's error, and the Files window to open another. A file
    // that fails from there takes the error window's place (there is no session to keep).
    void draw_start_error(float w, float h) {
        ToolWindows& t = ui.tools;
        if (!t.open_error.empty()) {
            options.file = std::move(t.open_error_file);
            load_error = std::move(t.open_error);
            t.open_error.clear();
        }
        const ErrorWindowText text{"Could not open the file", options.file, load_error,
                                   "Give a scenario or topology (.json) or a trace written by `rtclab run --trace` "
                                   "(.jsonl): \"Open another file\u2026\" lists the lessons in scenarios/."};
        if (draw_error_window(text, error_window_rect(w, h), false).open_files) t.files_open = true;
        // The path field starts on the file that failed: a typo is fixed in place.
        if (t.open_path[0] == '\0') std::snprintf(t.open_path, sizeof t.open_path, "%s", options.file.c_str());
        if (t.files_open && t.screenshot_request.empty()) {
            draw_files_window(nullptr, ui, make_screen_layout(w, h, ui.scale, 0));
        }
    }

    void render_gl() {
        int fb_w = options.width, fb_h = options.height;
        if (use_offscreen) {
            offscreen.bind();
        } else {
            glBindFramebuffer(GL_FRAMEBUFFER, 0);
            glfwGetFramebufferSize(window.handle(), &fb_w, &fb_h);
            glViewport(0, 0, fb_w, fb_h);
        }
        const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
        glClearColor(bg.x, bg.y, bg.z, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        if (screenshot_frame) write_requested_screenshot();
    }

    // "Save screenshot…": the frame just rendered (without the tool windows), as a PNG.
    void write_requested_screenshot() {
        const std::string path = std::move(ui.tools.screenshot_request);
        ui.tools.screenshot_request.clear();
        screenshot_frame = false;
        std::string error;
        bool ok = false;
        if (use_offscreen) {
            ok = offscreen.write_png(path, error);
        } else {
            int fb_w = 0, fb_h = 0;
            glfwGetFramebufferSize(window.handle(), &fb_w, &fb_h);
            ok = write_framebuffer_png(0, fb_w, fb_h, path, error);
        }
        ui.tools.files_status_ok = ok;
        ui.tools.files_status = ok ? "saved the screenshot to " + path : error;
    }

    void press(const std::string& key, bool down) {
        ImGuiIO& io = ImGui::GetIO();
        int code = -1;
        if (key == "right") code = GLFW_KEY_RIGHT;
        if (key == "left") code = GLFW_KEY_LEFT;
        if (key == "space") code = GLFW_KEY_SPACE;
        if (key == "home") code = GLFW_KEY_HOME;
        if (key == "end") code = GLFW_KEY_END;
        if (key == "ctrl+plus") code = GLFW_KEY_EQUAL;
        if (key == "ctrl+minus") code = GLFW_KEY_MINUS;
        io.KeyCtrl = down && key.rfind("ctrl+", 0) == 0;
        // Dear ImGui 1.86 has no AddKeyEvent: the backend's key callback writes KeysDown too.
        if (code >= 0) io.KeysDown[code] = down;
    }
};

// --mouse in a headless run: what the packet inspector lights, for tests and for checking a slide.
void print_packet_hover(const Session& session, const PacketHover& hover) {
    const PacketView& p = session.packet();
    if (hover.byte >= 0) std::printf("packet byte %td\n", hover.byte);
    if (hover.lit_field < 0 || static_cast<std::size_t>(hover.lit_field) >= p.fields.size()) {
        std::printf("packet lit none\n");
        return;
    }
    const PacketField& f = p.fields[static_cast<std::size_t>(hover.lit_field)];
    std::printf("packet lit field %d bytes %zu-%zu: %s\n", hover.lit_field, f.offset,
                f.length > 0 ? f.offset + f.length - 1 : f.offset, f.label.c_str());
}

std::ptrdiff_t parse_step(const std::string& text, const Session& session, bool& ok) {
    ok = true;
    if (text == "start") return Session::kStart;
    if (text == "end") return static_cast<std::ptrdiff_t>(session.event_count()) - 1;
    long long n = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), n);
    ok = r.ec == std::errc() && r.ptr == text.data() + text.size() && n >= -1;
    return static_cast<std::ptrdiff_t>(n);
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

int run_benchmark(App& app) {
    Session& s = *app.session;
    glfwSwapInterval(0);       // measure the frame, not the display's refresh
    s.set_detail(kMaxDetail);  // every event is a row: the diagram scrolls every frame
    s.set_cursor(0);
    std::vector<double> frame_ms, cpu_ms, gl_ms, fill, triangles;
    std::map<std::string, std::pair<double, double>> by_window;  // fill, triangles; summed over frames
    using Clock = std::chrono::steady_clock;
    const auto ms = [](Clock::time_point a, Clock::time_point b) {
        return std::chrono::duration<double, std::milli>(b - a).count();
    };
    for (int f = 0; f < app.options.bench_frames; ++f) {
        const auto t0 = Clock::now();
        s.set_cursor(s.at_end() ? 0 : s.cursor() + 1);
        app.build_frame(kHeadlessFrameSeconds);
        const auto t1 = Clock::now();
        app.render_gl();
        glFinish();
        const auto t2 = Clock::now();
        glfwSwapBuffers(app.window.handle());
        glFinish();
        glfwPollEvents();
        const auto t3 = Clock::now();
        cpu_ms.push_back(ms(t0, t1));
        gl_ms.push_back(ms(t1, t2));
        frame_ms.push_back(ms(t0, t3));
        // Outside the timed part: what the frame asked the rasterizer to fill.
        const DrawStats stats = measure_draw_data(*ImGui::GetDrawData());
        fill.push_back(stats.fill_px);
        triangles.push_back(static_cast<double>(stats.triangles));
        for (const auto& l : stats.lists) {
            by_window[l.window].first += l.fill_px;
            by_window[l.window].second += static_cast<double>(l.triangles);
        }
    }
    // frame_ms: wall time per frame, swap included; cpu_ms: our and Dear ImGui's work (GL
    // excluded); gl_ms: the GL rasterization of the frame alone.
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(app.window.handle(), &fb_w, &fb_h);
    if (fb_w != app.options.width || fb_h != app.options.height) {
        std::fprintf(stderr, "rtclab-gui: the window got %dx%d, not %dx%d (a smaller screen?)\n", fb_w, fb_h,
                     app.options.width, app.options.height);
    }
    std::printf("events %zu\nframes %d at %dx%d\nframe_ms median %.3f\ncpu_ms median %.3f\ngl_ms median %.3f\n",
                s.event_count(), app.options.bench_frames, fb_w, fb_h, median(frame_ms), median(cpu_ms),
                median(gl_ms));
    // What the rasterizer was asked to do: triangles, and the pixels they cover (overdraw
    // counted) in screens; by window, averaged over the frames. Under llvmpipe the time follows
    // the triangles (mostly glyphs: each is shaded in partly covered 4x4 blocks) far more than
    // the fill (large opaque rectangles are cheap).
    const double screen_px = static_cast<double>(app.options.width) * app.options.height;
    const double frames = app.options.bench_frames;
    std::printf("triangles median %.0f\nfill_screens median %.2f\n", median(triangles), median(fill) / screen_px);
    std::vector<std::pair<std::pair<double, double>, std::string>> windows;
    for (const auto& [name, totals] : by_window) windows.emplace_back(std::make_pair(totals.second, totals.first), name);
    std::sort(windows.rbegin(), windows.rend());
    for (const auto& [totals, name] : windows) {
        std::printf("window triangles %.0f fill_screens %.3f %s\n", totals.first / frames,
                    totals.second / screen_px / frames, name.c_str());
    }
    return 0;
}

int run(Options options) {
    App app;
    app.options = std::move(options);
    app.ui.dark = app.options.dark;
    app.ui.scale = app.ui.pending_scale = app.options.scale;
    app.ui.peer_tab_request = peer_tab_index(app.options.peer_tab);
    std::string error;
    std::vector<std::string> keys = parse_key_script(app.options.keys, error);
    if (!error.empty()) {
        std::fprintf(stderr, "rtclab-gui: --keys: %s\n", error.c_str());
        return 1;
    }
    for (const auto& spec : app.options.breaks) {
        if (auto added = app.ui.tools.breakpoints.add_spec(spec); !added.ok()) {
            std::fprintf(stderr, "rtclab-gui: --break: %s\n", added.error().message.c_str());
            return 1;
        }
    }
    for (const auto& w : app.options.open_windows) {
        app.ui.tools.breakpoints_open = app.ui.tools.breakpoints_open || w == "breakpoints";
        app.ui.tools.setup_open = app.ui.tools.setup_open || w == "setup";
        app.ui.tools.files_open = app.ui.tools.files_open || w == "files";
    }
    // The benchmark draws into a shown window and swaps it, as an interactive frame does (under
    // Xvfb the swap copies the frame to the X server); screenshots and scripted keys draw into
    // an offscreen framebuffer of exactly the size asked for.
    const bool bench = app.options.bench_frames > 0;
    if (!app.window.open(app.options.width, app.options.height, !app.options.headless() || bench, error)) {
        std::fprintf(stderr, "rtclab-gui: %s\n", error.c_str());
        return 1;
    }
    app.window.set_fonts(app.ui.scale);
    apply_theme(app.ui.dark, app.ui.scale);
    if (app.options.headless() && !bench) {
        app.use_offscreen = true;
        if (!app.offscreen.create(app.options.width, app.options.height, error)) {
            std::fprintf(stderr, "rtclab-gui: %s\n", error.c_str());
            return 1;
        }
    }

    OpenOptions open_options;
    open_options.min_events = static_cast<std::size_t>(std::max(0, app.options.bench_events));
    auto opened = Session::open(app.options.file, open_options);
    if (opened.ok()) {
        app.session = std::move(opened).value();
        app.session->set_detail(app.options.detail);
        bool ok = true;
        const auto step = parse_step(app.options.step, *app.session, ok);
        if (!ok) {
            std::fprintf(stderr, "rtclab-gui: --step: expected a number, start or end, got '%s'\n",
                         app.options.step.c_str());
            return 1;
        }
        app.session->set_cursor(step);
    } else {
        app.load_error = opened.error().describe();
        std::fprintf(stderr, "rtclab-gui: %s\n", app.load_error.c_str());
    }

    if (app.options.bench_frames > 0) {
        if (!app.session) return kExitLoadError;
        return run_benchmark(app);
    }
    if (app.options.headless()) {
        // Each scripted key is one frame down and one frame up, as a real press would be.
        for (const auto& key : keys) {
            app.press(key, true);
            app.build_frame(kHeadlessFrameSeconds);
            app.press(key, false);
            app.build_frame(kHeadlessFrameSeconds);
        }
        // Frames of playback after the keys (e.g. space, then run until a --break stops it).
        for (int i = 0; i < app.options.frames; ++i) app.build_frame(kHeadlessFrameSeconds);
        // Settle: the first frames of a window size its contents.
        for (int i = 0; i < 3; ++i) app.build_frame(kHeadlessFrameSeconds);
        app.render_gl();
        if (!app.options.keys.empty() && app.session) {
            if (!app.ui.tools.break_message.empty()) std::printf("%s\n", app.ui.tools.break_message.c_str());
            std::printf("cursor %td\n", app.session->cursor());
        }
        if (app.options.mouse && app.session) print_packet_hover(*app.session, app.ui.packet_hover);
        if (!app.options.screenshot.empty() && !app.offscreen.write_png(app.options.screenshot, error)) {
            std::fprintf(stderr, "rtclab-gui: %s\n", error.c_str());
            return 1;
        }
        return app.session ? 0 : kExitLoadError;
    }

    auto last = std::chrono::steady_clock::now();
    while (!glfwWindowShouldClose(app.window.handle())) {
        glfwPollEvents();
        const auto now = std::chrono::steady_clock::now();
        const double dt = std::chrono::duration<double>(now - last).count();
        last = now;
        app.build_frame(dt);
        app.render_gl();
        glfwSwapBuffers(app.window.handle());
    }
    return 0;
}

}  // namespace
}  // namespace rtclab::gui

int main(int argc, char** argv) {
    rtclab::gui::Options options;
    CLI::App cli{
        "rtclab-gui: the WebRTC connectivity lab's visualizer. Shows a scenario (run in the simulator)\n"
        "or a recorded trace step by step: the sequence diagram, the topology with each NAT's tables,\n"
        "the packet inspector, each peer's four descriptions, signaling state, candidates, checks and\n"
        "DTLS, the timeline and the lesson notes; Breakpoints, Setup and Files open from the controls.\n"
        "Keys: Space play/pause, Left/Right step, Home/End, Ctrl+= / Ctrl+- zoom.\n"
        "Headless (--screenshot, --keys, --mouse, --bench-frames) needs an X server: xvfb-run -a.",
        "rtclab-gui"};
    cli.add_option("file", options.file, "scenario (.json) or trace (.jsonl); default scenarios/classroom.json");
    cli.add_option("--step", options.step, "start at step N (the state after event N), start or end");
    std::string size;
    // For --size and the benchmark's counts the last one given wins (`./lab bench-gui
    // --bench-events 50000` overrides the launcher's default).
    constexpr auto kLastWins = CLI::MultiOptionPolicy::TakeLast;
    cli.add_option("--size", size, "window / screenshot size WxH (default 1280x800)")->multi_option_policy(kLastWins);
    cli.add_option("--screenshot", options.screenshot, "render offscreen, write this PNG and exit");
    cli.add_option("--keys", options.keys,
                   "scripted key presses (right,left,space,home,end,ctrl+plus,ctrl+minus); prints the cursor");
    cli.add_option("--bench-frames", options.bench_frames, "render N frames, cursor advancing, print medians")
        ->check(CLI::Range(1, 1000000))
        ->multi_option_policy(kLastWins);
    cli.add_option("--bench-events", options.bench_events, "with --bench-frames: run the scenario to at least M events")
        ->check(CLI::Range(0, 10000000))
        ->multi_option_policy(kLastWins);
    cli.add_option("--scale", options.scale, "UI scale (fonts and sizes), e.g. 1.5 for a projector")
        ->check(CLI::Range(0.5, 4.0));
    std::string theme = "light";
    cli.add_option("--theme", theme, "light or dark")->check(CLI::IsMember({"light", "dark"}));
    cli.add_option("--detail", options.detail, "detail level 1 (API) .. 4 (+NAT decisions); default 2")
        ->check(CLI::Range(1, 4));
    cli.add_option("--break", options.breaks,
                   "breakpoint, repeatable: an event kind (nat.drop), a prefix (ice.pair.*) or a state predicate "
                   "(/peers/bob/signalingState=have-remote-offer, /peers/*/candidatePairs/*/nominated=true)");
    cli.add_option("--open-window", options.open_windows, "open a tool window: breakpoints, setup or files (repeatable)")
        ->check(CLI::IsMember({"breakpoints", "setup", "files"}));
    cli.add_option("--frames", options.frames, "headless: render N more frames after --keys (playback runs)")
        ->check(CLI::Range(0, 1000000));
    cli.add_option("--peer-tab", options.peer_tab, "the peer inspectors' tab to show first")
        ->check(CLI::IsMember({"descriptions", "signaling", "candidates", "checks", "dtls"}));
    std::string mouse;
    cli.add_option("--mouse", mouse,
                   "headless: the mouse pointer rests at X,Y (window pixels) — hover, tooltips, lit bytes; "
                   "prints what the packet inspector lights");
    CLI11_PARSE(cli, argc, argv);
    if (!mouse.empty()) {
        float x = 0, y = 0;
        if (!rtclab::gui::parse_point(mouse, x, y)) {
            std::fprintf(stderr, "rtclab-gui: --mouse: expected X,Y in pixels (0..8192), got '%s'\n", mouse.c_str());
            return 1;
        }
        options.mouse = std::make_pair(x, y);
    }
    if (!size.empty() && !rtclab::gui::parse_size(size, options.width, options.height)) {
        std::fprintf(stderr, "rtclab-gui: --size: expected WxH (64..8192), got '%s'\n", size.c_str());
        return 1;
    }
    options.dark = theme == "dark";
    if (options.file.empty()) options.file = rtclab::gui::default_file();
    return rtclab::gui::run(std::move(options));
}
