// Agent::State: everything behind ice::Agent, shared by the files that implement it
// (agent.cpp: the public API and timers; gathering.cpp; check_list.cpp; connectivity.cpp;
// consent.cpp). Internal to net/ice.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/ice/agent.h"
#include "net/stun/client_transaction.h"
#include "net/stun/message.h"
#include "net/turn/client.h"

namespace rtclab::net::ice {

// RFC 8445 §14.3: "RTO = MAX (500ms, Ta * (Num-Waiting + Num-In-Progress))". rtclab uses the
// 500 ms floor (check lists are short) and gives up on a pair after 4 requests (0, 0.5, 1.5,
// 3.5 s) and 4 RTOs of silence: a pair fails 5.5 s after its first check, close to what
// browsers do, instead of STUN's 39.5 s.
inline constexpr stun::RetransmitPolicy kCheckRetransmit{Duration::millis(500), 4, 4};
// Gathering requests (STUN Binding to a STUN server, TURN) use the same schedule, so that
// gathering completes within 5.5 s even when a server never answers.
inline constexpr stun::RetransmitPolicy kGatherRetransmit{Duration::millis(500), 4, 4};
// RFC 7675 §5.1 consent checks are sent once; a response within 5 s (10 RTOs) still counts.
inline constexpr stun::RetransmitPolicy kConsentRetransmit{Duration::millis(500), 1, 10};
// RFC 8445 §6.1.2.5: "the agent SHOULD limit the total number of connectivity checks the
// agent performs across all checklists in the checklist set ... The default limit is 100".
inline constexpr std::size_t kMaxPairs = 100;

// Where a local candidate sends from and receives on: a host socket, or a TURN allocation
// made from one.
struct Base {
    std::size_t socket = 0;           // index into config.host_addresses
    std::optional<std::size_t> turn;  // index into State::turns for relayed candidates
    bool operator==(const Base&) const = default;
};

struct LocalInfo {
    Base base;
    std::uint32_t generation = 0;  // which restart gathered it
    TransportAddress address;
    TransportAddress base_address;
};

struct RemoteInfo {
    std::uint32_t generation = 0;
    std::optional<TransportAddress> address;  // nullopt: not usable (mDNS, TCP, component 2)
};

struct PairInfo {
    std::string foundation;  // local foundation ":" remote foundation (§6.1.2.6)
    std::uint32_t local_generation = 0;
    std::uint32_t remote_generation = 0;
    std::optional<std::size_t> valid_pair;  // the valid pair a successful check produced
    bool nominate_on_success = false;       // §7.3.1.5: USE-CANDIDATE arrived before success
    bool check_received = false;            // an authenticated check arrived on it
    bool ever_succeeded = false;
    bool queued = false;  // in the triggered-check queue
};

struct CheckInFlight {
    std::size_t pair = 0;
    stun::ClientTransaction tx;
    bool use_candidate = false;
    bool consent = false;
    Base base;
    TransportAddress to;
    Role role = Role::kControlling;  // the role the request claimed (for 487, §7.2.5.1)
    std::uint32_t priority = 0;      // the PRIORITY sent (for a local prflx, §7.2.5.3.1)
    std::string remote_pwd;          // to verify the response's integrity
};

struct StunQuery {
    std::size_t socket = 0;
    std::size_t server = 0;
    std::uint32_t generation = 0;
    stun::ClientTransaction tx;
    bool done = false;
};

struct TurnGatherer {
    std::size_t socket = 0;
    std::size_t server = 0;
    std::uint32_t generation = 0;
    turn::TurnClient client;
    bool done = false;
};

struct Triggered {
    std::size_t pair = 0;
    bool use_candidate = false;
};

struct Agent::State {
    State(AgentConfig c, Rng r);

    AgentConfig config;
    Rng rng;
    Role role;
    std::uint64_t tie_breaker = 0;
    bool remote_lite = false;
    bool closed = false;
    bool gathering_started = false;
    Instant last_now{};

    // One entry per generation: restart() adds a local one, new remote credentials a remote
    // one. Pairs are only formed within the current generations.
    std::vector<Credentials> local_creds;
    std::vector<std::optional<Credentials>> remote_creds;
    bool remote_eoc = false;               // for the current remote generation
    bool awaiting_remote_restart = false;  // restarted locally, new remote credentials due

    GatheringState gathering = GatheringState::kNew;
    ConnectionState connection = ConnectionState::kNew;
    std::vector<Candidate> local_candidates;
    std::vector<LocalInfo> local_info;
    std::vector<Candidate> remote_candidates;
    std::vector<RemoteInfo> remote_info;
    std::vector<CandidatePair> pairs;
    std::vector<PairInfo> pair_info;
    std::optional<std::size_t> selected;
    Stats stats;

    std::vector<StunQuery> stun_queries;
    std::vector<std::unique_ptr<TurnGatherer>> turns;
    std::vector<CheckInFlight> checks;
    std::deque<Triggered> triggered;
    std::optional<Instant> last_check_at;   // Ta pacing (§6.1.4.2)
    std::optional<Instant> first_valid_at;  // when the current generation got a valid pair
    bool nominating = false;

