// App: a program running on a simulated host (a STUN server, a STUN client, later a peer).
//
// The world calls an app when a datagram arrives on a port it bound, and when a timer it set
// fires. Apps talk to the world through the World& they are given: send, bind, set timers,
// record trace events.
#pragma once

#include <cstdint>

#include "net/core/address.h"
#include "net/core/bytes.h"
#include "net/core/time.h"

namespace rtclab::sim {

class World;

struct Received {
    net::Instant now;
    net::TransportAddress local;   // where it arrived (this host's address and bound port)
    net::TransportAddress remote;  // who sent it, as this host sees it (after any NAT)
    net::ByteView payload;
};

class App {
public:
    virtual ~App() = default;

    // Set by World::add_app: the index timers name this app by.
    std::uint32_t app_index = 0;

    virtual void on_datagram(World& world, const Received& datagram) = 0;
    virtual void on_timer(World& world, net::Instant now, std::uint32_t token) {
        (void)world;
        (void)now;
        (void)token;
    }
};

}  // namespace rtclab::sim
