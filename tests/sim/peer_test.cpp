// Peers in the world: MDN's flow over the signaling server, the four descriptions in the state
// document at every step, consent loss and ICE restart, scripted API calls with expected
// errors, and the NAT matrix asserted against RFC 4787.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/apps/peer_app.h"
#include "sim/expectations.h"
#include "sim/nat_matrix.h"
#include "sim/scenario_loader.h"
#include "sim/state_index.h"
#include "sim/trace_format.h"
#include "sim/trace_jsonl.h"
#include "sim/world.h"

using namespace rtclab;
using namespace rtclab::sim;
using nlohmann::json;

namespace {

const std::string kScenarios = std::string(RTCLAB_SOURCE_DIR) + "/scenarios/";

// The first event of `kind` on `lane` at or after `from`; the test fails if there is none.
std::size_t find_event(const Trace& t, const std::string& kind, const std::string& lane,
                       std::size_t from = 0) {
    for (std::size_t i = from; i < t.size(); ++i) {
        if (event_kind(t, i) != kind) continue;
        const json lanes = event_lanes(t, i);
        if (!lane.empty() && (lanes.empty() || lanes[0] != lane)) continue;
        return i;
    }
    FAIL("no " << kind << " event on " << lane << " after step " << from);
    return 0;
}

bool has_event(const Trace& t, const std::string& kind, const std::string& lane) {
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (event_kind(t, i) == kind && (lane.empty() || event_lanes(t, i)[0] == lane)) return true;
    }
    return false;
}

json peer(const StateIndex& s, std::size_t step, const std::string& name) {
    return s.state_after(static_cast<std::ptrdiff_t>(step))["peers"][name];
}

Scenario load(const std::string& text) {
    auto r = load_scenario_text(text, "test.json", kScenarios);
    INFO((r.ok() ? std::string() : r.error().message));
    REQUIRE(r.ok());
    return std::move(r).value();
}

// Alice and Bob behind full-cone NATs with STUN and signaling: they connect quickly.
std::string two_peers(const std::string& extra_peer_a, const std::string& script,
                      int duration_ms = 8000, const std::string& extra_peer_b = "") {
    return R"({"rtclab_scenario": 1, "name": "peers", "duration_ms": )" +
           std::to_string(duration_ms) + R"(,
      "topology": {"name": "t", "networks": [
        {"name": "internet", "cidr": "0.0.0.0/0", "latency_ms": 10},
        {"name": "home-a", "cidr": "192.168.1.0/24", "parent": "internet",
         "nat": {"name": "nat-a", "preset": "full-cone", "outside": "203.0.113.10", "inside": "192.168.1.1"}},
        {"name": "home-b", "cidr": "192.168.2.0/24", "parent": "internet",
         "nat": {"name": "nat-b", "preset": "full-cone", "outside": "198.51.100.20", "inside": "192.168.2.1"}}],
       "hosts": [
        {"name": "alice", "network": "home-a", "address": "192.168.1.10"},
        {"name": "bob", "network": "home-b", "address": "192.168.2.20"},
        {"name": "stun", "network": "internet", "address": "203.0.113.1", "stun": {}},
        {"name": "signal", "network": "internet", "address": "203.0.113.5", "signaling": {"latency_ms": 20}}]},
      "signaling": "signal",
      "peers": [{"host": "alice", "offerer": true, "ice_servers": ["stun"])" +
           extra_peer_a + R"(},
                {"host": "bob", "ice_servers": ["stun"])" +
           extra_peer_b + R"(}],
      "script": [)" + script + "]}";
}

}  // namespace

