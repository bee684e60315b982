// Pending and current descriptions through the offer/answer exchange (webrtc-pc §4.4.1.6 step
// 4.7, MDN "WebRTC connectivity": "Pending and current descriptions"), pranswer, rollback
// (explicit, and the implicit one of perfect negotiation), and the descriptions that are refused
// (an incompatible offer, a modified local description).
#include "net/dtls/certificate.h"
#include "net/jsep/jsep_fixture.h"

using namespace rtclab::net;
using namespace rtclab::net::jsep;
using namespace rtclab::net::jsep::test;

namespace {

using S = SignalingState;
const Instant t0{};

// The four descriptions at one moment.
struct Four {
    std::optional<Description> pending_local, current_local, pending_remote, current_remote;
};
Four four(const PeerConnection& pc) {
    return {pc.pending_local_description(), pc.current_local_description(),
            pc.pending_remote_description(), pc.current_remote_description()};
}

// What the page sees as localDescription / remoteDescription: pending if non-null, else current.
void check_attributes(const PeerConnection& pc) {
    CHECK(pc.local_description() == (pc.pending_local_description()
                                         ? pc.pending_local_description()
                                         : pc.current_local_description()));
    CHECK(pc.remote_description() == (pc.pending_remote_description()
                                          ? pc.pending_remote_description()
                                          : pc.current_remote_description()));
}

// The ufrag of a description's first m= section.
std::string ufrag_of(const std::optional<Description>& d) {
    auto model = parsed(d);
    REQUIRE_FALSE(model.media.empty());
    return model.effective_transport(model.media[0]).ice_ufrag.value_or("");
}

}  // namespace

TEST_CASE("MDN flow: pending and current descriptions at every step", "[jsep][descriptions]") {
    PeerConnection caller = make_peer(5, "caller");
    PeerConnection callee = make_peer(5, "callee");
    // The page added its tracks: negotiationneeded fires first.
    CHECK(count_events<event::NegotiationNeeded>(drain(caller)) == 1);
    drain(callee);

    // Nothing set yet.
    for (PeerConnection* pc : {&caller, &callee}) {
        const Four f = four(*pc);
        CHECK_FALSE(f.pending_local);
        CHECK_FALSE(f.current_local);
        CHECK_FALSE(f.pending_remote);
        CHECK_FALSE(f.current_remote);
        CHECK_FALSE(pc->local_description());
        CHECK_FALSE(pc->remote_description());
    }

    // Steps 1-3: the caller creates an offer and sets it locally. createOffer changes nothing.
    const Description offer = value(caller.create_offer());
    CHECK(offer.type == SdpType::kOffer);
    CHECK_FALSE(caller.local_description());
    CHECK(drain(caller).empty());
    REQUIRE(ok(caller.set_local_description(t0, offer)));
    CHECK(caller.signaling_state() == S::kHaveLocalOffer);
    CHECK(without_candidates(caller.pending_local_description()) == offer);
    CHECK_FALSE(caller.current_local_description());
    CHECK(without_candidates(caller.local_description()) == offer);
    check_attributes(caller);
    {
        const auto events = drain(caller);
        CHECK(count_events<event::DescriptionsChanged>(events) >= 1);
        CHECK(count_events<event::SignalingStateChange>(events) == 1);
    }

    // Steps 4-6: the callee sets it as its remote description.
    REQUIRE(ok(callee.set_remote_description(t0, offer)));
    CHECK(callee.signaling_state() == S::kHaveRemoteOffer);
    CHECK(callee.pending_remote_description() == offer);
    CHECK_FALSE(callee.current_remote_description());
    CHECK(callee.remote_description() == offer);
    CHECK_FALSE(callee.local_description());
    check_attributes(callee);

    // Steps 7-8: the callee answers and sets the answer locally: its exchange is complete --
    // pending becomes current and pending returns to null.
    const Description answer = value(callee.create_answer());
    CHECK(answer.type == SdpType::kAnswer);
    REQUIRE(ok(callee.set_local_description(t0, answer)));
    CHECK(callee.signaling_state() == S::kStable);
    CHECK_FALSE(callee.pending_local_description());
    CHECK_FALSE(callee.pending_remote_description());
    CHECK(without_candidates(callee.current_local_description()) == answer);
    CHECK(callee.current_remote_description() == offer);
    CHECK(without_candidates(callee.local_description()) == answer);
    CHECK(callee.remote_description() == offer);
    check_attributes(callee);

    // Steps 9-10: the caller sets the answer as its remote description.
    REQUIRE(ok(caller.set_remote_description(t0, answer)));
    CHECK(caller.signaling_state() == S::kStable);
    CHECK_FALSE(caller.pending_local_description());
    CHECK_FALSE(caller.pending_remote_description());
    REQUIRE(caller.current_local_description());
    // The current local description is the offer (plus any candidates gathered meanwhile).
    CHECK(ufrag_of(caller.current_local_description()) == ufrag_of(offer));
    CHECK(caller.current_remote_description() == answer);
    check_attributes(caller);
    // Negotiated: nothing more is needed.
    CHECK(count_events<event::NegotiationNeeded>(drain(caller)) == 0);
    CHECK(count_events<event::NegotiationNeeded>(drain(callee)) == 0);
}

