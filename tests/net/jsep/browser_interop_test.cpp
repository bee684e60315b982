// Answering what browsers send: Chrome's and Firefox's offers (tests/net/sdp/browser_sdp.h) are
// accepted, their candidates reach the agent, and the answer mirrors them with the codecs both
// sides have.
#include "net/jsep/jsep_fixture.h"
#include "net/sdp/browser_sdp.h"

using namespace rtclab::net;
using namespace rtclab::net::jsep;
using namespace rtclab::net::jsep::test;

namespace {
const Instant t0{};
}

TEST_CASE("answering Chrome's offer", "[jsep][browser]") {
    Configuration av;
    av.video = true;
    PeerConnection pc = make_peer(50, "rtclab", av);
    const Description offer{SdpType::kOffer, sdp::test::chrome_offer()};
    REQUIRE(ok(pc.set_remote_description(t0, offer)));
    // The remote description is the browser's text, unchanged.
    CHECK(pc.remote_description() == offer);
    CHECK(pc.ice_agent().remote_credentials()->ufrag == "EsAw");
    CHECK(pc.ice_agent().role() == ice::Role::kControlled);

    const Description answer = value(pc.create_answer());
    const auto a = parsed(answer.sdp);
    REQUIRE(a.media.size() == 3);
    CHECK(a.media[0].media == "audio");
    CHECK(a.media[1].media == "video");
    CHECK(a.media[2].media == "application");
    // Opus and PCMU with Chrome's numbers, in Chrome's order; VP8 as 96 with its feedback.
    CHECK(a.media[0].formats == std::vector<std::string>{"111", "0"});
    CHECK(a.media[1].formats == std::vector<std::string>{"96"});
    CHECK_FALSE(a.media[1].rtcp_feedback(96).empty());
    CHECK(a.bundle_group()->mids == std::vector<std::string>{"0", "1", "2"});
    CHECK(a.effective_transport(a.media[0]).setup == sdp::SetupRole::kActive);
    REQUIRE(ok(pc.set_local_description(t0, answer)));
    CHECK(pc.signaling_state() == SignalingState::kStable);
    // Trickled candidates from Chrome, with its extensions, are taken.
    IceCandidateInit c;
    c.candidate =
        "candidate:842163049 1 udp 1686052607 203.0.113.7 54400 typ srflx raddr "
        "192.168.1.20 rport 54400 generation 0 ufrag EsAw network-id 1 network-cost 10";
    c.sdp_mid = "0";
    c.sdp_mline_index = 0;
    c.username_fragment = "EsAw";
    CHECK(ok(pc.add_ice_candidate(t0, c)));
}

TEST_CASE("answering Firefox's max-bundle offer", "[jsep][browser]") {
    PeerConnection pc = make_peer(51, "rtclab");  // audio and data channel only
    const Description offer{SdpType::kOffer, sdp::test::firefox_offer()};
    REQUIRE(ok(pc.set_remote_description(t0, offer)));
    CHECK(pc.ice_agent().remote_credentials()->ufrag == "1d3f5a7c");
    const auto a = parsed(value(pc.create_answer()).sdp);
    REQUIRE(a.media.size() == 3);
    // Opus as Firefox's 109, then PCMU.
    CHECK(a.media[0].formats == std::vector<std::string>{"109", "0"});
    // The bundle-only video section is accepted (VP8 120), receive-only: no camera here.
    CHECK_FALSE(a.media[1].is_rejected());
    CHECK(a.media[1].formats == std::vector<std::string>{"120"});
    CHECK(a.media[1].direction() == sdp::Direction::kRecvOnly);
    CHECK_FALSE(a.media[2].is_rejected());
    // Session-level fingerprint on Firefox's side; media-level ones in rtclab's answer.
    CHECK(a.effective_transport(a.media[2]).fingerprints.size() == 1);
    REQUIRE(ok(pc.set_local_description(t0)));
    CHECK(pc.signaling_state() == SignalingState::kStable);
}
