// rtclab-gui under Xvfb (label "gui"): the packet inspector's hover, seen on screen. --mouse
// rests the pointer on a field of the tree or a byte of the hex dump (placed by the layout's
// rectangles); the run prints what is lit and the screenshot shows the lit bytes.
#include <catch2/catch.hpp>

#include <regex>

#include "../model/session_fixture.h"
#include "gui_run.h"
#include "ui/gui/model/screen_layout.h"
#include "ui/gui/views/palette.h"

using namespace rtclab::gui;
using namespace rtclab::gui::test;

namespace {


struct Hover {
    GuiResult run;
    Image image;
};

Hover hover_at(std::ptrdiff_t step, float x, float y, const std::string& name) {
    Hover h;
    const std::string png = tmp_path(name);
    std::filesystem::remove(png);
    h.run = run_gui("'" + classroom_path() + "' --step " + std::to_string(step) + " --mouse " +
                    std::to_string(static_cast<int>(x)) + "," + std::to_string(static_cast<int>(y)) +
                    " --screenshot '" + png + "'");
    h.image.load(png);
    return h;
}

double lit_share(const Image& img, const Rect& r, const Palette& pal) {
    return img.share(r, pal.bytes_lit);
}

}  // namespace

TEST_CASE("hovering a field of the tree lights its bytes in the hex dump", "[gui][screenshot][packet]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto stun = find_event(*s, "packet.stun", "Binding request");
    REQUIRE(stun >= 0);
    s->set_cursor(stun);
    REQUIRE(!s->packet().empty());
    const ScreenLayout screen = make_screen_layout(1280, 800, 1.0f, s->peers().size());
    const PacketPanel& pp = screen.packet_panel;
    const Palette pal = make_palette(false);
    // The dump's first two rows hold bytes 0-31; IPv4's header is bytes 0-19.
    const float rows_top = pp.hex_rows_top();
    const float two_rows = 2.0f * screen.metrics.line_h();
    const Rect first_rows{pp.hex.x, rows_top, pp.hex.w, two_rows};
    const Rect later_rows{pp.hex.x, rows_top + two_rows + 2, pp.hex.w, pp.hex.bottom() - rows_top - two_rows - 2};

    // Nothing under the pointer (it rests on the controls): nothing lit.
    const Hover none = hover_at(stun, 5, 5, "hover-none.png");
    REQUIRE(none.run.code == 0);
    CHECK(none.run.out == "packet lit none\n");
    REQUIRE(none.image.width == 1280);
    CHECK(lit_share(none.image, pp.hex, pal) == 0.0);

    // The tree's first row is the IPv4 header.
    const Hover ip = hover_at(stun, pp.fields.x + pp.inner_pad + 40, pp.fields.y + pp.inner_pad + 6, "hover-ipv4.png");
    REQUIRE(ip.run.code == 0);
    CHECK(ip.run.out.rfind("packet lit field 0 bytes 0-19: IPv4: ", 0) == 0);
    REQUIRE(ip.image.width == 1280);
    CHECK(lit_share(ip.image, first_rows, pal) > 0.1);
    CHECK(lit_share(ip.image, later_rows, pal) == 0.0);
}

TEST_CASE("hovering a byte of the hex dump lights the innermost field that holds it", "[gui][screenshot][packet]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto stun = find_event(*s, "packet.stun", "Binding request");
    REQUIRE(stun >= 0);
    s->set_cursor(stun);
    const PacketView& p = s->packet();
    REQUIRE(!p.empty());
    const ScreenLayout screen = make_screen_layout(1280, 800, 1.0f, s->peers().size());
    const PacketPanel& pp = screen.packet_panel;
    const Palette pal = make_palette(false);
    // A third of the way across the first row: one of bytes 0-15 (which one, the font decides).
    const Hover h = hover_at(stun, pp.hex.x + pp.hex.w / 3, pp.hex_rows_top() + 6, "hover-byte.png");
    REQUIRE(h.run.code == 0);
    std::smatch m;
    const std::regex byte_line("packet byte ([0-9]+)\npacket lit field ([0-9]+) bytes ([0-9]+)-([0-9]+): ");
    REQUIRE(std::regex_search(h.run.out, m, byte_line));
    const std::size_t byte = std::stoul(m[1]);
    const std::size_t field = std::stoul(m[2]);
    INFO(h.run.out);
    CHECK(byte < 16);
    REQUIRE(byte < p.field_of_byte.size());
    // The model's innermost field of that byte, and it holds the byte.
    CHECK(field == p.field_of_byte[byte]);
    CHECK(std::stoul(m[3]) <= byte);
    CHECK(std::stoul(m[4]) >= byte);
    REQUIRE(h.image.width == 1280);
    // Lit in the dump's first row, and the closed IPv4 layer that holds it is lit in the tree
    // (the selection colour on its row).
    const Rect first_row{pp.hex.x, pp.hex_rows_top(), pp.hex.w, screen.metrics.font_px()};
    CHECK(lit_share(h.image, first_row, pal) > 0.0);
    const Rect tree_row{pp.fields.x + pp.inner_pad, pp.fields.y + pp.inner_pad, pp.fields.w - 2 * pp.inner_pad,
                        screen.metrics.font_px()};
    const Hover none = hover_at(stun, 5, 5, "hover-none-2.png");
    REQUIRE(none.image.width == 1280);
    // The same tree row differs from the unhovered screenshot (its selection background).
    CHECK(h.image.differs(none.image, tree_row) > 0.5);
}

TEST_CASE("a malformed --mouse point or --size is refused with a message", "[gui][cli]") {
    for (const char* bad : {"12", "a,b", "-1,5", "5,99999", "3,4,5", "4 ,5"}) {
        INFO(bad);
        const auto r = run_gui("'" + classroom_path() + "' --mouse '" + bad + "'");
        REQUIRE(r.exited);
        CHECK(r.code == 1);
        CHECK(r.out.empty());
        CHECK(r.err.find("--mouse: expected X,Y") != std::string::npos);
    }
    for (const char* bad : {"1280", "10x10", "1280x", "x800", "1280x800x2", "9000x800"}) {
        INFO(bad);
        const auto r = run_gui("'" + classroom_path() + "' --size '" + bad + "' --screenshot /dev/null");
        REQUIRE(r.exited);
        CHECK(r.code == 1);
        CHECK(r.err.find("--size: expected WxH") != std::string::npos);
    }
}