TEST_CASE("classroom: the entire exchange connects through a port-restricted and a symmetric NAT",
          "[sim][peers]") {
    auto r = load_scenario_file(kScenarios + "classroom.json");
    REQUIRE(r.ok());
    World world(*r);
    world.run();
    const Trace& t = world.trace();
    StateIndex states(t);
    for (const auto& e : evaluate_expectations(*r, t, states)) {
        INFO(e.what << ": " << e.why);
        CHECK(e.passed);
    }
    // Port-restricted against symmetric has no direct path (RFC 4787 §5): a relay carries it.
    const PeerApp* alice = world.peer_app("alice");
    REQUIRE(alice);
    const auto summary = alice->summary();
    CHECK(summary["connectionState"] == "connected");
    const std::string local = summary["selectedPair"]["local"]["type"];
    const std::string remote = summary["selectedPair"]["remote"]["type"];
    CHECK((local == "relay" || remote == "relay"));
    CHECK(summary["candidates"]["local"]["relay"] == 1);
    CHECK(summary["checks"]["sent"].get<int>() > 0);
    CHECK(summary["checks"]["succeeded"].get<int>() > 0);
}

TEST_CASE("peers: signalingstatechange fires before the page sends the description; candidates after",
          "[sim][peers][jsep]") {
    // webrtc-pc §4.4.1.6: the state change fires while setLocalDescription succeeds, before its
    // promise resolves and the page's next line sends the description; icegatheringstatechange and
    // icecandidate are tasks that come after.
    auto r = load_scenario_file(kScenarios + "classroom.json");
    REQUIRE(r.ok());
    World world(*r);
    world.run();
    const Trace& t = world.trace();
    for (const std::string peer_name : {"alice", "bob"}) {
        INFO(peer_name);
        const auto sld = find_event(t, "pc.setLocalDescription", peer_name + ".app");
        const auto change = find_event(t, "pc.signalingstatechange", peer_name + ".agent", sld);
        const auto send = find_event(t, "signal.send", peer_name + ".app", sld);
        const auto gathering = find_event(t, "pc.icegatheringstatechange", peer_name + ".agent", sld);
        const auto candidate = find_event(t, "pc.icecandidate", peer_name + ".agent", sld);
        CHECK(change == sld + 1);
        CHECK(send == change + 1);
        const json sent = event_detail(t, send)["message"];
        CHECK(sent["type"] == (peer_name == "alice" ? "offer" : "answer"));
        CHECK(gathering > send);
        CHECK(candidate > send);
    }
}

TEST_CASE("peers: pending and current descriptions at every step of MDN's flow", "[sim][peers][jsep]") {
    World world(load(two_peers("", "")));
    world.run();
    const Trace& t = world.trace();
    StateIndex s(t);

    // Start: nothing set.
    const json start = s.state_after(StateIndex::kStart)["peers"]["alice"];
    CHECK(start["signalingState"] == "stable");
    CHECK(start["pendingLocalDescription"].is_null());
    CHECK(start["currentLocalDescription"].is_null());
    CHECK(start["localDescription"].is_null());
    CHECK(start["role"].is_null());  // no offer yet: no ICE role (RFC 8445 §6.1.1)

    // 1-2. Alice: createOffer, setLocalDescription(offer) -> pending local, localDescription is it.
    const auto a_sld = find_event(t, "pc.setLocalDescription", "alice.app");
    json a = peer(s, a_sld, "alice");
    CHECK(a["signalingState"] == "have-local-offer");
    CHECK(a["pendingLocalDescription"]["type"] == "offer");
    CHECK(a["currentLocalDescription"].is_null());
    CHECK(a["localDescription"] == "pending");
    CHECK(a["role"] == "controlling");                 // the offerer controls
    CHECK(peer(s, a_sld, "bob")["role"].is_null());    // Bob has not seen the offer yet

    // Gathered candidates join the pending local description.
    const auto a_cand = find_event(t, "pc.icecandidate", "alice.agent", a_sld);
    a = peer(s, a_cand, "alice");
    CHECK(a["pendingLocalDescription"]["sdp"].get<std::string>().find("a=candidate:") != std::string::npos);

    // 3. The offer crosses the signaling server, carrying the SDP.
    const auto relay = find_event(t, "signal.relay", "signal");
    CHECK(event_detail(t, relay)["message"]["type"] == "offer");
    CHECK(relay > a_sld);

    // 4. Bob: setRemoteDescription(offer) -> pending remote.
    const auto b_srd = find_event(t, "pc.setRemoteDescription", "bob.app");
    json b = peer(s, b_srd, "bob");
    CHECK(b["signalingState"] == "have-remote-offer");
    CHECK(b["pendingRemoteDescription"]["type"] == "offer");
    CHECK(b["currentRemoteDescription"].is_null());
    CHECK(b["remoteDescription"] == "pending");
    CHECK(b["role"] == "controlled");

    // 5-6. Bob: createAnswer, setLocalDescription(answer) -> both current, pendings null.
    const auto b_sld = find_event(t, "pc.setLocalDescription", "bob.app", b_srd);
    b = peer(s, b_sld, "bob");
    CHECK(b["signalingState"] == "stable");
    CHECK(b["pendingRemoteDescription"].is_null());
    CHECK(b["pendingLocalDescription"].is_null());
    CHECK(b["currentRemoteDescription"]["type"] == "offer");
    CHECK(b["currentLocalDescription"]["type"] == "answer");
    CHECK(b["localDescription"] == "current");
    // Alice is still waiting at that step.
    CHECK(peer(s, b_sld, "alice")["signalingState"] == "have-local-offer");

    // 9. Alice: setRemoteDescription(answer) -> stable, current both.
    const auto a_srd = find_event(t, "pc.setRemoteDescription", "alice.app");
    a = peer(s, a_srd, "alice");
    CHECK(a["signalingState"] == "stable");
    CHECK(a["pendingLocalDescription"].is_null());
    CHECK(a["currentLocalDescription"]["type"] == "offer");
    CHECK(a["currentRemoteDescription"]["type"] == "answer");

    // Trickled candidates reach Bob's remote description through addIceCandidate.
    const auto b_add = find_event(t, "pc.addIceCandidate", "bob.app", b_srd);
    CHECK(event_detail(t, b_add)["result"] == "ok");

    // And they connect; the state document at the end says so.
    const json end = s.state_after(static_cast<std::ptrdiff_t>(t.size()) - 1)["peers"];
    CHECK(end["alice"]["connectionState"] == "connected");
    CHECK(end["bob"]["connectionState"] == "connected");
    CHECK_FALSE(end["alice"]["selectedPair"].is_null());
    // The state document's pairs match the PeerConnection's.
    CHECK(end["alice"]["candidatePairs"].size() ==
          world.peer_app("alice")->pc().ice_agent().pairs().size());
}