TEST_CASE("offer and answer say what JSEP and rtclab require", "[jsep][descriptions]") {
    Configuration av;
    av.video = true;
    PeerConnection caller = make_peer(8, "caller", av);
    PeerConnection callee = make_peer(8, "callee");  // audio and data only
    const Description offer = value(caller.create_offer());
    const auto o = parsed(offer.sdp);
    REQUIRE(o.media.size() == 3);
    CHECK(o.media[0].media == "audio");
    CHECK(o.media[1].media == "video");
    CHECK(o.media[2].media == "application");
    REQUIRE(o.bundle_group());
    CHECK(o.bundle_group()->mids == std::vector<std::string>{"0", "1", "2"});
    for (std::size_t i = 0; i < o.media.size(); ++i) {
        const auto& m = o.media[i];
        CHECK(m.mid() == std::to_string(i));
        const auto t = o.effective_transport(m);
        REQUIRE(t.ice_ufrag);
        REQUIRE(t.ice_pwd);
        CHECK(t.ice_ufrag->size() == 4);
        CHECK(t.ice_pwd->size() == 24);
        CHECK(t.ice_options == std::vector<std::string>{"trickle"});
        CHECK(t.setup == sdp::SetupRole::kActpass);
        REQUIRE(t.fingerprints.size() == 1);
        CHECK(t.fingerprints[0].hash_function == "sha-256");
        CHECK(t.fingerprints[0].digest_hex() == caller.certificate_fingerprint());
    }
    CHECK(o.media[0].rtcp_mux());
    CHECK(o.media[0].rtp_map(111)->encoding_name == "opus");
    CHECK(o.media[0].rtp_map(0)->encoding_name == "PCMU");
    CHECK(o.media[0].msid().has_value());
    CHECK(o.media[1].rtp_map(96)->encoding_name == "VP8");
    CHECK(o.media[2].formats == std::vector<std::string>{"webrtc-datachannel"});
    CHECK(o.media[2].sctp_port() == 5000);

    REQUIRE(ok(callee.set_remote_description(t0, offer)));
    const auto a = parsed(value(callee.create_answer()).sdp);
    // Same m-lines, same order, same mids (RFC 3264 §6).
    REQUIRE(a.media.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(a.media[i].media == o.media[i].media);
        CHECK(a.media[i].mid() == o.media[i].mid());
        CHECK_FALSE(a.media[i].is_rejected());
        const auto t = a.effective_transport(a.media[i]);
        CHECK(t.setup == sdp::SetupRole::kActive);  // rtclab prefers to be the DTLS client
        CHECK(t.fingerprints.at(0).digest_hex() == callee.certificate_fingerprint());
    }
    // Codecs: the intersection, with the offerer's payload types.
    CHECK(a.media[0].formats == std::vector<std::string>{"111", "0"});
    // The callee has no camera: it receives video only.
    CHECK(a.media[1].direction() == sdp::Direction::kRecvOnly);
    CHECK_FALSE(a.media[1].msid().has_value());
    CHECK(a.media[0].direction() == sdp::Direction::kSendRecv);
    CHECK(a.bundle_group()->mids == std::vector<std::string>{"0", "1", "2"});
    // The fingerprint is the one of the certificate the DTLS endpoint will use.
    REQUIRE(caller.certificate() != nullptr);
    CHECK(caller.certificate()->fingerprint_hex() == caller.certificate_fingerprint());
    // Each peer's certificate is its own.
    CHECK(caller.certificate_fingerprint() != callee.certificate_fingerprint());
}

