// rtclab-gui under Xvfb (label "gui"): screenshots at given steps and sizes, checked against
// the rectangles the view model reports; scripted keys; a broken file shows the error window.
#include <catch2/catch.hpp>
#include <fstream>

#include "../model/session_fixture.h"
#include "gui_run.h"
#include "ui/gui/model/screen_layout.h"
#include "ui/gui/views/palette.h"

using namespace rtclab::gui;
using namespace rtclab::gui::test;


TEST_CASE("a screenshot at a step has the size asked for and the highlighted arrow lit", "[gui][screenshot]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto sld = find_event(*s, "pc.setLocalDescription", "alice:");
    REQUIRE(sld >= 0);
    struct Case { std::ptrdiff_t step; int w, h; };
    for (const Case c : {Case{sld, 1280, 800}, Case{120, 1000, 700}, Case{400, 1600, 1000}}) {
        const std::string png = tmp_path("step-" + std::to_string(c.step) + ".png");
        std::filesystem::remove(png);
        const auto r = run_gui("'" + classroom_path() + "' --step " + std::to_string(c.step) + " --size " +
                               std::to_string(c.w) + "x" + std::to_string(c.h) + " --screenshot '" + png + "'");
        REQUIRE(r.exited);
        REQUIRE(r.code == 0);
        Image img;
        REQUIRE(img.load(png));
        CHECK(img.width == c.w);
        CHECK(img.height == c.h);

        s->set_detail(kDefaultDetail);
        s->set_cursor(c.step);
        const ScreenLayout screen = make_screen_layout(static_cast<float>(c.w), static_cast<float>(c.h), 1.0f,
                                                       s->peers().size());
        const auto arrow = highlighted_arrow_rect(screen, *s);
        REQUIRE(arrow.has_value());
        INFO("step " << c.step << " arrow at " << arrow->x << "," << arrow->y << " " << arrow->w << "x" << arrow->h);
        CHECK(img.share(*arrow, kHighlight) > 0.3);
        // Elsewhere in the diagram, away from the lit row, the colour does not appear.
        Rect above = screen.sequence;
        above.h = arrow->y - above.y;
        CHECK(img.share(above, kHighlight) == 0.0);
    }
}

TEST_CASE("the description cells show null and the description the attribute returns", "[gui][screenshot]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto sld = find_event(*s, "pc.setLocalDescription", "alice:");
    REQUIRE(sld >= 0);
    const std::string png = tmp_path("cells.png");
    const auto r = run_gui("'" + classroom_path() + "' --step " + std::to_string(sld) + " --screenshot '" + png + "'");
    REQUIRE(r.exited);
    REQUIRE(r.code == 0);
    Image img;
    REQUIRE(img.load(png));
    s->set_cursor(sld);
    const ScreenLayout screen = make_screen_layout(1280, 800, 1.0f, s->peers().size());
    std::size_t alice = 0;
    while (alice < s->peers().size() && s->peers()[alice].name != "alice") ++alice;
    REQUIRE(alice < screen.peers.size());
    const Palette pal = make_palette(false);
    const auto& cells = screen.peers[alice].cells;
    // currentLocalDescription is null: the null colour fills most of its cell.
    CHECK(img.share(cells[kCurrent][kLocal], pal.cell_null) > 0.5);
    // pendingLocalDescription is what localDescription returns: its cell has the marked border.
    const Rect& pending = cells[kPending][kLocal];
    const Rect top_edge{pending.x + 4, pending.y - 3, pending.w - 8, 2};
    CHECK(img.share(top_edge, pal.cell_returned_border) > 0.8);
    // Its lines are all new at this step: the changed-line colour shows.
    CHECK(img.share(pending, pal.changed_line) > 0.1);
}

TEST_CASE("hovering the highlighted arrow explains it in a tooltip", "[gui][screenshot]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto srd = find_event(*s, "pc.setRemoteDescription", "bob:");
    REQUIRE(srd >= 0);
    s->set_detail(kDefaultDetail);
    s->set_cursor(srd);
    const ScreenLayout screen = make_screen_layout(1280, 800, 1.0f, s->peers().size());
    const auto arrow = highlighted_arrow_rect(screen, *s);
    REQUIRE(arrow.has_value());
    const int mx = static_cast<int>(arrow->x + arrow->w / 2), my = static_cast<int>(arrow->y + arrow->h / 2);
    const std::string on = tmp_path("hover-arrow.png"), off = tmp_path("hover-away.png");
    auto r = run_gui("'" + classroom_path() + "' --step " + std::to_string(srd) + " --mouse " + std::to_string(mx) + "," +
                     std::to_string(my) + " --screenshot '" + on + "'");
    REQUIRE(r.code == 0);
    r = run_gui("'" + classroom_path() + "' --step " + std::to_string(srd) + " --mouse 5,5 --screenshot '" + off + "'");
    REQUIRE(r.code == 0);
    Image a, b;
    REQUIRE(a.load(on));
    REQUIRE(b.load(off));
    // The tooltip opens below and to the right of the pointer: most of that area changes.
    const Rect below_right{static_cast<float>(mx + 20), static_cast<float>(my + 30), 200, 30};
    CHECK(a.differs(b, below_right) > 0.5);
}

