#include "sim/apps/peer_app.h"

#include <utility>

#include "sim/peer_state.h"
#include "sim/world.h"

namespace rtclab::sim {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;
namespace jsep = net::jsep;
namespace ice = net::ice;

jsep::Configuration configuration(const World& world, std::uint32_t host, const PeerSpec& spec,
                                  std::uint16_t port) {
    jsep::Configuration c;
    c.host_addresses.push_back(world.host_endpoint(host, port));
    for (const IceServerRef& ref : spec.ice_servers) {
        const auto server = world.host_index(ref.server);
        if (!server) continue;  // the loader has checked the name
        const HostSpec& h = world.host(*server);
        if (h.stun) c.stun_servers.push_back({world.host_endpoint(*server, h.stun->port)});
        if (h.turn) {
            c.turn_servers.push_back(
                {world.host_endpoint(*server, h.turn->port), ref.username, ref.password});
        }
    }
    c.ice_transport_policy = spec.relay_only ? ice::TransportPolicy::kRelay : ice::TransportPolicy::kAll;
    c.ice_lite = spec.ice_lite;
    c.audio = spec.audio;
    c.video = spec.video;
    c.data_channel = spec.data_channel;
    return c;
}

ordered_json candidate_message(const jsep::IceCandidateInit& c) {
    ordered_json j = {{"candidate", c.candidate}};
    j["sdpMid"] = c.sdp_mid ? ordered_json(*c.sdp_mid) : ordered_json(nullptr);
    j["sdpMLineIndex"] = c.sdp_mline_index ? ordered_json(*c.sdp_mline_index) : ordered_json(nullptr);
    if (c.username_fragment) j["usernameFragment"] = *c.username_fragment;
    return j;
}

std::optional<jsep::IceCandidateInit> candidate_from_message(const ordered_json& j) {
    if (!j.is_object() || !j.contains("candidate") || !j["candidate"].is_string()) return std::nullopt;
    jsep::IceCandidateInit c;
    c.candidate = j["candidate"].get<std::string>();
    if (j.contains("sdpMid") && j["sdpMid"].is_string()) c.sdp_mid = j["sdpMid"].get<std::string>();
    if (j.contains("sdpMLineIndex") && j["sdpMLineIndex"].is_number_unsigned())
        c.sdp_mline_index = j["sdpMLineIndex"].get<std::uint16_t>();
    if (j.contains("usernameFragment") && j["usernameFragment"].is_string())
        c.username_fragment = j["usernameFragment"].get<std::string>();
    return c;
}

template <class T>
const jsep::DomError* error_of(const jsep::DomResult<T>& r) {
    return std::get_if<jsep::DomError>(&r);
}

std::string type_name(jsep::SdpType t) { return std::string(jsep::sdp_type_name(t)); }

// Which of MDN's ten offer/answer steps an API call is, for the lesson notes (the numbering
// of ../shared/LESSON-OUTLINE.md: step 5, the callee setting up its media, has no call). Which
// side acts follows from the description type, not from who offered first: after an ICE
// restart or renegotiation the answerer of the first exchange may be the caller.
std::string mdn_explain(const std::string& call, const std::string& type) {
    if (call == "createOffer")
        return "MDN step 1: the caller creates an offer describing its media, its ICE credentials "
               "and its certificate fingerprint (RFC 8829 §5.2).";
    if (call == "setLocalDescription" && type == "offer")
        return "MDN step 2: the caller makes the offer its pending local description; ICE starts "
               "gathering candidates (webrtc-pc §4.4.1.5).";
    if (call == "setRemoteDescription" && type == "offer")
        return "MDN step 4: the callee applies the offer as its pending remote description "
               "(signalingState have-remote-offer).";
    if (call == "createAnswer")
        return "MDN step 6: the callee answers, accepting the media it can and giving its own ICE "
               "credentials and fingerprint (RFC 8829 §5.3).";
    if (call == "setLocalDescription" && type == "answer")
        return "MDN step 7: the callee makes the answer its local description; it knows both ends "
               "and its pending descriptions become current.";
    if (call == "setRemoteDescription" && type == "answer")
        return "MDN step 10: the caller applies the answer; pending descriptions become current on "
               "both sides and ICE checks run.";
    if (call == "addIceCandidate")
        return "Trickle ICE (RFC 8838): a candidate the other peer gathered, relayed by the "
               "signaling server, becomes a remote candidate and is paired with the local ones.";
    return "";
}

// setRemoteDescription(offer) in have-local-offer: webrtc-pc's setRemoteDescription step 3.1
// rolls the local offer back first (perfect negotiation's polite peer, LESSON-OUTLINE §5).
std::string implicit_rollback_note(jsep::SignalingState before, jsep::SdpType type) {
    if (type != jsep::SdpType::kOffer || before != jsep::SignalingState::kHaveLocalOffer) return "";
    return " Glare: this peer was in have-local-offer, so the call first rolled its own offer back "
           "(an implicit rollback: its pending local description became null, signalingState "
           "stable), then applied this offer (webrtc-pc setRemoteDescription step 3.1).";
}

}  // namespace

