#include "sim/apps/turn_server_app.h"

#include <cstdio>
#include <type_traits>

#include "net/stun/message_type.h"
#include "sim/world.h"

namespace rtclab::sim {

namespace turn = net::turn;
namespace sev = net::turn::server_event;

namespace {

turn::ServerConfig make_config(const World& world, std::uint32_t host, const TurnServiceSpec& spec) {
    turn::ServerConfig c;
    c.listen = world.host_endpoint(host, spec.port);
    c.realm = spec.realm;
    c.users = spec.users;
    c.relay_ip = world.host(host).address;
    c.relay_port_min = spec.relay_port_min;
    c.relay_port_max = spec.relay_port_max;
    // The host's STUN service, if any, keeps its port.
    if (world.host(host).stun) c.excluded_ports.push_back(world.host(host).stun->port);
    c.software = spec.software;
    return c;
}

std::string channel_hex(std::uint16_t channel) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04X", static_cast<unsigned>(channel));
    return buf;
}

std::string seconds(net::Duration d) { return std::to_string(d.us / 1000000) + " s"; }

std::string title_of(net::stun::Method m) {
    const std::string_view t = net::stun::method_title(m);
    return std::string(t.empty() ? net::stun::method_name(m) : t);
}

}  // namespace

TurnServerApp::TurnServerApp(World& world, std::uint32_t host, TurnServiceSpec spec)
    : host_(host),
      spec_(std::move(spec)),
      server_(make_config(world, host, spec_), world.host_rng(host).fork("turn-server")) {}

void TurnServerApp::on_datagram(World& world, const Received& d) {
    if (d.local.port == spec_.port) {
        server_.handle_client_datagram(d.now, d.remote, d.payload);
    } else {
        server_.handle_peer_datagram(d.now, d.local.port, d.remote, d.payload);
    }
    pump(world);
}

void TurnServerApp::on_timer(World& world, net::Instant now, std::uint32_t token) {
    (void)token;
    if (const auto it = timers_.find(now); it != timers_.end()) timers_.erase(it);
    server_.handle_timeout(now);
    pump(world);
}

void TurnServerApp::pump(World& world) {
    while (auto e = server_.poll_event()) {
        if (const auto* created = std::get_if<sev::AllocationCreated>(&*e)) {
            // The relayed transport address must receive what peers send to it.
            const std::uint16_t port = created->relayed.port;
            if (world.app_on(host_, port) == nullptr) world.bind(host_, port, app_index);
        }
        record(world, *e);
    }
    while (auto t = server_.poll_transmit()) world.send(host_, t->from.port, t->to, t->bytes);
    // One timer for the earliest deadline; a later one is set when that fires.
    if (const auto next = server_.next_timeout(); next && (timers_.empty() || *next < *timers_.begin())) {
        timers_.insert(*next);
        world.set_timer(app_index, *next, 0);
    }
}

