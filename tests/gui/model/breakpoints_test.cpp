#include "ui/gui/model/breakpoints.h"

#include <catch2/catch.hpp>

#include "session_fixture.h"
#include "sim/trace_format.h"

using namespace rtclab::gui;
namespace sim = rtclab::sim;
using rtclab::gui::test::find_event;
using rtclab::gui::test::open_classroom;

namespace {

// Plays from the cursor as the Play button does (one visible event per step) until a
// breakpoint stops it or the trace ends; returns the hit, if any.
std::optional<BreakpointHit> play(Session& s, const Breakpoints& bps) {
    BreakpointHit hit;
    for (;;) {
        switch (play_one_step(s, bps, &hit)) {
            case PlayStep::kMoved:
                continue;
            case PlayStep::kBreakpoint:
                return hit;
            case PlayStep::kAtEnd:
                return std::nullopt;
        }
    }
}

std::string state_string(const nlohmann::json& state, const char* peer, const char* key) {
    const auto& v = state["peers"][peer][key];
    return v.is_string() ? v.get<std::string>() : std::string();
}

}  // namespace

TEST_CASE(
    "a predicate breakpoint stops playback where Bob's signalingState becomes have-remote-offer",
    "[gui][breakpoints]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto srd = find_event(*s, "pc.setRemoteDescription", "bob:");
    const auto change =
        find_event(*s, "pc.signalingstatechange", "bob: signalingState have-remote-offer");
    REQUIRE(srd >= 0);
    REQUIRE(change >= 0);
    Breakpoints bps;
    REQUIRE(bps.add_spec("/peers/bob/signalingState=have-remote-offer").ok());

    for (int detail = kMinDetail; detail <= kMaxDetail; ++detail) {
        INFO("detail " << detail);
        s->set_detail(detail);
        s->go_start();
        const auto hit = play(*s, bps);
        REQUIRE(hit.has_value());
        // The state changes with setRemoteDescription(offer); onsignalingstatechange reports it
        // as the very next event. Playback stops on the change itself, at every detail level.
        CHECK(s->cursor() == srd);
        CHECK(change == srd + 1);
        CHECK(hit->event == static_cast<std::size_t>(srd));
        CHECK(hit->where == "/peers/bob/signalingState");
        CHECK(state_string(s->state(), "bob", "signalingState") == "have-remote-offer");
        CHECK(state_string(s->state_at(srd - 1), "bob", "signalingState") != "have-remote-offer");
        CHECK(bps.describe(*hit).find("step " + std::to_string(srd)) != std::string::npos);
        // It never becomes have-remote-offer again: playing on runs to the last visible event.
        CHECK_FALSE(play(*s, bps).has_value());
        CHECK(s->cursor() == static_cast<std::ptrdiff_t>(s->layout().rows(detail).back()));
    }

    // Disabled, it does not stop playback; without the predicate's value it would.
    bps.set_enabled(0, false);
    s->go_start();
    CHECK_FALSE(play(*s, bps).has_value());
}

TEST_CASE("a kind breakpoint on nat.drop stops at each drop, even where the level hides NAT events",
          "[gui][breakpoints]") {
    auto s = open_classroom();
    REQUIRE(s);
    std::vector<std::ptrdiff_t> drops;
    for (std::size_t i = 0; i < s->event_count(); ++i) {
        if (sim::event_kind(s->trace(), i) == "nat.drop")
            drops.push_back(static_cast<std::ptrdiff_t>(i));
    }
    REQUIRE(drops.size() >= 2);
    Breakpoints bps;
    REQUIRE(bps.add_spec("nat.drop").ok());
    s->set_detail(kDefaultDetail);  // NAT decisions are not rows at this level
    REQUIRE_FALSE(s->layout().visible(static_cast<std::size_t>(drops[0]), kDefaultDetail));
    for (std::size_t k = 0; k < 2; ++k) {
        const auto hit = play(*s, bps);
        REQUIRE(hit.has_value());
        CHECK(s->cursor() == drops[k]);
        CHECK(hit->where == "nat.drop");
    }
    // Run to next breakpoint from here: the third drop.
    const auto next = bps.find(*s, s->cursor(), static_cast<std::ptrdiff_t>(s->event_count()) - 1);
    REQUIRE(next.has_value());
    CHECK(static_cast<std::ptrdiff_t>(next->event) == drops[2]);

    // A prefix matches the whole family; a different exact kind does not.
    Breakpoints family;
    REQUIRE(family.add_spec("nat.*").ok());
    s->go_start();
    const auto first_nat =
        family.find(*s, Session::kStart, static_cast<std::ptrdiff_t>(s->event_count()) - 1);
    REQUIRE(first_nat.has_value());
    CHECK(sim::event_kind(s->trace(), first_nat->event).rfind("nat.", 0) == 0);
    CHECK(first_nat->event < static_cast<std::size_t>(drops[0]));
    Breakpoints other;
    REQUIRE(other.add_spec("nat.drop.extra").ok());
    CHECK_FALSE(other.find(*s, Session::kStart, static_cast<std::ptrdiff_t>(s->event_count()) - 1)
                    .has_value());
}