TEST_CASE("an answer rejects the m-lines it cannot take", "[jsep][descriptions]") {
    PeerConnection caller = make_peer(9, "caller");
    PeerConnection callee = make_peer(9, "callee");
    const Description original = value(caller.create_offer());
    REQUIRE(ok(caller.set_local_description(t0, original)));
    // On the way, the audio line loses Opus and PCMU for G.722: nothing in common there.
    std::string offer_text = original.sdp;
    offer_text = replaced(offer_text, "m=audio 9 UDP/TLS/RTP/SAVPF 111 0",
                          "m=audio 9 UDP/TLS/RTP/SAVPF 111");
    offer_text = replaced(offer_text, "a=rtpmap:111 opus/48000/2", "a=rtpmap:111 G722/8000");
    offer_text = replaced(offer_text, "a=rtpmap:0 PCMU/8000\r\n", "");
    const Description offer{SdpType::kOffer, offer_text};
    REQUIRE(ok(callee.set_remote_description(t0, offer)));
    const Description answer = value(callee.create_answer());
    const auto a = parsed(answer.sdp);
    REQUIRE(a.media.size() == 2);
    CHECK(a.media[0].is_rejected());  // port 0, RFC 3264 §6
    CHECK(a.media[0].mid() == "0");
    CHECK_FALSE(a.media[1].is_rejected());
    CHECK(a.bundle_group()->mids == std::vector<std::string>{"1"});
    REQUIRE(ok(callee.set_local_description(t0, answer)));
    // The caller takes this answer: audio is rejected, the data channel goes on, and the
    // transport is the one of the data section now.
    drain(caller);
    REQUIRE(ok(caller.set_remote_description(t0, answer)));
    CHECK(caller.signaling_state() == S::kStable);
    CHECK(caller.ice_agent().remote_credentials().has_value());
    // The rejected audio does not ask for another negotiation (its transceiver is stopped).
    CHECK(count_events<event::NegotiationNeeded>(drain(caller)) == 0);
}

TEST_CASE("pranswer, then answer", "[jsep][descriptions]") {
    PeerConnection caller = make_peer(11, "caller");
    PeerConnection callee = make_peer(11, "callee");
    const Description offer = value(caller.create_offer());
    REQUIRE(ok(caller.set_local_description(t0, offer)));
    REQUIRE(ok(callee.set_remote_description(t0, offer)));

    const Description answer = value(callee.create_answer());
    const Description pranswer = with_type(answer, SdpType::kPranswer);
    REQUIRE(ok(callee.set_local_description(t0, pranswer)));
    CHECK(callee.signaling_state() == S::kHaveLocalPranswer);
    CHECK(without_candidates(callee.pending_local_description()) == pranswer);
    CHECK(callee.pending_remote_description() == offer);
    CHECK_FALSE(callee.current_local_description());
    CHECK_FALSE(callee.current_remote_description());
    check_attributes(callee);

    REQUIRE(ok(caller.set_remote_description(t0, pranswer)));
    CHECK(caller.signaling_state() == S::kHaveRemotePranswer);
    CHECK(caller.pending_remote_description() == pranswer);
    CHECK(ufrag_of(caller.pending_local_description()) == ufrag_of(offer));
    CHECK_FALSE(caller.current_remote_description());
    check_attributes(caller);

    // The final answer completes the exchange on both sides.
    const Description final_answer = value(callee.create_answer());
    CHECK(ufrag_of(final_answer) == ufrag_of(answer));  // same ICE generation as the pranswer
    REQUIRE(ok(callee.set_local_description(t0, final_answer)));
    CHECK(callee.signaling_state() == S::kStable);
    CHECK(without_candidates(callee.current_local_description()) ==
          without_candidates(final_answer));
    CHECK(callee.current_remote_description() == offer);
    CHECK_FALSE(callee.pending_local_description());
    CHECK_FALSE(callee.pending_remote_description());

    REQUIRE(ok(caller.set_remote_description(t0, final_answer)));
    CHECK(caller.signaling_state() == S::kStable);
    CHECK(caller.current_remote_description() == final_answer);
    CHECK_FALSE(caller.pending_remote_description());
    CHECK_FALSE(caller.pending_local_description());
    check_attributes(caller);
}