TEST_CASE("scripted right, right moves the cursor by two visible events", "[gui][keys]") {
    auto s = open_classroom();
    REQUIRE(s);
    s->set_detail(kDefaultDetail);
    const auto& rows = s->layout().rows(kDefaultDetail);
    REQUIRE(rows.size() > 2);
    auto r = run_gui("'" + classroom_path() + "' --keys right,right");
    REQUIRE(r.exited);
    CHECK(r.code == 0);
    CHECK(r.out == "cursor " + std::to_string(rows[1]) + "\n");

    // From the last event, left goes to the last event shown before it.
    const auto last = static_cast<std::uint32_t>(s->event_count() - 1);
    const auto before_last = rows.back() == last ? rows[rows.size() - 2] : rows.back();
    r = run_gui("'" + classroom_path() + "' --step end --keys left");
    REQUIRE(r.exited);
    CHECK(r.out == "cursor " + std::to_string(before_last) + "\n");

    r = run_gui("'" + classroom_path() + "' --step 100 --keys home");
    CHECK(r.out == "cursor -1\n");
    r = run_gui("'" + classroom_path() + "' --keys end");
    CHECK(r.out == "cursor " + std::to_string(s->event_count() - 1) + "\n");
}

TEST_CASE("a broken file shows the error window and never crashes", "[gui][error]") {
    const std::string bad = tmp_path("broken.jsonl");
    std::ofstream(bad) << "{\"rtclab_trace\": 1, \"events\": 2}\n{not json\n";
    const std::string bad_scenario = tmp_path("broken.json");
    std::ofstream(bad_scenario) << "{\"rtclab_scenario\": 1, \"topology\": 7}\n";
    for (const std::string& file : {bad, bad_scenario, tmp_path("does-not-exist.jsonl")}) {
        const std::string png = tmp_path("error.png");
        std::filesystem::remove(png);
        const auto r = run_gui("'" + file + "' --size 1000x700 --screenshot '" + png + "'");
        INFO(file);
        REQUIRE(r.exited);
        CHECK(r.code == 2);
        Image img;
        REQUIRE(img.load(png));
        const Rect box = error_window_rect(1000, 700);
        CHECK(img.share(box, kErrorBackground) > 0.4);
    }
}

TEST_CASE("the Files window opens over the start-up error, to open another file", "[gui][error][files]") {
    const std::string bad = tmp_path("broken-for-files.json");
    std::ofstream(bad) << "{\"rtclab_scenario\": 1, \"topology\": 7}\n";
    const std::string png = tmp_path("error-files.png");
    std::filesystem::remove(png);
    for (const char* theme : {"light", "dark"}) {
        INFO(theme);
        const auto r = run_gui("'" + bad + "' --theme " + theme + " --open-window files --size 1000x700 --screenshot '" +
                               png + "'");
        REQUIRE(r.exited);
        CHECK(r.code == 2);  // headless runs still say the start-up file did not load
        Image img;
        REQUIRE(img.load(png));
        const Rect box = error_window_rect(1000, 700);
        // The Files window (760x600, centred) covers the error window's middle; the error
        // window's pink still shows at its left edge, in both themes.
        const Rect middle{box.x + box.w * 0.3f, box.y + box.h * 0.3f, box.w * 0.4f, box.h * 0.4f};
        CHECK(img.share(middle, kErrorBackground) == 0.0);
        const Rect left_edge{box.x + 2, box.y + 40, 12, box.h - 50};
        CHECK(img.share(left_edge, kErrorBackground) > 0.8);
    }
}

TEST_CASE("--help describes the program", "[gui][cli]") {
    const auto r = run_gui("--help");
    REQUIRE(r.exited);
    CHECK(r.code == 0);
    CHECK(r.out.find("--screenshot") != std::string::npos);
    CHECK(r.out.find("--bench-frames") != std::string::npos);
}