TEST_CASE("peers: without trickle the description goes once gathering is complete",
          "[sim][peers]") {
    World world(load(two_peers(R"(, "trickle": false)", "", 8000, R"(, "trickle": false)")));
    world.run();
    const Trace& t = world.trace();
    CHECK_FALSE(has_event(t, "signal.send", "") == false);
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (event_kind(t, i) != "signal.send") continue;
        const auto m = event_detail(t, i)["message"];
        CHECK(m["type"] != "candidate");  // no trickled candidate at all
        if (m["type"] == "offer") {
            CHECK(m["sdp"].get<std::string>().find("a=candidate:") != std::string::npos);
            CHECK(m["sdp"].get<std::string>().find("a=end-of-candidates") != std::string::npos);
        }
    }
    CHECK(world.peer_app("alice")->ever_connected());
    CHECK(world.peer_app("bob")->ever_connected());
}

TEST_CASE("peers: a link that goes down takes ICE to disconnected, then failed; a restart recovers",
          "[sim][peers][ice]") {
    // Connected by 1 s; home-a's link fails at 2 s: consent checks go unanswered.
    World world(load(two_peers("", R"({"at_ms": 2000, "do": "link-down", "network": "home-a"},
        {"at_ms": 40000, "do": "link-up", "network": "home-a"},
        {"at_ms": 41000, "do": "restart-ice", "peer": "alice"})",
                               50000)));
    world.run();
    const Trace& t = world.trace();
    StateIndex s(t);
    const auto down = find_event(t, "link.down", "");
    CHECK(peer(s, down, "alice")["iceConnectionState"] == "connected");
    std::size_t disconnected = 0;
    std::size_t failed = 0;
    for (std::size_t i = down; i < t.size(); ++i) {
        if (event_kind(t, i) != "pc.iceconnectionstatechange" || event_lanes(t, i)[1] != "alice.app")
            continue;
        const std::string st = event_detail(t, i)["state"];
        if (st == "disconnected" && !disconnected) disconnected = i;
        if (st == "failed" && !failed) failed = i;
    }
    REQUIRE(disconnected > 0);
    REQUIRE(failed > disconnected);
    // Disconnected within seconds, failed only when consent expired (RFC 7675: 30 s).
    CHECK(t.event(disconnected).t_us - t.event(down).t_us < 10'000'000);
    CHECK(t.event(failed).t_us - t.event(down).t_us >= 25'000'000);

    // The ICE restart: a new offer with new credentials, and connected again.
    const auto restart = find_event(t, "pc.restartIce", "alice.app");
    const auto offer = find_event(t, "pc.createOffer", "alice.app", restart);
    const auto first_offer = find_event(t, "pc.createOffer", "alice.app");
    const auto ufrag = [&](std::size_t i) {
        const std::string sdp = event_detail(t, i)["description"]["sdp"];
        const auto at = sdp.find("a=ice-ufrag:");
        return sdp.substr(at, sdp.find('\r', at) - at);
    };
    CHECK(ufrag(offer) != ufrag(first_offer));
    CHECK(s.state_after(static_cast<std::ptrdiff_t>(t.size()) - 1)["peers"]["alice"]
              ["iceConnectionState"] == "connected");
}

