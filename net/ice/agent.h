// ice::Agent: a sans-IO ICE agent (RFC 8445) with trickle (RFC 8838) and consent freshness
// (RFC 7675) for one component (WebRTC bundles everything on one rtcp-muxed component).
//
// The agent owns no socket. Its local "sockets" are the host addresses it is given; it says
// which one each datagram leaves from (Transmit::from) and is told which one each datagram
// arrived on (handle_datagram's `local`). Relayed candidates go through net/turn clients the
// agent owns: the application still only sends Transmits and hands back datagrams.
//
//   Agent a(config, rng.fork("ice"));
//   a.start_gathering(now);                    // host now; srflx via STUN, relay via TURN
//   a.set_remote_credentials({ufrag, pwd});    // from the remote description
//   a.add_remote_candidate(now, candidate);    // trickled or from the description
//   a.end_of_remote_candidates(now);
//   loop: poll_transmit() -> send; poll_event() -> app/trace; next_timeout() -> timer;
//         handle_datagram() / handle_timeout().
//
// Choices where the RFCs leave room (the implementation is split by concept: priority.h,
// check_message.h, gathering.cpp, check_list.cpp, connectivity.cpp, consent.cpp):
//  - Checks retransmit at RTO 500 ms (RFC 8445 §14.3's floor), Rc 4, and a pair fails after
//    4 RTOs of silence: 5.5 s after its first request. Gathering requests use the same.
//  - Regular nomination (§8.1.1): the controlling agent nominates its best valid pair once no
//    higher-priority pair is left to check, or config.nomination_wait after the first valid
//    pair. The controlled agent selects what the controlling one nominated.
//  - The agent stays "connected" after nomination, as Chrome does; kCompleted is not used.
//  - "failed" only when every pair of the current session failed, the remote end-of-candidates
//    came and local gathering is complete (RFC 8838 §11), or when consent expired (RFC 7675).
//  - "disconnected": disconnected_after without a response on the selected pair while a
//    consent request is unanswered; a response brings "connected" back.
//  - A triggered check for an In-Progress pair lets the transaction in flight finish
//    (RFC 8445 §7.3.1.4 would cancel it and start a new one).
//  - Local peer-reflexive candidates (§7.2.5.3.1) are appended to local_candidates() (pairs
//    refer to them) but not announced as CandidateGathered: they are never signalled. Use
//    gathered_candidates() for a description.
//  - ICE restart keeps earlier sessions' candidates and pairs (indices stay valid); the
//    previous selected pair keeps consent and data going until the new session selects one.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "net/core/address.h"
#include "net/core/bytes.h"
#include "net/core/result.h"
#include "net/core/rng.h"
#include "net/core/time.h"
#include "net/sdp/candidate.h"

