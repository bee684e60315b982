// PeerApp: a web page running a PeerConnection (net/jsep) on a peer host.
//
// By default it runs the flow of MDN's "WebRTC connectivity" page: the offerer calls
// createOffer and setLocalDescription and sends the offer over the signaling server; the
// answerer calls setRemoteDescription, createAnswer, setLocalDescription and sends the answer;
// the offerer calls setRemoteDescription; both send every candidate from onicecandidate and
// the other calls addIceCandidate. Options (PeerSpec): trickle or wait for gathering to end,
// perfect negotiation (polite/impolite), ICE restart; or no automatic flow at all, only the
// script's explicit API calls.
//
// The app is the PeerConnection's I/O driver (DESIGN.md, sans-IO): it binds one UDP port, sends
// what poll_transmit() gives, hands back what arrives, and keeps one timer at next_timeout().
// Every API call, state change and ICE decision is a trace event whose `changes` keep
// /peers/<name> in the state document equal to the PeerConnection.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "net/jsep/peer_connection.h"
#include "sim/app.h"
#include "sim/apps/signaling_server_app.h"
#include "sim/scenario.h"
#include "sim/trace.h"

namespace rtclab::sim {

class PeerApp : public App {
  public:
    // `remote` is the other peer's name (signaling messages go to it); `signaling` may be null.
    PeerApp(World& world, std::uint32_t host, const PeerSpec& spec, std::string remote,
            SignalingServerApp* signaling);
    ~PeerApp() override;

    const std::string& name() const { return name_; }
    std::uint32_t host() const { return host_; }
    std::uint16_t port() const { return port_; }
    const PeerSpec& spec() const { return spec_; }
    const net::jsep::PeerConnection& pc() const { return *pc_; }
    // The last offer/answer this page created (for scripted calls on the other peer).
    const std::optional<net::jsep::Description>& last_created() const { return last_created_; }

    // Schedules the page's start (the offerer's first offer) at spec.start.
    void start(World& world);
    // A signaling message that reaches this page at `at`.
    void deliver(World& world, net::Instant at, SignalMessage message);
    // restartIce(), then negotiate again as the offerer (what onnegotiationneeded does).
    void restart_ice(World& world);
    // The host moved to another network (World::move_host): the PeerConnection's sockets are
    // replaced by one on the new address.
    void network_changed(World& world);
    // Negotiates again as the offerer (a new offer, same ICE credentials).
    void renegotiate(World& world) { negotiate(world); }
    // One explicit API call from the script; records it (with the expectation's verdict).
    void call(World& world, const PeerCallAction& action);

    void on_datagram(World& world, const Received& datagram) override;
    void on_timer(World& world, net::Instant now, std::uint32_t token) override;

    // Whether connectionState has been "connected" at some point of the run.
    bool ever_connected() const { return ever_connected_; }

    // The peer's part of `rtclab run --summary-json` (issue 3 §7).
    nlohmann::ordered_json summary() const;

  private:
    enum Token : std::uint32_t { kPcTimer = 0, kInbox = 1, kStart = 2 };

    void negotiate(World& world);
    void on_signal(World& world, const SignalMessage& message);
    void send_signal(World& world, nlohmann::ordered_json body);
    void send_local_description(World& world);
    // After anything that may have touched the PeerConnection: send, record, re-arm.
    void pump(World& world);
    // Right after setLocalDescription / setRemoteDescription: only what fires before the call's
    // promise resolves (the description change and signalingstatechange); the rest waits.
    void pump_description_set(World& world);
    void handle_event(World& world, const net::jsep::Event& event);
    void handle_ice_event(World& world, const net::ice::Event& event);
    // Records an event with the /peers/<name> changes since the last one.
    void record(World& world, LaneId from, LaneId to, GenericEvent ev);
    // Records an API call (app -> agent) and its result.
    template <class T>
    bool record_call(World& world, const std::string& call, const std::string& args,
                     const net::jsep::DomResult<T>& result,
                     const std::optional<std::string>& expect_error = std::nullopt,
                     int script_line = 0, const std::string& explain_more = "");

    std::string name_;
    std::uint32_t host_;
    PeerSpec spec_;
    std::string remote_;
    SignalingServerApp* signaling_;
    std::uint16_t port_ = 0;
    LaneId app_lane_ = kNoLane;
    LaneId agent_lane_ = kNoLane;
    std::unique_ptr<net::jsep::PeerConnection> pc_;
    std::deque<net::jsep::Event> held_;  // polled by pump_description_set, handled by pump
    nlohmann::json last_state_;
    std::deque<std::pair<net::Instant, SignalMessage>> inbox_;
    std::optional<net::Instant> timer_at_;
    bool started_ = false;
    bool making_offer_ = false;
    bool ignore_offer_ = false;
    bool send_when_gathered_ = false;  // no trickle: the description goes once gathering ends
    std::optional<net::jsep::Description> last_created_;
    std::string last_ice_reason_;
    bool ever_connected_ = false;
};

}  // namespace rtclab::sim