TEST_CASE("peers: scripted API calls report W3C errors and become expectations", "[sim][peers][jsep]") {
    const std::string text = R"({"rtclab_scenario": 1, "name": "exercise", "duration_ms": 2000,
      "topology": "topologies/classroom.json",
      "peers": [{"host": "alice", "negotiate": false}, {"host": "bob", "negotiate": false}],
      "script": [
        {"at_ms": 10, "do": "call", "peer": "bob", "call": "setLocalDescription", "type": "answer",
         "expect_error": "InvalidStateError"},
        {"at_ms": 20, "do": "call", "peer": "alice", "call": "createOffer", "expect_error": null},
        {"at_ms": 30, "do": "call", "peer": "alice", "call": "setLocalDescription", "type": "offer",
         "expect_error": null},
        {"at_ms": 35, "do": "call", "peer": "bob", "call": "createOffer", "expect_error": null},
        {"at_ms": 36, "do": "call", "peer": "bob", "call": "setLocalDescription", "type": "offer",
         "expect_error": null},
        {"at_ms": 40, "do": "call", "peer": "alice", "call": "setRemoteDescription", "type": "offer",
         "expect_error": null},
        {"at_ms": 50, "do": "call", "peer": "alice", "call": "setRemoteDescription", "type": "answer",
         "expect_error": "InvalidStateError"},
        {"at_ms": 60, "do": "call", "peer": "bob", "call": "setLocalDescription", "type": "rollback",
         "expect_error": null}
      ]})";
    const Scenario scenario = load(text);
    CHECK(scenario.expectations.size() == 8);  // one per call with expect_error
    World world(scenario);
    world.run();
    StateIndex s(world.trace());
    for (const auto& e : evaluate_expectations(scenario, world.trace(), s)) {
        INFO(e.what << ": " << e.why);
        CHECK(e.passed);
    }
    // Glare: Alice's setRemoteDescription(offer) in have-local-offer rolled her own offer back
    // (perfect negotiation's implicit rollback); Bob rolled his back explicitly.
    const json end = s.state_after(static_cast<std::ptrdiff_t>(world.trace().size()) - 1)["peers"];
    CHECK(end["alice"]["signalingState"] == "have-remote-offer");
    CHECK(end["alice"]["pendingLocalDescription"].is_null());
    CHECK(end["alice"]["pendingRemoteDescription"]["type"] == "offer");
    CHECK(end["bob"]["signalingState"] == "stable");
    CHECK(end["bob"]["pendingLocalDescription"].is_null());

    // A wrong expectation fails, and says so.
    std::string wrong = text;
    wrong.replace(wrong.find("\"expect_error\": \"InvalidStateError\""), 35,
                  "\"expect_error\": \"OperationError\"");
    const Scenario bad = load(wrong);
    World w2(bad);
    w2.run();
    StateIndex s2(w2.trace());
    const auto results = evaluate_expectations(bad, w2.trace(), s2);
    CHECK_FALSE(results[0].passed);
}

