#include "sim/apps/turn_client_app.h"

#include <type_traits>

#include "sim/world.h"

namespace rtclab::sim {

namespace turn = net::turn;
namespace cev = net::turn::client_event;

namespace {

std::string seconds(net::Duration d) { return std::to_string(d.us / 1000000) + " s"; }

// The payload as text when it is printable ASCII (what scripted sends carry), else "".
std::string printable(const net::Bytes& b) {
    if (b.size() > 200) return {};
    std::string s;
    for (std::uint8_t c : b) {
        if (c < 0x20 || c > 0x7e) return {};
        s.push_back(static_cast<char>(c));
    }
    return s;
}

std::string channel_hex(std::uint16_t channel) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string s = "0x";
    for (int shift = 12; shift >= 0; shift -= 4) s.push_back(kDigits[(channel >> shift) & 0xf]);
    return s;
}

}  // namespace

TurnClientApp::TurnClientApp(World& world, std::uint32_t host, std::uint16_t local_port,
                             std::string server_name, turn::ClientConfig config)
    : host_(host),
      port_(local_port),
      server_name_(std::move(server_name)),
      client_(std::move(config), world.host_rng(host).fork("turn-client:" + std::to_string(local_port))) {}

void TurnClientApp::start(World& world, net::Instant now) {
    client_.start(now);
    pump(world);
}

net::Result<void> TurnClientApp::create_permission(World& world, net::Instant now, const net::IpAddress& peer) {
    auto r = client_.create_permission(now, peer);
    pump(world);
    return r;
}

net::Result<std::uint16_t> TurnClientApp::bind_channel(World& world, net::Instant now,
                                                       const net::TransportAddress& peer) {
    auto r = client_.bind_channel(now, peer);
    pump(world);
    return r;
}

net::Result<void> TurnClientApp::send_to(World& world, net::Instant now, const net::TransportAddress& peer,
                                         net::ByteView data) {
    auto r = client_.send_to(now, peer, data);
    pump(world);
    return r;
}

void TurnClientApp::close(World& world, net::Instant now) {
    client_.close(now);
    pump(world);
}

void TurnClientApp::on_datagram(World& world, const Received& d) {
    if (!client_.handle_datagram(d.now, d.remote, d.payload) && world.trace().recording()) {
        GenericEvent ev;
        ev.kind = "turn.client.ignored";
        ev.summary = "a datagram from " + d.remote.to_string() + ", not the TURN server: ignored";
        ev.detail = {{"host", world.host(host_).name}, {"from", d.remote.to_string()}};
        world.record(world.host_agent_lane(host_), kNoLane, std::move(ev));
    }
    pump(world);
}

void TurnClientApp::on_timer(World& world, net::Instant now, std::uint32_t token) {
    (void)token;
    if (const auto it = timers_.find(now); it != timers_.end()) timers_.erase(it);
    client_.handle_timeout(now);
    pump(world);
}

void TurnClientApp::pump(World& world) {
    while (auto e = client_.poll_event()) {
        if (const auto* data = std::get_if<cev::Data>(&*e)) received_.emplace_back(data->peer, data->data);
        record(world, *e);
    }
    while (auto t = client_.poll_transmit()) world.send(host_, port_, t->to, t->bytes);
    if (const auto next = client_.next_timeout(); next && (timers_.empty() || *next < *timers_.begin())) {
        timers_.insert(*next);
        world.set_timer(app_index, *next, 0);
    }
}

