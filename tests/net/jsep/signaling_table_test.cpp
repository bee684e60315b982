// The signaling state machine, call by call: every API call in every RTCSignalingState, with the
// state it leads to or the W3C error it is rejected with (webrtc-pc RTCSignalingState, JSEP RFC
// 8829 §3.2). Descriptions set with an empty sdp are the ones the connection creates itself
// (setLocalDescription steps 4.4/4.5), so that each row tests the state machine and nothing else.
#include <map>

#include "net/jsep/jsep_fixture.h"

using namespace rtclab::net;
using namespace rtclab::net::jsep;
using namespace rtclab::net::jsep::test;

namespace {

using S = SignalingState;

enum class Op {
    kCreateOffer,
    kCreateAnswer,
    kSldOffer,
    kSldPranswer,
    kSldAnswer,
    kSldRollback,
    kSldImplicit,
    kSrdOffer,
    kSrdPranswer,
    kSrdAnswer,
    kSrdRollback,
    kAddIceCandidate,
};

const char* op_name(Op op) {
    switch (op) {
        case Op::kCreateOffer:
            return "createOffer()";
        case Op::kCreateAnswer:
            return "createAnswer()";
        case Op::kSldOffer:
            return "setLocalDescription({offer})";
        case Op::kSldPranswer:
            return "setLocalDescription({pranswer})";
        case Op::kSldAnswer:
            return "setLocalDescription({answer})";
        case Op::kSldRollback:
            return "setLocalDescription({rollback})";
        case Op::kSldImplicit:
            return "setLocalDescription()";
        case Op::kSrdOffer:
            return "setRemoteDescription(offer)";
        case Op::kSrdPranswer:
            return "setRemoteDescription(pranswer)";
        case Op::kSrdAnswer:
            return "setRemoteDescription(answer)";
        case Op::kSrdRollback:
            return "setRemoteDescription({rollback})";
        case Op::kAddIceCandidate:
            return "addIceCandidate(host, sdpMid 0)";
    }
    return "?";
}

// Alice brought into `state`, with the descriptions a remote peer would send her.
struct Harness {
    PeerConnection alice = make_peer(1, "alice");
    PeerConnection bob = make_peer(1, "bob");
    Description remote_offer;     // an offer from a third peer: valid input in any state
    Description answer_to_alice;  // bob's answer to alice's current offer (or any answer)
};

Harness harness(S state) {
    Harness h;
    const Instant t0{};
    PeerConnection carol = make_peer(1, "carol");
    h.remote_offer = value(carol.create_offer());
    // An answer to *some* offer, used where alice has no offer (the state check comes first).
    {
        PeerConnection dave = make_peer(1, "dave");
        REQUIRE(ok(dave.set_remote_description(t0, h.remote_offer)));
        h.answer_to_alice = value(dave.create_answer());
    }
    switch (state) {
        case S::kStable:
            break;
        case S::kHaveLocalOffer:
        case S::kHaveRemotePranswer: {
            auto offer = value(h.alice.create_offer());
            REQUIRE(ok(h.alice.set_local_description(t0, offer)));
            REQUIRE(ok(h.bob.set_remote_description(t0, offer)));
            h.answer_to_alice = value(h.bob.create_answer());
            if (state == S::kHaveRemotePranswer)
                REQUIRE(ok(h.alice.set_remote_description(
                    t0, with_type(h.answer_to_alice, SdpType::kPranswer))));
            break;
        }
        case S::kHaveRemoteOffer:
        case S::kHaveLocalPranswer: {
            auto offer = value(h.bob.create_offer());
            REQUIRE(ok(h.alice.set_remote_description(t0, offer)));
            if (state == S::kHaveLocalPranswer)
                REQUIRE(ok(h.alice.set_local_description(t0, Description{SdpType::kPranswer, ""})));
            break;
        }
        case S::kClosed:
            h.alice.close(t0);
            break;
    }
    REQUIRE(h.alice.signaling_state() == state);
    drain(h.alice);
    return h;
}

// Runs `op` on alice: "" on success, else the error name.
std::string run(Harness& h, Op op) {
    const Instant t{1000};
    switch (op) {
        case Op::kCreateOffer:
            return error_name(h.alice.create_offer());
        case Op::kCreateAnswer:
            return error_name(h.alice.create_answer());
        case Op::kSldOffer:
            return error_name(h.alice.set_local_description(t, Description{SdpType::kOffer, ""}));
        case Op::kSldPranswer:
            return error_name(
                h.alice.set_local_description(t, Description{SdpType::kPranswer, ""}));
        case Op::kSldAnswer:
            return error_name(h.alice.set_local_description(t, Description{SdpType::kAnswer, ""}));
        case Op::kSldRollback:
            return error_name(
                h.alice.set_local_description(t, Description{SdpType::kRollback, ""}));
        case Op::kSldImplicit:
            return error_name(h.alice.set_local_description(t));
        case Op::kSrdOffer:
            return error_name(h.alice.set_remote_description(t, h.remote_offer));
        case Op::kSrdPranswer:
            return error_name(h.alice.set_remote_description(
                t, with_type(h.answer_to_alice, SdpType::kPranswer)));
        case Op::kSrdAnswer:
            return error_name(h.alice.set_remote_description(t, h.answer_to_alice));
        case Op::kSrdRollback:
            return error_name(
                h.alice.set_remote_description(t, Description{SdpType::kRollback, ""}));
        case Op::kAddIceCandidate:
            return error_name(h.alice.add_ice_candidate(t, host_candidate("0")));
    }
    return "?";
}

struct Row {
    S from;
    Op op;
    S to;               // the state afterwards (unchanged when the call fails)
    const char* error;  // "" for success
};

constexpr const char* kOk = "";
constexpr const char* kISE = "InvalidStateError";

// clang-format off
const Row kTable[] = {
    // stable (a new connection: no descriptions yet)
    {S::kStable, Op::kCreateOffer,     S::kStable,             kOk},
    {S::kStable, Op::kCreateAnswer,    S::kStable,             kISE},
    {S::kStable, Op::kSldOffer,        S::kHaveLocalOffer,     kOk},
    {S::kStable, Op::kSldPranswer,     S::kStable,             kISE},
    {S::kStable, Op::kSldAnswer,       S::kStable,             kISE},
    {S::kStable, Op::kSldRollback,     S::kStable,             kISE},
    {S::kStable, Op::kSldImplicit,     S::kHaveLocalOffer,     kOk},
    {S::kStable, Op::kSrdOffer,        S::kHaveRemoteOffer,    kOk},
    {S::kStable, Op::kSrdPranswer,     S::kStable,             kISE},
    {S::kStable, Op::kSrdAnswer,       S::kStable,             kISE},
    {S::kStable, Op::kSrdRollback,     S::kStable,             kISE},
    {S::kStable, Op::kAddIceCandidate, S::kStable,             kISE},  // no remote description
    // have-local-offer
    {S::kHaveLocalOffer, Op::kCreateOffer,     S::kHaveLocalOffer,     kOk},
    {S::kHaveLocalOffer, Op::kCreateAnswer,    S::kHaveLocalOffer,     kISE},
    {S::kHaveLocalOffer, Op::kSldOffer,        S::kHaveLocalOffer,     kOk},
    {S::kHaveLocalOffer, Op::kSldPranswer,     S::kHaveLocalOffer,     kISE},
    {S::kHaveLocalOffer, Op::kSldAnswer,       S::kHaveLocalOffer,     kISE},
    {S::kHaveLocalOffer, Op::kSldRollback,     S::kStable,             kOk},
    {S::kHaveLocalOffer, Op::kSldImplicit,     S::kHaveLocalOffer,     kOk},
    {S::kHaveLocalOffer, Op::kSrdOffer,        S::kHaveRemoteOffer,    kOk},  // implicit rollback
    {S::kHaveLocalOffer, Op::kSrdPranswer,     S::kHaveRemotePranswer, kOk},
    {S::kHaveLocalOffer, Op::kSrdAnswer,       S::kStable,             kOk},
    {S::kHaveLocalOffer, Op::kSrdRollback,     S::kStable,             kOk},
    {S::kHaveLocalOffer, Op::kAddIceCandidate, S::kHaveLocalOffer,     kISE},
    // have-remote-offer
    {S::kHaveRemoteOffer, Op::kCreateOffer,     S::kHaveRemoteOffer,    kISE},
    {S::kHaveRemoteOffer, Op::kCreateAnswer,    S::kHaveRemoteOffer,    kOk},
    {S::kHaveRemoteOffer, Op::kSldOffer,        S::kHaveRemoteOffer,    kISE},
    {S::kHaveRemoteOffer, Op::kSldPranswer,     S::kHaveLocalPranswer,  kOk},
    {S::kHaveRemoteOffer, Op::kSldAnswer,       S::kStable,             kOk},
    {S::kHaveRemoteOffer, Op::kSldRollback,     S::kStable,             kOk},
    {S::kHaveRemoteOffer, Op::kSldImplicit,     S::kStable,             kOk},  // an answer
    {S::kHaveRemoteOffer, Op::kSrdOffer,        S::kHaveRemoteOffer,    kOk},
    {S::kHaveRemoteOffer, Op::kSrdPranswer,     S::kHaveRemoteOffer,    kISE},
    {S::kHaveRemoteOffer, Op::kSrdAnswer,       S::kHaveRemoteOffer,    kISE},
    {S::kHaveRemoteOffer, Op::kSrdRollback,     S::kStable,             kOk},
    {S::kHaveRemoteOffer, Op::kAddIceCandidate, S::kHaveRemoteOffer,    kOk},
    // have-local-pranswer
    {S::kHaveLocalPranswer, Op::kCreateOffer,     S::kHaveLocalPranswer, kISE},
    {S::kHaveLocalPranswer, Op::kCreateAnswer,    S::kHaveLocalPranswer, kOk},
    {S::kHaveLocalPranswer, Op::kSldOffer,        S::kHaveLocalPranswer, kISE},
    {S::kHaveLocalPranswer, Op::kSldPranswer,     S::kHaveLocalPranswer, kOk},
    {S::kHaveLocalPranswer, Op::kSldAnswer,       S::kStable,            kOk},
    {S::kHaveLocalPranswer, Op::kSldRollback,     S::kHaveLocalPranswer, kISE},
    {S::kHaveLocalPranswer, Op::kSldImplicit,     S::kStable,            kOk},
    {S::kHaveLocalPranswer, Op::kSrdOffer,        S::kHaveLocalPranswer, kISE},  // rollback fails
    {S::kHaveLocalPranswer, Op::kSrdPranswer,     S::kHaveLocalPranswer, kISE},
    {S::kHaveLocalPranswer, Op::kSrdAnswer,       S::kHaveLocalPranswer, kISE},
    {S::kHaveLocalPranswer, Op::kSrdRollback,     S::kHaveLocalPranswer, kISE},
    {S::kHaveLocalPranswer, Op::kAddIceCandidate, S::kHaveLocalPranswer, kOk},
    // have-remote-pranswer
    {S::kHaveRemotePranswer, Op::kCreateOffer,     S::kHaveRemotePranswer, kISE},
    {S::kHaveRemotePranswer, Op::kCreateAnswer,    S::kHaveRemotePranswer, kISE},
    {S::kHaveRemotePranswer, Op::kSldOffer,        S::kHaveRemotePranswer, kISE},
    {S::kHaveRemotePranswer, Op::kSldPranswer,     S::kHaveRemotePranswer, kISE},
    {S::kHaveRemotePranswer, Op::kSldAnswer,       S::kHaveRemotePranswer, kISE},
    {S::kHaveRemotePranswer, Op::kSldRollback,     S::kHaveRemotePranswer, kISE},
    {S::kHaveRemotePranswer, Op::kSldImplicit,     S::kHaveRemotePranswer, kISE},  // offer
    {S::kHaveRemotePranswer, Op::kSrdOffer,        S::kHaveRemotePranswer, kISE},
    {S::kHaveRemotePranswer, Op::kSrdPranswer,     S::kHaveRemotePranswer, kOk},
    {S::kHaveRemotePranswer, Op::kSrdAnswer,       S::kStable,             kOk},
    {S::kHaveRemotePranswer, Op::kSrdRollback,     S::kHaveRemotePranswer, kISE},
    {S::kHaveRemotePranswer, Op::kAddIceCandidate, S::kHaveRemotePranswer, kOk},
};
// clang-format on

const Op kAllOps[] = {
    Op::kCreateOffer, Op::kCreateAnswer, Op::kSldOffer,    Op::kSldPranswer,
    Op::kSldAnswer,   Op::kSldRollback,  Op::kSldImplicit, Op::kSrdOffer,
    Op::kSrdPranswer, Op::kSrdAnswer,    Op::kSrdRollback, Op::kAddIceCandidate,
};

}  // namespace