TEST_CASE("peers: the loader checks peers, ICE servers and signaling", "[sim][peers][scenario_loader]") {
    const auto errors = [](const std::string& text) {
        auto r = load_scenario_text(text, "test.json", kScenarios);
        REQUIRE_FALSE(r.ok());
        return r.error().message;
    };
    const std::string base = R"({"rtclab_scenario": 1, "name": "x", "topology": "topologies/classroom.json", )";
    CHECK_THAT(errors(base + R"("signaling": "signal", "peers": [{"host": "alise", "offerer": true}]})"),
               Catch::Contains("unknown host 'alise' (did you mean 'alice'?)"));
    CHECK_THAT(errors(base + R"("signaling": "signal", "peers": [{"host": "stun", "offerer": true}]})"),
               Catch::Contains("host 'stun' is a server"));
    CHECK_THAT(errors(base + R"("signaling": "signal", "peers": [{"host": "alice"}, {"host": "bob"}]})"),
               Catch::Contains("no peer is the offerer"));
    CHECK_THAT(errors(base + R"("peers": [{"host": "alice", "offerer": true}]})"),
               Catch::Contains("missing required key 'signaling'"));
    CHECK_THAT(errors(base + R"("signaling": "stun", "peers": [{"host": "alice", "offerer": true}]})"),
               Catch::Contains("host 'stun' runs no signaling service"));
    CHECK_THAT(errors(base + R"("signaling": "signal", "peers": [{"host": "alice", "offerer": true,
               "ice_servers": ["signal"]}]})"),
               Catch::Contains("host 'signal' runs no STUN or TURN service"));
    CHECK_THAT(errors(base + R"("signaling": "signal", "peers": [{"host": "alice", "offerer": true,
               "ice_transport_policy": "relais"}]})"),
               Catch::Contains("did you mean 'relay'?"));
    CHECK_THAT(errors(base + R"("signaling": "signal", "peers": [{"host": "alice", "offerer": true,
               "media": ["audio", "smell"]}]})"),
               Catch::Contains("/peers/0/media/1: unknown media kind 'smell'"));
    CHECK_THAT(errors(base + R"("signaling": "signal", "peers": [{"host": "alice", "offerer": true}],
               "script": [{"at_ms": 5, "do": "call", "peer": "bob", "call": "createOffer"}]})"),
               Catch::Contains("unknown peer 'bob'"));
    CHECK_THAT(errors(base + R"("signaling": "signal", "peers": [{"host": "alice", "offerer": true}],
               "script": [{"at_ms": 5, "do": "call", "peer": "alice", "call": "setLocalDescriptor"}]})"),
               Catch::Contains("did you mean 'setLocalDescription'?"));
    CHECK_THAT(errors(base + R"("signaling": "signal", "peers": [{"host": "alice", "offerer": true}],
               "script": [{"at_ms": 5, "do": "call", "peer": "alice", "call": "createOffer",
               "expect_error": "InvalidStateErr"}]})"),
               Catch::Contains("unknown error name 'InvalidStateErr'"));
    CHECK_THAT(errors(base + R"("signaling": "signal", "peers": [{"host": "alice", "offerer": true}],
               "script": [{"at_ms": 5, "do": "link-down", "network": "home-c"}]})"),
               Catch::Contains("unknown network 'home-c'"));
    CHECK_THAT(errors(base + R"("signaling": "signal", "peers": {"host": "alice"}})"),
               Catch::Contains("/peers: expected an array of peers"));
}

TEST_CASE("peers: the same scenario and seed give byte-identical traces", "[sim][peers][determinism]") {
    auto r = load_scenario_file(kScenarios + "classroom.json");
    REQUIRE(r.ok());
    const auto trace_text = [&](std::uint64_t seed) {
        World w(*r, WorldOptions{seed, true});
        w.run();
        std::ostringstream out;
        write_trace_jsonl(w.trace(), out);
        return out.str();
    };
    const std::string one = trace_text(7);
    CHECK(one == trace_text(7));
    CHECK(one != trace_text(8));
}

