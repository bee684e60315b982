// PeerConnection: webrtc-pc's RTCPeerConnection algorithms over JSEP, one call at a time.
// The step numbers in comments are those of the W3C "WebRTC 1.0" specification (webrtc-pc),
// named by algorithm: the methods createOffer, createAnswer, setLocalDescription,
// setRemoteDescription, addIceCandidate, restartIce and close; "set the session description"
// (§4.4.1.6: its step 4.6 for failures, 4.7 for success); "update the negotiation-needed flag";
// "surface the candidate"; "update the ICE gathering state".
#include "net/jsep/peer_connection.h"

#include <algorithm>
#include <deque>

#include "net/dtls/certificate.h"
#include "net/jsep/bundle_transport.h"
#include "net/jsep/candidate_sdp.h"
#include "net/jsep/compatibility.h"
#include "net/jsep/description_builder.h"
#include "net/jsep/dom_error.h"
#include "net/jsep/signaling_transitions.h"

namespace rtclab::net::jsep {

namespace {

// RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/".
constexpr std::string_view kIceChars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string random_chars(Rng& rng, std::string_view alphabet, std::size_t n) {
    std::string out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(alphabet[rng.below(alphabet.size())]);
    return out;
}

// RFC 8839 §5.4: "The ice-ufrag attribute MUST contain at least 24 bits of randomness, and the
// ice-pwd attribute MUST contain at least 128 bits of randomness": 4 and 24 ice-chars (24 and
// 144 bits), the lengths browsers use.
ice::Credentials random_credentials(Rng& rng) {
    ice::Credentials c;
    c.ufrag = random_chars(rng, kIceChars, 4);
    c.pwd = random_chars(rng, kIceChars, 24);
    return c;
}

// RTCPeerConnectionState (webrtc-pc) from the one ICE transport, while rtclab has no
// DTLS transport yet: "connecting" while checking, "connected" once ICE is.
PeerConnectionState derive_connection_state(ice::ConnectionState s) {
    switch (s) {
        case ice::ConnectionState::kNew:
            return PeerConnectionState::kNew;
        case ice::ConnectionState::kChecking:
            return PeerConnectionState::kConnecting;
        case ice::ConnectionState::kConnected:
        case ice::ConnectionState::kCompleted:
            return PeerConnectionState::kConnected;
        case ice::ConnectionState::kDisconnected:
            return PeerConnectionState::kDisconnected;
        case ice::ConnectionState::kFailed:
            return PeerConnectionState::kFailed;
        case ice::ConnectionState::kClosed:
            return PeerConnectionState::kClosed;
    }
    return PeerConnectionState::kNew;
}

// One of [[PendingLocalDescription]], [[CurrentLocalDescription]], [[PendingRemoteDescription]],
// [[CurrentRemoteDescription]]: the description as the page sees it and its parsed model, kept
// together so that a candidate can be added to the model and written back.
struct DescriptionSlot {
    std::optional<Description> description;
    std::optional<sdp::SessionDescription> model;

    explicit operator bool() const { return description.has_value(); }
    void set(Description d, sdp::SessionDescription m) {
        description = std::move(d);
        model = std::move(m);
    }
    void clear() {
        description.reset();
        model.reset();
    }
    // After the model changed (a candidate was added): the text follows.
    void rewrite() {
        if (description && model) description->sdp = sdp::to_string(*model);
    }
};

std::vector<std::string> ufrags_of(const sdp::SessionDescription& d) {
    std::vector<std::string> out;
    for (const auto& m : d.media)
        if (auto u = d.effective_transport(m).ice_ufrag) out.push_back(*u);
    return out;
}

std::optional<ice::Credentials> credentials_of(const sdp::SessionDescription& d) {
    auto t = bundle_transport(d);
    if (!t || !t->params.ice_ufrag || !t->params.ice_pwd) return std::nullopt;
    return ice::Credentials{*t->params.ice_ufrag, *t->params.ice_pwd};
}

bool is_stable_or_pranswer(SignalingState s) {
    return s == SignalingState::kStable || s == SignalingState::kHaveLocalPranswer ||
           s == SignalingState::kHaveRemotePranswer;
}

}  // namespace

struct PeerConnection::State {
    Configuration config;
    Rng rng;  // ICE credentials are drawn from it, one set per ICE generation
    std::optional<dtls::Certificate> certificate;
    std::string fingerprint_hex;
    ice::Role role = ice::Role::kControlling;
    ice::Agent agent;
    bool gathering_started = false;
    std::vector<sdp::Candidate> remote_candidates_given;  // to the agent, this remote generation
    // A remote offer restarted ICE: its credentials and candidates go to the agent once this
    // side's answer (with its own new credentials) is applied, so that the agent sees the local
    // restart first and then the remote one (RFC 8445 §9: both sides change credentials).
    bool remote_restart_deferred = false;
    // The candidates gathered in the current local ICE generation (as CandidateGathered
    // reported them: what may be signaled; peer-reflexive ones never are), for later offers and
    // answers (RFC 8829 §5.2.2: "...all candidates gathered so far").
    std::string gathered_ufrag;
    std::vector<sdp::Candidate> gathered;
    bool gathered_complete = false;

    std::uint64_t session_id = 0;
    std::uint64_t session_version = 0;
    std::string stream_id;