PeerApp::PeerApp(World& world, std::uint32_t host, const PeerSpec& spec, std::string remote,
                 SignalingServerApp* signaling)
    : name_(world.host(host).name),
      host_(host),
      spec_(spec),
      remote_(std::move(remote)),
      signaling_(signaling) {
    net::Rng& rng = world.host_rng(host);
    port_ = spec.port != 0
                ? spec.port
                : static_cast<std::uint16_t>(rng.fork("ice-port").between(49152, 65535));
    app_lane_ = world.host_app_lane(host);
    agent_lane_ = world.host_agent_lane(host);
    pc_ = std::make_unique<jsep::PeerConnection>(configuration(world, host, spec, port_),
                                                 rng.fork("peer-connection"));
    last_state_ = peer_state_json(*pc_);
}

PeerApp::~PeerApp() = default;

void PeerApp::start(World& world) { world.set_timer(app_index, net::Instant{} + spec_.start, kStart); }

void PeerApp::deliver(World& world, net::Instant at, SignalMessage message) {
    inbox_.emplace_back(at, std::move(message));
    world.set_timer(app_index, at, kInbox);
}

void PeerApp::on_timer(World& world, net::Instant now, std::uint32_t token) {
    switch (token) {
        case kStart:
            started_ = true;
            pump(world);  // what the page's setup already caused (onnegotiationneeded)
            if (spec_.offerer && spec_.negotiate) negotiate(world);
            break;
        case kInbox:
            while (!inbox_.empty() && inbox_.front().first <= now) {
                SignalMessage m = std::move(inbox_.front().second);
                inbox_.pop_front();
                on_signal(world, m);
            }
            break;
        default:
            if (timer_at_ && *timer_at_ <= now) timer_at_.reset();
            if (const auto due = pc_->next_timeout(); due && *due <= now) pc_->handle_timeout(now);
            break;
    }
    pump(world);
}

void PeerApp::on_datagram(World& world, const Received& d) {
    pc_->handle_datagram(d.now, d.local, d.remote, d.payload);
    pump(world);
}

// --- the MDN flow ------------------------------------------------------------------------------

void PeerApp::negotiate(World& world) {
    making_offer_ = true;
    auto offer = pc_->create_offer();
    const bool ok = record_call(world, "createOffer", "", offer);
    pump(world);
    if (ok) {
        last_created_ = std::get<jsep::Description>(offer);
        auto set = pc_->set_local_description(world.now(), last_created_);
        const bool set_ok = record_call(world, "setLocalDescription", "offer", set);
        pump_description_set(world);
        if (set_ok) {
            // The offer leaves before the candidates that setLocalDescription starts gathering.
            if (spec_.trickle) {
                send_local_description(world);
            } else {
                send_when_gathered_ = true;
            }
        }
    }
    making_offer_ = false;
    pump(world);
}

void PeerApp::send_local_description(World& world) {
    const auto d = pc_->local_description();
    if (!d) return;
    send_signal(world, {{"type", type_name(d->type)}, {"sdp", d->sdp}});
}

void PeerApp::send_signal(World& world, ordered_json body) {
    if (!signaling_) return;
    signaling_->submit(world, SignalMessage{name_, remote_, std::move(body)});
}