TEST_CASE("NAT matrix: outcomes follow RFC 4787, and TURN is used only where needed",
          "[sim][peers][matrix]") {
    const auto without = run_matrix(false);
    const auto with = run_matrix(true);
    REQUIRE(without.size() == 25);
    REQUIRE(with.size() == 25);
    // Endpoint-dependent mapping (symmetric) on one side and port-dependent filtering on the
    // other leave no direct path: the symmetric side's checks come from a port the other NAT
    // never sent to, and its own checks go to a mapping the symmetric NAT does not use for them.
    const auto direct_fails = [](const std::string& a, const std::string& b) {
        const auto hard = [](const std::string& x, const std::string& y) {
            return x == "symmetric" && (y == "symmetric" || y == "port-restricted-cone");
        };
        return hard(a, b) || hard(b, a);
    };
    for (std::size_t i = 0; i < 25; ++i) {
        const auto& c = without[i];
        INFO(c.a << " x " << c.b << " without TURN");
        CHECK(c.connected == !direct_fails(c.a, c.b));
        CHECK_FALSE(c.relay);
        CHECK(c.pair.has_value() == c.connected);
        if (c.connected) {
            // Behind "open" a peer's own host address is reachable; behind a symmetric NAT a
            // peer is reached at a peer-reflexive address learned from its checks.
            const std::string local = c.pair->substr(0, c.pair->find('/'));
            const std::string remote = c.pair->substr(c.pair->find('/') + 1);
            CHECK(local == (c.a == "open" ? "host" : c.a == "symmetric" ? "prflx" : "srflx"));
            CHECK(remote == (c.b == "open" ? "host" : c.b == "symmetric" ? "prflx" : "srflx"));
        } else {
            CHECK(c.a_state == "failed");
        }
        const auto& t = with[i];
        INFO(t.a << " x " << t.b << " with TURN");
        CHECK(t.connected);
        CHECK(t.relay == direct_fails(t.a, t.b));  // policy "all": a relay only when needed
    }
    const auto json_row = matrix_row_json(without[24]);
    CHECK(json_row["a"] == "symmetric");
    CHECK(json_row["b"] == "symmetric");
    CHECK(json_row["connected"] == false);
    CHECK(json_row["pair"].is_null());
}

TEST_CASE("peers: renegotiation keeps the ICE credentials and the connection", "[sim][peers][jsep]") {
    World world(load(two_peers("", R"({"at_ms": 3000, "do": "negotiate", "peer": "alice"})", 6000)));
    world.run();
    const Trace& t = world.trace();
    const auto first = find_event(t, "pc.createOffer", "alice.app");
    const auto second = find_event(t, "pc.createOffer", "alice.app", first + 1);
    CHECK(t.event(second).t_us == 3'000'000);
    const auto line = [&](std::size_t i, const std::string& prefix) {
        const std::string sdp = event_detail(t, i)["description"]["sdp"];
        const auto at = sdp.find(prefix);
        REQUIRE(at != std::string::npos);
        return sdp.substr(at, sdp.find('\r', at) - at);
    };
    CHECK(line(first, "a=ice-ufrag:") == line(second, "a=ice-ufrag:"));
    CHECK(line(first, "o=") != line(second, "o="));  // RFC 8829 §5.2.2: the version goes up
    StateIndex s(t);
    const json end = s.state_after(static_cast<std::ptrdiff_t>(t.size()) - 1)["peers"];
    CHECK(end["alice"]["signalingState"] == "stable");
    CHECK(end["bob"]["signalingState"] == "stable");
    CHECK(end["alice"]["connectionState"] == "connected");
    CHECK(end["alice"]["currentLocalDescription"]["sdp"] ==
          event_detail(t, second)["description"]["sdp"]);
}