    // [[IsClosed]], [[SignalingState]], the four descriptions.
    bool closed = false;
    SignalingState signaling = SignalingState::kStable;
    DescriptionSlot pending_local, current_local, pending_remote, current_remote;
    // [[LastCreatedOffer]], [[LastCreatedAnswer]].
    std::string last_created_offer, last_created_answer;
    // restartIce() since the last offer was created: a parameterless setLocalDescription must
    // not reuse it (setLocalDescription step 4.4.2: "no longer accurately represents").
    bool last_offer_outdated = false;
    // [[LocalIceCredentialsToReplace]] (webrtc-pc restartIce step 2), as ufrags.
    std::vector<std::string> credentials_to_replace;
    // [[NegotiationNeeded]].
    bool negotiation_needed = false;
    // The operations chain (webrtc-pc §4.4.1.2): how many setLocalDescription /
    // setRemoteDescription calls are under way -- calls here complete before they return, so it
    // is more than 0 only inside one -- and [[UpdateNegotiationNeededFlagOnEmptyChain]].
    int operations = 0;
    bool update_on_empty_chain = false;

    ice::GatheringState gathering = ice::GatheringState::kNew;
    ice::ConnectionState ice_connection = ice::ConnectionState::kNew;
    PeerConnectionState connection = PeerConnectionState::kNew;

    std::deque<Event> events;

    State(Configuration c, Rng r)
        : config(std::move(c)), rng(r), agent(make_agent(random_credentials(rng))) {}

    ice::Agent make_agent(ice::Credentials local) const {
        ice::AgentConfig ac;
        ac.role = role;
        ac.local = std::move(local);
        ac.host_addresses = config.host_addresses;
        ac.stun_servers = config.stun_servers;
        ac.turn_servers = config.turn_servers;
        ac.policy = config.ice_transport_policy;
        ac.lite = config.ice_lite;
        // Forked with a fixed label: rebuilding the agent before it gathered (new credentials)
        // gives it the same random choices.
        return ice::Agent(std::move(ac), rng.fork("ice-agent"));
    }

    LocalMedia local_media() const {
        return LocalMedia{config.audio, config.video, config.data_channel, stream_id};
    }

    const DescriptionSlot& local_slot() const {
        return pending_local ? pending_local : current_local;
    }
    const DescriptionSlot& remote_slot() const {
        return pending_remote ? pending_remote : current_remote;
    }

    void emit(Event e) { events.push_back(std::move(e)); }

    void set_role(ice::Role r) {
        role = r;
        if (agent.role() != r) agent.set_role(r);
    }

    // --- negotiation-needed (webrtc-pc "update the negotiation-needed flag") ---------------------
    // "check if negotiation is needed": an ICE restart was asked for, or media the page added has
    // no m= section in [[CurrentLocalDescription]] yet (steps 2-5). A section the answer rejected
    // counts as negotiated -- its transceiver is stopped -- so a rejection does not make the
    // page renegotiate for ever.
    bool negotiation_is_needed() const {
        if (!credentials_to_replace.empty()) return true;
        auto negotiated = [&](const char* kind) {
            if (!current_local) return false;
            return std::any_of(current_local.model->media.begin(),
                               current_local.model->media.end(),
                               [&](const sdp::MediaSection& m) { return m.media == kind; });
        };
        return (config.audio && !negotiated("audio")) || (config.video && !negotiated("video")) ||
               (config.data_channel && !negotiated("application"));
    }
    // "update the negotiation-needed flag". Step 1: "If the length of connection.[[Operations]]
    // is not 0, then set connection.[[UpdateNegotiationNeededFlagOnEmptyChain]] to true, and
    // abort these steps" -- the update runs when the operation ends (end_operation). This is
    // what keeps perfect negotiation's implicit rollback quiet: setRemoteDescription(offer)
    // returns to stable for a moment, but when it ends the state is have-remote-offer.
    // Then the queued task's steps 2.1-2.7.
    void update_negotiation_needed() {
        if (operations > 0) {
            update_on_empty_chain = true;
            return;
        }
        if (closed || signaling != SignalingState::kStable) return;
        if (!negotiation_is_needed()) {
            negotiation_needed = false;
            return;
        }
        if (negotiation_needed) return;
        negotiation_needed = true;
        emit(event::NegotiationNeeded{});
    }

    // An operation of the chain (setLocalDescription, setRemoteDescription) starts and ends:
    // "chain an operation", step 7.3: when the chain is empty and
    // [[UpdateNegotiationNeededFlagOnEmptyChain]] is true, clear it and update the flag.
    void begin_operation() { ++operations; }
    void end_operation() {
        if (--operations > 0 || !update_on_empty_chain) return;
        update_on_empty_chain = false;
        update_negotiation_needed();
    }
    struct Operation {
        State& s;
        explicit Operation(State& state) : s(state) { s.begin_operation(); }
        ~Operation() { s.end_operation(); }
        Operation(const Operation&) = delete;
        Operation& operator=(const Operation&) = delete;
    };

    // --- the ICE agent ------------------------------------------------------------------------
    // Local credentials of a description being applied locally: a new set is an ICE restart
    // (RFC 8445 §9); the first local description starts gathering (webrtc-pc: "gathering
    // begins when setLocalDescription is called", JSEP §4.1.9).
    void apply_local_transport(Instant now, const sdp::SessionDescription& d) {
        auto creds = credentials_of(d);
        if (!creds) return;
        if (*creds != agent.local_credentials()) {
            if (gathering_started) {
                agent.restart(now, *creds);
                // The remote generation stays what it was.
                if (const auto& remote = remote_slot(); remote.model)
                    if (auto rc = credentials_of(*remote.model)) agent.set_remote_credentials(*rc);
            } else {
                agent = make_agent(*creds);
            }
        }
        if (!gathering_started) {
            gathering_started = true;
            agent.start_gathering(now);
        }
    }