namespace rtclab::net::ice {

// The candidate model is SDP's (net/sdp/candidate.h): what the agent gathers is exactly what
// goes into a=candidate lines and RTCIceCandidate strings.
using Candidate = sdp::Candidate;
using CandidateType = sdp::CandidateType;

struct Credentials {
    std::string ufrag;  // ice-ufrag: 4..256 ice-chars (RFC 8839 §5.4)
    std::string pwd;    // ice-pwd: 22..256 ice-chars
    bool operator==(const Credentials&) const = default;
};

enum class Role : std::uint8_t { kControlling, kControlled };

// RTCIceTransportPolicy.
enum class TransportPolicy : std::uint8_t { kAll, kRelay };

struct StunServer {
    TransportAddress address;
};

struct TurnServer {
    TransportAddress address;
    std::string username;
    std::string password;
};

struct AgentConfig {
    Role role = Role::kControlling;
    Credentials local;
    // The local interfaces: one host candidate (and one socket) each, all UDP.
    std::vector<TransportAddress> host_addresses;
    std::vector<StunServer> stun_servers;
    std::vector<TurnServer> turn_servers;
    TransportPolicy policy = TransportPolicy::kAll;
    // RFC 8445 §2.5: a lite agent only answers checks and never gathers srflx/relay.
    bool lite = false;
    // RFC 8445 §7.3.1.1: random 64 bits; zero means "draw it from the Rng".
    std::uint64_t tie_breaker = 0;
    // RFC 8445 §14.2: Ta, the pacing of new checks (browsers use 50 ms; minimum 5 ms).
    Duration ta = Duration::millis(50);
    // RFC 8445 §11: keepalive every Tr (15 s default) on the selected pair.
    Duration keepalive_interval = Duration::seconds(15);
    // RFC 7675 §5.1: consent checks every 5 s (randomised 0.8..1.2); consent expires after
    // 30 s without a response. `disconnected` after this much silence (browsers: ~5 s).
    Duration consent_interval = Duration::seconds(5);
    Duration consent_timeout = Duration::seconds(30);
    Duration disconnected_after = Duration::seconds(5);
    // Regular nomination (RFC 8445 §8.1.1): the controlling agent nominates the best valid
    // pair once no higher-priority pair is still being checked, or at the latest this long
    // after the first pair became valid (its "stopping criterion", left to the agent).
    Duration nomination_wait = Duration::millis(500);
};

// RTCIceGatheringState.
enum class GatheringState : std::uint8_t { kNew, kGathering, kComplete };
// RTCIceConnectionState (and, until DTLS exists, what RTCPeerConnectionState follows).
enum class ConnectionState : std::uint8_t {
    kNew,
    kChecking,
    kConnected,
    kCompleted,
    kDisconnected,
    kFailed,
    kClosed
};
// RFC 8445 §6.1.2.6 pair states.
enum class PairState : std::uint8_t { kFrozen, kWaiting, kInProgress, kSucceeded, kFailed };

std::string_view gathering_state_name(GatheringState s);    // "new", "gathering", "complete"
std::string_view connection_state_name(ConnectionState s);  // "new", "checking", ...
std::string_view pair_state_name(PairState s);  // "frozen", "waiting", "in-progress", ...

struct CandidatePair {
    std::size_t local = 0;       // index into local_candidates()
    std::size_t remote = 0;      // index into remote_candidates()
    std::uint64_t priority = 0;  // RFC 8445 §6.1.2.3
    PairState state = PairState::kFrozen;
    bool nominated = false;
    bool valid = false;  // in the valid list
    // A stable id for traces and the UI: "<local foundation>:<local port>/<remote address>".
    std::string id;
};

struct Transmit {
    TransportAddress from;  // the host address (socket) it leaves from
    TransportAddress to;
    Bytes bytes;
};

// Events, in the order they happen, for the application (trickle) and the trace.
namespace event {
struct CandidateGathered {
    Candidate candidate;
};  // onicecandidate(candidate)
struct GatheringStateChanged {
    GatheringState state;
};  // complete: onicecandidate(null)
struct ConnectionStateChanged {
    ConnectionState state;
    std::string reason;
};
struct PairStateChanged {
    std::size_t pair;
    PairState state;
    std::string reason;
};
struct PairAdded {
    std::size_t pair;
};
struct PairNominated {
    std::size_t pair;
};
struct SelectedPairChanged {
    std::size_t pair;
};
struct RemoteCandidateAdded {
    std::size_t index;
    bool peer_reflexive;
};
struct CheckSent {
    std::size_t pair;
    bool use_candidate;
    bool retransmission;
};
struct CheckReceived {
    std::size_t pair;
    bool use_candidate;
};
struct RoleConflict {
    Role new_role;
    std::string reason;
};  // 487 / tie-breaker (§7.3.1.1)
// Anything the agent decided worth showing a student: a STUN/TURN server answer, an error
// response (401, 487, ...), a dropped check (bad integrity), consent lost...
struct Note {
    std::string kind;
    std::string text;
};  // kind is dotted, e.g. "ice.consent.lost"
// Application data that arrived on the selected pair (not STUN): for DTLS/media later.
struct Data {
    TransportAddress from;
    Bytes bytes;
};
}  // namespace event

using Event = std::variant<event::CandidateGathered, event::GatheringStateChanged,
                           event::ConnectionStateChanged, event::PairStateChanged, event::PairAdded,
                           event::PairNominated, event::SelectedPairChanged,
                           event::RemoteCandidateAdded, event::CheckSent, event::CheckReceived,
                           event::RoleConflict, event::Note, event::Data>;

struct Stats {
    std::uint64_t checks_sent = 0;       // connectivity-check requests, retransmissions included
    std::uint64_t checks_received = 0;   // requests that passed integrity
    std::uint64_t checks_succeeded = 0;  // pairs that reached succeeded
    std::uint64_t checks_failed = 0;     // pairs that reached failed
};

class Agent {
  public:
    Agent(AgentConfig config, Rng rng);
    ~Agent();
    Agent(Agent&&) noexcept;
    Agent& operator=(Agent&&) noexcept;

