// ice::Agent: the public face of the ICE agent -- its API, state names, and the timer loop
// that drives gathering, checks, nomination and consent on virtual time.
#include "net/ice/agent.h"

#include <algorithm>
#include <cstdio>

#include "net/ice/agent_state.h"
#include "net/stun/header.h"

namespace rtclab::net::ice {

std::string_view gathering_state_name(GatheringState s) {
    switch (s) {
        case GatheringState::kNew:
            return "new";
        case GatheringState::kGathering:
            return "gathering";
        case GatheringState::kComplete:
            return "complete";
    }
    return "?";
}

std::string_view connection_state_name(ConnectionState s) {
    switch (s) {
        case ConnectionState::kNew:
            return "new";
        case ConnectionState::kChecking:
            return "checking";
        case ConnectionState::kConnected:
            return "connected";
        case ConnectionState::kCompleted:
            return "completed";
        case ConnectionState::kDisconnected:
            return "disconnected";
        case ConnectionState::kFailed:
            return "failed";
        case ConnectionState::kClosed:
            return "closed";
    }
    return "?";
}

std::string_view pair_state_name(PairState s) {
    switch (s) {
        case PairState::kFrozen:
            return "frozen";
        case PairState::kWaiting:
            return "waiting";
        case PairState::kInProgress:
            return "in-progress";
        case PairState::kSucceeded:
            return "succeeded";
        case PairState::kFailed:
            return "failed";
    }
    return "?";
}

std::string format_seconds(Duration d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(d.us) / 1e6);
    return buf;
}

Agent::State::State(AgentConfig c, Rng r) : config(std::move(c)), rng(r), role(config.role) {
    // RFC 8445 §2.5 / §6.1.1: "a lite agent ... is always controlled".
    if (config.lite) role = Role::kControlled;
    // RFC 8445 §16.1: "The tie-breaker value is a 64-bit unsigned integer"; §7.3.1.1 wants
    // it random. Drawn from the agent's seeded Rng when the config leaves it 0.
    tie_breaker = config.tie_breaker != 0 ? config.tie_breaker : rng.next_u64();
    // RFC 8445 §14.2: "Ta MUST NOT be configured to a value less than 5 ms".
    if (config.ta < Duration::millis(5)) config.ta = Duration::millis(5);
    local_creds.push_back(config.local);
    remote_creds.emplace_back();
    socket_open.assign(config.host_addresses.size(), true);
}

std::size_t Agent::State::interface_rank(std::size_t socket) const {
    std::size_t rank = 0;
    for (std::size_t i = 0; i < socket; ++i) rank += socket_open[i] ? 1 : 0;
    return rank;
}

void Agent::State::transmit_from(std::size_t socket, const TransportAddress& to, Bytes bytes) {
    // The OS refuses to send from an address the host no longer has; nothing leaves.
    if (!socket_open[socket]) return;
    transmits.push_back(Transmit{config.host_addresses[socket], to, std::move(bytes)});
}

void Agent::State::note(std::string kind, std::string text) {
    emit(event::Note{std::move(kind), std::move(text)});
}

void Agent::State::service(Instant now) {
    last_now = std::max(last_now, now);
    if (closed) return;
    // Gathering transactions with STUN servers.
    for (auto& q : stun_queries) {
        if (q.done) continue;
        q.tx.handle_timeout(now);
        while (auto b = q.tx.poll_transmit()) {
            transmit_from(q.socket, config.stun_servers[q.server].address, std::move(*b));
        }
        if (q.tx.state() == stun::ClientTransaction::State::kFailed) {
            q.done = true;
            note("ice.stun.timeout", "no answer from STUN server " +
                                         config.stun_servers[q.server].address.to_string() +
                                         " for " + config.host_addresses[q.socket].to_string());
        }
    }
    update_gathering(now);
    service_checks(now);
    maybe_nominate(now);
    update_checking(now);
    // RFC 8445 §6.1.4.2: "the agent MUST ... perform a check ... every Ta", triggered checks
    // first. One new check per pacing slot; retransmissions are not paced.
    if (auto next = next_check(); next && (!last_check_at || now >= *last_check_at + config.ta)) {
        Triggered t = *next;
        if (!triggered.empty() && triggered.front().pair == t.pair) {
            triggered.pop_front();
            pair_info[t.pair].queued = false;
        } else {
            // A queued pair that cannot be sent yet is skipped, not dropped.
            for (auto it = triggered.begin(); it != triggered.end(); ++it) {
                if (it->pair == t.pair) {
                    pair_info[t.pair].queued = false;
                    triggered.erase(it);
                    break;
                }
            }
        }
        if (pairs[t.pair].state == PairState::kFrozen) {
            // §6.1.4.2: no Waiting pair: unfreeze one per foundation with none in progress.
            set_pair_state(t.pair, PairState::kWaiting,
                           "no pair waiting: unfrozen (no pair of foundation " +
                               pair_info[t.pair].foundation + " in progress)");
        }
        send_check(now, t.pair, t.use_candidate, false);
    }
    service_consent(now);
    evaluate_failure(now);
}

