#include "sim/apps/signaling_server_app.h"

#include "sim/apps/peer_app.h"
#include "sim/world.h"

namespace rtclab::sim {

SignalingServerApp::SignalingServerApp(std::uint32_t host, SignalingServiceSpec spec)
    : host_(host), spec_(spec) {}

void SignalingServerApp::add_peer(const std::string& name, PeerApp* app, LaneId app_lane) {
    members_.push_back(Member{name, app, app_lane});
}

const SignalingServerApp::Member* SignalingServerApp::member(const std::string& name) const {
    for (const auto& m : members_) {
        if (m.name == name) return &m;
    }
    return nullptr;
}

std::string describe_signal(const nlohmann::ordered_json& body) {
    const std::string type = body.value("type", "message");
    if (body.contains("sdp") && body["sdp"].is_string()) {
        const auto n = body["sdp"].get_ref<const std::string&>().size();
        return type + " (" + std::to_string(n) + " bytes of SDP)";
    }
    if (body.contains("candidate") && body["candidate"].is_object()) {
        return type + " " + body["candidate"].value("candidate", std::string());
    }
    return type;
}

void SignalingServerApp::submit(World& world, SignalMessage message) {
    const Member* from = member(message.from);
    if (world.trace().recording()) {
        GenericEvent ev;
        ev.kind = "signal.send";
        ev.summary = message.from + " sends " + describe_signal(message.body) +
                     " to the signaling server for " + message.to;
        ev.explain =
            "WebRTC leaves signaling to the application: the page sends what its "
            "PeerConnection produced to its own server (here over a WebSocket-like channel), "
            "which passes it on to the other peer.";
        ev.detail = {{"from", message.from},
                     {"to", message.to},
                     {"delay_us", spec_.latency.us},
                     {"message", message.body}};
        world.record(from ? from->lane : kNoLane, world.host_agent_lane(host_), std::move(ev));
    }
    const net::Instant arrives = world.now() + spec_.latency;
    inbox_.push_back(InFlight{arrives, std::move(message)});
    world.set_timer(app_index, arrives, 0);
}

void SignalingServerApp::on_datagram(World& world, const Received& datagram) {
    // The signaling channel is not on the simulated UDP network; nothing listens here.
    (void)world;
    (void)datagram;
}

void SignalingServerApp::on_timer(World& world, net::Instant now, std::uint32_t token) {
    (void)token;
    while (!inbox_.empty() && inbox_.front().arrives <= now) {
        SignalMessage message = std::move(inbox_.front().message);
        inbox_.pop_front();
        const Member* to = member(message.to);
        if (world.trace().recording()) {
            GenericEvent ev;
            ev.kind = "signal.relay";
            ev.summary = "the signaling server relays " + describe_signal(message.body) +
                         " from " + message.from + " to " + message.to;
            ev.detail = {{"from", message.from},
                         {"to", message.to},
                         {"delay_us", spec_.latency.us},
                         {"message", message.body}};
            if (!to) ev.summary += " (no such peer: dropped)";
            ev.changes.push_back({{"path", "/servers/" + world.host(host_).name + "/signaling/relayed"},
                                  {"value", relayed_ + 1}});
            world.record(world.host_agent_lane(host_), to ? to->lane : kNoLane, std::move(ev));
        }
        ++relayed_;
        if (to && to->app) to->app->deliver(world, now + spec_.latency, std::move(message));
    }
}

}  // namespace rtclab::sim