    // RFC 7675 consent and RFC 8445 §11 keepalives, on the selected pair.
    Instant last_response{};
    Instant last_sent{};
    Instant next_consent{};
    // The first consent request sent since the last response: "disconnected" needs an
    // unanswered request, not only silence (the randomised interval can exceed
    // disconnected_after on a healthy pair).
    std::optional<Instant> unanswered_since;
    bool consent_lost = false;

    // One flag per config.host_addresses entry. change_network() closes every socket and opens
    // new ones: a closed socket sends and receives nothing (its interface is gone), so pairs
    // on it fall silent and consent on them expires.
    std::vector<bool> socket_open;

    std::deque<Transmit> transmits;
    std::deque<Event> events;

    std::uint32_t local_gen() const { return static_cast<std::uint32_t>(local_creds.size() - 1); }
    std::uint32_t remote_gen() const { return static_cast<std::uint32_t>(remote_creds.size() - 1); }
    bool current(std::size_t pair) const {
        return pair_info[pair].local_generation == local_gen() &&
               pair_info[pair].remote_generation == remote_gen() && !awaiting_remote_restart;
    }

    void note(std::string kind, std::string text);
    void emit(Event e) { events.push_back(std::move(e)); }
    // Every datagram the agent sends goes out here, from a host socket.
    void transmit_from(std::size_t socket, const TransportAddress& to, Bytes bytes);
    // The interface's place among the open sockets: the local preference of its candidates
    // (RFC 8445 §5.1.2.1), so that a host that changed networks ranks its new interface first.
    std::size_t interface_rank(std::size_t socket) const;

    // agent.cpp: everything due at `now`, and when that is next.
    void service(Instant now);
    std::optional<Instant> next_timeout() const;

    // gathering.cpp
    void gather(Instant now);
    std::optional<std::size_t> add_local(Instant now, Candidate c, Base base, bool announce);
    void handle_stun_response(Instant now, std::size_t query, const stun::Message& m);
    void pump_turn(Instant now, std::size_t k);
    void drain_turn_transmits(std::size_t k);
    void on_turn_event(Instant now, std::size_t k, turn::ClientEvent ev);
    void update_gathering(Instant now);
    std::optional<std::size_t> local_for_base(const Base& base, std::uint32_t generation) const;

    // check_list.cpp
    bool pairable_local(std::size_t l) const;
    bool pairable_remote(std::size_t r) const;
    void pair_local(Instant now, std::size_t l);
    void pair_remote(Instant now, std::size_t r);
    void pair_all(Instant now);
    std::optional<std::size_t> find_pair(std::size_t l, std::size_t r) const;
    std::optional<std::size_t> add_pair(Instant now, std::size_t l, std::size_t r,
                                        std::optional<PairState> initial = std::nullopt);
    std::uint64_t compute_pair_priority(std::size_t l, std::size_t r) const;
    void recompute_priorities();
    void set_pair_state(std::size_t p, PairState s, std::string reason);
    void unfreeze_foundation(const std::string& foundation, const std::string& why);
    bool sendable(std::size_t p) const;
    std::optional<Triggered> next_check() const;
    void enqueue_triggered(std::size_t p, bool use_candidate, bool front = false);
    void send_check(Instant now, std::size_t p, bool use_candidate, bool consent);
    void send_via(Instant now, const Base& base, const TransportAddress& to, ByteView bytes);
    void service_checks(Instant now);
    // RFC 8445 §8.1.2: a pair was nominated; the checks still in progress on other pairs stop
    // retransmitting.
    void cancel_checks_for_nomination(std::size_t nominated);
    void maybe_nominate(Instant now);
    std::optional<Instant> nomination_deadline() const;
    std::optional<std::size_t> best_valid_pair() const;
    std::vector<std::size_t> check_list() const;

    // connectivity.cpp
    void handle_incoming(Instant now, const Base& base, const TransportAddress& from,
                         ByteView bytes);
    void handle_request(Instant now, const Base& base, const TransportAddress& from,
                        const stun::Message& m);
    void handle_check_response(Instant now, std::size_t check, const Base& base,
                               const TransportAddress& from, const stun::Message& m);
    void on_check_success(Instant now, const CheckInFlight& c, const TransportAddress& mapped);
    void fail_pair(Instant now, std::size_t p, std::string reason);
    void switch_role(Role new_role, std::string reason);
    void nominate(Instant now, std::size_t p, std::string why);
    void select(Instant now, std::size_t p);
    void respond_error(Instant now, const Base& base, const TransportAddress& to,
                       const stun::Message& m, int code, std::string reason,
                       std::string_view pwd = {});
    void handle_data(const Base& base, const TransportAddress& from, ByteView bytes);

    // consent.cpp
    void set_connection(ConnectionState s, std::string reason);
    void evaluate_failure(Instant now);
    void update_checking(Instant now);
    void service_consent(Instant now);
    void consent_response(Instant now);
    std::optional<Instant> consent_deadline() const;
    Instant random_consent_interval(Instant now);
};

// "1.5 s": durations in the reasons of events.
std::string format_seconds(Duration d);

}  // namespace rtclab::net::ice