void PeerApp::on_signal(World& world, const SignalMessage& m) {
    if (!spec_.negotiate) return;
    const std::string type = m.body.value("type", "");
    if (type == "offer" || type == "answer" || type == "pranswer") {
        const jsep::Description d{*jsep::parse_sdp_type(type), m.body.value("sdp", "")};
        if (d.type == jsep::SdpType::kOffer) {
            // Perfect negotiation (webrtc-pc §10.7): an offer that collides with our own is
            // ignored by the impolite peer and accepted by the polite one, whose
            // setRemoteDescription rolls its own offer back.
            const bool collision =
                making_offer_ || pc_->signaling_state() != jsep::SignalingState::kStable;
            ignore_offer_ = !spec_.polite && collision;
            if (ignore_offer_) {
                GenericEvent ev;
                ev.kind = "app.ignore-offer";
                ev.summary = name_ + " (impolite) ignores " + m.from + "'s colliding offer";
                ev.explain = "Perfect negotiation: when both peers offer at once (glare), the "
                             "impolite peer keeps its own offer and the polite one rolls back.";
                record(world, app_lane_, kNoLane, std::move(ev));
                return;
            }
        }
        const jsep::SignalingState before = pc_->signaling_state();
        auto r = pc_->set_remote_description(world.now(), d);
        const bool applied = record_call(world, "setRemoteDescription", type, r, std::nullopt, 0,
                                         implicit_rollback_note(before, d.type));
        pump(world);
        if (!applied) return;
        if (d.type == jsep::SdpType::kOffer) {
            auto answer = pc_->create_answer();
            const bool answered = record_call(world, "createAnswer", "", answer);
            pump(world);
            if (!answered) return;
            last_created_ = std::get<jsep::Description>(answer);
            auto set = pc_->set_local_description(world.now(), last_created_);
            const bool set_ok = record_call(world, "setLocalDescription", "answer", set);
            pump_description_set(world);
            if (!set_ok) return;
            if (spec_.trickle || pc_->ice_gathering_state() == ice::GatheringState::kComplete) {
                send_local_description(world);
            } else {
                send_when_gathered_ = true;
            }
        }
    } else if (type == "candidate") {
        const auto c = candidate_from_message(m.body.value("candidate", ordered_json()));
        if (!c) return;
        auto r = pc_->add_ice_candidate(world.now(), *c);
        // Candidates of an offer we ignored fail; perfect negotiation ignores those errors.
        record_call(world, "addIceCandidate", c->candidate, r);
    } else if (type == "end-of-candidates") {
        auto r = pc_->add_ice_candidate(world.now(), std::nullopt);
        record_call(world, "addIceCandidate", "null", r);
    }
}

void PeerApp::network_changed(World& world) {
    pc_->change_network(world.now(), {world.host_endpoint(host_, port_)});
    pump(world);
}

void PeerApp::restart_ice(World& world) {
    pc_->restart_ice();
    GenericEvent ev;
    ev.kind = "pc.restartIce";
    ev.summary = name_ + " calls restartIce()";
    ev.explain = "ICE restart (RFC 8445 §9, webrtc-pc §4.4.1.6): the next offer carries a new "
                 "ufrag and password; both agents gather again and check new pairs, while the "
                 "old pair keeps carrying data until a new one is selected.";
    record(world, app_lane_, agent_lane_, std::move(ev));
    negotiate(world);
}