TEST_CASE("signaling state machine: every call in every state", "[jsep][signaling]") {
    for (const Row& row : kTable) {
        Harness h = harness(row.from);
        const std::string error = run(h, row.op);
        INFO("in " << signaling_state_name(row.from) << ": " << op_name(row.op));
        CHECK(error == row.error);
        CHECK(signaling_state_name(h.alice.signaling_state()) == signaling_state_name(row.to));
        // A state change is announced once, a failure or a kept state announces nothing.
        const auto events = drain(h.alice);
        std::size_t changes = 0;
        std::optional<S> last;
        for (const auto& e : events)
            if (auto* c = std::get_if<event::SignalingStateChange>(&e)) {
                ++changes;
                last = c->state;
            }
        if (changes > 0) CHECK(last == row.to);
        // The implicit rollback before a remote offer changes the state twice.
        const bool via_rollback = row.from == S::kHaveLocalOffer && row.op == Op::kSrdOffer;
        CHECK(changes == (row.from == row.to ? 0u : via_rollback ? 2u : 1u));
    }
}

TEST_CASE("the table covers every call in every open state", "[jsep][signaling]") {
    std::map<std::pair<int, int>, int> seen;
    for (const Row& row : kTable)
        ++seen[{static_cast<int>(row.from), static_cast<int>(row.op)}];
    for (S s : {S::kStable, S::kHaveLocalOffer, S::kHaveRemoteOffer, S::kHaveLocalPranswer,
                S::kHaveRemotePranswer})
        for (Op op : kAllOps) {
            INFO(signaling_state_name(s) << " " << op_name(op));
            CHECK(seen[{static_cast<int>(s), static_cast<int>(op)}] == 1);
        }
}