    // What a remote description tells the agent (RFC 8829 §5.10): the remote credentials, whether
    // the remote is ICE-lite, its candidates and end-of-candidates.
    void apply_remote_transport(Instant now, const sdp::SessionDescription& d) {
        auto t = bundle_transport(d);
        if (!t) return;
        agent.set_remote_lite(t->ice_lite);
        if (auto creds = credentials_of(d); creds && agent.remote_credentials() != creds) {
            agent.set_remote_credentials(*creds);
            remote_candidates_given.clear();  // a new remote generation
        }
        for (const auto& c : description_candidates(d)) {
            if (std::find(remote_candidates_given.begin(), remote_candidates_given.end(), c) !=
                remote_candidates_given.end())
                continue;
            remote_candidates_given.push_back(c);
            // A candidate the agent cannot use (an mDNS name, TCP) is left out, as browsers
            // ignore candidates they cannot parse or resolve.
            (void)agent.add_remote_candidate(now, c);
        }
        if (description_end_of_candidates(d) && !agent.remote_end_of_candidates())
            agent.end_of_remote_candidates(now);
    }

    // RFC 8445 §6.1.1 (and RFC 8829 §5.10): "the full agent MUST take the controlling role" if
    // the peer is lite; between two full (or two lite) agents "the agent that generated the offer
    // ... MUST take the controlling role". Decided by the first offer; kept on renegotiation.
    ice::Role initial_role(bool local_is_offerer, bool remote_lite) const {
        if (config.ice_lite != remote_lite)
            return config.ice_lite ? ice::Role::kControlled : ice::Role::kControlling;
        return local_is_offerer ? ice::Role::kControlling : ice::Role::kControlled;
    }

    // Drains the agent's events: each is passed through for the trace (event::Ice) and turned
    // into what the page sees (webrtc-pc: RTCIceTransport states, candidates).
    void pump_agent() {
        while (auto e = agent.poll_event()) {
            emit(event::Ice{*e});
            if (closed) continue;  // webrtc-pc close(): no more events fire for the page
            if (auto* g = std::get_if<ice::event::CandidateGathered>(&*e)) {
                on_candidate_gathered(g->candidate);
            } else if (auto* gs = std::get_if<ice::event::GatheringStateChanged>(&*e)) {
                on_gathering_state(gs->state);
            } else if (auto* cs = std::get_if<ice::event::ConnectionStateChanged>(&*e)) {
                on_connection_state(cs->state);
            }
        }
    }

    // Where a candidate of the current local generation goes: the BUNDLE-tagged section of the
    // local description (the pending one, else the current one).
    std::pair<std::string, std::uint16_t> local_tag() const {
        const DescriptionSlot& slot = local_slot();
        if (slot.model)
            if (auto tag = bundle_tag_index(*slot.model))
                if (auto mid = slot.model->media[*tag].mid())
                    return {*mid, static_cast<std::uint16_t>(*tag)};
        return {"0", 0};
    }

    // "surface the candidate" (webrtc-pc): "If connection.[[PendingLocalDescription]]
    // is not null, and represents the ICE generation for which candidate was gathered, add
    // candidate to connection.[[PendingLocalDescription]].sdp"; the same for
    // [[CurrentLocalDescription]]; then fire icecandidate.
    void follow_generation() {
        if (gathered_ufrag == agent.local_credentials().ufrag) return;
        gathered_ufrag = agent.local_credentials().ufrag;
        gathered.clear();
        gathered_complete = false;
    }

    void on_candidate_gathered(const sdp::Candidate& c) {
        follow_generation();
        gathered.push_back(c);
        const std::string& ufrag = agent.local_credentials().ufrag;
        bool changed = false;
        for (DescriptionSlot* slot : {&pending_local, &current_local}) {
            if (!slot->model) continue;
            auto tag = bundle_tag_index(*slot->model);
            if (!tag || !represents_generation(*slot->model, *tag, ufrag)) continue;
            if (add_candidate_line(*slot->model, *tag, c)) {
                slot->rewrite();
                changed = true;
            }
        }
        if (changed) emit(event::DescriptionsChanged{});
        auto [mid, index] = local_tag();
        emit(event::IceCandidate{to_candidate_init(c, mid, index, ufrag)});
    }

    // "update the ICE gathering state" (webrtc-pc): on "complete", a=end-of-candidates
    // goes into the local descriptions of this generation (RFC 8840 §8.2), and icecandidate fires
    // with a null candidate before icegatheringstatechange.
    void on_gathering_state(ice::GatheringState st) {
        follow_generation();
        gathered_complete = st == ice::GatheringState::kComplete;
        if (st == gathering) return;
        gathering = st;
        if (st == ice::GatheringState::kComplete) {
            const std::string& ufrag = agent.local_credentials().ufrag;
            bool changed = false;
            for (DescriptionSlot* slot : {&pending_local, &current_local}) {
                if (!slot->model) continue;
                auto tag = bundle_tag_index(*slot->model);
                if (!tag || !represents_generation(*slot->model, *tag, ufrag)) continue;
                if (add_end_of_candidates_line(*slot->model, *tag)) {
                    slot->rewrite();
                    changed = true;
                }
            }
            if (changed) emit(event::DescriptionsChanged{});
            emit(event::IceCandidate{std::nullopt});
        }
        emit(event::IceGatheringStateChange{st});
    }

    void on_connection_state(ice::ConnectionState st) {
        if (st != ice_connection) {
            ice_connection = st;
            emit(event::IceConnectionStateChange{st});
        }
        // webrtc-pc "update the connection state": fire only on a change.
        const PeerConnectionState pcs = derive_connection_state(st);
        if (pcs != connection) {
            connection = pcs;
            emit(event::ConnectionStateChange{pcs});
        }
    }