std::optional<Instant> Agent::State::next_timeout() const {
    if (closed) {
        std::optional<Instant> next;
        for (const auto& t : turns) {
            const auto n = t->client.next_timeout();
            if (n && (!next || *n < *next)) next = n;
        }
        return next;
    }
    std::optional<Instant> next;
    auto take = [&](std::optional<Instant> t) {
        if (t && (!next || *t < *next)) next = t;
    };
    for (const auto& q : stun_queries) {
        if (!q.done) take(q.tx.next_timeout());
    }
    for (const auto& t : turns)
        take(t->client.next_timeout());
    for (const auto& c : checks)
        take(c.tx.next_timeout());
    if (next_check()) take(last_check_at ? *last_check_at + config.ta : last_now);
    take(nomination_deadline());
    take(consent_deadline());
    return next;
}

// --- Agent ------------------------------------------------------------------------------------

Agent::Agent(AgentConfig config, Rng rng) : s_(std::make_unique<State>(std::move(config), rng)) {}
Agent::~Agent() = default;
Agent::Agent(Agent&&) noexcept = default;
Agent& Agent::operator=(Agent&&) noexcept = default;

void Agent::start_gathering(Instant now) {
    if (s_->closed || s_->gathering != GatheringState::kNew) return;
    s_->last_now = std::max(s_->last_now, now);
    s_->gathering_started = true;
    s_->gather(now);
    s_->service(now);
}

void Agent::restart(Instant now, Credentials local) {
    State& s = *s_;
    if (s.closed) return;
    s.last_now = std::max(s.last_now, now);
    // RFC 8445 §9: "the agent MUST change the ufrag and pwd"; the old session's pairs stay
    // (the selected one keeps carrying data) but no longer get checks.
    s.local_creds.push_back(std::move(local));
    s.awaiting_remote_restart = s.remote_creds.back().has_value();
    s.triggered.clear();
    for (auto& pi : s.pair_info)
        pi.queued = false;
    std::erase_if(s.checks, [](const CheckInFlight& c) { return !c.consent; });
    s.first_valid_at.reset();
    s.nominating = false;
    s.note("ice.restart",
           "ICE restart: new local ufrag " + s.local_creds.back().ufrag + ", gathering again");
    if (s.gathering_started) {
        s.gathering = GatheringState::kNew;
        s.gather(now);
    }
    s.service(now);
}

void Agent::change_network(Instant now, std::vector<TransportAddress> host_addresses) {
    State& s = *s_;
    if (s.closed) return;
    s.last_now = std::max(s.last_now, now);
    std::string gone, opened;
    for (std::size_t i = 0; i < s.socket_open.size(); ++i) {
        if (!s.socket_open[i]) continue;
        s.socket_open[i] = false;
        gone += (gone.empty() ? "" : ", ") + s.config.host_addresses[i].to_string();
    }
    for (auto& a : host_addresses) {
        opened += (opened.empty() ? "" : ", ") + a.to_string();
        s.config.host_addresses.push_back(std::move(a));
        s.socket_open.push_back(true);
    }
    // Checks in flight from a closed socket go unanswered and fail by their own timeout, as
    // they would in a browser; a gathering query for the old network is simply moot.
    for (auto& q : s.stun_queries) {
        if (!s.socket_open[q.socket]) q.done = true;
    }
    s.note("ice.network.changed",
           "the host's interfaces changed: " + (gone.empty() ? std::string("none") : gone) +
               " gone (its candidates can no longer send or receive), " +
               (opened.empty() ? std::string("none") : opened) +
               " new; an ICE restart gathers on the new network (RFC 8445 §9)");
    s.service(now);
}

