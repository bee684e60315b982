// The topology view under Xvfb (label "gui"): the NAT table entry the event at the cursor hit is
// drawn in the lit colour where the view model says it is; a drop's missing entry is not lit.
#include <catch2/catch.hpp>

#include "../model/session_fixture.h"
#include "gui_run.h"
#include "ui/gui/model/screen_layout.h"
#include "ui/gui/views/palette.h"

using namespace rtclab::gui;
using namespace rtclab::gui::test;

namespace {

double share(const Image& img, const Rect& r, ImU32 c) { return img.share(r, c); }

Image screenshot_at(std::ptrdiff_t step, const std::string& name) {
    const std::string png = tmp_path(name);
    std::filesystem::remove(png);
    const auto r = run_gui("'" + classroom_path() + "' --step " + std::to_string(step) + " --detail 4 --size 1280x800 --screenshot '" + png + "'");
    Image img;
    REQUIRE(r.exited);
    REQUIRE(r.code == 0);
    REQUIRE(img.load(png));
    return img;
}

}  // namespace

TEST_CASE("the NAT entry a new mapping lit shows in the lit colour", "[gui][screenshot][topology]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto created = find_event(*s, "nat.mapping.created", "");
    REQUIRE(created >= 0);
    const Image img = screenshot_at(created, "topology-created.png");
    s->set_cursor(created);
    const ScreenLayout screen = make_screen_layout(1280, 800, 1.0f, s->peers().size());
    Rect lit;
    REQUIRE(s->topology().lit_line_rect(screen.topology, 1.0f, lit));
    REQUIRE_FALSE(s->topology().at_cursor().lit_missing);
    INFO("lit line at " << lit.x << "," << lit.y << " " << lit.w << "x" << lit.h);
    CHECK(share(img, lit, kNatEntryLit) > 0.5);
    // Not in the drawing above the tables, nor in the rest of the window.
    const TopologyPlacement& p = s->topology().placement(screen.topology, 1.0f);
    CHECK(share(img, p.graph, kNatEntryLit) == 0.0);
    CHECK(share(img, screen.sequence, kNatEntryLit) == 0.0);
}

TEST_CASE("a drop shows its missing entry, not a lit one", "[gui][screenshot][topology]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto drop = find_event(*s, "nat.drop", "");
    REQUIRE(drop >= 0);
    const Image img = screenshot_at(drop, "topology-drop.png");
    s->set_cursor(drop);
    const ScreenLayout screen = make_screen_layout(1280, 800, 1.0f, s->peers().size());
    Rect missing;
    REQUIRE(s->topology().lit_line_rect(screen.topology, 1.0f, missing));
    REQUIRE(s->topology().at_cursor().lit_missing);
    const Palette pal = make_palette(false);
    CHECK(share(img, missing, pal.nat_entry_missing) > 0.5);
    CHECK(share(img, screen.topology, kNatEntryLit) == 0.0);
}
