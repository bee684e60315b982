#include "ui/gui/model/scenario_setup.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "session_fixture.h"
#include "sim/trace_format.h"
#include "sim/trace_jsonl.h"

using namespace rtclab::gui;
namespace sim = rtclab::sim;
using rtclab::gui::test::find_event;
using rtclab::gui::test::open_classroom;

namespace {

std::string end_state(const Session& s, const char* peer, const char* key) {
    const auto state = s.state_at(static_cast<std::ptrdiff_t>(s.event_count()) - 1);
    const auto& v = state["peers"][peer][key];
    return v.is_string() ? v.get<std::string>() : std::string("(none)");
}

std::string jsonl(const Session& s) {
    std::ostringstream out;
    sim::write_trace_jsonl(s.trace(), out);
    return out.str();
}

NatSetup& nat(ScenarioSetup& setup, const std::string& name) {
    for (auto& n : setup.nats)
        if (n.name == name) return n;
    FAIL("no NAT " << name);
    return setup.nats.front();
}

// Alice's ICE username fragment, from her offer.
std::string alice_ufrag(const Session& s) {
    const auto e = find_event(s, "pc.createOffer", "alice:");
    if (e < 0) return {};
    const auto sdp = sim::event_detail(s.trace(), static_cast<std::size_t>(e))["description"]["sdp"]
                         .get<std::string>();
    const auto at = sdp.find("a=ice-ufrag:");
    if (at == std::string::npos) return {};
    return sdp.substr(at + 12, sdp.find('\r', at) - at - 12);
}

std::unique_ptr<Session> rerun(const Session& s, const ScenarioSetup& setup) {
    auto r = s.rerun(setup);
    if (!r.ok()) FAIL(r.error().message);
    return std::move(r).value();
}

}  // namespace

TEST_CASE("the setup of the classroom scenario is read from it", "[gui][setup]") {
    auto s = open_classroom();
    REQUIRE(s);
    REQUIRE(s->scenario() != nullptr);
    const ScenarioSetup& setup = s->setup();
    CHECK(setup.seed == 1);
    REQUIRE(setup.nats.size() == 2);
    CHECK(setup.nats[0].name == "nat-a");
    CHECK(setup.nats[0].config.preset == "port-restricted-cone");
    CHECK(setup.nats[1].name == "nat-b");
    CHECK(setup.nats[1].config.preset == "symmetric");
    REQUIRE(setup.peers.size() == 2);
    CHECK(setup.peers[0].host == "alice");
    CHECK(setup.peers[0].turn);
    CHECK(setup.peers[0].trickle);
    CHECK(setup.peers[1].turn);
}

TEST_CASE("changing Bob's NAT changes the outcome; the cursor keeps its virtual time",
          "[gui][setup]") {
    auto s = open_classroom();
    REQUIRE(s);
    CHECK(end_state(*s, "alice", "connectionState") == "connected");

    // Without TURN, port-restricted cone (Alice) against symmetric (Bob) has no path: Bob's
    // NAT opens a new port per destination, and Alice's NAT only lets in the port she sent to.
    s->set_detail(3);
    const auto srd = find_event(*s, "pc.setRemoteDescription", "bob:");
    REQUIRE(srd >= 0);
    s->set_cursor(srd + 60);
    const auto t_before = s->time_us();
    ScenarioSetup setup = s->setup();
    for (auto& p : setup.peers)
        p.turn = false;
    auto no_turn = rerun(*s, setup);
    CHECK(end_state(*no_turn, "alice", "connectionState") == "failed");
    CHECK(end_state(*no_turn, "bob", "connectionState") == "failed");
    // The place in virtual time: the last event at or before the old cursor's time.
    CHECK(no_turn->detail() == 3);
    REQUIRE(no_turn->cursor() >= 0);
    CHECK(no_turn->time_us() <= t_before);
    const auto next = static_cast<std::size_t>(no_turn->cursor() + 1);
    if (next < no_turn->event_count()) CHECK(no_turn->trace().event(next).t_us > t_before);
    CHECK(no_turn->scenario() == s->scenario());  // the loaded scenario is shared, not changed
    CHECK(no_turn->setup() == setup);
    // No relayed candidates without TURN.
    CHECK(find_event(*no_turn, "ice.turn.allocated", "") == -2);

    // Bob's NAT as a full cone: anyone may send to his mapping, so the checks get through.
    nat(setup, "nat-b").config = with_preset("full-cone");
    auto full_cone = rerun(*no_turn, setup);
    CHECK(end_state(*full_cone, "alice", "connectionState") == "connected");
    CHECK(end_state(*full_cone, "bob", "connectionState") == "connected");
    // Nobody learns a peer-reflexive candidate any more: Bob's mapping is the same for everyone.
    CHECK(find_event(*full_cone, "ice.candidate.prflx", "") == -2);

    // Both symmetric and TURN off: the classic failure.
    nat(setup, "nat-b").config = with_preset("symmetric");
    nat(setup, "nat-a").config = with_preset("symmetric");
    auto both = rerun(*full_cone, setup);
    CHECK(end_state(*both, "alice", "connectionState") == "failed");
    CHECK(end_state(*both, "bob", "connectionState") == "failed");

    // The same with TURN back on: relayed candidates connect them.
    for (auto& p : setup.peers)
        p.turn = true;
    auto relayed = rerun(*both, setup);
    CHECK(end_state(*relayed, "alice", "connectionState") == "connected");
}