TEST_CASE("explicit rollback restores the descriptions", "[jsep][descriptions][rollback]") {
    PeerConnection a = make_peer(12, "a");
    PeerConnection b = make_peer(12, "b");
    // A first, complete exchange.
    const Description offer1 = value(a.create_offer());
    REQUIRE(ok(a.set_local_description(t0, offer1)));
    REQUIRE(ok(b.set_remote_description(t0, offer1)));
    REQUIRE(ok(b.set_local_description(t0)));  // implicit answer
    REQUIRE(ok(a.set_remote_description(t0, *b.local_description())));
    const Four before_a = four(a);
    const Four before_b = four(b);

    SECTION("local offer rolled back with setLocalDescription") {
        REQUIRE(ok(a.set_local_description(t0)));  // a new offer
        CHECK(a.signaling_state() == S::kHaveLocalOffer);
        CHECK(a.pending_local_description());
        drain(a);
        REQUIRE(ok(a.set_local_description(t0, Description{SdpType::kRollback, ""})));
        CHECK(a.signaling_state() == S::kStable);
        CHECK_FALSE(a.pending_local_description());
        CHECK(a.current_local_description() == before_a.current_local);
        CHECK(a.current_remote_description() == before_a.current_remote);
        const auto events = drain(a);
        CHECK(count_events<event::SignalingStateChange>(events) == 1);
        CHECK(count_events<event::DescriptionsChanged>(events) >= 1);
    }
    SECTION("remote offer rolled back with setRemoteDescription") {
        const Description offer2 = value(a.create_offer());
        REQUIRE(ok(b.set_remote_description(t0, offer2)));
        CHECK(b.pending_remote_description() == offer2);
        REQUIRE(ok(b.set_remote_description(t0, Description{SdpType::kRollback, ""})));
        CHECK(b.signaling_state() == S::kStable);
        CHECK_FALSE(b.pending_remote_description());
        CHECK(b.current_remote_description() == before_b.current_remote);
        CHECK(b.current_local_description() == before_b.current_local);
    }
    SECTION("rollback in stable is InvalidStateError") {
        CHECK(error_name(a.set_local_description(t0, Description{SdpType::kRollback, ""})) ==
              "InvalidStateError");
        CHECK(error_name(a.set_remote_description(t0, Description{SdpType::kRollback, ""})) ==
              "InvalidStateError");
    }
}

TEST_CASE("glare: the polite peer rolls back implicitly (perfect negotiation)",
          "[jsep][descriptions][rollback]") {
    PeerConnection polite = make_peer(13, "polite");
    PeerConnection impolite = make_peer(13, "impolite");
    // Both make an offer at once.
    REQUIRE(ok(polite.set_local_description(t0)));
    REQUIRE(ok(impolite.set_local_description(t0)));
    const Description polite_offer = *polite.local_description();
    const Description impolite_offer = *impolite.local_description();
    drain(polite);

    // The impolite peer ignores the colliding offer (its page does; the API would roll back).
    // The polite peer applies the other offer: setRemoteDescription rolls back its own first.
    REQUIRE(ok(polite.set_remote_description(t0, impolite_offer)));
    CHECK(polite.signaling_state() == S::kHaveRemoteOffer);
    CHECK_FALSE(polite.pending_local_description());
    CHECK(polite.pending_remote_description() == impolite_offer);
    {
        const auto events = drain(polite);
        std::vector<S> states;
        for (const auto& e : events)
            if (auto* c = std::get_if<event::SignalingStateChange>(&e)) states.push_back(c->state);
        CHECK(states == std::vector<S>{S::kStable, S::kHaveRemoteOffer});
        // webrtc-pc "update the negotiation-needed flag", step 1: the rollback happens while
        // setRemoteDescription is on the operations chain, so the update waits for the chain to
        // empty -- and then the state is have-remote-offer (step 2.3): no negotiationneeded.
        CHECK(count_events<event::NegotiationNeeded>(events) == 0);
    }
    // ... answers; the impolite peer completes; both are stable with the impolite offer current.
    REQUIRE(ok(polite.set_local_description(t0)));
    CHECK(polite.signaling_state() == S::kStable);
    // The answer negotiated the same media the rolled-back offer had: nothing left to negotiate.
    CHECK(count_events<event::NegotiationNeeded>(drain(polite)) == 0);
    REQUIRE(ok(impolite.set_remote_description(t0, *polite.local_description())));
    CHECK(impolite.signaling_state() == S::kStable);
    CHECK(polite.current_remote_description() == impolite_offer);
    CHECK(ufrag_of(impolite.current_local_description()) == ufrag_of(impolite_offer));
    // The polite peer's ICE role follows: it answered, so it is controlled.
    CHECK(polite.ice_agent().role() == ice::Role::kControlled);
    CHECK(impolite.ice_agent().role() == ice::Role::kControlling);
    (void)polite_offer;
}