void PeerApp::call(World& world, const PeerCallAction& a) {
    const auto find_description = [&](const std::string& type) -> std::optional<jsep::Description> {
        // The other peer's description of that type: its localDescription, else the last one
        // it created.
        const PeerApp* other = world.peer_app(remote_);
        if (!other) return std::nullopt;
        const auto t = jsep::parse_sdp_type(type);
        if (!t) return std::nullopt;
        if (auto d = other->pc().local_description(); d && d->type == *t) return d;
        if (other->last_created() && other->last_created()->type == *t) return other->last_created();
        if (*t == jsep::SdpType::kPranswer && other->last_created() &&
            other->last_created()->type == jsep::SdpType::kAnswer) {
            return jsep::Description{jsep::SdpType::kPranswer, other->last_created()->sdp};
        }
        return std::nullopt;
    };
    const auto& c = a.call;
    if (c == "createOffer") {
        auto r = pc_->create_offer();
        if (!error_of(r)) last_created_ = std::get<jsep::Description>(r);
        record_call(world, c, "", r, a.expect_error, a.line);
    } else if (c == "createAnswer") {
        auto r = pc_->create_answer();
        if (!error_of(r)) last_created_ = std::get<jsep::Description>(r);
        record_call(world, c, "", r, a.expect_error, a.line);
    } else if (c == "setLocalDescription") {
        std::optional<jsep::Description> d;
        if (a.type == "rollback") {
            d = jsep::Description{jsep::SdpType::kRollback, ""};
        } else if (!a.type.empty()) {
            const auto t = jsep::parse_sdp_type(a.type);
            if (last_created_ && t && (last_created_->type == *t ||
                                       (*t == jsep::SdpType::kPranswer &&
                                        last_created_->type == jsep::SdpType::kAnswer))) {
                d = jsep::Description{*t, last_created_->sdp};
            } else {
                // Nothing created of that type: the call is made with an empty SDP, which the
                // PeerConnection rejects as a browser would.
                d = jsep::Description{t.value_or(jsep::SdpType::kOffer), ""};
            }
        }
        auto r = pc_->set_local_description(world.now(), d);
        record_call(world, c, a.type, r, a.expect_error, a.line);
        if (!error_of(r) && spec_.negotiate) send_local_description(world);
    } else if (c == "setRemoteDescription") {
        std::optional<jsep::Description> d;
        if (a.type == "rollback") d = jsep::Description{jsep::SdpType::kRollback, ""};
        else d = find_description(a.type.empty() ? "offer" : a.type);
        if (!d) {
            const auto t = jsep::parse_sdp_type(a.type.empty() ? "offer" : a.type);
            d = jsep::Description{t.value_or(jsep::SdpType::kOffer), ""};
        }
        const jsep::SignalingState before = pc_->signaling_state();
        auto r = pc_->set_remote_description(world.now(), *d);
        record_call(world, c, a.type, r, a.expect_error, a.line, implicit_rollback_note(before, d->type));
    } else if (c == "addIceCandidate") {
        auto r = pc_->add_ice_candidate(world.now(), std::nullopt);
        record_call(world, c, "null", r, a.expect_error, a.line);
    } else if (c == "restartIce") {
        pc_->restart_ice();
        record_call(world, c, "", jsep::DomResult<jsep::Ok>(jsep::Ok{}), a.expect_error, a.line);
    } else if (c == "close") {
        pc_->close(world.now());
        record_call(world, c, "", jsep::DomResult<jsep::Ok>(jsep::Ok{}), a.expect_error, a.line);
    }
    pump(world);
}

// --- recording ---------------------------------------------------------------------------------

void PeerApp::record(World& world, LaneId from, LaneId to, GenericEvent ev) {
    json now_state = peer_state_json(*pc_);
    if (world.trace().recording()) {
        json changes = peer_state_changes("/peers/" + name_, last_state_, now_state);
        for (auto& c : changes) ev.changes.push_back(std::move(c));
        world.record(from, to, std::move(ev));
    }
    last_state_ = std::move(now_state);
}

template <class T>
bool PeerApp::record_call(World& world, const std::string& call, const std::string& args,
                          const jsep::DomResult<T>& result,
                          const std::optional<std::string>& expect_error, int script_line,
                          const std::string& explain_more) {
    const jsep::DomError* err = error_of(result);
    GenericEvent ev;
    ev.kind = "pc." + call;
    ev.summary = name_ + ": " + call + "(" + args + ")";
    ev.detail = {{"peer", name_}, {"call", call}};
    if (!args.empty()) ev.detail["argument"] = args;
    if (err) {
        ev.summary += " fails: " + err->name + ": " + err->message;
        ev.detail["result"] = err->name;
        ev.detail["message"] = err->message;
    } else {
        ev.detail["result"] = "ok";
        if constexpr (std::is_same_v<T, jsep::Description>) {
            const auto& d = std::get<jsep::Description>(result);
            ev.summary += " -> " + type_name(d.type);
            ev.detail["description"] = {{"type", type_name(d.type)}, {"sdp", d.sdp}};
        }
    }
    if (expect_error) {
        const std::string got = err ? err->name : "";
        ev.detail["expected"] = expect_error->empty() ? "ok" : *expect_error;
        ev.detail["as_expected"] = got == *expect_error;
        ev.summary += got == *expect_error ? " (as expected)"
                                           : " (expected " + (expect_error->empty()
                                                                  ? std::string("success")
                                                                  : *expect_error) + ")";
    }
    if (script_line > 0) ev.detail["script_line"] = script_line;
    ev.explain = mdn_explain(call, args);
    if (!err) ev.explain += explain_more;
    record(world, app_lane_, agent_lane_, std::move(ev));
    return err == nullptr;
}

