#include "ui/gui/model/session.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "session_fixture.h"
#include "sim/trace_format.h"

using namespace rtclab::gui;
namespace sim = rtclab::sim;
using rtclab::gui::test::find_event;
using rtclab::gui::test::open_classroom;
using rtclab::gui::test::peer;

TEST_CASE("the classroom lanes follow the scenario's actors, in order", "[gui][session]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto& lanes = s->trace().lanes;
    std::vector<std::string> ids;
    for (const auto& l : lanes) ids.push_back(l.id);
    CHECK(ids == std::vector<std::string>{"alice.app", "alice.agent", "nat-a", "stun", "signal", "turn", "nat-b",
                                          "bob.agent", "bob.app"});
    CHECK(s->layout().lane_count() == 9);
    CHECK(s->layout().lane_fraction(0) < s->layout().lane_fraction(8));
}

TEST_CASE("the cursor starts at start and names the event at it", "[gui][session]") {
    auto s = open_classroom();
    REQUIRE(s);
    CHECK(s->cursor() == Session::kStart);
    CHECK(s->highlighted_event() == Session::kStart);
    CHECK(s->time_us() == 0);
    const auto sld = find_event(*s, "pc.setLocalDescription", "alice:");
    REQUIRE(sld >= 0);
    s->set_detail(1);
    s->set_cursor(sld);
    CHECK(s->highlighted_event() == sld);
    CHECK(sim::event_kind(s->trace(), static_cast<std::size_t>(s->highlighted_event())) == "pc.setLocalDescription");
    s->set_cursor(1000000);  // clamps
    CHECK(s->cursor() == static_cast<std::ptrdiff_t>(s->event_count()) - 1);
    s->set_cursor(-5);
    CHECK(s->cursor() == Session::kStart);
}

TEST_CASE("after Alice's setLocalDescription(offer) only her pending local description is set", "[gui][session]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto sld = find_event(*s, "pc.setLocalDescription", "alice:");
    REQUIRE(sld >= 0);
    s->set_cursor(sld);
    const PeerView* alice = peer(*s, "alice");
    REQUIRE(alice);
    CHECK(alice->signaling_state == "have-local-offer");
    const auto& pl = alice->descriptions[kPending][kLocal];
    CHECK(pl.present);
    CHECK(pl.type == "offer");
    CHECK(pl.returned);  // localDescription returns the pending one
    CHECK(pl.any_changed);
    CHECK_FALSE(pl.lines.empty());
    CHECK(pl.lines.front() == "v=0");
    CHECK_FALSE(alice->descriptions[kCurrent][kLocal].present);
    CHECK_FALSE(alice->descriptions[kPending][kRemote].present);
    CHECK_FALSE(alice->descriptions[kCurrent][kRemote].present);
    CHECK_FALSE(alice->descriptions[kPending][kRemote].returned);  // remoteDescription is null

    // One step later nothing in that description changed.
    s->set_cursor(sld + 1);
    CHECK_FALSE(peer(*s, "alice")->descriptions[kPending][kLocal].any_changed);
    // The same view whether reached by stepping or by jumping.
    s->set_cursor(sld + 40);
    s->set_cursor(sld);
    CHECK(peer(*s, "alice")->descriptions[kPending][kLocal].any_changed);
}

TEST_CASE("after Bob's setRemoteDescription(offer) his pending remote description is set", "[gui][session]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto srd = find_event(*s, "pc.setRemoteDescription", "bob:");
    REQUIRE(srd >= 0);
    s->set_cursor(srd);
    const PeerView* bob = peer(*s, "bob");
    REQUIRE(bob);
    CHECK(bob->signaling_state == "have-remote-offer");
    CHECK(bob->descriptions[kPending][kRemote].present);
    CHECK(bob->descriptions[kPending][kRemote].type == "offer");
    CHECK(bob->descriptions[kPending][kRemote].returned);
    CHECK_FALSE(bob->descriptions[kCurrent][kRemote].present);
    CHECK_FALSE(bob->descriptions[kPending][kLocal].present);
    CHECK_FALSE(bob->descriptions[kCurrent][kLocal].present);

    // At the end both sides hold only current descriptions, and those are what the
    // attributes return.
    s->go_end();
    for (const char* name : {"alice", "bob"}) {
        const PeerView* p = peer(*s, name);
        REQUIRE(p);
        CHECK(p->signaling_state == "stable");
        CHECK_FALSE(p->descriptions[kPending][kLocal].present);
        CHECK_FALSE(p->descriptions[kPending][kRemote].present);
        CHECK(p->descriptions[kCurrent][kLocal].returned);
        CHECK(p->descriptions[kCurrent][kRemote].returned);
        CHECK_FALSE(p->pairs.empty());
    }
}

