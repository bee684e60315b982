// Connection states (RTCIceConnectionState), consent freshness (RFC 7675) and keepalives
// (RFC 8445 §11) on the selected pair.
#include <algorithm>

#include "net/ice/agent_state.h"
#include "net/ice/check_message.h"

namespace rtclab::net::ice {

void Agent::State::set_connection(ConnectionState s, std::string reason) {
    if (connection == s) return;
    connection = s;
    emit(event::ConnectionStateChanged{s, std::move(reason)});
}

void Agent::State::update_checking(Instant) {
    if (closed || !remote_creds.back() || awaiting_remote_restart) return;
    if (connection != ConnectionState::kNew && connection != ConnectionState::kFailed) return;
    if (connection == ConnectionState::kFailed && (remote_gen() == 0 && local_gen() == 0)) return;
    std::size_t n = 0;
    bool fresh = false;
    for (std::size_t p = 0; p < pairs.size(); ++p) {
        if (!current(p)) continue;
        ++n;
        fresh |= pairs[p].state != PairState::kFailed;
    }
    if (n == 0 || !fresh) return;
    set_connection(ConnectionState::kChecking,
                   connection == ConnectionState::kNew
                       ? "checking " + std::to_string(n) + (n == 1 ? " pair" : " pairs")
                       : "ICE restart: checking " + std::to_string(n) + " new pairs");
}

void Agent::State::evaluate_failure(Instant) {
    if (closed || config.lite || connection == ConnectionState::kFailed) return;
    if (selected && !consent_lost) return;  // a working pair: nothing has failed
    // RFC 8838 §11: with trickle, "failed" needs the peer's end-of-candidates and our own
    // gathering complete -- until then a new candidate could still make a working pair.
    if (!remote_creds.back() || !remote_eoc || gathering != GatheringState::kComplete ||
        awaiting_remote_restart) {
        return;
    }
    std::size_t n = 0;
    for (std::size_t p = 0; p < pairs.size(); ++p) {
        if (!current(p)) continue;
        ++n;
        if (pairs[p].state != PairState::kFailed) return;
    }
    for (const auto& t : triggered) {
        if (current(t.pair)) return;
    }
    set_connection(ConnectionState::kFailed,
                   n == 0 ? "no candidate pairs to check after end-of-candidates"
                          : "all " + std::to_string(n) + (n == 1 ? " pair" : " pairs") +
                                " failed after end-of-candidates");
}

Instant Agent::State::random_consent_interval(Instant now) {
    // RFC 7675 §5.1: "the interval SHOULD be randomized from 0.8 to 1.2 times the basic
    // period" -- so that many flows do not send their checks in step.
    const std::int64_t permille = rng.between(800, 1200);
    return now + Duration::micros(config.consent_interval.us / 1000 * permille);
}

void Agent::State::consent_response(Instant now) {
    last_response = now;
    unanswered_since.reset();
    if (connection == ConnectionState::kDisconnected && !consent_lost) {
        set_connection(ConnectionState::kConnected, "the selected pair answers again");
    }
}

std::optional<Instant> Agent::State::consent_deadline() const {
    if (!selected || consent_lost || closed || config.lite) return std::nullopt;
    Instant next = next_consent;
    next = std::min(next, last_response + config.consent_timeout);
    if (connection == ConnectionState::kConnected && unanswered_since) {
        next = std::min(next, std::max(last_response + config.disconnected_after,
                                       *unanswered_since + kConsentRetransmit.rto));
    }
    next = std::min(next, last_sent + config.keepalive_interval);
    return next;
}

void Agent::State::service_consent(Instant now) {
    if (!selected || consent_lost || closed || config.lite) return;
    const std::size_t p = *selected;
    if (now >= next_consent) {
        // RFC 7675 §5.1: consent is a STUN Binding request on the selected pair, "with the
        // same ... attributes as connectivity checks".
        send_check(now, p, false, true);
        next_consent = random_consent_interval(now);
        if (!unanswered_since) unanswered_since = now;
    }
    const Duration silence = now - last_response;
    if (silence >= config.consent_timeout) {
        // RFC 7675 §5.1: "If no successful response is received ... within the consent
        // timeout, ... the ICE agent MUST cease transmission on that 5-tuple".
        consent_lost = true;
        checks.erase(std::remove_if(checks.begin(), checks.end(),
                                    [](const CheckInFlight& c) { return c.consent; }),
                     checks.end());
        note("ice.consent.lost", "no consent response on " + pairs[p].id + " for " +
                                     format_seconds(silence) + ": sending stopped (RFC 7675)");
        set_connection(ConnectionState::kFailed,
                       "no consent response for " + format_seconds(silence));
        return;
    }
    // Disconnected: silence for disconnected_after, and a consent request unanswered for an
    // RTO (browsers: "checks on the selected pair are not answered").
    if (silence >= config.disconnected_after && connection == ConnectionState::kConnected &&
        unanswered_since && now >= *unanswered_since + kConsentRetransmit.rto) {
        set_connection(ConnectionState::kDisconnected,
                       "no response on the selected pair for " + format_seconds(silence));
    }
    // RFC 8445 §11: "If there has been no packet sent on the candidate pair ICE is using for a
    // data session for Tr seconds ..., the agent MUST generate a keepalive". Consent checks
    // count as packets sent.
    if (now >= last_sent + config.keepalive_interval) {
        const CandidatePair& pair = pairs[p];
        send_via(now, local_info[pair.local].base, *remote_info[pair.remote].address,
                 build_keepalive(stun::random_transaction_id(rng)));
        last_sent = now;
    }
}

}  // namespace rtclab::net::ice