TEST_CASE("peers: an ICE-lite answerer on a public address; the full agent controls", "[sim][peers][ice]") {
    const std::string text = R"({"rtclab_scenario": 1, "name": "lite", "duration_ms": 5000,
      "topology": {"networks": [
        {"name": "internet", "cidr": "0.0.0.0/0", "latency_ms": 10},
        {"name": "home-a", "cidr": "192.168.1.0/24", "parent": "internet",
         "nat": {"name": "nat-a", "preset": "symmetric", "outside": "203.0.113.10", "inside": "192.168.1.1"}}],
       "hosts": [
        {"name": "alice", "network": "home-a", "address": "192.168.1.10"},
        {"name": "media", "network": "internet", "address": "198.51.100.50"},
        {"name": "signal", "network": "internet", "address": "203.0.113.5", "signaling": {}}]},
      "signaling": "signal",
      "peers": [{"host": "alice", "offerer": true},
                {"host": "media", "ice_lite": true}]})";
    World world(load(text));
    world.run();
    StateIndex s(world.trace());
    const json end = s.state_after(static_cast<std::ptrdiff_t>(world.trace().size()) - 1)["peers"];
    CHECK(end["alice"]["connectionState"] == "connected");
    CHECK(end["media"]["connectionState"] == "connected");
    CHECK(end["alice"]["role"] == "controlling");
    CHECK(end["media"]["role"] == "controlled");
    // The lite side answers checks but never sends one, and gathers nothing but host.
    const auto& lite = world.peer_app("media")->pc().ice_agent();
    CHECK(lite.stats().checks_sent == 0);
    CHECK(lite.stats().checks_received > 0);
    for (const auto& c : lite.local_candidates()) CHECK(c.type == net::sdp::CandidateType::kHost);
    CHECK(end["media"]["currentLocalDescription"]["sdp"].get<std::string>().find("a=ice-lite") !=
          std::string::npos);
}

TEST_CASE("every shipped lesson loads and its expectations hold", "[sim][peers][scenarios]") {
    std::size_t lessons = 0;
    for (const auto& entry : std::filesystem::directory_iterator(kScenarios)) {
        if (entry.path().extension() != ".json") continue;
        ++lessons;
        INFO(entry.path().string());
        auto r = load_scenario_file(entry.path().string());
        REQUIRE(r.ok());
        World world(*r);
        world.run();
        StateIndex s(world.trace());
        for (const auto& e : evaluate_expectations(*r, world.trace(), s)) {
            INFO(e.what << ": " << e.why);
            CHECK(e.passed);
        }
    }
    CHECK(lessons >= 3);
}

TEST_CASE("peers: a wrong TURN password fails visibly and leaves no relayed candidate",
          "[sim][peers][turn]") {
    World world(load(R"({"rtclab_scenario": 1, "name": "bad-turn", "duration_ms": 3000,
      "topology": "topologies/classroom.json", "signaling": "signal",
      "peers": [{"host": "alice", "offerer": true,
                 "ice_servers": [{"server": "turn", "username": "alice", "password": "wrong"}]},
                {"host": "bob", "ice_servers": ["turn"]}]})"));
    world.run();
    const Trace& t = world.trace();
    bool failed_note = false;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (event_kind(t, i) == "ice.turn.failed" && event_lanes(t, i)[0] == "alice.agent") failed_note = true;
    }
    CHECK(failed_note);
    const auto alice = world.peer_app("alice")->summary();
    CHECK(alice["candidates"]["local"]["relay"] == 0);
    CHECK(world.peer_app("bob")->summary()["candidates"]["local"]["relay"] == 1);
    // Gathering still completes: a failed server is an answer too.
    CHECK(alice["iceGatheringState"] == "complete");
}