TEST_CASE("the preset 'a pair is nominated' stops at each agent's nomination",
          "[gui][breakpoints]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto bob = find_event(*s, "ice.pair.nominated", "bob:");
    const auto alice = find_event(*s, "ice.pair.nominated", "alice:");
    REQUIRE(bob >= 0);
    REQUIRE(alice >= 0);
    Breakpoints bps;
    const auto& presets = breakpoint_presets();
    REQUIRE(presets.size() == 3);
    for (const auto& p : presets)
        REQUIRE(bps.add_spec(p.spec, p.label).ok());
    bps.set_enabled(1, false);  // not the NAT drops
    bps.set_enabled(2, false);  // nor Bob's signalingState
    s->set_detail(1);
    auto hit = play(*s, bps);
    REQUIRE(hit.has_value());
    CHECK(s->cursor() == std::min(bob, alice));
    CHECK(hit->where.rfind("/peers/", 0) == 0);
    CHECK(hit->where.find("/candidatePairs/") != std::string::npos);
    CHECK(bps.list()[hit->breakpoint].label == "a pair is nominated");
    hit = play(*s, bps);
    REQUIRE(hit.has_value());
    CHECK(s->cursor() == std::max(bob, alice));
    CHECK_FALSE(play(*s, bps).has_value());
}

TEST_CASE("state predicates read the event's changes: wildcards, parents, becomes",
          "[gui][breakpoints]") {
    auto bp = parse_breakpoint("/peers/*/candidatePairs/*/nominated=true");
    REQUIRE(bp.ok());
    CHECK(bp->type == Breakpoint::Type::kState);
    const auto changes = nlohmann::json::parse(R"([
        {"path": "/peers/bob/candidatePairs/1:5~12.3.4.5:6", "value": {"nominated": true, "state": "succeeded"}},
        {"path": "/peers/alice/candidatePairs", "value": {"a": {"nominated": false}, "b": {"nominated": true}}},
        {"path": "/peers/alice/candidatePairs/c/nominated", "value": false},
        {"path": "/peers/alice/candidatePairs/d", "remove": true}
    ])");
    const auto hits = bp->state_hits(changes);
    REQUIRE(hits.size() == 2);
    CHECK(hits[0] == "/peers/bob/candidatePairs/1:5~12.3.4.5:6/nominated");
    CHECK(hits[1] == "/peers/alice/candidatePairs/b/nominated");

    auto any = parse_breakpoint("/peers/alice/candidatePairs");
    REQUIRE(any.ok());
    CHECK_FALSE(any->value.has_value());
    CHECK(any->state_hits(changes).size() == 3);  // the parent set, a change under it, a removal

    // " becomes " reads as "="; a value that is not JSON is a string.
    auto becomes = parse_breakpoint("/peers/bob/signalingState becomes stable");
    REQUIRE(becomes.ok());
    CHECK(becomes->value == nlohmann::json("stable"));
    CHECK(becomes->spec == "/peers/bob/signalingState=\"stable\"");
    auto quoted = parse_breakpoint("/servers/stun/stun/bindings_answered=2");
    REQUIRE(quoted.ok());
    CHECK(quoted->value == nlohmann::json(2));
}

TEST_CASE("bad breakpoint specs are rejected with a message", "[gui][breakpoints]") {
    struct Case {
        const char* spec;
        const char* says;
    };
    for (const Case c :
         {Case{"", "empty breakpoint"}, Case{"   ", "empty breakpoint"},
          Case{"NAT.drop", "dot-separated words"}, Case{"nat..drop", "dot-separated words"},
          Case{".drop", "dot-separated words"}, Case{"nat drop", "dot-separated words"},
          Case{"peers/bob/signalingState=stable", "dot-separated words"},
          Case{"/peers/bob/x~2y=1", "~0"}, Case{"/peers/bob/signalingState=", "expected a value"},
          Case{"/peers/bob/signalingState becomes ", "expected a value"}}) {
        INFO("spec '" << c.spec << "'");
        const auto r = parse_breakpoint(c.spec);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.find(c.says) != std::string::npos);
        Breakpoints bps;
        CHECK_FALSE(bps.add_spec(c.spec).ok());
        CHECK(bps.empty());
    }
    // Good ones, for contrast.
    for (const char* good :
         {"nat.drop", "ice.pair.*", "ice.pair.", "pc.signalingstatechange", "/peers/bob",
          "/nats/nat-a/mappings/203.0.113.10:5000", "/peers/*/role=controlling"}) {
        INFO(good);
        CHECK(parse_breakpoint(good).ok());
    }
    // The same spec twice is one breakpoint.
    Breakpoints bps;
    REQUIRE(bps.add_spec("nat.drop").ok());
    REQUIRE(bps.add_spec(" nat.drop ").ok());
    CHECK(bps.list().size() == 1);
}
