// ServerEvent: everything a TurnServer decides, as a closed set of events the simulator
// traces (accepting, refusing, relaying, dropping, expiring).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "net/core/address.h"
#include "net/core/time.h"
#include "net/stun/message_type.h"

namespace rtclab::net::turn {

// Which way relayed data travels.
enum class Direction : std::uint8_t {
    kClientToPeer,  // a Send indication or ChannelData from the client, out of the relayed address
    kPeerToClient,  // a UDP datagram at the relayed address, to the client
};

// How data travels between client and server (RFC 8656 §11, §12).
enum class Carrier : std::uint8_t { kSendIndication, kDataIndication, kChannelData };

// Why the server dropped a datagram without answering.
enum class DropReason : std::uint8_t {
    kNotTurn,          // neither STUN nor ChannelData (RFC 7983 first byte)
    kMalformed,        // STUN or ChannelData that does not decode
    kUnexpected,       // a message a server does not act on (a response, a Data indication)
    kNoAllocation,     // no allocation for this 5-tuple / at this relayed address (§5)
    kChannelNotBound,  // ChannelData on a channel with no binding (§12.6)
    kBadIndication,    // a Send indication without XOR-PEER-ADDRESS or DATA (§11.2)
    kForbiddenPeer,    // a peer the server's policy does not relay to
    kTooLarge,         // a peer datagram too large for a Data indication
};

namespace server_event {

// A Binding request answered (a TURN server is also a STUN server, RFC 8656 §5).
struct BindingAnswered {
    TransportAddress client;
};
// A 401 to a request without credentials, or a 438 to one with a stale nonce: the normal
// first step of the long-term credential mechanism (RFC 8489 §9.2.4), not an error.
struct Challenged {
    TransportAddress client;
    stun::Method method;
    int code;  // 401 or 438
    std::string realm;
    std::string nonce;
    std::string why;
};
// An error response: code, reason phrase, and why, citing the rule.
struct Rejected {
    TransportAddress client;
    stun::Method method;
    int code;
    std::string reason;
    std::string why;
};
// A retransmitted request answered from the response cache (RFC 8489 §6.3.1, RFC 8656 §5).
struct RetransmissionAnswered {
    TransportAddress client;
    stun::Method method;
};
struct AllocationCreated {
    TransportAddress client, relayed;
    std::string username;
    Duration lifetime;
    Instant expires;
};
struct AllocationRefreshed {
    TransportAddress client, relayed;
    Duration lifetime;
    Instant expires;
};
// A Refresh with LIFETIME 0 (RFC 8656 §8.2).
struct AllocationDeleted {
    TransportAddress client, relayed;
};
struct AllocationExpired {
    TransportAddress client, relayed;
};
struct PermissionInstalled {
    TransportAddress relayed;
    IpAddress peer;
    Instant expires;
    bool refreshed;     // it existed already; its timer was reset (§9)
    bool by_channel;    // installed by a ChannelBind (§12.2), not a CreatePermission
};
struct PermissionExpired {
    TransportAddress relayed;
    IpAddress peer;
};
struct ChannelBound {
    TransportAddress relayed;
    std::uint16_t channel;
    TransportAddress peer;
    Instant expires;
    bool refreshed;
};
struct ChannelExpired {
    TransportAddress relayed;
    std::uint16_t channel;
    TransportAddress peer;
};
struct Relayed {
    Direction direction;
    Carrier carrier;  // how it crossed the client-server leg
    TransportAddress client, relayed, peer;
    std::size_t size;  // application data bytes
};
// Data from (or to) a peer whose IP address has no permission: dropped (RFC 8656 §9:
// "If no match is found, relaying is not permitted and the server silently discards the
// UDP datagram"; §11.2 for Send indications).
struct DroppedNoPermission {
    Direction direction;
    TransportAddress client, relayed, peer;
    std::size_t size;
};
// Any other datagram the server drops.
struct Dropped {
    DropReason reason;
    TransportAddress from;
    std::optional<TransportAddress> relayed;  // when it arrived at a relayed address
    std::string why;
};

}  // namespace server_event

using ServerEvent =
    std::variant<server_event::BindingAnswered, server_event::Challenged, server_event::Rejected,
                 server_event::RetransmissionAnswered, server_event::AllocationCreated,
                 server_event::AllocationRefreshed, server_event::AllocationDeleted,
                 server_event::AllocationExpired, server_event::PermissionInstalled,
                 server_event::PermissionExpired, server_event::ChannelBound,
                 server_event::ChannelExpired, server_event::Relayed,
                 server_event::DroppedNoPermission, server_event::Dropped>;

// "client-to-peer", "peer-to-client".
std::string_view direction_name(Direction d);
// "Send indication", "Data indication", "ChannelData".
std::string_view carrier_name(Carrier c);
// "not TURN", "malformed", "unexpected", "no allocation", "channel not bound",
// "bad indication", "forbidden peer", "too large".
std::string_view drop_reason_name(DropReason r);

}  // namespace rtclab::net::turn
