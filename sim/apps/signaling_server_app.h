// SignalingServerApp: the page's own server that relays offers, answers and ICE candidates
// between two peers (MDN: "the signaling server"). WebRTC does not define this protocol; rtclab
// models the usual JSON-over-WebSocket design: each message goes peer -> server -> other peer,
// reliably and in order, each leg taking the service's latency.
//
// Each relayed message is two trace events carrying the payload: signal.send (the peer's app
// lane to the server) and signal.relay (the server to the other peer's app lane).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/app.h"
#include "sim/scenario.h"
#include "sim/trace.h"

namespace rtclab::sim {

class PeerApp;

// {"type": "offer"|"answer"|"pranswer"|"candidate"|"end-of-candidates", "sdp"?, "candidate"?}
struct SignalMessage {
    std::string from;  // peer names
    std::string to;
    nlohmann::ordered_json body;
};

class SignalingServerApp : public App {
  public:
    SignalingServerApp(std::uint32_t host, SignalingServiceSpec spec);

    void add_peer(const std::string& name, PeerApp* app, LaneId app_lane);
    // A peer hands a message over now; it reaches the server one latency later.
    void submit(World& world, SignalMessage message);

    void on_datagram(World& world, const Received& datagram) override;
    void on_timer(World& world, net::Instant now, std::uint32_t token) override;

    std::uint64_t relayed() const { return relayed_; }

  private:
    struct Member {
        std::string name;
        PeerApp* app = nullptr;
        LaneId lane = kNoLane;
    };
    struct InFlight {
        net::Instant arrives;
        SignalMessage message;
    };
    const Member* member(const std::string& name) const;

    std::uint32_t host_;
    SignalingServiceSpec spec_;
    std::vector<Member> members_;
    std::deque<InFlight> inbox_;  // in arrival order: one latency for everyone keeps FIFO
    std::uint64_t relayed_ = 0;
};

// "offer (2 kB of SDP)", "candidate host 192.168.1.10:50000", "end-of-candidates".
std::string describe_signal(const nlohmann::ordered_json& body);

}  // namespace rtclab::sim
