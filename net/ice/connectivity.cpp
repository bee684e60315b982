// Connectivity checks on the wire: answering Binding requests (RFC 8445 §7.3), processing
// the responses to our own (§7.2.5), role conflicts (§7.3.1.1), peer-reflexive candidates
// (§7.2.5.3.1, §7.3.1.3), triggered checks (§7.3.1.4), nomination (§7.3.1.5, §8.1) and
// application data on valid pairs.
#include <algorithm>

#include "net/ice/agent_state.h"
#include "net/ice/check_message.h"
#include "net/ice/priority.h"
#include "net/stun/attribute_type.h"
#include "net/stun/error_code.h"
#include "net/stun/header.h"
#include "net/stun/integrity_key.h"
#include "net/stun/message_builder.h"
#include "net/stun/verify.h"

namespace rtclab::net::ice {

namespace {
std::string role_name(Role r) {
    return r == Role::kControlling ? "controlling" : "controlled";
}
}  // namespace

void Agent::State::handle_incoming(Instant now, const Base& base, const TransportAddress& from,
                                   ByteView bytes) {
    if (closed) return;
    // RFC 7983: STUN and the application's packets (DTLS, SRTP) share the 5-tuple.
    if (!stun::looks_like_stun(bytes)) {
        handle_data(base, from, bytes);
        return;
    }
    auto parsed = stun::parse_message(bytes);
    if (!parsed) {
        note("ice.stun.malformed", "from " + from.to_string() + ": " + parsed.error().describe());
        return;
    }
    const stun::Message& m = *parsed;
    if (m.method != stun::Method::kBinding) {
        note("ice.stun.ignored", "non-Binding STUN message from " + from.to_string());
        return;
    }
    switch (m.cls) {
        case stun::MessageClass::kRequest:
            handle_request(now, base, from, m);
            return;
        case stun::MessageClass::kIndication:
            return;  // a keepalive (§11): nothing to do
        case stun::MessageClass::kSuccessResponse:
        case stun::MessageClass::kErrorResponse:
            break;
    }
    for (std::size_t q = 0; q < stun_queries.size(); ++q) {
        StunQuery& sq = stun_queries[q];
        if (sq.done || sq.tx.id() != m.transaction_id) continue;
        if (base.turn || base.socket != sq.socket ||
            from != config.stun_servers[sq.server].address) {
            continue;
        }
        if (sq.tx.handle_response(now, m)) handle_stun_response(now, q, m);
        return;
    }
    for (std::size_t c = 0; c < checks.size(); ++c) {
        if (checks[c].tx.id() == m.transaction_id) {
            handle_check_response(now, c, base, from, m);
            return;
        }
    }
    // A response to a transaction already complete (a retransmission's answer): harmless.
}

void Agent::State::respond_error(Instant now, const Base& base, const TransportAddress& to,
                                 const stun::Message& m, int code, std::string reason,
                                 std::string_view pwd) {
    note(code == stun::kRoleConflict      ? "ice.check.role-conflict"
         : code == stun::kUnauthenticated ? "ice.check.unauthenticated"
                                          : "ice.check.bad-request",
         "answered " + std::to_string(code) + " to a check from " + to.to_string() + ": " + reason);
    send_via(now, base, to, build_check_error(m.transaction_id, code, {}, pwd));
}

void Agent::State::handle_request(Instant now, const Base& base, const TransportAddress& from,
                                  const stun::Message& m) {
    // RFC 8445 §7.3 / RFC 8489 §6.3.1: a request without a valid FINGERPRINT is not an ICE
    // check (§7.2.2: "The FINGERPRINT mechanism MUST be used"); it is dropped.
    if (stun::verify_fingerprint(m) != stun::Verdict::kValid) {
        note("ice.check.dropped",
             "Binding request from " + from.to_string() + " without a valid FINGERPRINT: dropped");
        return;
    }
    if (!m.unknown_comprehension_required().empty()) {
        // RFC 8489 §6.3.1: 420 with UNKNOWN-ATTRIBUTES.
        note("ice.check.bad-request", "answered 420 to " + from.to_string());
        const auto& unknown = m.unknown_comprehension_required();
        send_via(now, base, from,
                 stun::MessageBuilder(stun::MessageClass::kErrorResponse, stun::Method::kBinding,
                                      m.transaction_id)
                     .error_code(stun::kUnknownAttribute)
                     .unknown_attributes(unknown)
                     .finish(nullptr, true));
        return;
    }
    // RFC 8489 §9.1.3: "If the message does not contain both a MESSAGE-INTEGRITY and a
    // USERNAME attribute ... the server MUST generate an error response with an error code of
    // 400 (Bad Request)."
    const auto username = m.username();
    if (!username || !m.has(stun::attr::kMessageIntegrity)) {
        respond_error(now, base, from, m, stun::kBadRequest,
                      "USERNAME or MESSAGE-INTEGRITY missing");
        return;
    }
    // RFC 8445 §7.3: USERNAME is "LFRAG:RFRAG" seen from here; the local part must be ours.
    const auto colon = username->find(':');
    const std::string lufrag = username->substr(0, colon);
    std::optional<std::uint32_t> gen;
    for (std::size_t g = local_creds.size(); g-- > 0;) {
        if (local_creds[g].ufrag == lufrag) {
            gen = static_cast<std::uint32_t>(g);
            break;
        }
    }
    // "If the USERNAME does not contain a username value currently valid within the server
    // ... the server MUST generate an error response with an error code of 401".
    if (colon == std::string::npos || !gen) {
        respond_error(now, base, from, m, stun::kUnauthenticated,
                      "USERNAME '" + *username + "' is not for ufrag " + local_creds.back().ufrag);
        return;
    }
    const std::string& pwd = local_creds[*gen].pwd;
    const auto key = stun::IntegrityKey::short_term(pwd);
    if (stun::verify_integrity(m, &key) != stun::Verdict::kValid) {
        respond_error(now, base, from, m, stun::kUnauthenticated,
                      "MESSAGE-INTEGRITY does not match the local ice-pwd");
        return;
    }
    ++stats.checks_received;
    const auto priority = m.priority();
    if (!priority) {
        respond_error(now, base, from, m, stun::kBadRequest, "PRIORITY missing", pwd);
        return;
    }
    if (config.policy == TransportPolicy::kRelay && !base.turn) {
        note("ice.check.dropped", "check from " + from.to_string() +
                                      " arrived directly; the relay policy only uses TURN");
        return;
    }
    // RFC 8445 §7.3.1.1: role conflicts, decided by the tie-breakers.
    if (!config.lite) {
        if (role == Role::kControlling) {
            if (auto theirs = m.ice_controlling()) {
                if (tie_breaker >= *theirs) {
                    respond_error(now, base, from, m, stun::kRoleConflict,
                                  "both controlling; our tie-breaker is larger", pwd);
                    return;
                }
                switch_role(
                    Role::kControlled,
                    "both controlling; the peer's tie-breaker is larger (RFC 8445 §7.3.1.1)");
            }
        } else if (auto theirs = m.ice_controlled()) {
            if (tie_breaker >= *theirs) {
                switch_role(Role::kControlling,
                            "both controlled; our tie-breaker is larger (RFC 8445 §7.3.1.1)");
            } else {
                respond_error(now, base, from, m, stun::kRoleConflict,
                              "both controlled; the peer's tie-breaker is larger", pwd);
                return;
            }
        }
    }
    // RFC 8445 §7.3.1.2: the success response reflects the source address.
    send_via(now, base, from, build_check_success(m.transaction_id, from, pwd));
    if (*gen != local_gen() || awaiting_remote_restart) return;  // an earlier session's check

    // §7.3.1.3: "If the source transport address of the request does not match any existing
    // remote candidates, it represents a new peer-reflexive remote candidate."
    std::optional<std::size_t> r;
    for (std::size_t i = 0; i < remote_candidates.size(); ++i) {
        if (remote_info[i].generation == remote_gen() && remote_info[i].address == from) {
            r = i;
            break;
        }
    }
    if (!r) {
        Candidate c;
        // "The foundation ... is set to an arbitrary value, different from the foundations
        // for all other remote candidates."
        c.foundation = "prflx" + std::to_string(remote_candidates.size());
        c.component = 1;
        c.priority = *priority;  // "The priority is the value of the PRIORITY attribute"
        c.address = from.ip.to_string();
        c.port = from.port;
        c.type = CandidateType::kPeerReflexive;
        remote_candidates.push_back(std::move(c));
        remote_info.push_back(RemoteInfo{remote_gen(), from});
        r = remote_candidates.size() - 1;
        // The app hears of it through this event alone (a note as well would say it twice).
        emit(event::RemoteCandidateAdded{*r, true});
    }
    const auto l = local_for_base(base, local_gen());
    if (!l) return;  // not gathering yet: answered, nothing to pair
    const auto p = add_pair(now, *l, *r);
    if (!p) return;
    pair_info[*p].check_received = true;
    const bool use_candidate = m.use_candidate();
    emit(event::CheckReceived{*p, use_candidate});

    if (config.lite) {
        // RFC 8445 §2.5, §7.3.1.5: a lite agent never checks; a check it answered validates
        // the pair, and USE-CANDIDATE nominates and selects it.
        pairs[*p].valid = true;
        set_pair_state(*p, PairState::kSucceeded, "check answered (ICE-lite)");
        if (use_candidate) nominate(now, *p, "USE-CANDIDATE from the controlling peer");
        return;
    }
    // §7.3.1.4 triggered checks.
    switch (pairs[*p].state) {
        case PairState::kSucceeded:
        case PairState::kInProgress:
            // In-Progress: rtclab lets the transaction in flight finish instead of cancelling
            // it and starting another (a simplification of §7.3.1.4).
            break;
        case PairState::kFrozen:
        case PairState::kWaiting:
        case PairState::kFailed:
            if (pairs[*p].state != PairState::kWaiting) {
                set_pair_state(*p, PairState::kWaiting, "check received from " + from.to_string());
            }
            enqueue_triggered(*p, false);
            break;
    }
    // §7.3.1.5: the controlled agent learns the nomination.
    if (use_candidate && role == Role::kControlled) {
        if (pairs[*p].state == PairState::kSucceeded) {
            nominate(now, pair_info[*p].valid_pair.value_or(*p),
                     "USE-CANDIDATE on a succeeded pair");
        } else {
            pair_info[*p].nominate_on_success = true;
        }
    }
}

void Agent::State::handle_check_response(Instant now, std::size_t ci, const Base& base,
                                         const TransportAddress& from, const stun::Message& m) {
    // The response must be signed with the peer's password (RFC 8445 §7.2.5.1, RFC 8489
    // §9.1.4); unsigned error responses (400, 401) are accepted as they cannot be signed.
    const auto key = stun::IntegrityKey::short_term(checks[ci].remote_pwd);
    const auto verdict = stun::verify_integrity(m, &key);
    if (verdict == stun::Verdict::kInvalid ||
        (verdict == stun::Verdict::kAbsent && m.cls == stun::MessageClass::kSuccessResponse)) {
        note("ice.check.dropped",
             "response from " + from.to_string() + " fails MESSAGE-INTEGRITY: dropped");
        return;
    }
    if (!checks[ci].tx.handle_response(now, m)) return;
    CheckInFlight c = std::move(checks[ci]);
    checks.erase(checks.begin() + static_cast<std::ptrdiff_t>(ci));
    const bool symmetric = from == c.to && base == c.base;
    if (c.consent) {
        if (m.cls == stun::MessageClass::kSuccessResponse && symmetric) consent_response(now);
        return;
    }
    if (m.cls == stun::MessageClass::kErrorResponse) {
        const auto ec = m.error_code();
        const int code = ec ? ec->first : 0;
        if (code == stun::kRoleConflict) {
            // §7.2.5.1: "the agent MUST switch to the controlled role if it sent ICE-CONTROLLING
            // ... or to the controlling role if it sent ICE-CONTROLLED", then retry the check.
            const Role wanted =
                c.role == Role::kControlling ? Role::kControlled : Role::kControlling;
            if (role != wanted && !config.lite) {
                switch_role(wanted, "487 Role Conflict from " + from.to_string());
            }
            if (c.use_candidate) nominating = false;
            if (pairs[c.pair].state != PairState::kSucceeded) {
                set_pair_state(c.pair, PairState::kWaiting, "487 Role Conflict: retrying");
            }
            enqueue_triggered(c.pair, c.use_candidate && role == Role::kControlling);
            return;
        }
        fail_pair(now, c.pair,
                  "error response " + std::to_string(code) + (ec ? " " + ec->second : ""));
        return;
    }
    // §7.2.5.2.1: "The ICE agent MUST check that the source and destination transport
    // addresses in the Binding request and response are symmetric."
    if (!symmetric) {
        fail_pair(now, c.pair,
                  "response from " + from.to_string() + ", not " + c.to.to_string() +
                      " (non-symmetric, RFC 8445 §7.2.5.2.1)");
        return;
    }
    const auto mapped = m.xor_mapped_address();
    if (!mapped) {
        fail_pair(now, c.pair, "success response without XOR-MAPPED-ADDRESS");
        return;
    }
    on_check_success(now, c, *mapped);
}

void Agent::State::on_check_success(Instant now, const CheckInFlight& c,
                                    const TransportAddress& mapped) {
    const std::size_t p = c.pair;
    const std::size_t l = pairs[p].local;
    const std::size_t r = pairs[p].remote;
    // §7.2.5.3.1: the mapped address names the local candidate of the valid pair; one not
    // known yet is a local peer-reflexive candidate with the PRIORITY of the request.
    std::optional<std::size_t> valid_local;
    for (std::size_t i = 0; i < local_candidates.size(); ++i) {
        if (local_info[i].address == mapped && local_info[i].base == c.base &&
            local_info[i].generation == local_info[l].generation) {
            valid_local = i;
            break;
        }
    }
    if (!valid_local) {
        Candidate prflx;
        prflx.foundation = candidate_foundation(CandidateType::kPeerReflexive,
                                                local_info[l].base_address.ip, std::nullopt);
        prflx.component = 1;
        prflx.priority = c.priority;
        prflx.address = mapped.ip.to_string();
        prflx.port = mapped.port;
        prflx.type = CandidateType::kPeerReflexive;
        prflx.related_address = local_info[l].base_address.ip.to_string();
        prflx.related_port = local_info[l].base_address.port;
        local_candidates.push_back(std::move(prflx));
        local_info.push_back(
            LocalInfo{c.base, local_info[l].generation, mapped, local_info[l].base_address});
        valid_local = local_candidates.size() - 1;
        note("ice.candidate.prflx-local",
             "the peer sees " + local_info[l].base_address.to_string() + " as " +
                 mapped.to_string() + ": local peer-reflexive candidate (RFC 8445 §7.2.5.3.1)");
    }
    set_pair_state(p, PairState::kSucceeded,
                   "response from " + c.to.to_string() + " (mapped " + mapped.to_string() + ")");
    std::size_t valid = p;
    if (*valid_local != l) {
        // §7.2.5.3.2: the valid pair is (mapped-address candidate, remote) -- it may not be in
        // the check list (a srflx or prflx local candidate); it is added as succeeded.
        const auto existing = find_pair(*valid_local, r);
        if (existing) {
            valid = *existing;
            set_pair_state(valid, PairState::kSucceeded, "valid pair of " + pairs[p].id);
        } else {
            CandidatePair vp;
            vp.local = *valid_local;
            vp.remote = r;
            vp.priority = compute_pair_priority(*valid_local, r);
            vp.state = PairState::kSucceeded;
            const auto& lc = local_candidates[*valid_local];
            vp.id = lc.foundation + ":" + std::to_string(lc.port) + "/" +
                    remote_info[r].address->to_string();
            PairInfo vi;
            vi.foundation = lc.foundation + ":" + remote_candidates[r].foundation;
            vi.local_generation = local_info[*valid_local].generation;
            vi.remote_generation = remote_info[r].generation;
            vi.ever_succeeded = true;
            pairs.push_back(std::move(vp));
            pair_info.push_back(std::move(vi));
            valid = pairs.size() - 1;
            ++stats.checks_succeeded;
            emit(event::PairAdded{valid});
            emit(event::PairStateChanged{valid, PairState::kSucceeded,
                                         "valid pair constructed from " + pairs[p].id});
        }
    }
    pairs[valid].valid = true;
    pair_info[p].valid_pair = valid;
    // RFC 8656 §12: once a relayed pair works, a channel carries its traffic in 4-byte
    // ChannelData headers instead of 36-byte Send/Data indications.
    if (const auto& turn = c.base.turn) {
        auto& client = turns[*turn]->client;
        if (!client.channel_of(c.to)) {
            if (auto bound = client.bind_channel(now, c.to); !bound) {
                note("ice.turn.channel",
                     "no channel for " + c.to.to_string() + ": " + bound.error().describe());
            }
            drain_turn_transmits(*turn);
        }
    }
    if (!first_valid_at && current(p)) first_valid_at = now;
    // §7.2.5.3.3: "The agent MUST set the states for all other Frozen candidate pairs in all
    // checklists with the same foundation to Waiting."
    unfreeze_foundation(pair_info[p].foundation,
                        "unfrozen: pair " + pairs[p].id + " of the same foundation succeeded");
    if (selected && (*selected == p || *selected == valid)) consent_response(now);
    if (c.use_candidate && role == Role::kControlling) {
        nominating = false;
        nominate(now, valid, "our check with USE-CANDIDATE succeeded");
    } else if (pair_info[p].nominate_on_success && role == Role::kControlled) {
        nominate(now, valid, "USE-CANDIDATE received, and our check succeeded");
    }
}

void Agent::State::fail_pair(Instant now, std::size_t p, std::string reason) {
    if (nominating) {
        bool queued_nomination = false;
        for (const auto& t : triggered)
            queued_nomination |= t.use_candidate;
        bool in_flight = false;
        for (const auto& c : checks)
            in_flight |= c.use_candidate && !c.consent;
        if (!queued_nomination && !in_flight) nominating = false;
    }
    pairs[p].valid = false;
    set_pair_state(p, PairState::kFailed, std::move(reason));
    evaluate_failure(now);
}

void Agent::State::switch_role(Role new_role, std::string reason) {
    role = new_role;
    if (new_role == Role::kControlled) nominating = false;
    recompute_priorities();
    emit(event::RoleConflict{new_role, "now " + role_name(new_role) + ": " + reason});
}

void Agent::State::nominate(Instant now, std::size_t p, std::string why) {
    if (!pairs[p].nominated) {
        pairs[p].nominated = true;
        emit(event::PairNominated{p});
        note("ice.nominated", pairs[p].id + " nominated: " + why);
        cancel_checks_for_nomination(p);
    }
    // The controlling agent selects the pair it nominated; the controlled agent the
    // highest-priority nominated pair (RFC 8445 §8.1.1, §8.1.2).
    if (!selected || !current(*selected) || consent_lost ||
        (role == Role::kControlled && pairs[p].priority > pairs[*selected].priority)) {
        select(now, p);
    }
}

void Agent::State::select(Instant now, std::size_t p) {
    if (selected && *selected == p) return;
    selected = p;
    emit(event::SelectedPairChanged{p});
    consent_lost = false;
    unanswered_since.reset();
    last_response = now;
    last_sent = now;
    next_consent = random_consent_interval(now);
    set_connection(ConnectionState::kConnected,
                   "selected pair " + pairs[p].id + " (" +
                       (role == Role::kControlling ? "nominated by us" : "nominated by the peer") +
                       ")");
}

void Agent::State::handle_data(const Base& base, const TransportAddress& from, ByteView bytes) {
    if (consent_lost) {
        note("ice.data.dropped", "data from " + from.to_string() + " after consent expired");
        return;
    }
    // Data is accepted on a pair that is valid, succeeded, or that the peer has checked (its
    // check answered: it may already have selected the pair and started DTLS).
    for (std::size_t p = 0; p < pairs.size(); ++p) {
        const auto& pair = pairs[p];
        if (local_info[pair.local].base != base || remote_info[pair.remote].address != from)
            continue;
        if (pair.valid || pair.state == PairState::kSucceeded || pair_info[p].check_received) {
            emit(event::Data{from, Bytes(bytes.begin(), bytes.end())});
            return;
        }
    }
    note("ice.data.dropped", "data from " + from.to_string() + " on no valid pair");
}

}  // namespace rtclab::net::ice
