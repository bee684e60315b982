// The peer inspector under Xvfb (label "gui"): the signaling diagram's lit state and last
// transition, and the check list's selected pair, in their exact palette colours at the
// rectangles the view model reports (--peer-tab chooses the tab).
#include <catch2/catch.hpp>

#include "../model/session_fixture.h"
#include "gui_run.h"
#include "ui/gui/model/screen_layout.h"
#include "ui/gui/model/signaling_diagram.h"
#include "ui/gui/views/palette.h"

using namespace rtclab::gui;
using namespace rtclab::gui::test;

namespace {

double share(const Image& img, const Rect& r, ImU32 c) { return img.share(r, c); }

Image screenshot_at(std::ptrdiff_t step, const std::string& tab, const std::string& name) {
    const std::string png = tmp_path(name);
    std::filesystem::remove(png);
    const auto r = run_gui("'" + classroom_path() + "' --step " + std::to_string(step) + " --peer-tab " + tab +
                           " --size 1280x800 --screenshot '" + png + "'");
    Image img;
    REQUIRE(r.exited);
    REQUIRE(r.code == 0);
    REQUIRE(img.load(png));
    return img;
}

std::size_t index_of(const Session& s, const std::string& name) {
    std::size_t i = 0;
    while (i < s.peers().size() && s.peers()[i].name != name) ++i;
    return i;
}

// A thin strip along a straight segment, inside the line's width, clear of its ends.
Rect along(const DiagramPoint& a, const DiagramPoint& b) {
    const float inset = 6;
    if (a.x == b.x) return Rect{a.x - 1, std::min(a.y, b.y) + inset, 2, std::abs(b.y - a.y) - 2 * inset};
    return Rect{std::min(a.x, b.x) + inset, a.y - 1, std::abs(b.x - a.x) - 2 * inset, 2};
}

}  // namespace

TEST_CASE("the signaling diagram lights the state at the cursor and marks the last transition",
          "[gui][screenshot][peer]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto srd = find_event(*s, "pc.setRemoteDescription", "bob:");
    REQUIRE(srd > 0);
    const Image img = screenshot_at(srd, "signaling", "peer-signaling.png");
    s->set_cursor(srd);
    const ScreenLayout screen = make_screen_layout(1280, 800, 1.0f, s->peers().size());
    const Palette pal = make_palette(false);
    const std::size_t bob = index_of(*s, "bob"), alice = index_of(*s, "alice");
    REQUIRE(bob < screen.peers.size());
    REQUIRE(alice < screen.peers.size());

    const auto g = layout_signaling_diagram(screen.peers[bob].diagram, screen.metrics.font_px());
    for (int st = 0; st < sig::kCount; ++st) {
        INFO("bob, node " << signaling_state_name(st));
        if (st == sig::kHaveRemoteOffer) {
            CHECK(share(img, g.nodes[st], pal.sig_lit_node) > 0.5);
        } else {
            CHECK(share(img, g.nodes[st], pal.sig_lit_node) == 0.0);
        }
    }
    // stable -> have-remote-offer drawn in the last transition's colour; stable -> have-local-offer not.
    const auto marked = transition_edges(g, {sig::kStable, sig::kHaveRemoteOffer});
    REQUIRE(marked.size() == 1);
    REQUIRE(marked[0].points.size() == 2);
    CHECK(share(img, along(marked[0].points[0], marked[0].points[1]), pal.sig_last_edge) > 0.9);
    const auto other = g.edges[static_cast<std::size_t>(find_signaling_edge(sig::kStable, sig::kHaveLocalOffer))];
    CHECK(share(img, along(other.points[0], other.points[1]), pal.sig_last_edge) == 0.0);

    // Alice's inspector lights her own state.
    const auto ga = layout_signaling_diagram(screen.peers[alice].diagram, screen.metrics.font_px());
    CHECK(share(img, ga.nodes[sig::kHaveLocalOffer], pal.sig_lit_node) > 0.5);
    CHECK(share(img, ga.nodes[sig::kHaveRemoteOffer], pal.sig_lit_node) == 0.0);
}

TEST_CASE("the check list fills the selected pair's row, and only that row", "[gui][screenshot][peer]") {
    auto s = open_classroom();
    REQUIRE(s);
    s->go_end();
    const Image img = screenshot_at(s->cursor(), "checks", "peer-checks.png");
    const ScreenLayout screen = make_screen_layout(1280, 800, 1.0f, s->peers().size());
    const Palette pal = make_palette(false);
    for (const char* name : {"alice", "bob"}) {
        INFO(name);
        const std::size_t p = index_of(*s, name);
        REQUIRE(p < screen.peers.size());
        const PeerView& v = s->peers()[p];
        const PeerPanel& panel = screen.peers[p];
        REQUIRE(v.selected_pair >= 0);
        const Rect row = panel.pair_row(static_cast<std::size_t>(v.selected_pair));
        REQUIRE(row.bottom() <= panel.pairs.bottom());  // on screen without scrolling
        INFO("selected row " << v.selected_pair << " at " << row.x << "," << row.y << " " << row.w << "x" << row.h);
        CHECK(share(img, row, pal.pair_selected_row) > 0.6);
        for (std::size_t i = 0; i < v.pairs.size(); ++i) {
            const Rect r = panel.pair_row(i);
            if (static_cast<int>(i) == v.selected_pair || r.bottom() > panel.pairs.bottom()) continue;
            CHECK(share(img, r, pal.pair_selected_row) == 0.0);
        }
    }
    // Not in the Descriptions tab's place: the default tab is not drawn when Checks is chosen.
    CHECK(share(img, screen.peers[0].cells[kCurrent][kLocal], pal.cell_present) < 0.1);
}
