#include "ui/gui/model/screen_layout.h"

#include <catch2/catch.hpp>

#include "session_fixture.h"

using namespace rtclab::gui;

namespace {
bool inside(const Rect& in, const Rect& out) {
    return in.x >= out.x && in.y >= out.y && in.right() <= out.right() && in.bottom() <= out.bottom();
}
bool overlap(const Rect& a, const Rect& b) {
    return a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom();
}
}  // namespace

TEST_CASE("the screen layout tiles the window and keeps cells inside their peer", "[gui][layout]") {
    for (float scale : {1.0f, 1.5f}) {
        const ScreenLayout s = make_screen_layout(1280, 800, scale, 2);
        const Rect window{0, 0, 1280, 800};
        CHECK(inside(s.controls, window));
        CHECK(inside(s.sequence, window));
        CHECK(inside(s.lesson, window));
        CHECK(inside(s.topology, window));
        CHECK(inside(s.packet, window));
        CHECK_FALSE(s.topology.empty());
        CHECK_FALSE(s.packet.empty());
        CHECK_FALSE(overlap(s.sequence, s.controls));
        CHECK_FALSE(overlap(s.sequence, s.lesson));
        CHECK_FALSE(overlap(s.sequence, s.topology));
        CHECK_FALSE(overlap(s.sequence, s.packet));
        CHECK_FALSE(overlap(s.topology, s.packet));
        // The packet inspector's parts: heading, field tree, hex dump, stacked inside it.
        const PacketPanel& pp = s.packet_panel;
        CHECK(inside(pp.heading, s.packet));
        CHECK(inside(pp.fields, s.packet));
        CHECK(inside(pp.hex, s.packet));
        CHECK(pp.fields.y >= pp.heading.bottom());
        CHECK(pp.hex.y > pp.fields.bottom());
        CHECK_FALSE(pp.fields.empty());
        // Rows of the dump show: four at scale 1; at 1.5 on this small window, two.
        CHECK(pp.hex.h >= (scale == 1.0f ? 4.0f : 2.0f) * s.metrics.line_h() + 2 * pp.inner_pad);
        REQUIRE(s.peers.size() == 2);
        CHECK_FALSE(overlap(s.peers[0].window, s.peers[1].window));
        for (const auto& p : s.peers) {
            CHECK_FALSE(overlap(p.window, s.sequence));
            CHECK_FALSE(overlap(p.window, s.lesson));
            for (int slot = 0; slot < 2; ++slot)
                for (int side = 0; side < 2; ++side) {
                    CHECK(inside(p.cells[slot][side], p.window));
                    CHECK_FALSE(p.cells[slot][side].empty());
                }
            CHECK_FALSE(overlap(p.cells[0][0], p.cells[0][1]));
            CHECK_FALSE(overlap(p.cells[0][0], p.cells[1][0]));
            // The tabs share the body, under the states and the tab bar.
            CHECK(inside(p.body, p.window));
            CHECK_FALSE(overlap(p.states, p.tabs));
            CHECK_FALSE(overlap(p.tabs, p.body));
            for (const Rect& r : {p.cells[1][1], p.diagram, p.transition, p.candidates, p.pairs}) {
                CHECK(inside(r, p.body));
                CHECK_FALSE(r.empty());
            }
            CHECK_FALSE(overlap(p.diagram, p.transition));
            CHECK(inside(p.pair_row(0), p.pairs));
        }
        CHECK(s.visible_rows() > (scale == 1.0f ? 12u : 6u));
    }
}

TEST_CASE("the highlighted arrow stays on screen wherever the cursor is", "[gui][layout]") {
    auto session = test::open_classroom();
    REQUIRE(session);
    const ScreenLayout s = make_screen_layout(1280, 800, 1.0f, session->peers().size());
    CHECK_FALSE(highlighted_arrow_rect(s, *session).has_value());  // at start nothing is lit
    for (int detail = kMinDetail; detail <= kMaxDetail; ++detail) {
        session->set_detail(detail);
        for (std::ptrdiff_t step : {std::ptrdiff_t{3}, std::ptrdiff_t{100}, std::ptrdiff_t{400}}) {
            session->set_cursor(step);
            const auto r = highlighted_arrow_rect(s, *session);
            REQUIRE(r.has_value());
            CHECK(inside(*r, s.sequence));
            CHECK(r->y >= s.rows_top());
        }
    }
}
