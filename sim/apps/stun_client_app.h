// StunClientApp: a host asking STUN servers "who am I?" from one local port.
//
// Each ask() starts a Binding transaction (net/stun/client_transaction.h) with RFC 8489
// retransmissions on virtual time; the answer — the server-reflexive address — lands in the
// state document at /hosts/<host>/reflexive/<local port>.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "net/stun/client_transaction.h"
#include "sim/app.h"

namespace rtclab::sim {

class StunClientApp : public App {
public:
    StunClientApp(std::uint32_t host, std::uint16_t local_port);

    void ask(World& world, net::Instant now, const std::string& server_name,
             const net::TransportAddress& server);
    void on_datagram(World& world, const Received& datagram) override;
    void on_timer(World& world, net::Instant now, std::uint32_t token) override;

private:
    struct Ask {
        net::stun::ClientTransaction transaction;
        std::string server_name;
        net::TransportAddress server;
        net::Instant started;
        std::optional<net::Instant> timer;  // the deadline a timer is set for
        bool reported = false;
    };
    void pump(World& world, std::uint32_t index, net::Instant now);
    void finish(World& world, std::uint32_t index, net::Instant now);

    std::uint32_t host_;
    std::uint16_t port_;
    std::vector<Ask> asks_;
};

}  // namespace rtclab::sim
