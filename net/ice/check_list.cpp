// The check list (RFC 8445 §6.1.2): forming, prioritising and pruning candidate pairs, the
// frozen/waiting/in-progress/succeeded/failed states, Ta pacing, and sending the checks.
#include <algorithm>

#include "net/ice/agent_state.h"
#include "net/ice/check_message.h"
#include "net/ice/priority.h"

namespace rtclab::net::ice {

bool Agent::State::pairable_local(std::size_t l) const {
    // RFC 8445 §6.1.2.4: "the agent MUST replace the server-reflexive candidate with its
    // base" -- srflx candidates are checked from their host base, so they are not paired
    // themselves; local peer-reflexive ones are never paired (§7.2.5.3.1).
    const auto type = local_candidates[l].type;
    return (type == CandidateType::kHost || type == CandidateType::kRelay) &&
           local_info[l].generation == local_gen() && !awaiting_remote_restart &&
           socket_open[local_info[l].base.socket];
}

bool Agent::State::pairable_remote(std::size_t r) const {
    return remote_info[r].address && remote_info[r].generation == remote_gen();
}

void Agent::State::pair_local(Instant now, std::size_t l) {
    if (!pairable_local(l)) return;
    for (std::size_t r = 0; r < remote_candidates.size(); ++r) {
        if (pairable_remote(r)) add_pair(now, l, r);
    }
}

void Agent::State::pair_remote(Instant now, std::size_t r) {
    if (!pairable_remote(r)) return;
    for (std::size_t l = 0; l < local_candidates.size(); ++l) {
        if (pairable_local(l)) add_pair(now, l, r);
    }
}

void Agent::State::pair_all(Instant now) {
    for (std::size_t r = 0; r < remote_candidates.size(); ++r)
        pair_remote(now, r);
}

std::optional<std::size_t> Agent::State::find_pair(std::size_t l, std::size_t r) const {
    for (std::size_t p = 0; p < pairs.size(); ++p) {
        if (pairs[p].local == l && pairs[p].remote == r) return p;
    }
    return std::nullopt;
}

std::uint64_t Agent::State::compute_pair_priority(std::size_t l, std::size_t r) const {
    const std::uint32_t lp = local_candidates[l].priority;
    const std::uint32_t rp = remote_candidates[r].priority;
    return role == Role::kControlling ? pair_priority(lp, rp) : pair_priority(rp, lp);
}

void Agent::State::recompute_priorities() {
    // RFC 8445 §7.2.5.1: after a role change "the agent MUST ... recompute the candidate pair
    // priorities", which depend on which side is controlling (§6.1.2.3).
    for (auto& p : pairs)
        p.priority = compute_pair_priority(p.local, p.remote);
}

std::optional<std::size_t> Agent::State::add_pair(Instant now, std::size_t l, std::size_t r,
                                                  std::optional<PairState> initial) {
    if (auto existing = find_pair(l, r)) return existing;
    const auto& lc = local_candidates[l];
    const auto& ra = *remote_info[r].address;
    // RFC 8445 §6.1.2.2: "A local candidate is paired with a remote candidate if and only if
    // the two candidates have the same component ID and have the same IP address version."
    if (lc.component != remote_candidates[r].component) return std::nullopt;
    if (local_info[l].address.ip.family() != ra.ip.family()) return std::nullopt;
    // §6.1.2.4: pruning. A pair is redundant when its local base and remote candidate equal
    // another pair's; the higher-priority one stays.
    for (std::size_t p = 0; p < pairs.size(); ++p) {
        if (!current(p)) continue;
        const auto& q = pairs[p];
        if (local_info[q.local].base == local_info[l].base && q.remote == r &&
            local_candidates[q.local].type != CandidateType::kPeerReflexive &&
            local_candidates[q.local].type != CandidateType::kServerReflexive) {
            return p;
        }
    }
    std::size_t in_session = 0;
    for (std::size_t p = 0; p < pairs.size(); ++p)
        in_session += current(p) ? 1 : 0;
    if (in_session >= kMaxPairs) {
        note("ice.pair.limit", "check list holds " + std::to_string(kMaxPairs) +
                                   " pairs (RFC 8445 §6.1.2.5): " + lc.address + ":" +
                                   std::to_string(lc.port) + " / " + ra.to_string() + " not added");
        return std::nullopt;
    }
    CandidatePair pair;
    pair.local = l;
    pair.remote = r;
    pair.priority = compute_pair_priority(l, r);
    pair.id = lc.foundation + ":" + std::to_string(lc.port) + "/" + ra.to_string();
    PairInfo info;
    info.foundation = lc.foundation + ":" + remote_candidates[r].foundation;
    info.local_generation = local_info[l].generation;
    info.remote_generation = remote_info[r].generation;
    std::string why;
    if (initial) {
        pair.state = *initial;
        why = "constructed from a check";
    } else {
        // RFC 8445 §6.1.2.6 with trickle (RFC 8838 §10): a new pair is Waiting when no other
        // pair of its foundation is Waiting or In-Progress (or when one already Succeeded:
        // §7.2.5.3.3 would have unfrozen it), Frozen otherwise.
        bool busy = false, succeeded = false;
        for (std::size_t p = 0; p < pairs.size(); ++p) {
            if (!current(p) || pair_info[p].foundation != info.foundation) continue;
            busy |=
                pairs[p].state == PairState::kWaiting || pairs[p].state == PairState::kInProgress;
            succeeded |= pairs[p].state == PairState::kSucceeded;
        }
        pair.state = (succeeded || !busy) ? PairState::kWaiting : PairState::kFrozen;
        why = pair.state == PairState::kWaiting
                  ? "new pair; first of foundation " + info.foundation
                  : "new pair; foundation " + info.foundation + " already being checked";
    }
    pairs.push_back(std::move(pair));
    pair_info.push_back(std::move(info));
    const std::size_t index = pairs.size() - 1;
    emit(event::PairAdded{index});
    emit(event::PairStateChanged{index, pairs[index].state, why});
    if (pairs[index].state == PairState::kSucceeded) {
        pair_info[index].ever_succeeded = true;
        ++stats.checks_succeeded;
    }
    // RFC 8656 §9 / RFC 8445 §5.1.1.2: a relayed candidate can only reach a peer the
    // allocation has a permission for; ask for it as soon as the pair exists.
    if (const auto& turn = local_info[l].base.turn) {
        (void)turns[*turn]->client.create_permission(now, ra.ip);
        drain_turn_transmits(*turn);
    }
    return index;
}

void Agent::State::set_pair_state(std::size_t p, PairState s, std::string reason) {
    if (pairs[p].state == s) return;
    pairs[p].state = s;
    if (s == PairState::kSucceeded && !pair_info[p].ever_succeeded) {
        pair_info[p].ever_succeeded = true;
        ++stats.checks_succeeded;
    }
    if (s == PairState::kFailed) ++stats.checks_failed;
    emit(event::PairStateChanged{p, s, std::move(reason)});
}

void Agent::State::unfreeze_foundation(const std::string& foundation, const std::string& why) {
    for (std::size_t p = 0; p < pairs.size(); ++p) {
        if (current(p) && pairs[p].state == PairState::kFrozen &&
            pair_info[p].foundation == foundation) {
            set_pair_state(p, PairState::kWaiting, why);
        }
    }
}

bool Agent::State::sendable(std::size_t p) const {
    const auto& pi = pair_info[p];
    if (!remote_creds[pi.remote_generation]) return false;  // no ice-pwd to sign with yet
    const auto& base = local_info[pairs[p].local].base;
    if (base.turn && !turns[*base.turn]->client.relayed_address()) return false;
    return true;
}

std::optional<Triggered> Agent::State::next_check() const {
    if (closed || config.lite || connection == ConnectionState::kFailed) return std::nullopt;
    // §6.1.4.2: "If the triggered-check queue associated with the checklist contains one or
    // more candidate pairs, the agent removes the top pair from the queue".
    for (const auto& t : triggered) {
        if (current(t.pair) && sendable(t.pair)) return t;
    }
    // Once this session's pair is selected, ordinary checks stop (RFC 8445 §8.1.2); triggered
    // checks still answer the peer's.
    if (selected && current(*selected)) return std::nullopt;
    std::optional<std::size_t> best;
    for (std::size_t p = 0; p < pairs.size(); ++p) {
        if (!current(p) || pairs[p].state != PairState::kWaiting || !sendable(p)) continue;
        if (!best || pairs[p].priority > pairs[*best].priority) best = p;
    }
    if (best) return Triggered{*best, false};
    // "If there is no candidate pair in the Waiting state, and if there are one or more
    // pairs in the Frozen state, the agent checks the foundation associated with each pair in
    // the Frozen state. For a given foundation, if there is no pair ... in the Waiting or
    // In-Progress state, the agent puts the candidate pair state to Waiting".
    for (std::size_t p = 0; p < pairs.size(); ++p) {
        if (!current(p) || pairs[p].state != PairState::kFrozen || !sendable(p)) continue;
        bool busy = false;
        for (std::size_t q = 0; q < pairs.size(); ++q) {
            if (current(q) && pair_info[q].foundation == pair_info[p].foundation &&
                (pairs[q].state == PairState::kWaiting || pairs[q].state == PairState::kInProgress))
                busy = true;
        }
        if (busy) continue;
        if (!best || pairs[p].priority > pairs[*best].priority) best = p;
    }
    if (best) return Triggered{*best, false};
    return std::nullopt;
}

void Agent::State::enqueue_triggered(std::size_t p, bool use_candidate, bool front) {
    if (pair_info[p].queued) {
        for (auto& t : triggered) {
            if (t.pair == p) t.use_candidate |= use_candidate;
        }
        return;
    }
    pair_info[p].queued = true;
    if (front) {
        triggered.push_front(Triggered{p, use_candidate});
    } else {
        triggered.push_back(Triggered{p, use_candidate});
    }
}

void Agent::State::send_via(Instant now, const Base& base, const TransportAddress& to,
                            ByteView bytes) {
    if (base.turn) {
        auto& client = turns[*base.turn]->client;
        (void)client.create_permission(now, to.ip);  // idempotent
        if (auto r = client.send_to(now, to, bytes); !r) {
            note("ice.turn.send-failed",
                 "relaying to " + to.to_string() + " failed: " + r.error().describe());
        }
        drain_turn_transmits(*base.turn);
        return;
    }
    transmit_from(base.socket, to, Bytes(bytes.begin(), bytes.end()));
}

void Agent::State::send_check(Instant now, std::size_t p, bool use_candidate, bool consent) {
    const CandidatePair& pair = pairs[p];
    const PairInfo& pi = pair_info[p];
    const LocalInfo& li = local_info[pair.local];
    const auto& remote = *remote_creds[pi.remote_generation];
    const auto& local = local_creds[pi.local_generation];
    CheckRequest req;
    req.username = remote.ufrag + ":" + local.ufrag;
    // RFC 8445 §7.2.2: PRIORITY is what a peer-reflexive candidate would get: type preference
    // of prflx, the local candidate's local preference and component.
    req.priority = candidate_priority(CandidateType::kPeerReflexive,
                                      local_preference_of(local_candidates[pair.local].priority),
                                      local_candidates[pair.local].component);
    req.role = role;
    req.tie_breaker = tie_breaker;
    req.use_candidate = use_candidate && role == Role::kControlling;
    const auto id = stun::random_transaction_id(rng);
    CheckInFlight c{p,
                    stun::ClientTransaction(build_check_request(id, req, remote.pwd), id, now,
                                            consent ? kConsentRetransmit : kCheckRetransmit),
                    req.use_candidate,
                    consent,
                    li.base,
                    *remote_info[pair.remote].address,
                    role,
                    req.priority,
                    remote.pwd};
    auto bytes = c.tx.poll_transmit();
    checks.push_back(std::move(c));
    if (bytes) send_via(now, li.base, checks.back().to, *bytes);
    ++stats.checks_sent;
    emit(event::CheckSent{p, req.use_candidate, false});
    if (selected && *selected == p) last_sent = now;
    if (consent) return;
    last_check_at = now;
    if (pairs[p].state != PairState::kSucceeded) {
        set_pair_state(p, PairState::kInProgress,
                       req.use_candidate ? "check with USE-CANDIDATE sent" : "check sent");
    }
}

void Agent::State::service_checks(Instant now) {
    std::vector<std::size_t> failed;
    for (std::size_t i = 0; i < checks.size(); ++i) {
        CheckInFlight& c = checks[i];
        c.tx.handle_timeout(now);
        if (auto b = c.tx.poll_transmit()) {
            send_via(now, c.base, c.to, *b);
            ++stats.checks_sent;
            emit(event::CheckSent{c.pair, c.use_candidate, true});
            if (selected && *selected == c.pair) last_sent = now;
        }
        if (c.tx.state() == stun::ClientTransaction::State::kFailed) failed.push_back(i);
    }
    for (auto it = failed.rbegin(); it != failed.rend(); ++it) {
        CheckInFlight c = std::move(checks[*it]);
        checks.erase(checks.begin() + static_cast<std::ptrdiff_t>(*it));
        if (c.consent) continue;  // consent silence is judged by consent.cpp
        const std::string requests = std::to_string(c.tx.transmissions()) +
                                     (c.tx.transmissions() == 1 ? " request" : " requests");
        fail_pair(now, c.pair,
                  c.tx.retransmissions_cancelled()
                      ? "no response to " + requests + "; its retransmissions were cancelled by the nomination"
                      : "no response after " + requests);
    }
}

// RFC 8445 §8.1.2: "Once a candidate pair for a component of a data stream has been nominated,
// and the state of the checklist associated with the data stream is Running, the ICE agent MUST
// remove all candidate pairs for the same component from the checklist and from the
// triggered-check queue. If the state of a pair is In-Progress, the agent cancels the
// In-Progress transaction. Cancellation means that the agent will not retransmit the Binding
// requests associated with the connectivity-check transaction, will not treat the lack of
// response to be a failure, but will wait the duration of the transaction timeout for a
// response." rtclab keeps the pairs in view (a student learns from the ones that failed);
// new ordinary checks stop once a pair is selected (next_check()). What this adds is the
// silence: no more retransmissions. A pair whose cancelled check is never answered is shown as
// failed when the wait ends, with that reason -- it is out of the checklist, so nothing of
// ICE's state follows from it.
void Agent::State::cancel_checks_for_nomination(std::size_t nominated) {
    std::size_t cancelled = 0;
    for (CheckInFlight& c : checks) {
        if (c.consent || c.pair == nominated || c.tx.state() != stun::ClientTransaction::State::kPending ||
            c.tx.retransmissions_cancelled())
            continue;
        c.tx.cancel_retransmissions();
        ++cancelled;
    }
    if (cancelled == 0) return;
    note("ice.check.cancelled",
         std::to_string(cancelled) + (cancelled == 1 ? " check" : " checks") + " in progress on other pairs " +
             "stop retransmitting now that " + pairs[nominated].id +
             " is nominated; a late response still counts (RFC 8445 §8.1.2)");
}

std::optional<std::size_t> Agent::State::best_valid_pair() const {
    std::optional<std::size_t> best;
    for (std::size_t p = 0; p < pairs.size(); ++p) {
        if (!current(p) || !pairs[p].valid || pairs[p].state != PairState::kSucceeded) continue;
        if (!best || pairs[p].priority > pairs[*best].priority) best = p;
    }
    return best;
}

std::optional<Instant> Agent::State::nomination_deadline() const {
    if (role != Role::kControlling || config.lite || nominating || closed) return std::nullopt;
    if (selected && current(*selected)) return std::nullopt;
    if (!first_valid_at || !best_valid_pair()) return std::nullopt;
    return *first_valid_at + config.nomination_wait;
}

void Agent::State::maybe_nominate(Instant now) {
    const auto deadline = nomination_deadline();
    if (!deadline) return;
    const std::size_t best = *best_valid_pair();
    // RFC 8445 §8.1.1: the controlling agent "lets the checks continue until some stopping
    // criterion is met" -- here: no higher-priority pair is left to check, or the wait ran out.
    bool pending_higher = false;
    for (std::size_t p = 0; p < pairs.size(); ++p) {
        if (!current(p) || pairs[p].priority <= pairs[best].priority) continue;
        const auto s = pairs[p].state;
        pending_higher |=
            s == PairState::kFrozen || s == PairState::kWaiting || s == PairState::kInProgress;
    }
    if (pending_higher && now < *deadline) return;
    nominating = true;
    note("ice.nominate",
         "nominating " + pairs[best].id +
             (pending_higher ? " (nomination wait over)" : " (no better pair left to check)"));
    enqueue_triggered(best, true, true);
}

std::vector<std::size_t> Agent::State::check_list() const {
    std::vector<std::size_t> out;
    for (std::size_t p = 0; p < pairs.size(); ++p) {
        if (current(p)) out.push_back(p);
    }
    std::stable_sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) {
        return pairs[a].priority > pairs[b].priority;
    });
    return out;
}

}  // namespace rtclab::net::ice
