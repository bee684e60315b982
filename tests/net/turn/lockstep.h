// A TURN server and its clients in lockstep on fake time, for net/turn tests: datagrams pass
// directly (no network), peers are just addresses whose traffic the test injects and reads.
#pragma once

#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "net/turn/turn.h"

namespace rtclab::net::turn::testing {

inline TransportAddress addr(const char* text) { return *TransportAddress::parse(text); }
inline IpAddress ip(const char* text) { return *IpAddress::parse(text); }

inline const TransportAddress kServer = addr("203.0.113.2:3478");
inline const TransportAddress kClient = addr("198.51.100.7:40000");  // the client's mapped address
inline const TransportAddress kPeer = addr("192.0.2.50:6000");

inline ServerConfig server_config() {
    ServerConfig c;
    c.listen = kServer;
    c.realm = "rtclab.test";
    c.users = {{"alice", "s3cret"}, {"bob", "hunter2"}};
    c.relay_ip = kServer.ip;
    c.relay_port_min = 49152;
    c.relay_port_max = 49160;
    return c;
}

inline ClientConfig client_config(std::string user = "alice", std::string password = "s3cret") {
    ClientConfig c;
    c.server = kServer;
    c.username = std::move(user);
    c.password = std::move(password);
    return c;
}

// A datagram the relay sent from a relayed address to a peer.
struct ToPeer {
    TransportAddress from, to;
    Bytes bytes;
};

struct Lockstep {
    struct Endpoint {
        TransportAddress address;  // as the server sees it
        TurnClient client;
        std::vector<ClientEvent> events;
        std::vector<Bytes> sent;  // every datagram the client sent, in order
    };

    TurnServer server;
    std::vector<std::unique_ptr<Endpoint>> clients;
    std::vector<ServerEvent> server_events;
    std::vector<ToPeer> to_peers;
    std::vector<Bytes> to_clients;  // every datagram the server sent to a client
    Instant now{};
    // Return false to lose a datagram: (client index, bytes) on the way to the server...
    std::function<bool(std::size_t, const Bytes&)> up = [](std::size_t, const Bytes&) { return true; };
    // ... and on the way back.
    std::function<bool(std::size_t, const Bytes&)> down = [](std::size_t, const Bytes&) { return true; };

    explicit Lockstep(ServerConfig sc = server_config(), std::uint64_t seed = 1)
        : server(std::move(sc), Rng(seed)) {}

    TurnClient& add_client(ClientConfig cc = client_config(), TransportAddress at = kClient) {
        clients.push_back(std::make_unique<Endpoint>(
            Endpoint{at, TurnClient(std::move(cc), Rng(100 + clients.size())), {}, {}}));
        return clients.back()->client;
    }
    TurnClient& client(std::size_t i = 0) { return clients[i]->client; }
    std::vector<ClientEvent>& events(std::size_t i = 0) { return clients[i]->events; }

    // Passes datagrams back and forth until nothing moves.
    void pump() {
        for (int round = 0; round < 1000; ++round) {
            bool moved = false;
            for (std::size_t i = 0; i < clients.size(); ++i) {
                Endpoint& e = *clients[i];
                while (auto e2 = e.client.poll_event()) e.events.push_back(std::move(*e2));
                while (auto t = e.client.poll_transmit()) {
                    moved = true;
                    REQUIRE(t->to == kServer);
                    e.sent.push_back(t->bytes);
                    if (up(i, t->bytes)) server.handle_client_datagram(now, e.address, t->bytes);
                }
            }
            while (auto ev = server.poll_event()) server_events.push_back(std::move(*ev));
            while (auto t = server.poll_transmit()) {
                moved = true;
                if (t->from == server.config().listen) {
                    to_clients.push_back(t->bytes);
                    for (std::size_t i = 0; i < clients.size(); ++i) {
                        if (clients[i]->address == t->to && down(i, t->bytes)) {
                            CHECK(clients[i]->client.handle_datagram(now, kServer, t->bytes));
                        }
                    }
                } else {
                    to_peers.push_back(ToPeer{t->from, t->to, std::move(t->bytes)});
                }
            }
            for (auto& e : clients) {
                while (auto e2 = e->client.poll_event()) {
                    moved = true;
                    e->events.push_back(std::move(*e2));
                }
            }
            if (!moved) return;
        }
        FAIL("lockstep did not settle");
    }

    std::optional<Instant> next_timeout() const {
        std::optional<Instant> next = server.next_timeout();
        for (const auto& e : clients) {
            const auto t = e->client.next_timeout();
            if (t && (!next || *t < *next)) next = t;
        }
        return next;
    }

    // Runs every timer due up to now + d, in order; the clock ends at now + d.
    void advance(Duration d) {
        const Instant until = now + d;
        pump();
        for (int steps = 0; steps < 100000; ++steps) {
            const auto next = next_timeout();
            if (!next || *next > until) break;
            now = std::max(now, *next);
            server.handle_timeout(now);
            for (auto& e : clients) e->client.handle_timeout(now);
            pump();
        }
        now = until;
    }

    void peer_sends(const TransportAddress& peer, const TransportAddress& relayed, const std::string& text) {
        const auto* p = reinterpret_cast<const std::uint8_t*>(text.data());
        server.handle_peer_datagram(now, relayed.port, peer, ByteView(p, text.size()));
        pump();
    }

    template <class T>
    std::vector<T> client_events(std::size_t i = 0) const {
        std::vector<T> out;
        for (const auto& e : clients[i]->events) {
            if (const auto* x = std::get_if<T>(&e)) out.push_back(*x);
        }
        return out;
    }
    template <class T>
    std::vector<T> server_events_of() const {
        std::vector<T> out;
        for (const auto& e : server_events) {
            if (const auto* x = std::get_if<T>(&e)) out.push_back(*x);
        }
        return out;
    }
};

inline Bytes bytes_of(const std::string& s) { return Bytes(s.begin(), s.end()); }
inline ByteView view_of(const std::string& s) {
    return ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

}  // namespace rtclab::net::turn::testing