    // Host candidates at once (as events), then STUN Binding / TURN Allocate per server.
    void start_gathering(Instant now);
    // RFC 8445 §9 ICE restart: new local credentials, gathering again, check lists rebuilt;
    // the selected pair keeps carrying data until a new one is selected.
    void restart(Instant now, Credentials local);
    // The host's interfaces changed (it moved to another network): every current socket
    // closes -- its candidates can neither send nor receive, so their pairs fall silent and
    // consent on them expires (RFC 7675) -- and one socket opens per new address. The new
    // interfaces are gathered on at the next restart(): browsers recover with an ICE restart.
    void change_network(Instant now, std::vector<TransportAddress> host_addresses);
    void set_remote_credentials(Credentials remote);
    // Remote side is ICE-lite (a=ice-lite): this agent must be controlling (§6.1.1).
    void set_remote_lite(bool lite);
    void set_role(Role role);
    Result<void> add_remote_candidate(Instant now, const Candidate& candidate);
    void end_of_remote_candidates(Instant now);
    void close(Instant now);

    // Application data on the selected pair. Fails when there is no selected pair.
    Result<void> send_data(Instant now, ByteView bytes);

    // A datagram arrived on the local socket `local` (one of host_addresses) from `from`.
    void handle_datagram(Instant now, const TransportAddress& local, const TransportAddress& from,
                         ByteView bytes);
    void handle_timeout(Instant now);
    std::optional<Instant> next_timeout() const;
    std::optional<Transmit> poll_transmit();
    std::optional<Event> poll_event();

    const AgentConfig& config() const;
    Role role() const;
    const Credentials& local_credentials() const;
    const std::optional<Credentials>& remote_credentials() const;
    GatheringState gathering_state() const;
    ConnectionState connection_state() const;
    const std::vector<Candidate>& local_candidates() const;
    const std::vector<Candidate>& remote_candidates() const;
    const std::vector<CandidatePair>& pairs() const;
    std::optional<std::size_t> selected_pair() const;
    bool remote_end_of_candidates() const;
    const Stats& stats() const;

    // Additions beyond the first contract:
    // The tie-breaker of ICE-CONTROLLING/ICE-CONTROLLED (config's, or drawn from the Rng).
    std::uint64_t tie_breaker() const;
    // The check list (RFC 8445 §6.1.2.5): indices into pairs() of the current ICE session,
    // highest priority first. pairs() itself only grows, so its indices stay valid for events.
    std::vector<std::size_t> check_list() const;
    // The current session's gathered candidates (host, srflx, relay; not peer-reflexive), for
    // a description. local_candidates() also keeps earlier sessions' candidates after an ICE
    // restart, and local peer-reflexive candidates (which are never signalled, §7.2.5.3.1).
    std::vector<Candidate> gathered_candidates() const;
    // RFC 7675: consent expired on the selected pair; send_data() refuses.
    bool consent_expired() const;

  private:
    struct State;  // everything else lives in agent.cpp and its helpers
    std::unique_ptr<State> s_;
};

}  // namespace rtclab::net::ice