TEST_CASE("peers: a host that moves to another network loses its pair; an ICE restart finds one on the new network",
          "[sim][peers][ice][move]") {
    auto loaded = load_scenario_file(kScenarios + "network-change.json");
    REQUIRE(loaded.ok());
    World world(std::move(loaded).value());
    world.run();
    const Trace& t = world.trace();
    StateIndex s(t);

    const auto move = find_event(t, "host.move", "alice.agent");
    // The state document follows the host.
    const json before = s.state_after(static_cast<std::ptrdiff_t>(move) - 1)["hosts"]["alice"];
    const json after = s.state_after(static_cast<std::ptrdiff_t>(move))["hosts"]["alice"];
    CHECK(before["network"] == "home-a");
    CHECK(after["network"] == "mobile");
    CHECK(after["address"] == "100.64.7.20");
    CHECK(after["reflexive"] == json::object());
    CHECK(peer(s, move, "alice")["iceConnectionState"] == "connected");

    // Nothing leaves the old address after the move: its socket is gone.
    for (std::size_t i = move; i < t.size(); ++i) {
        const auto p = event_packet(t, i);
        if (p.is_null()) continue;
        INFO("event " << i << ": " << event_json(t, i).dump());
        CHECK(p["src"].get<std::string>().rfind("192.168.1.10:", 0) != 0);
    }
    // Consent fails: Bob goes disconnected; the restart reconnects through the relay (cgnat is
    // symmetric, Bob's NAT port-restricted: no direct pair can work).
    const auto restart = find_event(t, "pc.restartIce", "alice.app");
    const auto changed = find_event(t, "ice.network.changed", "alice.agent", move);
    CHECK(changed < restart);
    const json end = s.state_after(static_cast<std::ptrdiff_t>(t.size()) - 1)["peers"]["alice"];
    CHECK(end["connectionState"] == "connected");
    REQUIRE(end["selectedPair"].is_string());
    const json pair = end["candidatePairs"][end["selectedPair"].get<std::string>()];
    INFO(pair.dump());
    const json local = end["localCandidates"][pair["local"].get<std::string>()];
    CHECK(local["type"] == "relay");
    CHECK(world.peer_app("bob")->pc().connection_state() == net::jsep::PeerConnectionState::kConnected);
    // The candidates of the restart were gathered on the new network.
    for (const auto& [id, c] : end["localCandidates"].items()) {
        if (c["type"] == "host" && c["address"] == "100.64.7.20") return;
    }
    FAIL("no host candidate on the new address");
}

TEST_CASE("peers: a NAT mapping expires during an outage; consent fails and an ICE restart recovers",
          "[sim][peers][ice][restart]") {
    // ice-restart.json's homes, but NAT A forgets idle mappings after 10 s (RFC 4787 §4.3; the
    // ~5 s consent checks keep a live mapping) and draws random ports: a 15 s outage on home-a
    // lets Alice's mapping expire, so afterwards her traffic leaves from a new public port and
    // Bob's consent checks to the old one find nothing.
    std::ifstream in(kScenarios + "ice-restart.json");
    json doc = json::parse(in);
    doc["topology"]["networks"][1]["nat"]["mapping_lifetime_s"] = 10;
    doc["duration_ms"] = 40000;
    doc["script"] = json::parse(R"([
        {"at_ms": 3000, "do": "link-down", "network": "home-a"},
        {"at_ms": 18000, "do": "link-up", "network": "home-a"},
        {"at_ms": 22000, "do": "restart-ice", "peer": "alice"}])");
    doc["expect"] = json::array();
    World world(load(doc.dump()));
    world.run();
    const Trace& t = world.trace();
    StateIndex s(t);
    const auto down = find_event(t, "link.down", "");
    const auto expired = find_event(t, "nat.mapping.expired", "nat-a", down);
    const auto up = find_event(t, "link.up", "", expired);
    // Bob's consent checks to the expired mapping are dropped: he goes disconnected.
    const auto drop = find_event(t, "nat.drop", "nat-a", up);
    CHECK(event_detail(t, drop)["reason"] == "no mapping");
    bool bob_disconnected = false;
    const auto restart = find_event(t, "pc.restartIce", "alice.app");
    for (std::size_t i = down; i < restart; ++i) {
        if (event_kind(t, i) == "pc.iceconnectionstatechange" && event_lanes(t, i)[1] == "bob.app" &&
            event_detail(t, i)["state"] == "disconnected")
            bob_disconnected = true;
    }
    CHECK(bob_disconnected);
    CHECK(peer(s, restart, "bob")["iceConnectionState"] != "connected");
    // The restart: both connected again, on a pair that uses Alice's new mapping.
    const json end = s.state_after(static_cast<std::ptrdiff_t>(t.size()) - 1)["peers"];
    CHECK(end["alice"]["connectionState"] == "connected");
    CHECK(end["bob"]["connectionState"] == "connected");
    CHECK(end["bob"]["selectedPair"] != peer(s, restart, "bob")["selectedPair"]);
}