    // --- set the session description (webrtc-pc §4.4.1.6) --------------------------------------
    DomResult<Ok> set_description(Instant now, DescriptionSource source, const Description& d);
    void apply_rollback(Instant now);
};

PeerConnection::PeerConnection(Configuration config, Rng rng)
    : s_(std::make_unique<State>(std::move(config), rng)) {
    State& s = *s_;
    // webrtc-pc constructor: the certificate exists from the start; browsers
    // generate one per connection when none is given.
    if (auto cert = dtls::Certificate::generate(rng.fork("certificate"))) {
        s.fingerprint_hex = cert->fingerprint_hex();
        s.certificate.emplace(std::move(*cert));
    }
    // RFC 8829 §5.2.1: "The <sess-id> ... SHOULD be a 64-bit random value ... the high bit
    // cleared" (RFC 3264 wants it below 2^63).
    Rng ids = rng.fork("session");
    s.session_id = ids.next_u64() >> 1;
    // a=msid stream id: a random token, as a page's MediaStream id.
    s.stream_id = random_chars(ids, "0123456789abcdefghijklmnopqrstuvwxyz", 10);
    // The page added its tracks and data channel before negotiating: negotiation is needed.
    s.update_negotiation_needed();
}

PeerConnection::~PeerConnection() = default;
PeerConnection::PeerConnection(PeerConnection&&) noexcept = default;
PeerConnection& PeerConnection::operator=(PeerConnection&&) noexcept = default;

DomResult<Description> PeerConnection::create_offer(const OfferOptions& options) {
    State& s = *s_;
    // createOffer step 3: "If connection.[[IsClosed]] is true, then return a promise rejected
    // with a newly created InvalidStateError."
    if (s.closed) return invalid_state_error("createOffer: the connection is closed");
    // "create an offer" step 1: "If connection.[[SignalingState]] is neither "stable" nor
    // "have-local-offer", return a promise rejected with a newly created InvalidStateError."
    if (!create_offer_allowed(s.signaling))
        return invalid_state_error("createOffer in signaling state '" +
                                   std::string(signaling_state_name(s.signaling)) +
                                   "': an offer can only be made in stable or have-local-offer "
                                   "(answer the remote offer first, or roll it back)");

    // RFC 8829 §5.2.1 / webrtc-pc restartIce: new ICE credentials when asked to restart, or
    // while the agent still uses credentials restartIce() marked for replacement.
    const ice::Credentials& in_use = s.agent.local_credentials();
    const bool restart = options.ice_restart ||
                         std::find(s.credentials_to_replace.begin(), s.credentials_to_replace.end(),
                                   in_use.ufrag) != s.credentials_to_replace.end();
    const ice::Credentials creds = restart ? random_credentials(s.rng) : in_use;

    DescriptionInputs in;
    in.session_id = s.session_id;
    in.session_version = ++s.session_version;
    in.transport.ice_ufrag = creds.ufrag;
    in.transport.ice_pwd = creds.pwd;
    if (s.certificate) in.transport.fingerprints = {s.certificate->fingerprint()};
    in.ice_lite = s.config.ice_lite;
    in.media = s.local_media();
    if (creds.ufrag == s.gathered_ufrag) {
        in.candidates = s.gathered;
        in.end_of_candidates = s.gathered_complete;
    }
    const sdp::SessionDescription* previous = s.current_local ? &*s.current_local.model : nullptr;
    const std::string text = sdp::to_string(build_offer(in, previous));
    // "final steps to create an offer" step 5: set [[LastCreatedOffer]] to sdpString.
    s.last_created_offer = text;
    s.last_offer_outdated = false;
    return Description{SdpType::kOffer, text};
}

DomResult<Description> PeerConnection::create_answer() {
    State& s = *s_;
    // createAnswer step 3: closed -> InvalidStateError.
    if (s.closed) return invalid_state_error("createAnswer: the connection is closed");
    // "create an answer" step 1: "If connection.[[SignalingState]] is neither
    // "have-remote-offer" nor "have-local-pranswer", return a promise rejected with a newly
    // created InvalidStateError."
    if (!create_answer_allowed(s.signaling) || !s.pending_remote)
        return invalid_state_error("createAnswer in signaling state '" +
                                   std::string(signaling_state_name(s.signaling)) +
                                   "': there is no remote offer to answer");
    const sdp::SessionDescription& offer = *s.pending_remote.model;

    // Credentials: those of a pranswer already given for this offer; new ones when the offer
    // restarts ICE (RFC 8839 §4.4.1.1.2: an ICE restart changes both sides' credentials); else
    // the agent's.
    ice::Credentials creds = s.agent.local_credentials();
    if (s.pending_local) {
        if (auto c = credentials_of(*s.pending_local.model)) creds = *c;
    } else if (s.current_remote) {
        auto before = credentials_of(*s.current_remote.model);
        auto now = credentials_of(offer);
        if (before && now && before->ufrag != now->ufrag) creds = random_credentials(s.rng);
    }

    DescriptionInputs in;
    in.session_id = s.session_id;
    in.session_version = ++s.session_version;
    in.transport.ice_ufrag = creds.ufrag;
    in.transport.ice_pwd = creds.pwd;
    if (s.certificate) in.transport.fingerprints = {s.certificate->fingerprint()};
    in.ice_lite = s.config.ice_lite;
    in.media = s.local_media();
    if (creds.ufrag == s.gathered_ufrag) {
        in.candidates = s.gathered;
        in.end_of_candidates = s.gathered_complete;
    }
    const std::string text = sdp::to_string(build_answer(in, offer));
    // "final steps to create an answer" step 4: set [[LastCreatedAnswer]] to sdpString.
    s.last_created_answer = text;
    return Description{SdpType::kAnswer, text};
}

DomResult<Ok> PeerConnection::set_local_description(Instant now, std::optional<Description> d) {
    State& s = *s_;
    // The operations chain rejects every method of a closed connection with InvalidStateError.
    if (s.closed) return invalid_state_error("setLocalDescription: the connection is closed");
    // setLocalDescription step 4.1: "Let type be description.type if present, or "offer" if not
    // present and connection.[[SignalingState]] is either "stable", "have-local-offer", or
    // "have-remote-pranswer"; otherwise "answer"."
    const State::Operation operation(s);
    const SdpType type = d ? d->type : implicit_local_type(s.signaling);
    std::string sdp_text = d ? d->sdp : std::string();
    if (type == SdpType::kRollback)
        return s.set_description(now, DescriptionSource::kLocal, Description{type, ""});
    // Step 4.2: "If type is "offer", and sdp is not the empty string and not equal to
    // connection.[[LastCreatedOffer]], then return a promise rejected with a newly created
    // InvalidModificationError".
    if (type == SdpType::kOffer && !sdp_text.empty() && sdp_text != s.last_created_offer)
        return invalid_modification_error(
            "setLocalDescription(offer): the SDP is not the one createOffer() returned last; "
            "local descriptions cannot be modified (SDP munging is not supported)");
    // Step 4.3: the same for "answer" and "pranswer" with [[LastCreatedAnswer]].
    if (type != SdpType::kOffer && !sdp_text.empty() && sdp_text != s.last_created_answer)
        return invalid_modification_error(
            "setLocalDescription(" + std::string(sdp_type_name(type)) +
            "): the SDP is not the one createAnswer() returned last; local descriptions cannot "
            "be modified");
    // Step 4.4: an empty offer means [[LastCreatedOffer]], or a new offer "if sdp is the empty
    // string, or if it no longer accurately represents the offerer's system state".
    if (type == SdpType::kOffer && sdp_text.empty()) {
        sdp_text = s.last_created_offer;
        if (sdp_text.empty() || s.last_offer_outdated) {
            auto offer = create_offer();
            if (auto* e = error_of(offer)) return *e;
            sdp_text = std::get<Description>(offer).sdp;
        }
    }
    // Step 4.5: the same for answers with [[LastCreatedAnswer]].
    if (type != SdpType::kOffer && sdp_text.empty()) {
        sdp_text = s.last_created_answer;
        if (sdp_text.empty()) {
            auto answer = create_answer();
            if (auto* e = error_of(answer)) return *e;
            sdp_text = std::get<Description>(answer).sdp;
        }
    }
    // Step 4.6: "Return the result of setting the local session description indicated by
    // {type, sdp}."
    return s.set_description(now, DescriptionSource::kLocal, Description{type, sdp_text});
}

DomResult<Ok> PeerConnection::set_remote_description(Instant now, const Description& d) {
    State& s = *s_;
    if (s.closed) return invalid_state_error("setRemoteDescription: the connection is closed");
    const State::Operation operation(s);
    // setRemoteDescription step 3.1: "If description.type is "offer" and is invalid for the
    // current connection.[[SignalingState]] as described in [RFC9429], then run the following
    // sub steps: 1. Let p be the result of setting the local session description indicated by
    // {type: "rollback"}. 2. Return the result of reacting to p with a fulfillment step that
    // sets the remote session description description" -- perfect negotiation's implicit
    // rollback: a polite peer in have-local-offer accepts the other side's offer. (From a
    // pranswer state the rollback itself fails with InvalidStateError.)
    if (d.type == SdpType::kOffer &&
        !next_signaling_state(s.signaling, DescriptionSource::kRemote, SdpType::kOffer)) {
        auto rolled_back =
            s.set_description(now, DescriptionSource::kLocal, Description{SdpType::kRollback, ""});
        if (error_of(rolled_back)) return rolled_back;
    }
    // Step 3.2: "Return the result of setting the remote session description description."
    return s.set_description(now, DescriptionSource::kRemote, d);
}

DomResult<Ok> PeerConnection::State::set_description(Instant now, DescriptionSource source,
                                                     const Description& d) {
    const bool local = source == DescriptionSource::kLocal;
    const char* method = local ? "setLocalDescription" : "setRemoteDescription";
    const std::string what = std::string(method) + "(" + std::string(sdp_type_name(d.type)) +
                             ") in signaling state '" +
                             std::string(signaling_state_name(signaling)) + "'";
    // Step 2: "If description.type is "rollback" and connection.[[SignalingState]] is either
    // "stable", "have-local-pranswer", or "have-remote-pranswer", then reject p with a newly
    // created InvalidStateError".
    if (d.type == SdpType::kRollback && is_stable_or_pranswer(signaling))
        return invalid_state_error(what + ": there is no offer to roll back");
    // Step 4.6.2: "If description.type is invalid for the current connection.[[SignalingState]]
    // as described in [RFC9429] (section 5.5. and section 5.6.), then reject p with a newly
    // created InvalidStateError".
    const auto next = next_signaling_state(signaling, source, d.type);
    if (!next)
        return invalid_state_error(what + " is not allowed (JSEP state machine, RFC 8829 §3.2)");
    if (d.type == SdpType::kRollback) {
        apply_rollback(now);
        return Ok{};
    }

    // Step 4.6.3: "If the content of description is not valid SDP syntax, then reject p with an
    // RTCError (with errorDetail set to "sdp-syntax-error" and the sdpLineNumber attribute set
    // to the line number in the SDP where the syntax error was detected)". RTCError's name is
    // "OperationError".
    auto parsed = sdp::parse_sdp(d.sdp);
    if (!parsed) return operation_error("sdp-syntax-error: " + parsed.error().describe());
    sdp::SessionDescription model = std::move(parsed.value());

    // Steps 4.6.4-4.6.7 for a remote description (a local one is what this peer created).
    if (!local) {
        const sdp::SessionDescription* offer =
            d.type == SdpType::kOffer ? nullptr
                                      : (pending_local.model ? &*pending_local.model : nullptr);
        if (auto error = check_remote_description(model, d.type, offer)) {
            error->message = what + ": " + error->message;
            return *error;
        }
    }

    // Step 4.7: the description was applied.
    const SignalingState before = signaling;
    const bool initial = !current_local && !current_remote;
    if (local) {
        switch (d.type) {
            case SdpType::kOffer:
                // Step 4.7.5.1: [[PendingLocalDescription]] = description, "have-local-offer".
                pending_local.set(d, model);
                break;
            case SdpType::kPranswer:
                // Step 4.7.5.3: [[PendingLocalDescription]] = description, "have-local-pranswer".
                pending_local.set(d, model);
                break;
            case SdpType::kAnswer:
                // Step 4.7.5.2: "this completes an offer answer negotiation. Set
                // [[CurrentLocalDescription]] to ... description, and set
                // [[CurrentRemoteDescription]] to [[PendingRemoteDescription]]. Set both
                // [[PendingRemoteDescription]] and [[PendingLocalDescription]] to null. Set both
                // [[LastCreatedOffer]] and [[LastCreatedAnswer]] to """.
                current_local.set(d, model);
                current_remote = std::move(pending_remote);
                pending_remote.clear();
                pending_local.clear();
                last_created_offer.clear();
                last_created_answer.clear();
                break;
            case SdpType::kRollback:
                break;
        }
    } else {
        switch (d.type) {
            case SdpType::kOffer:
                // Step 4.7.6.1: [[PendingRemoteDescription]] = description, "have-remote-offer".
                pending_remote.set(d, model);
                break;
            case SdpType::kPranswer:
                // Step 4.7.6.3: [[PendingRemoteDescription]] = description,
                // "have-remote-pranswer".
                pending_remote.set(d, model);
                break;
            case SdpType::kAnswer:
                // Step 4.7.6.2: the mirror image of 4.7.5.2.
                current_remote.set(d, model);
                current_local = std::move(pending_local);
                pending_local.clear();
                pending_remote.clear();
                last_created_offer.clear();
                last_created_answer.clear();
                break;
            case SdpType::kRollback:
                break;
        }
    }
    signaling = *next;
    // Steps 4.7.5.2 / 4.7.6.2, "Finally": "if none of the ICE credentials in
    // connection.[[LocalIceCredentialsToReplace]] are present in [[CurrentLocalDescription]],
    // then set [[LocalIceCredentialsToReplace]] to an empty set."
    if (d.type == SdpType::kAnswer && current_local) {
        const auto present = ufrags_of(*current_local.model);
        const bool any =
            std::any_of(credentials_to_replace.begin(), credentials_to_replace.end(),
                        [&](const std::string& u) {
                            return std::find(present.begin(), present.end(), u) != present.end();
                        });
        if (!any) credentials_to_replace.clear();
    }

    // The ICE side of JSEP §5.10 (applying a local description) and §5.11 (a remote one).
    if (local) {
        if (d.type == SdpType::kOffer && initial)
            set_role(initial_role(/*local_is_offerer=*/true, /*remote_lite=*/false));
        apply_local_transport(now, model);
        if (remote_restart_deferred && d.type != SdpType::kOffer) {
            remote_restart_deferred = false;
            if (const DescriptionSlot& remote = remote_slot(); remote.model)
                apply_remote_transport(now, *remote.model);
        }
    } else {
        const auto t = bundle_transport(model);
        const bool remote_lite = t && t->ice_lite;
        if (d.type == SdpType::kOffer && initial) {
            set_role(initial_role(/*local_is_offerer=*/false, remote_lite));
        } else if (d.type != SdpType::kOffer && remote_lite && !config.ice_lite) {
            set_role(ice::Role::kControlling);  // RFC 8445 §6.1.1: full agent vs lite peer
        }
        const auto creds = credentials_of(model);
        const bool remote_restart = d.type == SdpType::kOffer && creds &&
                                    agent.remote_credentials() &&
                                    *agent.remote_credentials() != *creds;
        remote_restart_deferred = remote_restart;
        if (!remote_restart) apply_remote_transport(now, model);
    }

    emit(event::DescriptionsChanged{});
    // Step 4.7.14.3: in stable, "clear the negotiation-needed flag and update the
    // negotiation-needed flag" (its event is a queued task: it comes after the state change).
    const bool stable = signaling == SignalingState::kStable;
    if (stable) negotiation_needed = false;
    // Step 4.7.15: "If connection.[[SignalingState]] changed above, fire an event named
    // signalingstatechange".
    if (signaling != before) emit(event::SignalingStateChange{signaling});
    pump_agent();
    if (stable) update_negotiation_needed();
    return Ok{};
}

// Step 4.7.12 (description of type "rollback"): "Set connection.[[PendingLocalDescription]] and
// connection.[[PendingRemoteDescription]] to null, and set connection.[[SignalingState]] to
// "stable"." JSEP §4.1.10.2: everything the rolled-back description changed is undone -- here
// the ICE credentials: if it was a local ICE-restart offer, the agent goes back to the
// credentials of the current local description (as a new restart with them: the agent cannot
// un-gather), and a rolled-back remote offer's credentials give way to the current remote ones.
void PeerConnection::State::apply_rollback(Instant now) {
    const SignalingState before = signaling;
    const bool local_offer_rolled_back = pending_local.model.has_value();
    const bool remote_offer_rolled_back = pending_remote.model.has_value();
    pending_local.clear();
    pending_remote.clear();
    signaling = SignalingState::kStable;
    remote_restart_deferred = false;

    if (local_offer_rolled_back && current_local) {
        if (auto creds = credentials_of(*current_local.model);
            creds && *creds != agent.local_credentials())
            agent.restart(now, *creds);
    }
    if (remote_offer_rolled_back && current_remote) {
        if (auto creds = credentials_of(*current_remote.model);
            creds && agent.remote_credentials() != creds) {
            agent.set_remote_credentials(*creds);
            remote_candidates_given.clear();
        }
    }

    emit(event::DescriptionsChanged{});
    negotiation_needed = false;
    if (signaling != before) emit(event::SignalingStateChange{signaling});
    pump_agent();
    update_negotiation_needed();
}

DomResult<Ok> PeerConnection::add_ice_candidate(Instant now, std::optional<IceCandidateInit> c) {
    State& s = *s_;
    if (s.closed) return invalid_state_error("addIceCandidate: the connection is closed");
    // addIceCandidate(null) is addIceCandidate({}): candidate "", sdpMid and sdpMLineIndex null
    // -- end-of-candidates for every m= section.
    const IceCandidateInit init = c.value_or(IceCandidateInit{});
    // Step 3: "If candidate.candidate is not an empty string and both candidate.sdpMid and
    // candidate.sdpMLineIndex are null, return a promise rejected with a newly created
    // TypeError."
    if (!init.candidate.empty() && !init.sdp_mid && !init.sdp_mline_index)
        return type_error("addIceCandidate: a candidate needs sdpMid or sdpMLineIndex");
    // Step 4.1: "If remoteDescription is null return a promise rejected with a newly created
    // InvalidStateError."
    const DescriptionSlot& remote = s.remote_slot();
    if (!remote)
        return invalid_state_error(
            "addIceCandidate before setRemoteDescription: there is no "
            "remote description to add the candidate to");
    const sdp::SessionDescription& rd = *remote.model;

    std::optional<std::size_t> index;
    if (init.sdp_mid) {
        // Step 4.2.1: "If candidate.sdpMid is not equal to the mid of any media description in
        // remoteDescription, return a promise rejected with a newly created OperationError."
        for (std::size_t i = 0; i < rd.media.size() && !index; ++i)
            if (rd.media[i].mid() == *init.sdp_mid) index = i;
        if (!index)
            return operation_error("addIceCandidate: sdpMid '" + *init.sdp_mid +
                                   "' is not the mid of any m= section of the remote description");
    } else if (init.sdp_mline_index) {
        // Step 4.3.1: "If candidate.sdpMLineIndex is equal to or larger than the number of media
        // descriptions in remoteDescription, return a promise rejected with a newly created
        // OperationError."
        if (*init.sdp_mline_index >= rd.media.size())
            return operation_error("addIceCandidate: sdpMLineIndex " +
                                   std::to_string(*init.sdp_mline_index) + " is out of range (" +
                                   std::to_string(rd.media.size()) + " m= sections)");
        index = *init.sdp_mline_index;
    }
    // Step 4.4: a candidate for a section whose transceiver is stopped (rejected) is ignored
    // ("return a promise resolved with undefined").
    if (index && rd.media[*index].is_rejected()) return Ok{};

    // Step 4.5: "If candidate.usernameFragment is not null, and is not equal to any username
    // fragment present in the corresponding media description of an applied remote description,
    // return a promise rejected with a newly created OperationError."
    std::string ufrag;
    if (init.username_fragment) {
        bool known = false;
        for (const DescriptionSlot* slot : {&s.pending_remote, &s.current_remote}) {
            if (!slot->model) continue;
            for (std::size_t i = 0; i < slot->model->media.size(); ++i) {
                if (index && i != *index) continue;
                known = known || represents_generation(*slot->model, i, *init.username_fragment);
            }
        }
        if (!known)
            return operation_error("addIceCandidate: usernameFragment '" + *init.username_fragment +
                                   "' is not the ice-ufrag of the remote description (a candidate "
                                   "of another ICE generation)");
        ufrag = *init.username_fragment;
    } else if (auto creds = credentials_of(rd)) {
        ufrag = creds->ufrag;
    }
    // The candidate belongs to the agent's remote generation (the latest applied one)?
    const bool agent_generation =
        s.agent.remote_credentials() && s.agent.remote_credentials()->ufrag == ufrag;

    // Where the line goes in each description representing the generation: the named section,
    // or (end-of-candidates for all) every section carrying the transport.
    auto update_descriptions = [&](auto&& add) {
        bool changed = false;
        for (DescriptionSlot* slot : {&s.pending_remote, &s.current_remote}) {
            if (!slot->model) continue;
            std::optional<std::size_t> at = index;
            if (!at) at = bundle_tag_index(*slot->model);
            if (!at || *at >= slot->model->media.size() ||
                !represents_generation(*slot->model, *at, ufrag))
                continue;
            if (add(*slot->model, *at)) {
                slot->rewrite();
                changed = true;
            }
        }
        if (changed) s.emit(event::DescriptionsChanged{});
    };

    if (init.candidate.empty()) {
        // Step 4.7: "If candidate.candidate is an empty string, process candidate as an
        // end-of-candidates indication for the corresponding media description and ICE candidate
        // generation. If both candidate.sdpMid and candidate.sdpMLineIndex are null, then this
        // end-of-candidates indication applies to all media descriptions." rtclab bundles every
        // section onto one transport, so either ends the remote candidates of the agent.
        if (agent_generation && !s.agent.remote_end_of_candidates())
            s.agent.end_of_remote_candidates(now);
        update_descriptions([](sdp::SessionDescription& d, std::size_t i) {
            return add_end_of_candidates_line(d, i);
        });
        s.pump_agent();
        return Ok{};
    }

    // Step 4.7.1: "If candidate could not be successfully added the user agent MUST queue a task
    // that runs the following steps: ... Reject p with a newly created OperationError".
    auto parsed = sdp::parse_candidate(init.candidate);
    if (!parsed) return operation_error("addIceCandidate: " + parsed.error().describe());
    const sdp::Candidate candidate = parsed.value();
    if (agent_generation &&
        std::find(s.remote_candidates_given.begin(), s.remote_candidates_given.end(), candidate) ==
            s.remote_candidates_given.end()) {
        if (auto added = s.agent.add_remote_candidate(now, candidate); !added)
            return operation_error("addIceCandidate: the ICE agent refused the candidate: " +
                                   added.error().describe());
        s.remote_candidates_given.push_back(candidate);
    }
    // Steps 4.7.2.2-4.7.2.3: add the candidate to [[PendingRemoteDescription]] and
    // [[CurrentRemoteDescription]] where they represent its ICE generation.
    update_descriptions([&](sdp::SessionDescription& d, std::size_t i) {
        return add_candidate_line(d, i, candidate);
    });
    s.pump_agent();
    return Ok{};
}

void PeerConnection::restart_ice() {
    State& s = *s_;
    if (s.closed) return;
    // restartIce step 2 (webrtc-pc): "Set connection.[[LocalIceCredentialsToReplace]]
    // to a set of all ICE credentials of connection found in
    // connection.[[CurrentLocalDescription]], as well as all ICE credentials found in
    // connection.[[PendingLocalDescription]]."
    s.credentials_to_replace.clear();
    for (const DescriptionSlot* slot : {&s.current_local, &s.pending_local})
        if (slot->model)
            for (auto& u : ufrags_of(*slot->model))
                s.credentials_to_replace.push_back(u);
    // Even before any description: the next offer must carry fresh credentials.
    s.credentials_to_replace.push_back(s.agent.local_credentials().ufrag);
    s.last_offer_outdated = true;
    // Step 3: "Update the negotiation-needed flag for connection."
    s.update_negotiation_needed();
}

void PeerConnection::change_network(Instant now, std::vector<TransportAddress> host_addresses) {
    State& s = *s_;
    if (s.closed) return;
    s.agent.change_network(now, std::move(host_addresses));
    s.pump_agent();
}

void PeerConnection::close(Instant now) {
    State& s = *s_;
    // close(): "If connection.[[IsClosed]] is true, abort these steps. ... Set
    // connection.[[IsClosed]] to true. Set connection's signaling state to "closed". This does
    // not fire any event." Likewise [[IceConnectionState]] and [[ConnectionState]] become
    // "closed" without events. The agent's own events still go to the trace (event::Ice).
    if (s.closed) return;
    s.closed = true;
    s.signaling = SignalingState::kClosed;
    s.negotiation_needed = false;
    s.agent.close(now);
    s.ice_connection = ice::ConnectionState::kClosed;
    s.connection = PeerConnectionState::kClosed;
    s.pump_agent();
}

SignalingState PeerConnection::signaling_state() const {
    return s_->signaling;
}
ice::GatheringState PeerConnection::ice_gathering_state() const {
    return s_->gathering;
}
ice::ConnectionState PeerConnection::ice_connection_state() const {
    return s_->ice_connection;
}
PeerConnectionState PeerConnection::connection_state() const {
    return s_->connection;
}

std::optional<Description> PeerConnection::local_description() const {
    // "The localDescription attribute MUST return [[PendingLocalDescription]] if it is not null
    // and otherwise it MUST return [[CurrentLocalDescription]]."
    return s_->local_slot().description;
}
std::optional<Description> PeerConnection::remote_description() const {
    return s_->remote_slot().description;
}
const std::optional<Description>& PeerConnection::pending_local_description() const {
    return s_->pending_local.description;
}
const std::optional<Description>& PeerConnection::current_local_description() const {
    return s_->current_local.description;
}
const std::optional<Description>& PeerConnection::pending_remote_description() const {
    return s_->pending_remote.description;
}
const std::optional<Description>& PeerConnection::current_remote_description() const {
    return s_->current_remote.description;
}
const ice::Agent& PeerConnection::ice_agent() const {
    return s_->agent;
}
const std::string& PeerConnection::certificate_fingerprint() const {
    return s_->fingerprint_hex;
}
const dtls::Certificate* PeerConnection::certificate() const {
    return s_->certificate ? &*s_->certificate : nullptr;
}

void PeerConnection::handle_datagram(Instant now, const TransportAddress& local,
                                     const TransportAddress& from, ByteView bytes) {
    s_->agent.handle_datagram(now, local, from, bytes);
    s_->pump_agent();
}

void PeerConnection::handle_timeout(Instant now) {
    s_->agent.handle_timeout(now);
    s_->pump_agent();
}

std::optional<Instant> PeerConnection::next_timeout() const {
    return s_->agent.next_timeout();
}

std::optional<ice::Transmit> PeerConnection::poll_transmit() {
    return s_->agent.poll_transmit();
}

std::optional<Event> PeerConnection::poll_event() {
    if (s_->events.empty()) return std::nullopt;
    Event e = std::move(s_->events.front());
    s_->events.pop_front();
    return e;
}

}  // namespace rtclab::net::jsep
