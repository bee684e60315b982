// TurnClientApp: a host using a TURN server (RFC 8656) from one local port -- net/turn's
// TurnClient driven on virtual time, each of its events traced.
//
// Trace kinds (lanes: the host's agent, and its app for results):
//   turn.client.request        a new request (Allocate, Refresh, CreatePermission, ChannelBind)
//   turn.client.retransmit     the same request again (RFC 8489 §6.2.1)
//   turn.client.unauthorized   the 401 challenge: realm and nonce learned, retry with them
//   turn.client.stale-nonce    438: retry with the new nonce
//   turn.client.allocated      the relayed address (the relay candidate) and mapped address
//   turn.client.refreshed / .permission / .channel / .data / .failed / .deallocated /
//   turn.client.expired / .discarded / .ignored
// State: /hosts/<host>/relayed/<local port> = "<relayed ip:port>", removed when the allocation
// ends (deallocated, failed or expired).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "net/core/result.h"
#include "net/turn/client.h"
#include "sim/app.h"

namespace rtclab::sim {

class TurnClientApp : public App {
public:
    TurnClientApp(World& world, std::uint32_t host, std::uint16_t local_port, std::string server_name,
                  net::turn::ClientConfig config);

    void start(World& world, net::Instant now);
    net::Result<void> create_permission(World& world, net::Instant now, const net::IpAddress& peer);
    net::Result<std::uint16_t> bind_channel(World& world, net::Instant now,
                                            const net::TransportAddress& peer);
    net::Result<void> send_to(World& world, net::Instant now, const net::TransportAddress& peer,
                              net::ByteView data);
    void close(World& world, net::Instant now);

    void on_datagram(World& world, const Received& datagram) override;
    void on_timer(World& world, net::Instant now, std::uint32_t token) override;

    const net::turn::TurnClient& client() const { return client_; }
    // What peers sent through the relay, in order (for tests and scripted checks).
    const std::vector<std::pair<net::TransportAddress, net::Bytes>>& received() const { return received_; }

private:
    void pump(World& world);
    void record(World& world, const net::turn::ClientEvent& event);

    std::uint32_t host_;
    std::uint16_t port_;
    std::string server_name_;
    net::turn::TurnClient client_;
    std::multiset<net::Instant> timers_;
    std::vector<std::pair<net::TransportAddress, net::Bytes>> received_;
};

}  // namespace rtclab::sim
