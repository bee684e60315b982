// TurnClient: a sans-IO TURN client over UDP (RFC 8656) -- one allocation on one server:
// allocate with long-term credentials, keep it refreshed, install permissions, bind channels,
// and send and receive data through the relay.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "net/core/address.h"
#include "net/core/bytes.h"
#include "net/core/result.h"
#include "net/core/rng.h"
#include "net/core/time.h"
#include "net/stun/client_transaction.h"
#include "net/stun/integrity_key.h"
#include "net/stun/message.h"
#include "net/turn/client_event.h"

namespace rtclab::net::turn {

struct ClientConfig {
    TransportAddress server;  // the TURN server transport address
    std::string username;
    std::string password;
    // LIFETIME to ask for, in seconds; none: the server's default (600 s). RFC 8656 §7.1: "This
    // is just a hint, and the server may elect to use a different value."
    std::optional<std::uint32_t> lifetime;
    std::string software = "rtclab turn client";  // §5: "SHOULD include the SOFTWARE attribute"
    stun::RetransmitPolicy retransmit{};
    // 438 answers in a row before a request is given up (guards against a server that
    // never accepts its own nonce).
    int max_stale_nonce_retries = 3;
    // NAT mappings time out (RFC 4787 REQ-5: after no less than 2 minutes) long before an
    // allocation does (10 minutes). If the client's mapping changed, the server would see a
    // new 5-tuple and the allocation would be lost (RFC 8656 §5). So, when the client has sent
    // the server nothing for this long, it sends a STUN Binding indication, which needs no
    // answer -- ICE's keepalive (RFC 8445 §11, every Tr = 15 s by default). Zero disables it.
    Duration keepalive = Duration::seconds(15);
};

// A datagram the client wants sent from its local socket.
struct Transmit {
    TransportAddress to;
    Bytes bytes;
};

// Usage (the ICE agent, or sim/apps/turn_client_app):
//   TurnClient c(config, rng.fork("turn"));
//   c.start(now);                         // Allocate, 401, Allocate with credentials
//   ... send what poll_transmit() gives, from the same local port each time;
//   ... pass every datagram from config.server to handle_datagram() (true: it was TURN);
//   ... on client_event::Allocated, relayed_address() is the relay candidate;
//   c.create_permission(now, peer.ip);    // before data can flow with a peer (RFC 8656 §9)
//   c.send_to(now, peer, bytes);          // Send indication, or ChannelData once bound
//   ... client_event::Data{peer, bytes} for what peers send to the relayed address;
//   c.close(now);                         // Refresh LIFETIME 0
// Refreshes of the allocation, permissions and channels happen in handle_timeout().
class TurnClient {
public:
    enum class State {
        kIdle,        // start() not called yet
        kAllocating,  // Allocate in flight (with or without credentials)
        kAllocated,   // relayed_address() is valid
        kClosing,     // Refresh with LIFETIME 0 in flight
        kClosed,      // deallocated, or closed before the allocation succeeded
        kFailed,      // the Allocate failed, or the allocation was lost (437, expiry)
    };

    TurnClient(ClientConfig config, Rng rng);

    // Sends the first Allocate (without credentials: RFC 8489 §9.2.3 has the client learn the
    // realm and nonce from the server's 401). Does nothing unless kIdle.
    void start(Instant now);

    // Installs (and keeps refreshing every 240 s) a permission for a peer's IP address. Before
    // the allocation exists the request waits for it. Idempotent. Fails when closed or failed.
    Result<void> create_permission(Instant now, const IpAddress& peer);

    // Binds the next free channel number to `peer` (and keeps rebinding it every 540 s); the
    // binding also installs the permission (RFC 8656 §12.2). Returns the channel number, the
    // same one again for a peer already bound. Fails when closed/failed or all 4096 numbers
    // are taken.
    Result<std::uint16_t> bind_channel(Instant now, const TransportAddress& peer);

    // Sends data to a peer through the relay: ChannelData when a channel to that exact peer is
    // bound, a Send indication otherwise (RFC 8656 §11.1, §12.5). Data waits (up to 64
    // datagrams) while the permission or channel for the peer is in flight. Errors: not
    // allocated, no permission or channel asked for (§11.1: "the client MUST ensure that there
    // is a permission installed"), data over kMaxRelayData.
    Result<void> send_to(Instant now, const TransportAddress& peer, ByteView data);

