// Lockstep harness for net/ice tests: ICE agents on a tiny deterministic network in virtual
// time -- fixed latency, optional full-cone NATs, a STUN server, a TURN server (net/turn), and a
// signaling shortcut that trickles candidates between two agents.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/ice/agent.h"
#include "net/stun/message.h"
#include "net/stun/message_builder.h"
#include "net/turn/server.h"

namespace rtclab::net::ice::testing {

inline TransportAddress addr(const char* text) {
    return *TransportAddress::parse(text);
}
inline IpAddress ip(const char* text) {
    return *IpAddress::parse(text);
}
inline Instant at_ms(std::int64_t ms) {
    return Instant{} + Duration::millis(ms);
}

inline const TransportAddress kStunServer = addr("203.0.113.1:3478");
inline const TransportAddress kTurnServer = addr("203.0.113.2:3478");

inline AgentConfig agent_config(Role role, const std::string& name,
                                std::vector<TransportAddress> hosts) {
    AgentConfig c;
    c.role = role;
    c.local = Credentials{name + "frag", name + "-password-0123456789abcdef"};
    c.host_addresses = std::move(hosts);
    return c;
}

struct Packet {
    Instant at;
    std::uint64_t seq = 0;
    TransportAddress from, to;
    Bytes bytes;
};

// A full-cone NAT (endpoint-independent mapping and filtering, RFC 4787) with sequential
// public ports.
struct Nat {
    IpAddress public_ip;
    std::vector<IpAddress> inside;
    std::map<TransportAddress, TransportAddress> out;  // private -> public
    std::map<TransportAddress, TransportAddress> in;   // public -> private
    std::uint16_t next_port = 61000;
    bool holds(const IpAddress& a) const {
        return std::find(inside.begin(), inside.end(), a) != inside.end();
    }
};

struct Peer {
    std::string name;
    Agent agent;
    std::vector<std::pair<Instant, Event>> events;
    std::optional<std::size_t> signal_to;  // trickle candidates to this peer
};

class Harness {
  public:
    Duration latency = Duration::millis(10);
    Instant now{};
    std::vector<std::unique_ptr<Peer>> peers;
    std::vector<Nat> nats;
    std::vector<Packet> sent;  // every datagram put on the wire, in order (after NAT)
    // Return false to lose a datagram (from, to as on the wire).
    std::function<bool(const Packet&)> pass = [](const Packet&) { return true; };
    std::optional<turn::TurnServer> turn_server;

    Peer& add(const std::string& name, AgentConfig config, std::uint64_t seed) {
        peers.push_back(std::make_unique<Peer>(
            Peer{name, Agent(std::move(config), Rng(seed).fork(name)), {}, std::nullopt}));
        return *peers.back();
    }
    Agent& agent(std::size_t i) { return peers[i]->agent; }

    void add_turn_server() {
        turn::ServerConfig sc;
        sc.listen = kTurnServer;
        sc.users = {{"user", "pass"}};
        sc.relay_ip = kTurnServer.ip;
        sc.relay_port_min = 49152;
        sc.relay_port_max = 49200;
        turn_server.emplace(std::move(sc), Rng(77));
    }

    // Offer/answer in one step: credentials both ways, candidates trickled as gathered.
    void signal(std::size_t a, std::size_t b) {
        peers[a]->signal_to = b;
        peers[b]->signal_to = a;
        agent(a).set_remote_credentials(agent(b).local_credentials());
        agent(b).set_remote_credentials(agent(a).local_credentials());
    }

    void send(TransportAddress from, TransportAddress to, Bytes bytes) {
        // Source NAT on the way out of a private network.
        for (auto& n : nats) {
            if (n.holds(from.ip) && !n.holds(to.ip)) {
                auto it = n.out.find(from);
                if (it == n.out.end()) {
                    const TransportAddress pub{n.public_ip, n.next_port++};
                    it = n.out.emplace(from, pub).first;
                    n.in.emplace(pub, from);
                }
                from = it->second;
            }
        }
        Packet p{now + latency, seq_++, from, to, std::move(bytes)};
        sent.push_back(p);
        if (pass(p)) queue_.push_back(std::move(p));
    }

