// Allocation: what a TURN server keeps for one client -- the relayed transport address, the
// 5-tuple it belongs to, who authenticated it, its expiry, its permissions and its channel
// bindings (RFC 8656 §6).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "net/core/address.h"
#include "net/core/time.h"

namespace rtclab::net::turn {

// One channel binding (RFC 8656 §12): "A channel binding consists of: a channel number; a
// transport address (of the peer); and a time-to-expiry timer."
struct ChannelBinding {
    TransportAddress peer;
    Instant expires;
};

struct Allocation {
    // RFC 8656 §6: "the 5-tuple: (client's IP address, client's port, server IP address,
    // server port, and transport protocol)". The transport is always UDP here and the server
    // address is the one listening address, so the client's address keys the allocation. It
    // is the client's server-reflexive address when the client is behind a NAT.
    TransportAddress client;
    TransportAddress server;
    TransportAddress relayed;  // "the relayed transport address"
    // "the authentication information": requests on this allocation must use the same
    // username (§5, else 441 Wrong Credentials). The key is found again from the username.
    std::string username;
    Instant expires;  // "the time-to-expiry"
    // §9: "Each permission consists of an IP address and an associated time-to-expiry" --
    // an IP address only: "only addresses are compared and port numbers are not considered".
    std::map<IpAddress, Instant> permissions;
    std::map<std::uint16_t, ChannelBinding> channels;

    bool has_permission(const IpAddress& peer, Instant now) const {
        const auto it = permissions.find(peer);
        return it != permissions.end() && now < it->second;
    }
    // The live channel bound to `peer`, if any (§12: a peer has at most one).
    std::optional<std::uint16_t> channel_of(const TransportAddress& peer, Instant now) const {
        for (const auto& [number, binding] : channels) {
            if (binding.peer == peer && now < binding.expires) return number;
        }
        return std::nullopt;
    }
    const ChannelBinding* channel(std::uint16_t number, Instant now) const {
        const auto it = channels.find(number);
        return it != channels.end() && now < it->second.expires ? &it->second : nullptr;
    }
};

}  // namespace rtclab::net::turn