void Agent::set_remote_credentials(Credentials remote) {
    State& s = *s_;
    if (s.remote_creds.back() == remote) return;
    if (!s.remote_creds.back()) {
        s.remote_creds.back() = std::move(remote);
    } else {
        // New remote credentials: the peer restarted ICE (RFC 8445 §9). A new remote
        // generation begins; its candidates are trickled from now on.
        s.remote_creds.emplace_back(std::move(remote));
        s.remote_eoc = false;
        s.awaiting_remote_restart = false;
        s.triggered.clear();
        for (auto& pi : s.pair_info)
            pi.queued = false;
        s.first_valid_at.reset();
        s.nominating = false;
        s.note("ice.restart", "new remote credentials (ufrag " + s.remote_creds.back()->ufrag +
                                  "): new check list");
        s.pair_all(s.last_now);
    }
    if (s.awaiting_remote_restart) {
        s.awaiting_remote_restart = false;
        s.pair_all(s.last_now);
    }
}

void Agent::set_remote_lite(bool lite) {
    s_->remote_lite = lite;
    // RFC 8445 §6.1.1: "The full agent MUST take the controlling role" facing a lite one.
    if (lite && !s_->config.lite && s_->role != Role::kControlling) set_role(Role::kControlling);
}

void Agent::set_role(Role role) {
    State& s = *s_;
    if (s.config.lite) return;  // a lite agent is always controlled
    if (s.role == role) return;
    s.role = role;
    if (role == Role::kControlled) s.nominating = false;
    s.recompute_priorities();
}

Result<void> Agent::add_remote_candidate(Instant now, const Candidate& candidate) {
    State& s = *s_;
    if (s.closed) return make_error("the ICE agent is closed");
    s.last_now = std::max(s.last_now, now);
    const auto address = candidate.transport_address();
    if (!address && !candidate.is_mdns()) {
        return make_error("candidate address '" + candidate.address + "' is not an IP address");
    }
    const bool usable =
        address && candidate.transport == sdp::CandidateTransport::kUdp && candidate.component == 1;
    if (usable) {
        for (std::size_t i = 0; i < s.remote_candidates.size(); ++i) {
            if (s.remote_info[i].generation != s.remote_gen() ||
                s.remote_info[i].address != address)
                continue;
            if (s.remote_candidates[i].type == CandidateType::kPeerReflexive &&
                candidate.type != CandidateType::kPeerReflexive) {
                // RFC 8445 §7.3.1.3 learned it first from a check; the signalled candidate
                // replaces the peer-reflexive one (its type, priority and foundation).
                s.remote_candidates[i] = candidate;
                s.recompute_priorities();
                s.note("ice.candidate.prflx-replaced",
                       "peer-reflexive " + address->to_string() + " is the signalled " +
                           sdp::candidate_type_name(candidate.type) + " candidate");
            }
            s.service(now);
            return {};
        }
    }
    s.remote_candidates.push_back(candidate);
    s.remote_info.push_back(RemoteInfo{s.remote_gen(), usable ? address : std::nullopt});
    const std::size_t index = s.remote_candidates.size() - 1;
    s.emit(event::RemoteCandidateAdded{index, false});
    if (!usable) {
        s.note("ice.candidate.ignored",
               "remote candidate " + sdp::to_string(candidate) +
                   " is not used (only UDP, component 1, IP addresses are paired)");
    } else {
        s.pair_remote(now, index);
    }
    s.service(now);
    return {};
}

void Agent::end_of_remote_candidates(Instant now) {
    s_->remote_eoc = true;
    s_->service(now);
}

void Agent::close(Instant now) {
    State& s = *s_;
    if (s.closed) return;
    s.last_now = std::max(s.last_now, now);
    s.closed = true;
    s.checks.clear();
    s.triggered.clear();
    for (std::size_t k = 0; k < s.turns.size(); ++k) {
        s.turns[k]->client.close(now);
        s.drain_turn_transmits(k);
    }
    s.set_connection(ConnectionState::kClosed, "closed by the application");
}

