// TurnServerApp: a TURN server (RFC 8656) on a simulated host -- net/turn's TurnServer bound to
// the service port and to every relayed port it hands out, with each of its decisions traced.
//
// Trace kinds (lane: the server's):
//   turn.server.binding                    a Binding request answered (TURN is also STUN)
//   turn.server.challenge                  401 to a request without credentials: realm + nonce
//   turn.server.stale-nonce                438: the nonce expired, here is a new one
//   turn.server.rejected                   any other error response (detail.code, reason)
//   turn.server.retransmission             a retransmitted request answered from the cache
//   turn.server.allocation.created / .refreshed / .deleted / .expired
//   turn.server.permission.installed / .refreshed / .expired
//   turn.server.channel.bound / .refreshed / .expired
//   turn.server.relayed                    data relayed (detail.direction, carrier, size)
//   turn.server.dropped                    data dropped (detail.reason: "no permission",
//                                          "no allocation", "channel not bound", ...)
//   turn.server.ignored                    a datagram that is not (valid) TURN
// State: /servers/<name>/turn/allocations/<relayed ip:port> = {client, relayed, username,
// expires_us, permissions: {<peer ip>: {expires_us}}, channels: {<0x4000>: <peer ip:port>}},
// removed when the allocation is deleted or expires.
//
// The world has no unbind: a relayed port stays bound to this app after its allocation ends,
// and the server drops what arrives there ("no allocation").
#pragma once

#include <cstdint>
#include <set>

#include "net/turn/server.h"
#include "sim/app.h"
#include "sim/scenario.h"

namespace rtclab::sim {

class TurnServerApp : public App {
public:
    TurnServerApp(World& world, std::uint32_t host, TurnServiceSpec spec);

    void on_datagram(World& world, const Received& datagram) override;
    void on_timer(World& world, net::Instant now, std::uint32_t token) override;

    const net::turn::TurnServer& server() const { return server_; }

private:
    void pump(World& world);
    void record(World& world, const net::turn::ServerEvent& event);

    std::uint32_t host_;
    TurnServiceSpec spec_;
    net::turn::TurnServer server_;
    std::multiset<net::Instant> timers_;  // timers set and not yet fired
};

}  // namespace rtclab::sim