TEST_CASE("an incompatible offer is rejected and the descriptions stay", "[jsep][descriptions]") {
    PeerConnection a = make_peer(14, "a");
    PeerConnection b = make_peer(14, "b");
    // A completed exchange first, so that there are current descriptions to keep.
    REQUIRE(ok(a.set_local_description(t0)));
    REQUIRE(ok(b.set_remote_description(t0, *a.local_description())));
    REQUIRE(ok(b.set_local_description(t0)));
    REQUIRE(ok(a.set_remote_description(t0, *b.local_description())));
    const std::string good = value(a.create_offer()).sdp;
    const Four before = four(b);
    drain(b);

    struct Case {
        const char* what;
        std::string sdp;
        const char* error;
    };
    std::string no_codec =
        replaced(good, "m=audio 9 UDP/TLS/RTP/SAVPF 111 0", "m=audio 9 UDP/TLS/RTP/SAVPF 98");
    no_codec = replaced(no_codec, "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
                        "m=application 9 UDP/DTLS/SCTP something-else");
    std::string no_pwd = good;
    for (auto at = no_pwd.find("a=ice-pwd:"); at != std::string::npos;
         at = no_pwd.find("a=ice-pwd:"))
        no_pwd.erase(at, no_pwd.find("\r\n", at) + 2 - at);
    std::string no_fingerprint = good;
    for (auto at = no_fingerprint.find("a=fingerprint:"); at != std::string::npos;
         at = no_fingerprint.find("a=fingerprint:"))
        no_fingerprint.erase(at, no_fingerprint.find("\r\n", at) + 2 - at);
    std::string no_mux = good;
    no_mux = replaced(no_mux, "a=rtcp-mux\r\n", "");
    const Case cases[] = {
        {"no codec in common", no_codec, "OperationError"},
        {"no ICE password", no_pwd, "InvalidAccessError"},
        {"no fingerprint", no_fingerprint, "InvalidAccessError"},
        {"no rtcp-mux", no_mux, "InvalidAccessError"},
        {"not SDP", "v=0\r\nthis is not sdp\r\n", "OperationError"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        const auto r = b.set_remote_description(t0, Description{SdpType::kOffer, c.sdp});
        CHECK(error_name(r) == c.error);
        CHECK(b.signaling_state() == S::kStable);
        const Four after = four(b);
        CHECK(after.current_local == before.current_local);
        CHECK(after.current_remote == before.current_remote);
        CHECK_FALSE(after.pending_local);
        CHECK_FALSE(after.pending_remote);
        CHECK(drain(b).empty());
    }
    CHECK(error_message(b.set_remote_description(t0, Description{SdpType::kOffer, "v=0\r\nx\r\n"}))
              .rfind("sdp-syntax-error: line 2", 0) == 0);
    // The good one still goes through.
    CHECK(ok(b.set_remote_description(t0, Description{SdpType::kOffer, good})));
}

TEST_CASE("an answer that does not match the offer is rejected", "[jsep][descriptions]") {
    PeerConnection a = make_peer(15, "a");
    PeerConnection b = make_peer(15, "b");
    REQUIRE(ok(a.set_local_description(t0)));
    REQUIRE(ok(b.set_remote_description(t0, *a.local_description())));
    const std::string answer = value(b.create_answer()).sdp;
    const Four before = four(a);

    // One m-line fewer than the offer.
    const auto cut = answer.find("m=application");
    REQUIRE(cut != std::string::npos);
    std::string fewer = answer.substr(0, cut);
    fewer = replaced(fewer, "a=group:BUNDLE 0 1", "a=group:BUNDLE 0");
    CHECK(error_name(a.set_remote_description(t0, Description{SdpType::kAnswer, fewer})) ==
          "InvalidAccessError");
    // Another mid.
    std::string other_mid = replaced(answer, "a=mid:1", "a=mid:7");
    other_mid = replaced(other_mid, "a=group:BUNDLE 0 1", "a=group:BUNDLE 0 7");
    CHECK(error_name(a.set_remote_description(t0, Description{SdpType::kAnswer, other_mid})) ==
          "InvalidAccessError");
    // actpass in an answer.
    std::string actpass = answer;
    for (auto at = actpass.find("a=setup:active"); at != std::string::npos;
         at = actpass.find("a=setup:active"))
        actpass.replace(at, 14, "a=setup:actpass");
    CHECK(error_name(a.set_remote_description(t0, Description{SdpType::kAnswer, actpass})) ==
          "InvalidAccessError");
    CHECK(a.signaling_state() == S::kHaveLocalOffer);
    const Four after = four(a);
    CHECK(after.pending_local == before.pending_local);
    CHECK_FALSE(after.pending_remote);
    CHECK(ok(a.set_remote_description(t0, Description{SdpType::kAnswer, answer})));
}

TEST_CASE("setLocalDescription with a modified SDP is InvalidModificationError",
          "[jsep][descriptions]") {
    PeerConnection a = make_peer(16, "a");
    PeerConnection b = make_peer(16, "b");
    Description offer = value(a.create_offer());
    Description munged = offer;
    munged.sdp = replaced(munged.sdp, "a=rtcp-mux", "a=rtcp-rsize\r\na=rtcp-mux");
    CHECK(error_name(a.set_local_description(t0, munged)) == "InvalidModificationError");
    CHECK(a.signaling_state() == S::kStable);
    CHECK_FALSE(a.pending_local_description());
    // An offer that was not the last one created is refused too.
    const Description older = offer;
    const Description newer = value(a.create_offer());
    REQUIRE(newer.sdp != older.sdp);  // o= version went up
    CHECK(error_name(a.set_local_description(t0, older)) == "InvalidModificationError");
    CHECK(ok(a.set_local_description(t0, newer)));

    // The same for answers.
    REQUIRE(ok(b.set_remote_description(t0, newer)));
    Description answer = value(b.create_answer());
    answer.sdp = replaced(answer.sdp, "a=setup:active", "a=setup:passive");
    CHECK(error_name(b.set_local_description(t0, answer)) == "InvalidModificationError");
    CHECK(b.signaling_state() == S::kHaveRemoteOffer);
}

TEST_CASE("restartIce: the next offer has new credentials and applying it restarts the agent",
          "[jsep][descriptions][restart]") {
    PeerConnection a = make_peer(17, "a");
    PeerConnection b = make_peer(17, "b");
    REQUIRE(ok(a.set_local_description(t0)));
    REQUIRE(ok(b.set_remote_description(t0, *a.local_description())));
    REQUIRE(ok(b.set_local_description(t0)));
    REQUIRE(ok(a.set_remote_description(t0, *b.local_description())));
    const std::string a_ufrag = ufrag_of(a.current_local_description());
    const std::string b_ufrag = ufrag_of(b.current_local_description());
    CHECK(a.ice_agent().local_credentials().ufrag == a_ufrag);
    drain(a);

    // Without a restart, a new offer keeps the credentials.
    CHECK(ufrag_of(value(a.create_offer())) == a_ufrag);

    a.restart_ice();
    CHECK(count_events<event::NegotiationNeeded>(drain(a)) == 1);
    const Description offer = value(a.create_offer());
    const auto o = parsed(offer.sdp);
    const auto t = o.effective_transport(o.media[0]);
    CHECK(*t.ice_ufrag != a_ufrag);
    CHECK(t.ice_ufrag->size() == 4);
    CHECK(t.ice_pwd->size() == 24);
    CHECK(*t.ice_pwd != *parsed(a.current_local_description())
                             .effective_transport(parsed(a.current_local_description()).media[0])
                             .ice_pwd);
    REQUIRE(ok(a.set_local_description(t0, offer)));
    CHECK(a.ice_agent().local_credentials().ufrag == *t.ice_ufrag);

    // The answerer restarts too (RFC 8839: an ICE restart changes both sides' credentials).
    REQUIRE(ok(b.set_remote_description(t0, offer)));
    const Description answer = value(b.create_answer());
    CHECK(ufrag_of(answer) != b_ufrag);
    REQUIRE(ok(b.set_local_description(t0, answer)));
    CHECK(b.ice_agent().local_credentials().ufrag == ufrag_of(answer));
    CHECK(b.ice_agent().remote_credentials()->ufrag == *t.ice_ufrag);
    REQUIRE(ok(a.set_remote_description(t0, answer)));
    CHECK(a.ice_agent().remote_credentials()->ufrag == ufrag_of(answer));
    // Done: no more negotiation needed, and the next offer keeps the new credentials.
    CHECK(count_events<event::NegotiationNeeded>(drain(a)) == 0);
    CHECK(ufrag_of(value(a.create_offer())) == *t.ice_ufrag);

    // createOffer({iceRestart: true}) restarts without restartIce().
    CHECK(ufrag_of(value(a.create_offer(OfferOptions{true}))) != *t.ice_ufrag);
}

TEST_CASE("the same seed gives the same descriptions", "[jsep][descriptions]") {
    PeerConnection a1 = make_peer(21, "a");
    PeerConnection a2 = make_peer(21, "a");
    PeerConnection other = make_peer(22, "a");
    const Description o1 = value(a1.create_offer());
    CHECK(o1 == value(a2.create_offer()));
    CHECK(o1 != value(other.create_offer()));
    CHECK(a1.certificate_fingerprint() == a2.certificate_fingerprint());
}

TEST_CASE("a subsequent offer keeps the negotiated m-lines", "[jsep][descriptions]") {
    Configuration av;
    av.video = true;
    PeerConnection caller = make_peer(23, "caller");      // audio + data
    PeerConnection callee = make_peer(23, "callee", av);  // audio + video + data
    drain(callee);
    REQUIRE(ok(caller.set_local_description(t0)));
    REQUIRE(ok(callee.set_remote_description(t0, *caller.local_description())));
    REQUIRE(ok(callee.set_local_description(t0)));
    REQUIRE(ok(caller.set_remote_description(t0, *callee.local_description())));
    // The callee's camera was not in the caller's offer: it needs a negotiation of its own.
    CHECK(count_events<event::NegotiationNeeded>(drain(callee)) == 1);
    const auto o = parsed(value(callee.create_offer()).sdp);
    REQUIRE(o.media.size() == 3);
    CHECK(o.media[0].media == "audio");
    CHECK(o.media[0].mid() == "0");
    CHECK(o.media[1].media == "application");
    CHECK(o.media[1].mid() == "1");
    CHECK(o.media[2].media == "video");
    CHECK(o.media[2].mid() == "2");
}

TEST_CASE("an ICE-lite peer says so and lets the full agent control", "[jsep][descriptions]") {
    Configuration lite;
    lite.ice_lite = true;
    PeerConnection server = make_peer(24, "server", lite);
    PeerConnection browser = make_peer(24, "browser");
    // The lite peer offers: it is still the controlled one (RFC 8445 §6.1.1).
    REQUIRE(ok(server.set_local_description(t0)));
    CHECK(parsed(server.local_description()).ice_lite());
    CHECK(server.ice_agent().role() == ice::Role::kControlled);
    REQUIRE(ok(browser.set_remote_description(t0, *server.local_description())));
    CHECK(browser.ice_agent().role() == ice::Role::kControlling);
    REQUIRE(ok(browser.set_local_description(t0)));
    CHECK_FALSE(parsed(browser.local_description()).ice_lite());
    REQUIRE(ok(server.set_remote_description(t0, *browser.local_description())));
    CHECK(server.ice_agent().role() == ice::Role::kControlled);
}