// --- the PeerConnection's I/O and events ---------------------------------------------------------

// webrtc-pc §4.4.1.6 (set the session description): signalingstatechange fires while the call
// succeeds, before its promise resolves and the page's next line (sending the description)
// runs; gathering's icegatheringstatechange and icecandidate events are tasks queued for later.
// So the page's view right after the call: the description and signaling-state changes only.
void PeerApp::pump_description_set(World& world) {
    while (held_.empty()) {
        auto e = pc_->poll_event();
        if (!e) break;
        if (std::holds_alternative<jsep::event::SignalingStateChange>(*e) ||
            std::holds_alternative<jsep::event::DescriptionsChanged>(*e)) {
            handle_event(world, *e);
        } else {
            held_.push_back(std::move(*e));
        }
    }
}

void PeerApp::pump(World& world) {
    // What pump_description_set held back comes first, in its order.
    while (!held_.empty()) {
        const jsep::Event e = std::move(held_.front());
        held_.pop_front();
        handle_event(world, e);
    }
    // Bounded: a PeerConnection queues what one call produced, never an endless stream.
    for (int guard = 0; guard < 100000; ++guard) {
        // Events first: a state change is shown before the packets it causes.
        bool progressed = false;
        while (auto e = pc_->poll_event()) {
            handle_event(world, *e);
            progressed = true;
        }
        while (auto t = pc_->poll_transmit()) {
            world.send(host_, t->from.port, t->to, t->bytes);
            progressed = true;
        }
        if (!progressed) break;
    }
    if (const auto due = pc_->next_timeout(); due && (!timer_at_ || *due < *timer_at_)) {
        const net::Instant at = *due < world.now() ? world.now() : *due;
        world.set_timer(app_index, at, kPcTimer);
        timer_at_ = at;
    }
}