    // Deletes the allocation (Refresh with LIFETIME 0, RFC 8656 §8.1); while allocating,
    // simply stops.
    void close(Instant now);

    // Takes a datagram that arrived on the client's socket. Returns true when it came from the
    // server and was TURN (STUN or ChannelData) -- consumed, whether acted on or discarded --
    // and false when it is someone else's (a direct peer's, for the ICE agent to handle).
    bool handle_datagram(Instant now, const TransportAddress& from, ByteView bytes);

    std::optional<Transmit> poll_transmit();
    std::optional<ClientEvent> poll_event();
    std::optional<Instant> next_timeout() const;
    void handle_timeout(Instant now);

    State state() const { return state_; }
    const ClientConfig& config() const { return config_; }
    // Valid once allocated (client_event::Allocated), until closed, failed or expired.
    std::optional<TransportAddress> relayed_address() const { return relayed_; }
    std::optional<TransportAddress> mapped_address() const { return mapped_; }
    std::optional<Instant> expires() const { return expires_; }
    const std::optional<std::string>& realm() const { return realm_; }
    bool has_permission(const IpAddress& peer) const;
    std::optional<std::uint16_t> channel_of(const TransportAddress& peer) const;  // once bound

private:
    struct Pending {
        Operation op;
        stun::ClientTransaction transaction;
        bool authenticated = false;
        int stale_retries = 0;
        std::optional<IpAddress> permission_peer;   // CreatePermission
        std::optional<TransportAddress> channel_peer;  // ChannelBind
        std::uint16_t channel = 0;
    };
    struct Permission {
        bool installed = false;
        bool in_flight = false;  // a CreatePermission for it is pending
        Instant expires{};
        Instant refresh_at{};
    };
    struct Channel {
        std::uint16_t number = 0;
        bool bound = false;
        bool in_flight = false;
        Instant refresh_at{};
    };
    struct Queued {
        TransportAddress peer;
        Bytes data;
    };

    void issue(Instant now, Operation op, int stale_retries = 0,
               std::optional<IpAddress> permission_peer = std::nullopt,
               std::optional<TransportAddress> channel_peer = std::nullopt,
               std::uint16_t channel = 0);
    Bytes build_request(const Pending& p, const stun::TransactionId& id) const;
    void drain(Instant now, Pending& p, bool first);
    void push(Instant now, Bytes bytes);
    void issue_wanted(Instant now);
    void handle_response(Instant now, const stun::Message& m);
    void on_success(Instant now, const Pending& p, const stun::Message& m);
    void on_error(Instant now, const Pending& p, const stun::Message& m);
    void fail(const Pending& p, int code, std::string reason);
    void lose_allocation();
    void handle_data_indication(const stun::Message& m);
    void handle_channel_data(ByteView bytes);
    void mark_permission(Instant now, const IpAddress& peer, bool by_channel);
    void flush_queued(Instant now, const IpAddress& peer);
    void drop_queued(const IpAddress& peer);
    void transmit_data(Instant now, const TransportAddress& peer, ByteView data);
    bool awaiting_permission(const TransportAddress& peer) const;
    bool in_flight(Operation op) const;
    void discard(std::string why) { events_.push_back(client_event::Discarded{std::move(why)}); }

    ClientConfig config_;
    Rng rng_;
    State state_ = State::kIdle;

    // RFC 8656 §7.3: "the client creates its own copy of the allocation data structure".
    std::optional<std::string> realm_;
    std::optional<std::string> nonce_;
    std::optional<stun::IntegrityKey> key_;  // once the realm is known
    std::optional<TransportAddress> relayed_, mapped_;
    std::optional<Instant> expires_;
    Instant refresh_at_{};
    Instant last_sent_{};  // for the keepalive
    std::map<IpAddress, Permission> permissions_;
    std::map<TransportAddress, Channel> channels_;
    std::map<std::uint16_t, TransportAddress> channel_peers_;
    std::uint16_t next_channel_;

    std::vector<Pending> pending_;
    std::deque<Queued> queued_;
    std::deque<Transmit> transmits_;
    std::deque<ClientEvent> events_;
};

// "idle", "allocating", "allocated", "closing", "closed", "failed".
std::string_view client_state_name(TurnClient::State state);

}  // namespace rtclab::net::turn
