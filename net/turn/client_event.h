// ClientEvent: what a TurnClient tells its owner (the ICE agent, a sim app) -- a closed set of
// events, polled in order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "net/core/address.h"
#include "net/core/bytes.h"
#include "net/core/time.h"

namespace rtclab::net::turn {

// The client's transactions (RFC 8656 §7, §8, §10, §12). Deallocate is a Refresh with
// LIFETIME 0 (§8.1).
enum class Operation : std::uint8_t { kAllocate, kRefresh, kCreatePermission, kChannelBind, kDeallocate };

// "Allocate", "Refresh", "CreatePermission", "ChannelBind", "Refresh (LIFETIME 0)".
std::string_view operation_name(Operation op);

namespace client_event {

// A new request went out (not a retransmission): authenticated once the realm is known.
struct RequestSent {
    Operation op;
    bool authenticated;
    std::optional<TransportAddress> peer;  // CreatePermission (port 0) and ChannelBind
    std::optional<std::uint16_t> channel;  // ChannelBind
};
// The same request again, RFC 8489 §6.2.1 (transmission 2..Rc).
struct Retransmitted {
    Operation op;
    int transmission;
};
// The 401 challenge to the first Allocate: the server's realm and nonce. The client retries
// at once with the long-term credentials (RFC 8489 §9.2.3, §9.2.5).
struct Unauthorized {
    std::string realm;
    std::string nonce;
};
// 438 (Stale Nonce): the request is retried with the new nonce (RFC 8489 §9.2.5).
struct StaleNonce {
    Operation op;
    std::string nonce;
};
struct Allocated {
    TransportAddress relayed;  // XOR-RELAYED-ADDRESS: the relay candidate (RFC 8445 §5.1.1.2)
    TransportAddress mapped;   // XOR-MAPPED-ADDRESS: the client's server-reflexive address
    Duration lifetime;
};
struct Refreshed {
    Duration lifetime;
};
struct PermissionCreated {
    IpAddress peer;
    bool refreshed;
};
struct ChannelBound {
    TransportAddress peer;
    std::uint16_t channel;
    bool refreshed;
};
// Data from a peer, relayed by the server in a Data indication or ChannelData message.
struct Data {
    TransportAddress peer;
    Bytes data;
    bool via_channel;
};
// A request failed: the error code and reason of the server's error response, or 408 when
// no response came (RFC 8656 §7.4 names 408 for a timed-out transaction), or 0 when the
// client itself found the response unusable. An Allocate failure ends the client (state
// kFailed); so does a 437 to any other request (RFC 8656 §5: "A client receiving a 437 error
// response to a request other than Allocate MUST assume the allocation no longer exists").
struct Failed {
    Operation op;
    int code;
    std::string reason;
    std::optional<TransportAddress> peer;
};
// The allocation is gone at the client's request (Refresh with LIFETIME 0, RFC 8656 §8).
struct Deallocated {};
// The allocation's lifetime ran out without a successful Refresh.
struct Expired {};
// A datagram from the server the client did not act on, and why (a forged or duplicate
// response, a Data indication from a peer without permission...).
struct Discarded {
    std::string why;
};

}  // namespace client_event

using ClientEvent =
    std::variant<client_event::RequestSent, client_event::Retransmitted,
                 client_event::Unauthorized, client_event::StaleNonce, client_event::Allocated,
                 client_event::Refreshed, client_event::PermissionCreated,
                 client_event::ChannelBound, client_event::Data, client_event::Failed,
                 client_event::Deallocated, client_event::Expired, client_event::Discarded>;

}  // namespace rtclab::net::turn
