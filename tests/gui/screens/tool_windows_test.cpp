// rtclab-gui under Xvfb: --break stops scripted playback; the tool windows open headlessly.
#include <catch2/catch.hpp>

#include "../model/session_fixture.h"
#include "gui_run.h"
#include "sim/trace_format.h"

using namespace rtclab::gui;
using namespace rtclab::gui::test;

TEST_CASE("--break with space and frames stops playback at the breakpoint", "[gui][breakpoints]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto srd = find_event(*s, "pc.setRemoteDescription", "bob:");
    REQUIRE(srd >= 0);
    // 4 events a second at 60 frames a second: 15 frames a visible event; 3000 frames play
    // about 200 visible events without the breakpoint.
    auto r = run_gui("'" + classroom_path() +
                     "' --break /peers/bob/signalingState=have-remote-offer --keys space "
                     "--frames 3000");
    REQUIRE(r.exited);
    CHECK(r.code == 0);
    CHECK(r.out.find("cursor " + std::to_string(srd) + "\n") != std::string::npos);
    CHECK(r.out.find(
              "breakpoint '/peers/bob/signalingState becomes \"have-remote-offer\"' hit at step " +
              std::to_string(srd)) != std::string::npos);

    std::ptrdiff_t drop = -1;
    for (std::size_t i = 0; i < s->event_count() && drop < 0; ++i)
        if (rtclab::sim::event_kind(s->trace(), i) == "nat.drop")
            drop = static_cast<std::ptrdiff_t>(i);
    REQUIRE(drop >= 0);
    r = run_gui("'" + classroom_path() +
                "' --break ice.pair.nominated --break nat.drop --keys space --frames 3000");
    REQUIRE(r.exited);
    CHECK(r.out.find("cursor " + std::to_string(drop) + "\n") != std::string::npos);

    // Without a breakpoint the same frames play well past both (about 200 visible events).
    r = run_gui("'" + classroom_path() + "' --keys space --frames 3000");
    REQUIRE(r.out.rfind("cursor ", 0) == 0);
    const long played = std::stol(r.out.substr(7));
    CHECK(played > srd);
    CHECK(played > drop);
    CHECK(r.out.find("breakpoint") == std::string::npos);
}

TEST_CASE("a bad --break spec is refused with a message", "[gui][breakpoints]") {
    const std::string cmd = "'" + std::string(RTCLAB_GUI_EXE) + "' '" + classroom_path() +
                            "' --break 'NAT.drop' --keys space 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::string out;
    char buf[1024];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
        out.append(buf, n);
    const int status = pclose(p);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 1);
    CHECK(out.find("--break") != std::string::npos);
    CHECK(out.find("dot-separated words") != std::string::npos);
}

TEST_CASE("the tool windows open headlessly over the layout, which they leave alone when closed",
          "[gui][screenshot]") {
    const std::string base_png = tmp_path("window-none.png");
    auto r = run_gui("'" + classroom_path() + "' --screenshot '" + base_png + "'");
    REQUIRE(r.exited);
    Image base;
    REQUIRE(base.load(base_png));
    // The share of pixels of the centre that differ from the screenshot without the window.
    const auto changed_centre = [&](const Image& img) {
        const Rect centre{static_cast<float>(img.width / 2 - 150), static_cast<float>(img.height / 2 - 100), 300, 200};
        return img.differs(base, centre);
    };
    for (const char* w : {"breakpoints", "setup", "files"}) {
        INFO(w);
        const std::string png = tmp_path(std::string("window-") + w + ".png");
        std::filesystem::remove(png);
        r = run_gui("'" + classroom_path() + "' --open-window " + w + " --screenshot '" + png +
                    "'");
        INFO("stderr: " << r.err);
        REQUIRE(r.exited);
        CHECK(r.code == 0);
        Image img;
        REQUIRE(img.load(png));
        REQUIRE(img.width == base.width);
        REQUIRE(img.height == base.height);
        CHECK(changed_centre(img) > 0.2);
    }
    // Breakpoints set but no window open: the frame is the same as without them.
    const std::string with_break = tmp_path("window-none-break.png");
    r = run_gui("'" + classroom_path() + "' --break nat.drop --screenshot '" + with_break + "'");
    Image same;
    REQUIRE(same.load(with_break));
    CHECK(changed_centre(same) == 0.0);
}

TEST_CASE("a bare topology opens (no peers, no events) without crashing", "[gui][files]") {
    const std::string png = tmp_path("topology.png");
    std::filesystem::remove(png);
    const auto r = run_gui("'" + std::string(RTCLAB_SOURCE_DIR) +
                           "/scenarios/topologies/two-homes.json' --keys right,end "
                           "--open-window setup --screenshot '" +
                           png + "'");
    REQUIRE(r.exited);
    CHECK(r.code == 0);
    CHECK(r.out == "cursor -1\n");
    Image img;
    CHECK(img.load(png));
}