    void flush() {
        for (int round = 0; round < 1000; ++round) {
            bool moved = false;
            for (std::size_t i = 0; i < peers.size(); ++i) {
                Peer& pe = *peers[i];
                while (auto t = pe.agent.poll_transmit()) {
                    moved = true;
                    send(t->from, t->to, std::move(t->bytes));
                }
                while (auto e = pe.agent.poll_event()) {
                    moved = true;
                    if (pe.signal_to) forward(*pe.signal_to, *e);
                    pe.events.emplace_back(now, std::move(*e));
                }
            }
            if (turn_server) {
                while (turn_server->poll_event()) {
                }
                while (auto t = turn_server->poll_transmit()) {
                    moved = true;
                    send(t->from, t->to, std::move(t->bytes));
                }
            }
            if (!moved) return;
        }
        FAIL("harness did not settle");
    }

    std::optional<Instant> next_time() const {
        std::optional<Instant> next;
        auto take = [&](std::optional<Instant> t) {
            if (t && (!next || *t < *next)) next = t;
        };
        for (const auto& p : queue_)
            take(p.at);
        for (const auto& pe : peers)
            take(pe->agent.next_timeout());
        if (turn_server) take(turn_server->next_timeout());
        return next;
    }

    // Runs everything due up to `until`; the clock ends there.
    void run_until(Instant until) {
        flush();
        for (int steps = 0; steps < 200000; ++steps) {
            const auto next = next_time();
            if (!next || *next > until) break;
            now = std::max(now, *next);
            std::stable_sort(queue_.begin(), queue_.end(),
                             [](const Packet& a, const Packet& b) { return a.at < b.at; });
            while (!queue_.empty() && queue_.front().at <= now) {
                Packet p = std::move(queue_.front());
                queue_.erase(queue_.begin());
                deliver(std::move(p));
                flush();
            }
            for (auto& pe : peers) {
                if (auto t = pe->agent.next_timeout(); t && *t <= now)
                    pe->agent.handle_timeout(now);
            }
            if (turn_server) {
                if (auto t = turn_server->next_timeout(); t && *t <= now) {
                    turn_server->handle_timeout(now);
                }
            }
            flush();
        }
        now = std::max(now, until);
    }
    void run_for(Duration d) { run_until(now + d); }

    template <class T>
    std::vector<std::pair<Instant, T>> events_of(std::size_t i) const {
        std::vector<std::pair<Instant, T>> out;
        for (const auto& [t, e] : peers[i]->events) {
            if (const auto* v = std::get_if<T>(&e)) out.emplace_back(t, *v);
        }
        return out;
    }
    std::vector<ConnectionState> states_of(std::size_t i) const {
        std::vector<ConnectionState> out;
        for (const auto& [t, e] : events_of<event::ConnectionStateChanged>(i))
            out.push_back(e.state);
        return out;
    }
    bool has_note(std::size_t i, const std::string& kind) const {
        for (const auto& [t, n] : events_of<event::Note>(i)) {
            if (n.kind == kind) return true;
        }
        return false;
    }

    // The selected pair's local and remote transport addresses.
    std::pair<TransportAddress, TransportAddress> selected_addresses(std::size_t i) {
        const Agent& a = agent(i);
        const auto& p = a.pairs().at(*a.selected_pair());
        return {*a.local_candidates()[p.local].transport_address(),
                *a.remote_candidates()[p.remote].transport_address()};
    }

  private:
    void forward(std::size_t to, const Event& e) {
        if (const auto* g = std::get_if<event::CandidateGathered>(&e)) {
            REQUIRE(agent(to).add_remote_candidate(now, g->candidate).ok());
        } else if (const auto* s = std::get_if<event::GatheringStateChanged>(&e)) {
            if (s->state == GatheringState::kComplete) agent(to).end_of_remote_candidates(now);
        }
    }