TEST_CASE("the seed changes ICE credentials; the same seed gives a byte-identical trace",
          "[gui][setup]") {
    auto s = open_classroom();
    REQUIRE(s);
    const std::string original = jsonl(*s);
    const std::string ufrag1 = alice_ufrag(*s);
    REQUIRE_FALSE(ufrag1.empty());

    ScenarioSetup setup = s->setup();
    auto same = rerun(*s, setup);
    CHECK(jsonl(*same) == original);

    setup.seed = 2;
    auto two = rerun(*s, setup);
    CHECK(two->trace().seed == 2);
    const std::string ufrag2 = alice_ufrag(*two);
    REQUIRE_FALSE(ufrag2.empty());
    CHECK(ufrag2 != ufrag1);
    CHECK(jsonl(*two) != original);
    auto two_again = rerun(*same, setup);
    CHECK(jsonl(*two_again) == jsonl(*two));

    setup.seed = std::uint64_t{1} << 53;
    const auto bad = s->rerun(setup);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("2^53") != std::string::npos);
}

TEST_CASE("trickle off sends the candidates inside the description", "[gui][setup]") {
    auto s = open_classroom();
    REQUIRE(s);
    ScenarioSetup setup = s->setup();
    for (auto& p : setup.peers)
        p.trickle = false;
    auto r = rerun(*s, setup);
    std::size_t candidates = 0;
    for (std::size_t i = 0; i < r->event_count(); ++i) {
        if (sim::event_kind(r->trace(), i) != "signal.send") continue;
        const auto msg = sim::event_detail(r->trace(), i)["message"];
        if (msg.value("type", "") == "candidate") ++candidates;
    }
    CHECK(candidates == 0);
    CHECK(end_state(*r, "alice", "connectionState") == "connected");
}

TEST_CASE("a NAT knob makes the preset custom unless it equals a preset", "[gui][setup]") {
    sim::NatConfig c = with_preset("port-restricted-cone");
    c.filtering = sim::Behavior::kEndpointIndependent;
    name_preset(c);
    CHECK(c.preset == "full-cone");
    c.mapping_lifetime = rtclab::net::Duration::seconds(30);
    name_preset(c);
    CHECK(c.preset == "custom");
    c.mapping_lifetime = rtclab::net::Duration::seconds(120);
    name_preset(c);
    CHECK(c.preset == "full-cone");
    CHECK(with_preset("open").translates == false);
}

TEST_CASE("a recorded trace cannot be re-run, and says why", "[gui][setup]") {
    auto s = open_classroom();
    REQUIRE(s);
    const std::string path =
        (std::filesystem::temp_directory_path() / "rtclab-gui-setup-test.jsonl").string();
    REQUIRE(sim::write_trace_file(s->trace(), path).ok());
    auto t = Session::open(path);
    REQUIRE(t.ok());
    CHECK(t.value()->scenario() == nullptr);
    const auto r = t.value()->rerun(s->setup());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("recorded trace") != std::string::npos);
    std::remove(path.c_str());
}
