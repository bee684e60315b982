// StunServerApp: a STUN server (RFC 8489) answering Binding requests — "who am I?".
//
// It tells each client the transport address its request came from, as the server saw it:
// behind a NAT, that is the NAT's mapping (the client's server-reflexive address).
#pragma once

#include <cstdint>

#include "sim/app.h"
#include "sim/scenario.h"

namespace rtclab::sim {

class StunServerApp : public App {
public:
    StunServerApp(std::uint32_t host, StunServiceSpec spec);
    void on_datagram(World& world, const Received& datagram) override;

private:
    std::uint32_t host_;
    StunServiceSpec spec_;
    std::uint64_t answered_ = 0;
};

}  // namespace rtclab::sim
