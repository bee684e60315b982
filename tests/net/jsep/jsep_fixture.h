// Helpers for the PeerConnection tests: peers with fixed seeds and interfaces, results and
// errors read in one line, and an offer/answer exchange done the MDN way.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "net/jsep/peer_connection.h"
#include "net/sdp/sdp.h"

namespace rtclab::net::jsep::test {

inline Configuration config_with_host(const char* ip, std::uint16_t port) {
    Configuration c;
    auto addr = TransportAddress::parse(std::string(ip) + ":" + std::to_string(port));
    if (addr) c.host_addresses = {*addr};
    return c;
}

inline PeerConnection make_peer(std::uint64_t seed, const char* name,
                                Configuration config = Configuration{}) {
    return PeerConnection(std::move(config), Rng(seed).fork(name));
}

template <class T>
bool ok(const DomResult<T>& r) {
    return r.index() == 0;
}

// The W3C error name of a failed call, or "" when it succeeded.
template <class T>
std::string error_name(const DomResult<T>& r) {
    if (const auto* e = std::get_if<DomError>(&r)) return e->name;
    return "";
}
template <class T>
std::string error_message(const DomResult<T>& r) {
    if (const auto* e = std::get_if<DomError>(&r)) return e->message;
    return "";
}

inline Description value(const DomResult<Description>& r) {
    REQUIRE(ok(r));
    return std::get<Description>(r);
}

inline std::vector<Event> drain(PeerConnection& pc) {
    std::vector<Event> out;
    while (auto e = pc.poll_event())
        out.push_back(std::move(*e));
    return out;
}

template <class E>
std::size_t count_events(const std::vector<Event>& events) {
    std::size_t n = 0;
    for (const auto& e : events)
        n += std::holds_alternative<E>(e) ? 1 : 0;
    return n;
}

inline sdp::SessionDescription parsed(const std::string& text) {
    auto d = sdp::parse_sdp(text);
    INFO(text);
    REQUIRE(d.ok());
    return d.value();
}
inline sdp::SessionDescription parsed(const std::optional<Description>& d) {
    REQUIRE(d.has_value());
    return parsed(d->sdp);
}

inline Description with_type(Description d, SdpType t) {
    d.type = t;
    return d;
}

// Replaces the first occurrence of `from` in the SDP text.
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return text;
}

// The description without the a=candidate and a=end-of-candidates lines that gathering adds
// to a local description once it is set (webrtc-pc "surface the candidate").
inline Description without_candidates(Description d) {
    std::string out;
    std::size_t at = 0;
    while (at < d.sdp.size()) {
        std::size_t end = d.sdp.find("\r\n", at);
        end = end == std::string::npos ? d.sdp.size() : end + 2;
        const std::string line = d.sdp.substr(at, end - at);
        if (line.rfind("a=candidate:", 0) != 0 && line.rfind("a=end-of-candidates", 0) != 0)
            out += line;
        at = end;
    }
    d.sdp = out;
    return d;
}
inline std::optional<Description> without_candidates(const std::optional<Description>& d) {
    if (!d) return d;
    return without_candidates(*d);
}

// A host candidate line for tests.
inline IceCandidateInit host_candidate(const std::string& mid, const char* ip = "192.0.2.77",
                                       std::uint16_t port = 40000) {
    IceCandidateInit c;
    c.candidate = std::string("candidate:1 1 udp 2122260223 ") + ip + " " + std::to_string(port) +
                  " typ host";
    c.sdp_mid = mid;
    return c;
}

// Two peers on one network, run in lockstep on virtual time (str0m's way): datagrams are
// delivered at once, candidates trickle at once, timers fire in order.
struct Lockstep {
    Lockstep(PeerConnection& pa, PeerConnection& pb, TransportAddress aa, TransportAddress ba)
        : a(pa), b(pb), a_addr(aa), b_addr(ba) {}

    PeerConnection& a;
    PeerConnection& b;
    TransportAddress a_addr;
    TransportAddress b_addr;
    Instant now{};
    std::vector<Event> a_log, b_log;

    void relay(PeerConnection& from, PeerConnection& to, std::vector<Event>& log) {
        while (auto e = from.poll_event()) {
            if (auto* c = std::get_if<event::IceCandidate>(&*e); c && to.remote_description())
                CHECK(ok(to.add_ice_candidate(now, c->candidate)));
            log.push_back(std::move(*e));
        }
    }
    void relay_all() {
        relay(a, b, a_log);
        relay(b, a, b_log);
    }
    // Runs until `done()` or `limit` of virtual time has passed; true if done() held.
    template <class Done>
    bool run_until(Done done, Duration limit) {
        const Instant end = now + limit;
        for (int step = 0; step < 100000; ++step) {
            relay_all();
            if (done()) return true;
            bool moved = false;
            while (auto t = a.poll_transmit()) {
                if (t->to == b_addr) b.handle_datagram(now, b_addr, t->from, t->bytes);
                moved = true;
            }
            while (auto t = b.poll_transmit()) {
                if (t->to == a_addr) a.handle_datagram(now, a_addr, t->from, t->bytes);
                moved = true;
            }
            if (moved) continue;
            std::optional<Instant> next = a.next_timeout();
            if (auto nb = b.next_timeout(); nb && (!next || *nb < *next)) next = nb;
            if (!next || *next > end) break;
            now = std::max(now, *next);
            a.handle_timeout(now);
            b.handle_timeout(now);
        }
        relay_all();
        return done();
    }
    // The MDN exchange: a offers, b answers (both with implicit setLocalDescription).
    void negotiate() {
        REQUIRE(ok(a.set_local_description(now)));
        REQUIRE(ok(b.set_remote_description(now, *a.local_description())));
        REQUIRE(ok(b.set_local_description(now)));
        REQUIRE(ok(a.set_remote_description(now, *b.local_description())));
    }
    bool both_connected() const {
        return a.connection_state() == PeerConnectionState::kConnected &&
               b.connection_state() == PeerConnectionState::kConnected;
    }
};

}  // namespace rtclab::net::jsep::test