TEST_CASE("stepping at detail level 1 visits only API calls and state changes", "[gui][session]") {
    auto s = open_classroom();
    REQUIRE(s);
    s->set_detail(1);
    std::size_t steps = 0;
    while (s->step_forward()) {
        ++steps;
        const std::string kind = sim::event_kind(s->trace(), static_cast<std::size_t>(s->cursor()));
        CHECK(kind.rfind("pc.", 0) == 0);
        CHECK(kind.rfind("packet.", 0) != 0);
    }
    CHECK(steps == s->layout().rows(1).size());
    CHECK(steps > 10);
    CHECK(steps < s->layout().rows(3).size());
    // Back again to start, the same number of steps.
    std::size_t back = 0;
    while (s->step_back()) ++back;
    CHECK(s->cursor() == Session::kStart);
    CHECK(back == steps);

    // Level 3 shows every packet; level 4 every event.
    s->set_detail(3);
    s->step_forward();
    s->step_forward();
    CHECK(s->layout().rows(4).size() == s->event_count());
}

TEST_CASE("stepping from a hidden event goes to the neighbouring visible ones", "[gui][session]") {
    auto s = open_classroom();
    REQUIRE(s);
    s->set_detail(1);
    const auto& rows = s->layout().rows(1);
    std::size_t r = 0;
    while (r + 1 < rows.size() && rows[r] + 1 == rows[r + 1]) ++r;
    REQUIRE(r + 1 < rows.size());
    const auto between = static_cast<std::ptrdiff_t>(rows[r]) + 1;  // hidden at level 1
    s->set_cursor(between);
    CHECK(s->highlighted_event() == rows[r]);
    s->step_forward();
    CHECK(s->cursor() == rows[r + 1]);
    s->set_cursor(between);
    s->step_back();
    CHECK(s->cursor() == rows[r]);
}

TEST_CASE("a broken trace or scenario is an error value naming the file", "[gui][session]") {
    const auto dir = std::filesystem::temp_directory_path() / "rtclab-gui-model-test";
    std::filesystem::create_directories(dir);
    const auto bad = (dir / "broken.jsonl").string();
    std::ofstream(bad) << "{\"rtclab_trace\": 1, \"events\": 3}\nthis is not json\n";
    auto s = Session::open(bad);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message.find("broken.jsonl") != std::string::npos);

    auto missing = Session::open((dir / "missing.json").string());
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.find("missing.json") != std::string::npos);
}

TEST_CASE("the phase bands cover every row, signaling first", "[gui][layout]") {
    auto s = open_classroom();
    REQUIRE(s);
    for (int d = kMinDetail; d <= kMaxDetail; ++d) {
        const auto& bands = s->layout().bands(d);
        REQUIRE_FALSE(bands.empty());
        CHECK(bands.front().first_row == 0);
        CHECK(bands.back().last_row + 1 == s->layout().rows(d).size());
        for (std::size_t i = 1; i < bands.size(); ++i) CHECK(bands[i].first_row == bands[i - 1].last_row + 1);
    }
    const auto offer = find_event(*s, "pc.createOffer", "alice:");
    REQUIRE(offer >= 0);
    CHECK(s->layout().event_phase(static_cast<std::size_t>(offer)) == Phase::kSignaling);
    bool checks = false;
    for (std::size_t i = 0; i < s->event_count(); ++i) checks = checks || s->layout().event_phase(i) == Phase::kChecks;
    CHECK(checks);
    // The relay's work after the pair is chosen (consent checks through TURN) is not gathering:
    // once ICE has connected, no event goes back to the gathering band.
    const auto connected = find_event(*s, "pc.iceconnectionstatechange", "alice: iceConnectionState connected");
    REQUIRE(connected >= 0);
    std::size_t relayed_after = 0;
    for (std::size_t i = static_cast<std::size_t>(connected); i < s->event_count(); ++i) {
        INFO("event " << i << " " << rtclab::sim::event_kind(s->trace(), i));
        CHECK(s->layout().event_phase(i) != Phase::kGathering);
        relayed_after += rtclab::sim::event_kind(s->trace(), i) == "turn.server.relayed";
    }
    CHECK(relayed_after > 0);
    // The allocation itself is gathering.
    const auto allocated = find_event(*s, "ice.turn.allocated", "");
    REQUIRE(allocated >= 0);
    CHECK(s->layout().event_phase(static_cast<std::size_t>(allocated)) == Phase::kGathering);
    // So is the STUN server's answer that makes the srflx candidate (an ice.* kind).
    const auto reflexive = find_event(*s, "ice.stun.response", "");
    REQUIRE(reflexive >= 0);
    CHECK(s->layout().event_phase(static_cast<std::size_t>(reflexive)) == Phase::kGathering);
}
