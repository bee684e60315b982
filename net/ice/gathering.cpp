// Candidate gathering (RFC 8445 §5.1.1): host candidates at once, server-reflexive ones from
// STUN Binding requests, relayed ones from TURN allocations -- trickled as they come (RFC 8838).
#include <algorithm>

#include "net/ice/agent_state.h"
#include "net/ice/check_message.h"
#include "net/ice/priority.h"

namespace rtclab::net::ice {

namespace {

Candidate make_candidate(CandidateType type, const TransportAddress& address,
                         std::uint16_t local_pref, const IpAddress& base_ip,
                         const std::optional<TransportAddress>& server,
                         const std::optional<TransportAddress>& related) {
    Candidate c;
    c.foundation = candidate_foundation(type, base_ip, server);
    c.component = 1;
    c.transport = sdp::CandidateTransport::kUdp;
    c.priority = candidate_priority(type, local_pref, 1);
    c.address = address.ip.to_string();
    c.port = address.port;
    c.type = type;
    if (related) {
        c.related_address = related->ip.to_string();
        c.related_port = related->port;
    }
    return c;
}

}  // namespace

std::optional<std::size_t> Agent::State::local_for_base(const Base& base,
                                                        std::uint32_t generation) const {
    const CandidateType want = base.turn ? CandidateType::kRelay : CandidateType::kHost;
    for (std::size_t i = 0; i < local_candidates.size(); ++i) {
        if (local_info[i].base == base && local_info[i].generation == generation &&
            local_candidates[i].type == want) {
            return i;
        }
    }
    return std::nullopt;
}

void Agent::State::gather(Instant now) {
    gathering = GatheringState::kGathering;
    emit(event::GatheringStateChanged{GatheringState::kGathering});
    const auto& hosts = config.host_addresses;
    // RFC 8445 §5.1.1.1: a host candidate per interface. With the relay policy
    // (RTCIceTransportPolicy "relay") only relayed candidates are surfaced and paired.
    if (config.policy != TransportPolicy::kRelay) {
        for (std::size_t i = 0; i < hosts.size(); ++i) {
            if (!socket_open[i]) continue;
            add_local(now,
                      make_candidate(CandidateType::kHost, hosts[i], local_preference(interface_rank(i)),
                                     hosts[i].ip, std::nullopt, std::nullopt),
                      Base{i, std::nullopt}, true);
        }
    }
    // RFC 8445 §2.5: a lite agent "only gathers host candidates".
    if (!config.lite) {
        if (config.policy != TransportPolicy::kRelay) {
            for (std::size_t sv = 0; sv < config.stun_servers.size(); ++sv) {
                for (std::size_t i = 0; i < hosts.size(); ++i) {
                    const auto& server = config.stun_servers[sv].address;
                    if (!socket_open[i] || server.ip.family() != hosts[i].ip.family()) continue;
                    const auto id = stun::random_transaction_id(rng);
                    stun_queries.push_back(
                        StunQuery{i, sv, local_gen(),
                                  stun::ClientTransaction(build_server_binding_request(id), id, now,
                                                          kGatherRetransmit),
                                  false});
                    auto& q = stun_queries.back();
                    while (auto b = q.tx.poll_transmit()) {
                        transmit_from(i, server, std::move(*b));
                    }
                }
            }
        }
        for (std::size_t sv = 0; sv < config.turn_servers.size(); ++sv) {
            for (std::size_t i = 0; i < hosts.size(); ++i) {
                const auto& server = config.turn_servers[sv];
                if (!socket_open[i] || server.address.ip.family() != hosts[i].ip.family()) continue;
                turn::ClientConfig cc;
                cc.server = server.address;
                cc.username = server.username;
                cc.password = server.password;
                cc.retransmit = kGatherRetransmit;
                const std::string label = "turn:" + std::to_string(local_gen()) + ":" +
                                          std::to_string(sv) + ":" + std::to_string(i);
                turns.push_back(std::make_unique<TurnGatherer>(TurnGatherer{
                    i, sv, local_gen(), turn::TurnClient(cc, rng.fork(label)), false}));
                turns.back()->client.start(now);
                pump_turn(now, turns.size() - 1);
            }
        }
    }
    update_gathering(now);
}

std::optional<std::size_t> Agent::State::add_local(Instant now, Candidate c, Base base,
                                                   bool announce) {
    const auto address = c.transport_address();
    if (!address) return std::nullopt;
    // RFC 8445 §5.1.3: "the agent SHOULD eliminate redundant candidates" -- same transport
    // address and base (a srflx equal to its host, or two STUN servers seeing one mapping).
    for (std::size_t i = 0; i < local_candidates.size(); ++i) {
        if (local_info[i].generation == local_gen() && local_info[i].address == *address &&
            local_info[i].base.socket == base.socket) {
            note("ice.candidate.redundant", sdp::candidate_type_name(c.type) + " " +
                                                address->to_string() + " is the same as the " +
                                                sdp::candidate_type_name(local_candidates[i].type) +
                                                " candidate: not added (RFC 8445 §5.1.3)");
            return std::nullopt;
        }
    }
    TransportAddress base_address = base.turn ? *address : config.host_addresses[base.socket];
    local_candidates.push_back(c);
    local_info.push_back(LocalInfo{base, local_gen(), *address, base_address});
    const std::size_t index = local_candidates.size() - 1;
    if (announce) emit(event::CandidateGathered{std::move(c)});
    pair_local(now, index);
    return index;
}

void Agent::State::handle_stun_response(Instant now, std::size_t qi, const stun::Message& m) {
    StunQuery& q = stun_queries[qi];
    q.done = true;
    const auto& server = config.stun_servers[q.server].address;
    const auto& host = config.host_addresses[q.socket];
    if (m.cls != stun::MessageClass::kSuccessResponse) {
        const auto ec = m.error_code();
        note("ice.stun.error",
             "STUN server " + server.to_string() + " answered " +
                 (ec ? std::to_string(ec->first) + " " + ec->second : "an error"));
        update_gathering(now);
        return;
    }
    auto mapped = m.xor_mapped_address();
    if (!mapped) mapped = m.mapped_address();
    if (!mapped) {
        note("ice.stun.error",
             "STUN server " + server.to_string() + " answered without XOR-MAPPED-ADDRESS");
        update_gathering(now);
        return;
    }
    note("ice.stun.response", "STUN server " + server.to_string() + " sees " + host.to_string() +
                                  " as " + mapped->to_string());
    if (q.generation == local_gen()) {
        add_local(now,
                  make_candidate(CandidateType::kServerReflexive, *mapped,
                                 local_preference(interface_rank(q.socket)), host.ip, server, host),
                  Base{q.socket, std::nullopt}, true);
    }
    update_gathering(now);
}

void Agent::State::drain_turn_transmits(std::size_t k) {
    TurnGatherer& t = *turns[k];
    while (auto tx = t.client.poll_transmit()) {
        transmit_from(t.socket, tx->to, std::move(tx->bytes));
    }
}

void Agent::State::pump_turn(Instant now, std::size_t k) {
    for (int round = 0; round < 64; ++round) {
        drain_turn_transmits(k);
        std::vector<turn::ClientEvent> evs;
        while (auto ev = turns[k]->client.poll_event())
            evs.push_back(std::move(*ev));
        if (evs.empty()) return;
        for (auto& ev : evs)
            on_turn_event(now, k, std::move(ev));
    }
}

void Agent::State::on_turn_event(Instant now, std::size_t k, turn::ClientEvent ev) {
    TurnGatherer& t = *turns[k];
    const auto& server = config.turn_servers[t.server].address;
    const auto& host = config.host_addresses[t.socket];
    if (auto* a = std::get_if<turn::client_event::Allocated>(&ev)) {
        t.done = true;
        note("ice.turn.allocated", "TURN server " + server.to_string() + " relays " +
                                       a->relayed.to_string() + " for " + host.to_string() +
                                       " (seen as " + a->mapped.to_string() + ")");
        if (t.generation == local_gen()) {
            // The allocation's XOR-MAPPED-ADDRESS is a server-reflexive candidate too (RFC 8656
            // §7.3, RFC 8445 §5.1.1.2), with the TURN server as its STUN server.
            if (config.policy != TransportPolicy::kRelay) {
                add_local(now,
                          make_candidate(CandidateType::kServerReflexive, a->mapped,
                                         local_preference(interface_rank(t.socket)), host.ip, server, host),
                          Base{t.socket, std::nullopt}, true);
            }
            // RFC 8839 §5.1: a relayed candidate's related address is the mapped address.
            add_local(now,
                      make_candidate(CandidateType::kRelay, a->relayed, local_preference(interface_rank(t.socket)),
                                     host.ip, server, a->mapped),
                      Base{t.socket, k}, true);
        }
        update_gathering(now);
    } else if (auto* f = std::get_if<turn::client_event::Failed>(&ev)) {
        note("ice.turn.failed", "TURN " + std::string(turn::operation_name(f->op)) + " to " +
                                    server.to_string() + " failed: " + std::to_string(f->code) +
                                    " " + f->reason);
        if (f->op == turn::Operation::kAllocate) {
            t.done = true;
            update_gathering(now);
        }
    } else if (auto* d = std::get_if<turn::client_event::Data>(&ev)) {
        handle_incoming(now, Base{t.socket, k}, d->peer, d->data);
    } else if (std::holds_alternative<turn::client_event::Expired>(ev)) {
        note("ice.turn.expired", "TURN allocation on " + server.to_string() + " expired");
    }
}

void Agent::State::update_gathering(Instant now) {
    if (gathering != GatheringState::kGathering) return;
    for (const auto& q : stun_queries) {
        if (q.generation == local_gen() && !q.done) return;
    }
    for (const auto& t : turns) {
        if (t->generation == local_gen() && !t->done) return;
    }
    gathering = GatheringState::kComplete;
    emit(event::GatheringStateChanged{GatheringState::kComplete});
    evaluate_failure(now);
}

}  // namespace rtclab::net::ice
