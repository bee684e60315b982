// TurnServer: a sans-IO TURN server over UDP (RFC 8656) -- allocations, long-term
// credentials, permissions, channels, and relaying between clients and peers.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "net/core/address.h"
#include "net/core/bytes.h"
#include "net/core/rng.h"
#include "net/core/time.h"
#include "net/stun/integrity_key.h"
#include "net/stun/message.h"
#include "net/turn/allocation.h"
#include "net/turn/lifetimes.h"
#include "net/turn/nonce.h"
#include "net/turn/relay_ports.h"
#include "net/turn/server_event.h"

namespace rtclab::net::turn {

struct ServerConfig {
    // The TURN server transport address: where clients send requests (RFC 8656 §2).
    TransportAddress listen;
    // RFC 8656 §5: "the server's administrator MUST choose a realm value that will uniquely
    // identify the username and password combination that the client must use".
    std::string realm = "rtclab.test";
    std::vector<std::pair<std::string, std::string>> users;  // username, password
    // The relayed transport addresses: this IP and a port from [relay_port_min,
    // relay_port_max], never one of excluded_ports (nor the listening port).
    IpAddress relay_ip;
    std::uint16_t relay_port_min = 49152;
    std::uint16_t relay_port_max = 65535;
    std::vector<std::uint16_t> excluded_ports;
    Duration default_lifetime = kDefaultAllocationLifetime;
    Duration max_lifetime = kMaxAllocationLifetime;
    Duration nonce_lifetime = kDefaultNonceLifetime;
    // RFC 8656 §10.2, §11.2, §12.2: "The server MAY impose restrictions on the IP address ...
    // allowed in the XOR-PEER-ADDRESS attribute; if a value is not allowed, the server rejects
    // the request with a 403 (Forbidden) error." Peers in these prefixes are refused.
    std::vector<Cidr> forbidden_peers;
    std::string software = "rtclab turn";
};

// A datagram the server wants sent: from its listening address (to a client) or from a
// relayed transport address (to a peer).
struct ServerTransmit {
    TransportAddress from;
    TransportAddress to;
    Bytes bytes;
};

// How long a response is kept to answer a retransmitted request with the same bytes. RFC 8656
// §5: a server may meet STUN's idempotency rule "by remembering all received requests and the
// corresponding responses for 40 seconds (Section 6.3.1 of [RFC8489])". Without it a
// retransmitted Allocate, whose first copy succeeded, would be refused with 437.
inline constexpr Duration kResponseCacheTime = Duration::seconds(40);

// Sans-IO: the owner passes datagrams that arrive at the listening address to
// handle_client_datagram() and datagrams that arrive at a relayed port to
// handle_peer_datagram(); sends what poll_transmit() gives; calls handle_timeout() when
// next_timeout() passes; and reads poll_event() for the trace. Any byte string is safe input.
class TurnServer {
public:
    TurnServer(ServerConfig config, Rng rng);

    void handle_client_datagram(Instant now, const TransportAddress& from, ByteView bytes);
    void handle_peer_datagram(Instant now, std::uint16_t relayed_port,
                              const TransportAddress& from, ByteView bytes);

    std::optional<ServerTransmit> poll_transmit();
    std::optional<ServerEvent> poll_event();
    // The next expiry (allocation, permission, channel binding, cached response).
    std::optional<Instant> next_timeout() const;
    void handle_timeout(Instant now);

    const ServerConfig& config() const { return config_; }
    const std::map<TransportAddress, Allocation>& allocations() const { return allocations_; }
    const Allocation* allocation_for_client(const TransportAddress& client) const;
    const Allocation* allocation_at(std::uint16_t relayed_port) const;
    const RelayPorts& relay_ports() const { return ports_; }

private:
    struct User {
        std::string name;
        stun::IntegrityKey key;  // RFC 8656 §6: "MUST NOT store the password explicitly"
    };
    // Everything one request needs while it is processed.
    struct Request {
        Instant now;
        TransportAddress from;
        const stun::Message& m;
        const User* user = nullptr;  // set once authenticated
    };

    void handle_request(Instant now, const TransportAddress& from, const stun::Message& m);
    void handle_indication(Instant now, const TransportAddress& from, const stun::Message& m);
    void handle_channel_data(Instant now, const TransportAddress& from, ByteView bytes);
    bool authenticate(Request& r);
    void handle_allocate(Request& r);
    void handle_refresh(Request& r, Allocation& a);
    void handle_create_permission(Request& r, Allocation& a);
    void handle_channel_bind(Request& r, Allocation& a);

    void install_permission(Allocation& a, const IpAddress& peer, Instant now, bool by_channel);
    void delete_allocation(std::map<TransportAddress, Allocation>::iterator it);
    bool forbidden(const IpAddress& peer) const;

    // Responses: queued, cached for retransmissions, and (when the request was authenticated)
    // signed with the user's key. Errors carry ERROR-CODE, and REALM + NONCE when they are a
    // challenge (401, 438).
    void send_response(Request& r, Bytes bytes);
    void reject(Request& r, int code, std::string why);
    void challenge(Request& r, int code, std::string why, bool sign);
    void drop(DropReason reason, const TransportAddress& from,
              std::optional<TransportAddress> relayed, std::string why);
    void relay_to_peer(Instant now, const Allocation& a, const TransportAddress& peer,
                       ByteView data, Carrier carrier);

    ServerConfig config_;
    Rng rng_;
    NonceIssuer nonces_;
    RelayPorts ports_;
    std::vector<User> users_;
    std::map<TransportAddress, Allocation> allocations_;        // by the client's address
    std::map<std::uint16_t, TransportAddress> by_relayed_port_;  // relayed port -> client
    struct Cached {
        Bytes bytes;
        Instant expires;
        stun::Method method;
    };
    std::map<std::pair<TransportAddress, stun::TransactionId>, Cached> responses_;
    std::deque<ServerTransmit> transmits_;
    std::deque<ServerEvent> events_;
};

}  // namespace rtclab::net::turn