void PeerApp::handle_event(World& world, const jsep::Event& event) {
    GenericEvent ev;
    if (const auto* c = std::get_if<jsep::event::IceCandidate>(&event)) {
        ev.kind = "pc.icecandidate";
        if (c->candidate) {
            ev.summary = name_ + ": onicecandidate " + c->candidate->candidate;
            ev.detail = {{"peer", name_}, {"candidate", candidate_message(*c->candidate)}};
            ev.explain = "The ICE agent gathered a candidate (RFC 8445 §5.1.1); the page sends "
                         "it to the other peer at once (trickle ICE, RFC 8838).";
        } else {
            ev.summary = name_ + ": onicecandidate null (gathering complete)";
            ev.detail = {{"peer", name_}, {"candidate", nullptr}};
            ev.explain = "A null candidate: gathering is complete, and the local description "
                         "now ends with a=end-of-candidates (RFC 8838 §8.2).";
        }
        record(world, agent_lane_, app_lane_, std::move(ev));
        if (!spec_.negotiate) return;
        if (spec_.trickle) {
            if (c->candidate) {
                send_signal(world, {{"type", "candidate"},
                                    {"candidate", candidate_message(*c->candidate)}});
            } else {
                send_signal(world, {{"type", "end-of-candidates"}});
            }
        } else if (!c->candidate && send_when_gathered_) {
            send_when_gathered_ = false;
            send_local_description(world);
        }
        return;
    }
    if (const auto* s = std::get_if<jsep::event::SignalingStateChange>(&event)) {
        ev.kind = "pc.signalingstatechange";
        ev.summary = name_ + ": signalingState " + std::string(jsep::signaling_state_name(s->state));
        ev.detail = {{"peer", name_}, {"state", std::string(jsep::signaling_state_name(s->state))}};
    } else if (const auto* g = std::get_if<jsep::event::IceGatheringStateChange>(&event)) {
        ev.kind = "pc.icegatheringstatechange";
        ev.summary = name_ + ": iceGatheringState " + std::string(ice::gathering_state_name(g->state));
        ev.detail = {{"peer", name_}, {"state", std::string(ice::gathering_state_name(g->state))}};
    } else if (const auto* i = std::get_if<jsep::event::IceConnectionStateChange>(&event)) {
        ev.kind = "pc.iceconnectionstatechange";
        ev.summary = name_ + ": iceConnectionState " + std::string(ice::connection_state_name(i->state));
        if (!last_ice_reason_.empty()) ev.summary += " (" + last_ice_reason_ + ")";
        ev.detail = {{"peer", name_}, {"state", std::string(ice::connection_state_name(i->state))}};
        if (!last_ice_reason_.empty()) ev.detail["reason"] = last_ice_reason_;
    } else if (const auto* p = std::get_if<jsep::event::ConnectionStateChange>(&event)) {
        if (p->state == jsep::PeerConnectionState::kConnected) ever_connected_ = true;
        ev.kind = "pc.connectionstatechange";
        ev.summary = name_ + ": connectionState " + std::string(jsep::peer_connection_state_name(p->state));
        ev.detail = {{"peer", name_}, {"state", std::string(jsep::peer_connection_state_name(p->state))}};
        ev.explain = "Until DTLS runs (a later lesson), connectionState follows the ICE state.";
    } else if (std::holds_alternative<jsep::event::NegotiationNeeded>(event)) {
        ev.kind = "pc.negotiationneeded";
        ev.summary = name_ + ": onnegotiationneeded";
        ev.detail = {{"peer", name_}};
    } else if (std::holds_alternative<jsep::event::DescriptionsChanged>(event)) {
        // Recorded only if something is not yet in the trace (usually the candidate event
        // before it already carried the change).
        json now_state = peer_state_json(*pc_);
        if (now_state == last_state_) return;
        ev.kind = "pc.description.updated";
        ev.summary = name_ + ": a description changed";
        ev.detail = {{"peer", name_}};
        record(world, agent_lane_, kNoLane, std::move(ev));
        return;
    } else if (const auto* x = std::get_if<jsep::event::Ice>(&event)) {
        handle_ice_event(world, x->event);
        return;
    }
    record(world, agent_lane_, app_lane_, std::move(ev));
}