    void deliver(Packet p) {
        // Destination NAT: a packet to a mapping's public address goes to the private one.
        for (auto& n : nats) {
            if (p.to.ip == n.public_ip) {
                const auto it = n.in.find(p.to);
                if (it == n.in.end()) return;  // no mapping: dropped
                p.to = it->second;
            }
        }
        if (p.to == kStunServer) {
            const auto m = stun::parse_message(p.bytes);
            if (!m || m->cls != stun::MessageClass::kRequest) return;
            send(kStunServer, p.from,
                 stun::MessageBuilder(stun::MessageClass::kSuccessResponse, stun::Method::kBinding,
                                      m->transaction_id)
                     .xor_mapped_address(p.from)
                     .finish(nullptr, true));
            return;
        }
        if (turn_server && p.to == kTurnServer) {
            turn_server->handle_client_datagram(now, p.from, p.bytes);
            return;
        }
        if (turn_server && p.to.ip == kTurnServer.ip) {
            turn_server->handle_peer_datagram(now, p.to.port, p.from, p.bytes);
            return;
        }
        for (auto& pe : peers) {
            const auto& hosts = pe->agent.config().host_addresses;
            if (std::find(hosts.begin(), hosts.end(), p.to) != hosts.end()) {
                pe->agent.handle_datagram(now, p.to, p.from, p.bytes);
                return;
            }
        }
    }

    std::vector<Packet> queue_;
    std::uint64_t seq_ = 0;
};

}  // namespace rtclab::net::ice::testing

namespace rtclab::net::ice::testing {

// One line per event, for failure messages and debugging.
inline std::string describe(const Event& e) {
    struct V {
        std::string operator()(const event::CandidateGathered& x) {
            return "gathered " + sdp::to_string(x.candidate);
        }
        std::string operator()(const event::GatheringStateChanged& x) {
            return "gathering " + std::string(gathering_state_name(x.state));
        }
        std::string operator()(const event::ConnectionStateChanged& x) {
            return "connection " + std::string(connection_state_name(x.state)) + ": " + x.reason;
        }
        std::string operator()(const event::PairStateChanged& x) {
            return "pair " + std::to_string(x.pair) + " " + std::string(pair_state_name(x.state)) +
                   ": " + x.reason;
        }
        std::string operator()(const event::PairAdded& x) {
            return "pair added " + std::to_string(x.pair);
        }
        std::string operator()(const event::PairNominated& x) {
            return "pair nominated " + std::to_string(x.pair);
        }
        std::string operator()(const event::SelectedPairChanged& x) {
            return "selected " + std::to_string(x.pair);
        }
        std::string operator()(const event::RemoteCandidateAdded& x) {
            return "remote added " + std::to_string(x.index) + (x.peer_reflexive ? " prflx" : "");
        }
        std::string operator()(const event::CheckSent& x) {
            return "check sent " + std::to_string(x.pair) +
                   (x.use_candidate ? " USE-CANDIDATE" : "") + (x.retransmission ? " (rtx)" : "");
        }
        std::string operator()(const event::CheckReceived& x) {
            return "check received " + std::to_string(x.pair) +
                   (x.use_candidate ? " USE-CANDIDATE" : "");
        }
        std::string operator()(const event::RoleConflict& x) {
            return "role conflict: " + x.reason;
        }
        std::string operator()(const event::Note& x) { return "note " + x.kind + ": " + x.text; }
        std::string operator()(const event::Data& x) {
            return "data " + std::to_string(x.bytes.size()) + " bytes from " + x.from.to_string();
        }
    };
    return std::visit(V{}, e);
}

inline std::string dump(const Harness& h, std::size_t i) {
    std::string out;
    for (const auto& [t, e] : h.peers[i]->events) {
        out += h.peers[i]->name + " " + std::to_string(t.us / 1000) + "ms " + describe(e) + "\n";
    }
    return out;
}

}  // namespace rtclab::net::ice::testing