Result<void> Agent::send_data(Instant now, ByteView bytes) {
    State& s = *s_;
    if (s.closed) return make_error("the ICE agent is closed");
    if (!s.selected) return make_error("no selected candidate pair");
    // RFC 7675 §5.1: "an ICE agent MUST stop transmitting data ... when consent expires".
    if (s.consent_lost) return make_error("consent expired: data may not be sent");
    s.last_now = std::max(s.last_now, now);
    const CandidatePair& p = s.pairs[*s.selected];
    s.send_via(now, s.local_info[p.local].base, *s.remote_info[p.remote].address, bytes);
    s.last_sent = now;
    return {};
}

void Agent::handle_datagram(Instant now, const TransportAddress& local,
                            const TransportAddress& from, ByteView bytes) {
    State& s = *s_;
    s.last_now = std::max(s.last_now, now);
    const auto& hosts = s.config.host_addresses;
    std::optional<std::size_t> open_socket;
    for (std::size_t i = 0; i < hosts.size() && !open_socket; ++i) {
        if (s.socket_open[i] && hosts[i] == local) open_socket = i;
    }
    if (!open_socket) {
        s.note("ice.datagram.dropped",
               "datagram for " + local.to_string() + ", which is not one of this agent's sockets");
        return;
    }
    const std::size_t socket = *open_socket;
    for (std::size_t k = 0; k < s.turns.size(); ++k) {
        TurnGatherer& t = *s.turns[k];
        if (t.socket != socket || t.client.config().server != from) continue;
        if (t.client.handle_datagram(now, from, bytes)) {
            s.pump_turn(now, k);
            s.service(now);
            return;
        }
    }
    s.handle_incoming(now, Base{socket, std::nullopt}, from, bytes);
    s.service(now);
}

void Agent::handle_timeout(Instant now) {
    State& s = *s_;
    s.last_now = std::max(s.last_now, now);
    for (std::size_t k = 0; k < s.turns.size(); ++k) {
        s.turns[k]->client.handle_timeout(now);
        s.pump_turn(now, k);
    }
    s.service(now);
}

std::optional<Instant> Agent::next_timeout() const {
    return s_->next_timeout();
}

std::optional<Transmit> Agent::poll_transmit() {
    if (s_->transmits.empty()) return std::nullopt;
    Transmit t = std::move(s_->transmits.front());
    s_->transmits.pop_front();
    return t;
}

std::optional<Event> Agent::poll_event() {
    if (s_->events.empty()) return std::nullopt;
    Event e = std::move(s_->events.front());
    s_->events.pop_front();
    return e;
}

const AgentConfig& Agent::config() const {
    return s_->config;
}
Role Agent::role() const {
    return s_->role;
}
const Credentials& Agent::local_credentials() const {
    return s_->local_creds.back();
}
const std::optional<Credentials>& Agent::remote_credentials() const {
    return s_->remote_creds.back();
}
GatheringState Agent::gathering_state() const {
    return s_->gathering;
}
ConnectionState Agent::connection_state() const {
    return s_->connection;
}
const std::vector<Candidate>& Agent::local_candidates() const {
    return s_->local_candidates;
}
const std::vector<Candidate>& Agent::remote_candidates() const {
    return s_->remote_candidates;
}
const std::vector<CandidatePair>& Agent::pairs() const {
    return s_->pairs;
}
std::optional<std::size_t> Agent::selected_pair() const {
    return s_->selected;
}
bool Agent::remote_end_of_candidates() const {
    return s_->remote_eoc;
}
const Stats& Agent::stats() const {
    return s_->stats;
}

std::uint64_t Agent::tie_breaker() const {
    return s_->tie_breaker;
}
std::vector<std::size_t> Agent::check_list() const {
    return s_->check_list();
}
std::vector<Candidate> Agent::gathered_candidates() const {
    std::vector<Candidate> out;
    for (std::size_t i = 0; i < s_->local_candidates.size(); ++i) {
        if (s_->local_info[i].generation == s_->local_gen() &&
            s_->local_candidates[i].type != CandidateType::kPeerReflexive) {
            out.push_back(s_->local_candidates[i]);
        }
    }
    return out;
}
bool Agent::consent_expired() const {
    return s_->consent_lost;
}

}  // namespace rtclab::net::ice