void PeerApp::handle_ice_event(World& world, const ice::Event& event) {
    const ice::Agent& agent = pc_->ice_agent();
    const auto pair_text = [&](std::size_t i) -> std::string {
        if (i >= agent.pairs().size()) return "pair " + std::to_string(i);
        const auto& p = agent.pairs()[i];
        return candidate_id(agent.local_candidates()[p.local]) + " -> " +
               candidate_id(agent.remote_candidates()[p.remote]);
    };
    const auto pair_id = [&](std::size_t i) -> std::string {
        return i < agent.pairs().size() ? agent.pairs()[i].id : std::to_string(i);
    };
    GenericEvent ev;
    ev.detail = {{"peer", name_}};
    if (const auto* s = std::get_if<ice::event::ConnectionStateChanged>(&event)) {
        last_ice_reason_ = s->reason;
        return;
    } else if (const auto* p = std::get_if<ice::event::PairAdded>(&event)) {
        ev.kind = "ice.pair.added";
        ev.summary = name_ + ": new candidate pair " + pair_text(p->pair);
        ev.detail["pair"] = pair_id(p->pair);
    } else if (const auto* p = std::get_if<ice::event::PairStateChanged>(&event)) {
        ev.kind = "ice.pair.state";
        ev.summary = name_ + ": pair " + pair_text(p->pair) + " " +
                     std::string(ice::pair_state_name(p->state));
        if (!p->reason.empty()) ev.summary += " (" + p->reason + ")";
        ev.detail["pair"] = pair_id(p->pair);
        ev.detail["state"] = std::string(ice::pair_state_name(p->state));
        ev.detail["reason"] = p->reason;
    } else if (const auto* p = std::get_if<ice::event::PairNominated>(&event)) {
        ev.kind = "ice.pair.nominated";
        ev.summary = name_ + ": pair " + pair_text(p->pair) + " nominated";
        ev.detail["pair"] = pair_id(p->pair);
        ev.explain = "Regular nomination (RFC 8445 §8.1.1): the controlling agent repeats a "
                     "successful check with USE-CANDIDATE; both agents then use this pair.";
    } else if (const auto* p = std::get_if<ice::event::SelectedPairChanged>(&event)) {
        ev.kind = "ice.pair.selected";
        ev.summary = name_ + ": selected pair " + pair_text(p->pair);
        ev.detail["pair"] = pair_id(p->pair);
    } else if (const auto* r = std::get_if<ice::event::RemoteCandidateAdded>(&event)) {
        if (!r->peer_reflexive) return;
        ev.kind = "ice.candidate.prflx";
        const auto& c = agent.remote_candidates()[r->index];
        ev.summary = name_ + ": learned peer-reflexive remote candidate " + candidate_id(c) + " from a check";
        ev.detail["candidate"] = candidate_id(c);
        ev.explain = "A check arrived from an address not among the remote candidates: the "
                     "other peer's NAT mapped it to a new port (RFC 8445 §7.3.1.3). The source "
                     "becomes a peer-reflexive candidate.";
    } else if (const auto* r = std::get_if<ice::event::RoleConflict>(&event)) {
        ev.kind = "ice.role-conflict";
        ev.summary = name_ + ": role conflict, now " +
                     std::string(r->new_role == ice::Role::kControlling ? "controlling" : "controlled") +
                     (r->reason.empty() ? "" : " (" + r->reason + ")");
        ev.explain = "RFC 8445 §7.3.1.1: both agents claimed the same role; the larger "
                     "tie-breaker wins, the other switches (487 Role Conflict).";
    } else if (const auto* n = std::get_if<ice::event::Note>(&event)) {
        ev.kind = n->kind.rfind("ice.", 0) == 0 ? n->kind : "ice." + n->kind;
        ev.summary = name_ + ": " + n->text;
    } else {
        return;  // gathered candidates, checks and data show as pc.icecandidate and packets
    }
    record(world, agent_lane_, kNoLane, std::move(ev));
}

// --- summary -------------------------------------------------------------------------------------

ordered_json PeerApp::summary() const {
    const ice::Agent& agent = pc_->ice_agent();
    const auto count_types = [](const std::vector<ice::Candidate>& cands) {
        ordered_json j = ordered_json::object();
        for (const char* t : {"host", "srflx", "prflx", "relay"}) j[t] = 0;
        for (const auto& c : cands) {
            const std::string t = net::sdp::candidate_type_name(c.type);
            j[t] = j[t].get<int>() + 1;
        }
        return j;
    };
    ordered_json selected = nullptr;
    if (const auto s = agent.selected_pair(); s && *s < agent.pairs().size()) {
        const auto& p = agent.pairs()[*s];
        const auto& l = agent.local_candidates()[p.local];
        const auto& r = agent.remote_candidates()[p.remote];
        const auto side = [](const ice::Candidate& c) {
            return ordered_json{{"type", net::sdp::candidate_type_name(c.type)},
                                {"address", c.address + ":" + std::to_string(c.port)}};
        };
        selected = {{"local", side(l)}, {"remote", side(r)}};
    }
    const auto& st = agent.stats();
    return {
        {"signalingState", std::string(jsep::signaling_state_name(pc_->signaling_state()))},
        {"iceGatheringState", std::string(ice::gathering_state_name(pc_->ice_gathering_state()))},
        {"iceConnectionState", std::string(ice::connection_state_name(pc_->ice_connection_state()))},
        {"connectionState", std::string(jsep::peer_connection_state_name(pc_->connection_state()))},
        {"selectedPair", selected},
        {"candidates",
         {{"local", count_types(agent.local_candidates())},
          {"remote", count_types(agent.remote_candidates())}}},
        {"checks",
         {{"sent", st.checks_sent},
          {"received", st.checks_received},
          {"succeeded", st.checks_succeeded},
          {"failed", st.checks_failed}}},
    };
}

}  // namespace rtclab::sim