TEST_CASE("a closed connection refuses everything with InvalidStateError", "[jsep][signaling]") {
    for (Op op : kAllOps) {
        Harness h = harness(S::kClosed);
        INFO(op_name(op));
        CHECK(run(h, op) == kISE);
        CHECK(h.alice.signaling_state() == S::kClosed);
        for (const auto& e : drain(h.alice))
            CHECK(std::holds_alternative<event::Ice>(e));
    }
    // close() announces nothing (webrtc-pc close(): "This does not fire any event") and the
    // states read closed.
    PeerConnection pc = make_peer(3, "p");
    drain(pc);
    pc.close(Instant{});
    // Only the agent's own events, for the trace.
    for (const auto& e : drain(pc))
        CHECK(std::holds_alternative<event::Ice>(e));
    CHECK(pc.signaling_state() == S::kClosed);
    CHECK(pc.connection_state() == PeerConnectionState::kClosed);
    CHECK(pc.ice_connection_state() == ice::ConnectionState::kClosed);
    pc.restart_ice();  // a no-op, not an error
    CHECK(drain(pc).empty());
}

TEST_CASE("enum names are the W3C spellings", "[jsep][signaling]") {
    CHECK(signaling_state_name(S::kHaveLocalPranswer) == "have-local-pranswer");
    CHECK(signaling_state_name(S::kClosed) == "closed");
    CHECK(sdp_type_name(SdpType::kRollback) == "rollback");
    CHECK(parse_sdp_type("pranswer") == SdpType::kPranswer);
    CHECK_FALSE(parse_sdp_type("Offer").has_value());
    CHECK(peer_connection_state_name(PeerConnectionState::kConnecting) == "connecting");
}