void TurnServerApp::record(World& world, const turn::ServerEvent& event) {
    if (!world.trace().recording()) return;
    const std::string& name = world.host(host_).name;
    const std::string base = "/servers/" + name + "/turn/allocations/";
    GenericEvent ev;
    ev.detail = {{"server", name}};
    std::visit(
        [&](const auto& e) {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, sev::BindingAnswered>) {
                ev.kind = "turn.server.binding";
                ev.summary = "Binding request from " + e.client.to_string() +
                             ": answer with XOR-MAPPED-ADDRESS " + e.client.to_string();
                ev.explain = "A TURN server is a STUN server too (RFC 8656 §5): it reflects the "
                             "source address it saw (RFC 8489 §7.3.1).";
                ev.detail["client"] = e.client.to_string();
            } else if constexpr (std::is_same_v<T, sev::Challenged>) {
                const bool stale = e.code == 438;
                ev.kind = stale ? "turn.server.stale-nonce" : "turn.server.challenge";
                ev.summary = std::to_string(e.code) + (stale ? " Stale Nonce" : " Unauthenticated") +
                             " to " + title_of(e.method) + " from " + e.client.to_string() +
                             ": realm \"" + e.realm + "\", nonce " + e.nonce;
                ev.explain = e.why;
                ev.detail["client"] = e.client.to_string();
                ev.detail["method"] = title_of(e.method);
                ev.detail["code"] = e.code;
                ev.detail["realm"] = e.realm;
                ev.detail["nonce"] = e.nonce;
            } else if constexpr (std::is_same_v<T, sev::Rejected>) {
                ev.kind = "turn.server.rejected";
                ev.summary = std::to_string(e.code) + " " + e.reason + " to " + title_of(e.method) +
                             " from " + e.client.to_string();
                ev.explain = e.why;
                ev.detail["client"] = e.client.to_string();
                ev.detail["method"] = title_of(e.method);
                ev.detail["code"] = e.code;
                ev.detail["reason"] = e.reason;
            } else if constexpr (std::is_same_v<T, sev::RetransmissionAnswered>) {
                ev.kind = "turn.server.retransmission";
                ev.summary = "the same " + title_of(e.method) + " request again from " +
                             e.client.to_string() + ": send the same answer";
                ev.explain = "Over UDP a client retransmits until it hears back, so a request may "
                             "arrive twice. The server answers from a 40-second cache instead of "
                             "acting twice (RFC 8656 §5, RFC 8489 §6.3.1).";
                ev.detail["client"] = e.client.to_string();
                ev.detail["method"] = title_of(e.method);
            } else if constexpr (std::is_same_v<T, sev::AllocationCreated>) {
                ev.kind = "turn.server.allocation.created";
                ev.summary = "allocate " + e.relayed.to_string() + " for " + e.client.to_string() +
                             " (user " + e.username + ") for " + seconds(e.lifetime);
                ev.explain = "RFC 8656 §7.2: every check passed, so the server reserves a relayed "
                             "transport address for this 5-tuple. Peers send to " +
                             e.relayed.to_string() + " and the server relays to " +
                             e.client.to_string() + " -- but only from peers the client has "
                             "given a permission (§9). It lives " + seconds(e.lifetime) +
                             " unless refreshed (§6).";
                ev.detail["client"] = e.client.to_string();
                ev.detail["relayed"] = e.relayed.to_string();
                ev.detail["username"] = e.username;
                ev.detail["lifetime_s"] = e.lifetime.us / 1000000;
                ev.changes.push_back({{"path", base + e.relayed.to_string()},
                                      {"value",
                                       {{"client", e.client.to_string()},
                                        {"relayed", e.relayed.to_string()},
                                        {"username", e.username},
                                        {"expires_us", e.expires.us},
                                        {"permissions", nlohmann::json::object()},
                                        {"channels", nlohmann::json::object()}}}});
            } else if constexpr (std::is_same_v<T, sev::AllocationRefreshed>) {
                ev.kind = "turn.server.allocation.refreshed";
                ev.summary = "refresh " + e.relayed.to_string() + " for another " + seconds(e.lifetime);
                ev.explain = "RFC 8656 §8.2: a Refresh resets the time-to-expiry. Sending data "
                             "does not: \"Allocations can only be refreshed using the Refresh "
                             "request\" (§6).";
                ev.detail["client"] = e.client.to_string();
                ev.detail["relayed"] = e.relayed.to_string();
                ev.detail["lifetime_s"] = e.lifetime.us / 1000000;
                ev.changes.push_back({{"path", base + e.relayed.to_string() + "/expires_us"},
                                      {"value", e.expires.us}});
            } else if constexpr (std::is_same_v<T, sev::AllocationDeleted>) {
                ev.kind = "turn.server.allocation.deleted";
                ev.summary = "delete " + e.relayed.to_string() + ": the client asked (LIFETIME 0)";
                ev.explain = "RFC 8656 §8.2: a Refresh with a LIFETIME of zero deletes the "
                             "allocation at once, with its permissions and channels.";
                ev.detail["client"] = e.client.to_string();
                ev.detail["relayed"] = e.relayed.to_string();
                ev.changes.push_back({{"path", base + e.relayed.to_string()}, {"remove", true}});
            } else if constexpr (std::is_same_v<T, sev::AllocationExpired>) {
                ev.kind = "turn.server.allocation.expired";
                ev.summary = e.relayed.to_string() + " (for " + e.client.to_string() +
                             ") expired: nobody refreshed it";
                ev.explain = "RFC 8656 §6: the time-to-expiry reached zero, so the allocation, its "
                             "permissions and its channels are gone. Data sent to " +
                             e.relayed.to_string() + " is now dropped.";
                ev.detail["client"] = e.client.to_string();
                ev.detail["relayed"] = e.relayed.to_string();
                ev.changes.push_back({{"path", base + e.relayed.to_string()}, {"remove", true}});
            } else if constexpr (std::is_same_v<T, sev::PermissionInstalled>) {
                ev.kind = e.refreshed ? "turn.server.permission.refreshed" : "turn.server.permission.installed";
                ev.summary = std::string(e.refreshed ? "refresh" : "install") + " permission for " +
                             e.peer.to_string() + " on " + e.relayed.to_string() + " (5 minutes)" +
                             (e.by_channel ? ", by ChannelBind" : "");
                ev.explain = "RFC 8656 §9: from now on, datagrams from " + e.peer.to_string() +
                             " (any port) that reach " + e.relayed.to_string() +
                             " are relayed to the client. A permission names an IP address only, "
                             "and lives 300 seconds unless refreshed" +
                             (e.by_channel ? "; a ChannelBind installs one too (§12.2)." : ".");
                ev.detail["relayed"] = e.relayed.to_string();
                ev.detail["peer"] = e.peer.to_string();
                ev.detail["by_channel"] = e.by_channel;
                ev.changes.push_back({{"path", base + e.relayed.to_string() + "/permissions/" + e.peer.to_string()},
                                      {"value", {{"expires_us", e.expires.us}}}});
            } else if constexpr (std::is_same_v<T, sev::PermissionExpired>) {
                ev.kind = "turn.server.permission.expired";
                ev.summary = "permission for " + e.peer.to_string() + " on " + e.relayed.to_string() +
                             " expired";
                ev.explain = "RFC 8656 §9: a permission not refreshed within 300 seconds is "
                             "deleted; data from " + e.peer.to_string() + " is dropped again.";
                ev.detail["relayed"] = e.relayed.to_string();
                ev.detail["peer"] = e.peer.to_string();
                ev.changes.push_back({{"path", base + e.relayed.to_string() + "/permissions/" + e.peer.to_string()},
                                      {"remove", true}});
            } else if constexpr (std::is_same_v<T, sev::ChannelBound>) {
                ev.kind = e.refreshed ? "turn.server.channel.refreshed" : "turn.server.channel.bound";
                ev.summary = std::string(e.refreshed ? "refresh channel " : "bind channel ") +
                             channel_hex(e.channel) + " on " + e.relayed.to_string() + " to " +
                             e.peer.to_string() + " (10 minutes)";
                ev.explain = "RFC 8656 §12: data to and from " + e.peer.to_string() +
                             " now travels in ChannelData messages with a 4-byte header instead of "
                             "Send and Data indications (36 bytes or more).";
                ev.detail["relayed"] = e.relayed.to_string();
                ev.detail["channel"] = channel_hex(e.channel);
                ev.detail["peer"] = e.peer.to_string();
                ev.changes.push_back({{"path", base + e.relayed.to_string() + "/channels/" + channel_hex(e.channel)},
                                      {"value", e.peer.to_string()}});
            } else if constexpr (std::is_same_v<T, sev::ChannelExpired>) {
                ev.kind = "turn.server.channel.expired";
                ev.summary = "channel " + channel_hex(e.channel) + " to " + e.peer.to_string() + " on " +
                             e.relayed.to_string() + " expired";
                ev.explain = "RFC 8656 §12: a channel binding not refreshed within 10 minutes "
                             "becomes unbound.";
                ev.detail["relayed"] = e.relayed.to_string();
                ev.detail["channel"] = channel_hex(e.channel);
                ev.detail["peer"] = e.peer.to_string();
                ev.changes.push_back({{"path", base + e.relayed.to_string() + "/channels/" + channel_hex(e.channel)},
                                      {"remove", true}});
            } else if constexpr (std::is_same_v<T, sev::Relayed>) {
                const bool out = e.direction == turn::Direction::kClientToPeer;
                ev.kind = "turn.server.relayed";
                ev.summary = "relay " + std::to_string(e.size) + " bytes " +
                             (out ? "from client " + e.client.to_string() + " to peer " + e.peer.to_string()
                                  : "from peer " + e.peer.to_string() + " to client " + e.client.to_string()) +
                             " (" + std::string(turn::carrier_name(e.carrier)) + ")";
                ev.explain = out ? "RFC 8656 §11.2, §12.6: the data leaves from the relayed address " +
                                       e.relayed.to_string() + ", so the peer sees the relay, never the client."
                                 : "RFC 8656 §11.3, §12.7: " + e.peer.to_string() +
                                       " has a permission, so its datagram to " + e.relayed.to_string() +
                                       " goes on to the client, " +
                                       (e.carrier == turn::Carrier::kChannelData
                                            ? std::string("in a ChannelData message (a channel is bound).")
                                            : std::string("in a Data indication that names the peer."));
                ev.detail["direction"] = std::string(turn::direction_name(e.direction));
                ev.detail["carrier"] = std::string(turn::carrier_name(e.carrier));
                ev.detail["client"] = e.client.to_string();
                ev.detail["relayed"] = e.relayed.to_string();
                ev.detail["peer"] = e.peer.to_string();
                ev.detail["size"] = e.size;
            } else if constexpr (std::is_same_v<T, sev::DroppedNoPermission>) {
                const bool out = e.direction == turn::Direction::kClientToPeer;
                ev.kind = "turn.server.dropped";
                ev.summary = "drop " + std::to_string(e.size) + " bytes " +
                             (out ? "from client " + e.client.to_string() + " to " + e.peer.to_string()
                                  : "from " + e.peer.to_string() + " at " + e.relayed.to_string()) +
                             ": no permission for " + e.peer.ip.to_string();
                ev.explain = out ? "RFC 8656 §11.2: the client has not installed a permission for " +
                                       e.peer.ip.to_string() +
                                       ", so the server will not send there; a TURN server is not an "
                                       "open relay."
                                 : "RFC 8656 §9: the relayed address accepts datagrams only from IP "
                                   "addresses the client has given a permission (CreatePermission or "
                                   "ChannelBind). Nobody asked for " + e.peer.ip.to_string() +
                                       ", so the datagram is silently discarded -- the relay "
                                       "filters like a NAT with address-dependent filtering.";
                ev.detail["reason"] = "no permission";
                ev.detail["direction"] = std::string(turn::direction_name(e.direction));
                ev.detail["client"] = e.client.to_string();
                ev.detail["relayed"] = e.relayed.to_string();
                ev.detail["peer"] = e.peer.to_string();
                ev.detail["size"] = e.size;
            } else if constexpr (std::is_same_v<T, sev::Dropped>) {
                const bool ignored = e.reason == turn::DropReason::kNotTurn ||
                                     e.reason == turn::DropReason::kMalformed ||
                                     e.reason == turn::DropReason::kUnexpected;
                ev.kind = ignored ? "turn.server.ignored" : "turn.server.dropped";
                ev.summary = std::string(ignored ? "ignore" : "drop") + " a datagram from " +
                             e.from.to_string() + (e.relayed ? " at " + e.relayed->to_string() : "") +
                             ": " + std::string(turn::drop_reason_name(e.reason));
                ev.explain = e.why;
                ev.detail["reason"] = std::string(turn::drop_reason_name(e.reason));
                ev.detail["from"] = e.from.to_string();
                if (e.relayed) ev.detail["relayed"] = e.relayed->to_string();
            }
        },
        event);
    world.record(world.host_agent_lane(host_), kNoLane, std::move(ev));
}

}  // namespace rtclab::sim