void TurnClientApp::record(World& world, const turn::ClientEvent& event) {
    if (!world.trace().recording()) return;
    const std::string& host = world.host(host_).name;
    const LaneId agent = world.host_agent_lane(host_);
    const LaneId app = world.host_app_lane(host_);
    const std::string relayed_path = "/hosts/" + host + "/relayed/" + std::to_string(port_);
    const std::string server = server_name_ + " (" + client_.config().server.to_string() + ")";
    GenericEvent ev;
    ev.detail = {{"host", host},
                 {"local", world.host_endpoint(host_, port_).to_string()},
                 {"server", server_name_}};
    LaneId from = agent, to = kNoLane;
    std::visit(
        [&](const auto& e) {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, cev::RequestSent>) {
                ev.kind = "turn.client.request";
                const std::string op(turn::operation_name(e.op));
                ev.summary = op + " request to " + server +
                             (e.peer ? " for " + (e.op == turn::Operation::kCreatePermission
                                                      ? e.peer->ip.to_string()
                                                      : e.peer->to_string())
                                     : std::string()) +
                             (e.channel ? " on channel " + channel_hex(*e.channel) : std::string()) +
                             (e.authenticated ? ", with credentials" : ", without credentials");
                switch (e.op) {
                    case turn::Operation::kAllocate:
                        ev.explain = e.authenticated
                                         ? "RFC 8489 §9.2.3: the request now carries USERNAME, REALM, "
                                           "NONCE and a MESSAGE-INTEGRITY computed with the long-term "
                                           "key MD5(username:realm:password); the password itself "
                                           "never crosses the network."
                                         : "RFC 8656 §7.1: ask the TURN server for a relayed transport "
                                           "address (REQUESTED-TRANSPORT UDP). The first request goes "
                                           "without credentials: the server's answer tells the realm "
                                           "and a nonce to use (RFC 8489 §9.2.3).";
                        break;
                    case turn::Operation::kRefresh:
                        ev.explain = "RFC 8656 §8: the client refreshes the allocation about a minute "
                                     "before it expires; sending data does not keep it alive.";
                        break;
                    case turn::Operation::kDeallocate:
                        ev.explain = "RFC 8656 §8.1: a Refresh with LIFETIME 0 deletes the allocation.";
                        break;
                    case turn::Operation::kCreatePermission:
                        ev.explain = "RFC 8656 §9, §10: the relay forwards only datagrams from IP "
                                     "addresses the client has permitted; a permission lasts 5 "
                                     "minutes and the client refreshes it every 4.";
                        break;
                    case turn::Operation::kChannelBind:
                        ev.explain = "RFC 8656 §12: bind a channel number to the peer so data can use "
                                     "the 4-byte ChannelData header; it also installs the permission.";
                        break;
                }
                ev.detail["operation"] = op;
                ev.detail["authenticated"] = e.authenticated;
                if (e.peer) ev.detail["peer"] = e.peer->to_string();
                if (e.channel) ev.detail["channel"] = channel_hex(*e.channel);
            } else if constexpr (std::is_same_v<T, cev::Retransmitted>) {
                ev.kind = "turn.client.retransmit";
                ev.summary = "no answer from " + server_name_ + " yet: send the " +
                             std::string(turn::operation_name(e.op)) + " request again (try " +
                             std::to_string(e.transmission) + ")";
                ev.explain = "RFC 8489 §6.2.1: over UDP a request is retransmitted, starting after "
                             "RTO (500 ms) and doubling the interval each time.";
                ev.detail["operation"] = std::string(turn::operation_name(e.op));
                ev.detail["transmission"] = e.transmission;
            } else if constexpr (std::is_same_v<T, cev::Unauthorized>) {
                ev.kind = "turn.client.unauthorized";
                ev.summary = "401: " + server_name_ + " wants credentials for realm \"" + e.realm +
                             "\" (nonce " + e.nonce + ")";
                ev.explain = "RFC 8489 §9.2: the long-term credential mechanism. The 401 is not a "
                             "failure: it names the realm (which username and password to use) "
                             "and a nonce (proof the request is fresh). The client retries at once "
                             "with credentials.";
                ev.detail["realm"] = e.realm;
                ev.detail["nonce"] = e.nonce;
            } else if constexpr (std::is_same_v<T, cev::StaleNonce>) {
                ev.kind = "turn.client.stale-nonce";
                ev.summary = "438 Stale Nonce to " + std::string(turn::operation_name(e.op)) +
                             ": retry with the new nonce " + e.nonce;
                ev.explain = "RFC 8489 §9.2.5: servers expire nonces (RFC 8656 §5: at least once an "
                             "hour); the client repeats the request with the nonce the 438 carries.";
                ev.detail["operation"] = std::string(turn::operation_name(e.op));
                ev.detail["nonce"] = e.nonce;
            } else if constexpr (std::is_same_v<T, cev::Allocated>) {
                ev.kind = "turn.client.allocated";
                to = app;
                ev.summary = "relayed address " + e.relayed.to_string() + " (mapped " +
                             e.mapped.to_string() + "), for " + seconds(e.lifetime);
                ev.explain = "RFC 8656 §7.3: the server relays for this host at " + e.relayed.to_string() +
                             ". This is the relay candidate ICE offers (RFC 8445 §5.1.1.2): it works "
                             "whatever NATs lie between the peers, at the cost of a detour.";
                ev.detail["relayed"] = e.relayed.to_string();
                ev.detail["mapped"] = e.mapped.to_string();
                ev.detail["lifetime_s"] = e.lifetime.us / 1000000;
                ev.changes.push_back({{"path", relayed_path}, {"value", e.relayed.to_string()}});
            } else if constexpr (std::is_same_v<T, cev::Refreshed>) {
                ev.kind = "turn.client.refreshed";
                ev.summary = "allocation refreshed for " + seconds(e.lifetime);
                ev.detail["lifetime_s"] = e.lifetime.us / 1000000;
            } else if constexpr (std::is_same_v<T, cev::PermissionCreated>) {
                ev.kind = "turn.client.permission";
                to = app;
                ev.summary = std::string(e.refreshed ? "permission refreshed" : "permission installed") +
                             " for " + e.peer.to_string();
                ev.explain = "RFC 8656 §10.3: the relay now forwards datagrams from " + e.peer.to_string() +
                             " (any port) to this host.";
                ev.detail["peer"] = e.peer.to_string();
                ev.detail["refreshed"] = e.refreshed;
            } else if constexpr (std::is_same_v<T, cev::ChannelBound>) {
                ev.kind = "turn.client.channel";
                to = app;
                ev.summary = "channel " + channel_hex(e.channel) + " bound to " + e.peer.to_string() +
                             (e.refreshed ? " (refreshed)" : "");
                ev.explain = "RFC 8656 §12.3: data to and from this peer now goes in ChannelData messages.";
                ev.detail["peer"] = e.peer.to_string();
                ev.detail["channel"] = channel_hex(e.channel);
                ev.detail["refreshed"] = e.refreshed;
            } else if constexpr (std::is_same_v<T, cev::Data>) {
                ev.kind = "turn.client.data";
                to = app;
                const std::string text = printable(e.data);
                ev.summary = std::to_string(e.data.size()) + " bytes from peer " + e.peer.to_string() +
                             " via the relay" + (text.empty() ? "" : ": \"" + text + "\"");
                ev.explain = e.via_channel
                                 ? "RFC 8656 §12.6: a ChannelData message; the channel number says which peer."
                                 : "RFC 8656 §11.4: a Data indication; XOR-PEER-ADDRESS says which peer.";
                ev.detail["peer"] = e.peer.to_string();
                ev.detail["size"] = e.data.size();
                ev.detail["via_channel"] = e.via_channel;
                if (!text.empty()) ev.detail["payload"] = text;
            } else if constexpr (std::is_same_v<T, cev::Failed>) {
                ev.kind = "turn.client.failed";
                to = app;
                ev.summary = std::string(turn::operation_name(e.op)) + " failed: " +
                             (e.code ? std::to_string(e.code) + " " : std::string()) + e.reason;
                ev.explain = e.code == 401
                                 ? "RFC 8656 §7.4: the client used its credentials and still got 401: "
                                   "the server does not accept this username and password. Without a "
                                   "relayed address, ICE has no relay candidate from this server."
                             : e.code == 437 && e.op != turn::Operation::kAllocate
                                 ? "RFC 8656 §5: \"A client receiving a 437 error response to a request "
                                   "other than Allocate MUST assume the allocation no longer exists.\" "
                                   "The server knows allocations by 5-tuple: if a NAT gave the client "
                                   "a new mapping, its requests arrive from an address with no allocation."
                             : e.code == 408 ? "RFC 8489 §6.2.1: no response came; the transaction failed."
                                             : "RFC 8656 §7.4: the server refused the request.";
                ev.detail["operation"] = std::string(turn::operation_name(e.op));
                ev.detail["code"] = e.code;
                ev.detail["reason"] = e.reason;
                if (e.peer) ev.detail["peer"] = e.peer->to_string();
                if (client_.state() != turn::TurnClient::State::kAllocated &&
                    client_.state() != turn::TurnClient::State::kAllocating) {
                    ev.changes.push_back({{"path", relayed_path}, {"remove", true}});
                }
            } else if constexpr (std::is_same_v<T, cev::Deallocated>) {
                ev.kind = "turn.client.deallocated";
                to = app;
                ev.summary = "allocation deleted";
                ev.changes.push_back({{"path", relayed_path}, {"remove", true}});
            } else if constexpr (std::is_same_v<T, cev::Expired>) {
                ev.kind = "turn.client.expired";
                to = app;
                ev.summary = "the allocation expired before it was refreshed";
                ev.explain = "RFC 8656 §8: a client must refresh its allocation before it expires.";
                ev.changes.push_back({{"path", relayed_path}, {"remove", true}});
            } else if constexpr (std::is_same_v<T, cev::Discarded>) {
                ev.kind = "turn.client.discarded";
                ev.summary = "discard: " + e.why;
            }
        },
        event);
    world.record(from, to, std::move(ev));
}

}  // namespace rtclab::sim
