// The check list: pair formation, pruning and order (RFC 8445 §6.1.2), frozen/waiting by
// foundation (§6.1.2.6, §7.2.5.3.3), Ta pacing (§6.1.4.2), and answering bad checks (§7.3).
#include <catch2/catch.hpp>

#include "ice_harness.h"
#include "net/ice/check_message.h"
#include "net/ice/priority.h"
#include "net/stun/error_code.h"
#include "net/stun/verify.h"

using namespace rtclab::net;
using namespace rtclab::net::ice;
using namespace rtclab::net::ice::testing;

namespace {

Candidate remote(const char* ip_text, std::uint16_t port, CandidateType type,
                 std::string foundation, std::uint32_t priority) {
    Candidate c;
    c.foundation = std::move(foundation);
    c.priority = priority;
    c.address = ip_text;
    c.port = port;
    c.type = type;
    return c;
}

template <class T>
std::vector<T> drain_events(Agent& a) {
    std::vector<T> out;
    while (auto e = a.poll_event()) {
        if (auto* v = std::get_if<T>(&*e)) out.push_back(*v);
    }
    return out;
}

}  // namespace

TEST_CASE("pairs: same family and component only, srflx replaced by its base, sorted",
          "[ice][checklist]") {
    Harness h;
    auto config =
        agent_config(Role::kControlling, "a", {addr("10.0.0.1:5000"), addr("[2001:db8::1]:5000")});
    config.stun_servers = {StunServer{kStunServer}};
    h.nats.push_back(Nat{ip("198.51.100.1"), {ip("10.0.0.1")}, {}, {}, 61000});
    h.add("a", config, 1);
    Agent& a = h.agent(0);
    a.start_gathering(h.now);
    h.run_for(Duration::millis(100));
    // host v4, host v6, srflx v4 (the v6 host has no STUN server of its family).
    REQUIRE(a.local_candidates().size() == 3);
    CHECK(a.gathering_state() == GatheringState::kComplete);
    const Candidate& srflx = a.local_candidates()[2];
    CHECK(srflx.type == CandidateType::kServerReflexive);
    CHECK(srflx.address == "198.51.100.1");
    CHECK(srflx.related_address == "10.0.0.1");
    CHECK(srflx.related_port == 5000);
    CHECK(srflx.priority == candidate_priority(CandidateType::kServerReflexive, 65535));
    CHECK(a.local_candidates()[1].priority == candidate_priority(CandidateType::kHost, 65534));

    a.set_remote_credentials(Credentials{"bfrag", "b-password-0123456789abcdef"});
    const std::uint32_t hp = candidate_priority(CandidateType::kHost, 65535);
    const std::uint32_t sp = candidate_priority(CandidateType::kServerReflexive, 65535);
    REQUIRE(a.add_remote_candidate(
                 h.now, remote("10.0.0.2", 6000, CandidateType::kServerReflexive, "s", sp))
                .ok());
    REQUIRE(a.add_remote_candidate(h.now, remote("10.0.0.3", 6000, CandidateType::kHost, "h", hp))
                .ok());
    REQUIRE(
        a.add_remote_candidate(h.now, remote("2001:db8::2", 6000, CandidateType::kHost, "h6", hp))
            .ok());
    Candidate rtcp = remote("10.0.0.4", 6001, CandidateType::kHost, "h", hp - 1);
    rtcp.component = 2;
    REQUIRE(a.add_remote_candidate(h.now, rtcp).ok());
    // Duplicates are ignored; names that are not addresses are refused.
    REQUIRE(a.add_remote_candidate(h.now, remote("10.0.0.3", 6000, CandidateType::kHost, "h", hp))
                .ok());
    CHECK_FALSE(
        a.add_remote_candidate(h.now, remote("not-an-address", 1, CandidateType::kHost, "x", hp))
            .ok());
    CHECK(a.remote_candidates().size() == 4);

    // v4 host x 2 v4 remotes, v6 host x 1 v6 remote; the srflx is not paired (§6.1.2.4), nor
    // the component-2 candidate.
    REQUIRE(a.pairs().size() == 3);
    for (const auto& p : a.pairs()) {
        CHECK(a.local_candidates()[p.local].type == CandidateType::kHost);
        CHECK(a.remote_candidates()[p.remote].component == 1);
        const auto& l = a.local_candidates()[p.local];
        const auto& r = a.remote_candidates()[p.remote];
        CHECK(l.ip()->family() == r.ip()->family());
        CHECK(p.priority == pair_priority(l.priority, r.priority));  // controlling: G = local
    }
    const auto list = a.check_list();
    REQUIRE(list.size() == 3);
    for (std::size_t i = 1; i < list.size(); ++i) {
        CHECK(a.pairs()[list[i - 1]].priority > a.pairs()[list[i]].priority);
    }
    // Highest: v4 host / remote host; lowest: the srflx remote.
    CHECK(a.remote_candidates()[a.pairs()[list.front()].remote].address == "10.0.0.3");
    CHECK(a.remote_candidates()[a.pairs()[list.back()].remote].address == "10.0.0.2");
    CHECK(a.pairs()[0].id == a.local_candidates()[0].foundation + ":5000/10.0.0.2:6000");

    // Controlled: the same pairs, priorities with G = remote.
    a.set_role(Role::kControlled);
    for (const auto& p : a.pairs()) {
        CHECK(p.priority == pair_priority(a.remote_candidates()[p.remote].priority,
                                          a.local_candidates()[p.local].priority));
    }
}

TEST_CASE("frozen pairs of a foundation are unfrozen when one succeeds", "[ice][checklist]") {
    Harness h;
    h.add("a", agent_config(Role::kControlling, "a", {addr("10.0.0.1:5000")}), 1);
    // Two sockets on one address: their host candidates share a foundation (§5.1.1.3).
    h.add("b", agent_config(Role::kControlled, "b", {addr("10.0.0.2:6000"), addr("10.0.0.2:6001")}),
          2);
    h.agent(0).set_remote_credentials(h.agent(1).local_credentials());
    h.agent(1).set_remote_credentials(h.agent(0).local_credentials());
    h.agent(0).start_gathering(h.now);
    h.agent(1).start_gathering(h.now);
    const auto bc = h.agent(1).local_candidates();
    REQUIRE(bc.size() == 2);
    CHECK(bc[0].foundation == bc[1].foundation);
    // Only B learns A's candidates by signaling (it learns nothing else: A's checks teach it).
    for (const auto& c : bc)
        REQUIRE(h.agent(0).add_remote_candidate(h.now, c).ok());
    const auto& pairs = h.agent(0).pairs();
    REQUIRE(pairs.size() == 2);
    // The higher-priority pair (B's first socket) was checked at once; the other waits frozen.
    CHECK(pairs[0].state == PairState::kInProgress);
    CHECK(pairs[1].state == PairState::kFrozen);
    h.run_for(Duration::millis(25));  // the first response is back at 20 ms
    INFO(dump(h, 0));
    CHECK(pairs[0].state == PairState::kSucceeded);
    CHECK(pairs[1].state != PairState::kFrozen);
    bool unfrozen = false;
    for (const auto& [t, e] : h.events_of<event::PairStateChanged>(0)) {
        if (e.pair == 1 && e.state == PairState::kWaiting) {
            unfrozen = true;
            CHECK(t == at_ms(20));
            CHECK(e.reason.find("same foundation succeeded") != std::string::npos);
        }
    }
    CHECK(unfrozen);
}

TEST_CASE("Ta paces new checks: one every 50 ms, retransmissions apart", "[ice][checklist]") {
    Harness h;
    h.add("a", agent_config(Role::kControlling, "a", {addr("10.0.0.1:5000")}), 1);
    Agent& a = h.agent(0);
    a.set_remote_credentials(Credentials{"bfrag", "b-password-0123456789abcdef"});
    a.start_gathering(h.now);
    const std::uint32_t hp = candidate_priority(CandidateType::kHost, 65535);
    // Three foundations: all three pairs start Waiting.
    REQUIRE(
        a.add_remote_candidate(h.now, remote("10.0.0.7", 1, CandidateType::kHost, "x", hp)).ok());
    REQUIRE(a.add_remote_candidate(h.now, remote("10.0.0.8", 1, CandidateType::kHost, "y", hp - 1))
                .ok());
    REQUIRE(a.add_remote_candidate(h.now, remote("10.0.0.9", 1, CandidateType::kHost, "z", hp - 2))
                .ok());
    h.run_for(Duration::millis(400));
    std::vector<std::pair<std::int64_t, std::size_t>> firsts;
    for (const auto& [t, e] : h.events_of<event::CheckSent>(0)) {
        if (!e.retransmission) firsts.emplace_back(t.us / 1000, e.pair);
    }
    // In priority order, Ta apart.
    CHECK(firsts == std::vector<std::pair<std::int64_t, std::size_t>>{{0, 0}, {50, 1}, {100, 2}});

    Harness slow;
    auto config = agent_config(Role::kControlling, "a", {addr("10.0.0.1:5000")});
    config.ta = Duration::millis(20);
    slow.add("a", config, 1);
    Agent& s = slow.agent(0);
    s.set_remote_credentials(Credentials{"bfrag", "b-password-0123456789abcdef"});
    s.start_gathering(slow.now);
    REQUIRE(s.add_remote_candidate(slow.now, remote("10.0.0.7", 1, CandidateType::kHost, "x", hp))
                .ok());
    REQUIRE(s.add_remote_candidate(slow.now, remote("10.0.0.8", 1, CandidateType::kHost, "y", hp))
                .ok());
    slow.run_for(Duration::millis(100));
    std::vector<std::int64_t> times;
    for (const auto& [t, e] : slow.events_of<event::CheckSent>(0))
        times.push_back(t.us / 1000);
    CHECK(times == std::vector<std::int64_t>{0, 20});
}

TEST_CASE("a check with a bad MESSAGE-INTEGRITY is answered 401 and changes nothing",
          "[ice][respond]") {
    AgentConfig config = agent_config(Role::kControlled, "b", {addr("10.0.0.2:6000")});
    Agent b(config, Rng(3));
    b.set_remote_credentials(Credentials{"afrag", "a-password-0123456789abcdef"});
    b.start_gathering(Instant{});
    while (b.poll_event()) {
    }
    const auto from = addr("10.0.0.1:5000");
    Rng rng(9);

    CheckRequest req;
    req.username = "bfrag:afrag";
    req.priority = 1862270975u;
    req.role = Role::kControlling;
    req.tie_breaker = 42;
    const auto id = stun::random_transaction_id(rng);
    b.handle_datagram(at_ms(1), config.host_addresses[0], from,
                      build_check_request(id, req, "not-the-password-0123456789"));
    auto t = b.poll_transmit();
    REQUIRE(t);
    CHECK(t->to == from);
    auto m = stun::parse_message(t->bytes);
    REQUIRE(m);
    CHECK(m->cls == stun::MessageClass::kErrorResponse);
    CHECK(m->transaction_id == id);
    REQUIRE(m->error_code());
    CHECK(m->error_code()->first == stun::kUnauthenticated);
    CHECK(stun::verify_fingerprint(*m) == stun::Verdict::kValid);
    bool noted = false;
    while (auto e = b.poll_event()) {
        if (auto* n = std::get_if<event::Note>(&*e))
            noted |= n->kind == "ice.check.unauthenticated";
        CHECK_FALSE(std::holds_alternative<event::RemoteCandidateAdded>(*e));
        CHECK_FALSE(std::holds_alternative<event::ConnectionStateChanged>(*e));
    }
    CHECK(noted);
    CHECK(b.remote_candidates().empty());
    CHECK(b.pairs().empty());
    CHECK(b.stats().checks_received == 0);
    CHECK(b.connection_state() == ConnectionState::kNew);

    // A wrong ufrag is 401 too; a missing USERNAME is 400.
    req.username = "zzzz:afrag";
    b.handle_datagram(at_ms(2), config.host_addresses[0], from,
                      build_check_request(stun::random_transaction_id(rng), req, config.local.pwd));
    m = stun::parse_message(b.poll_transmit()->bytes);
    CHECK(m->error_code()->first == stun::kUnauthenticated);
    b.handle_datagram(at_ms(3), config.host_addresses[0], from,
                      stun::MessageBuilder(stun::MessageClass::kRequest, stun::Method::kBinding,
                                           stun::random_transaction_id(rng))
                          .priority(1)
                          .finish(nullptr, true));
    m = stun::parse_message(b.poll_transmit()->bytes);
    CHECK(m->error_code()->first == stun::kBadRequest);
    CHECK(b.pairs().empty());

    // The right password: a signed success response with XOR-MAPPED-ADDRESS, a prflx remote.
    req.username = "bfrag:afrag";
    const auto good = stun::random_transaction_id(rng);
    b.handle_datagram(at_ms(4), config.host_addresses[0], from,
                      build_check_request(good, req, config.local.pwd));
    m = stun::parse_message(b.poll_transmit()->bytes);
    REQUIRE(m);
    CHECK(m->cls == stun::MessageClass::kSuccessResponse);
    CHECK(m->xor_mapped_address() == from);
    const auto key = stun::IntegrityKey::short_term(config.local.pwd);
    CHECK(stun::verify_integrity(*m, &key) == stun::Verdict::kValid);
    CHECK(b.remote_candidates().size() == 1);
    CHECK(b.stats().checks_received == 1);
    // A triggered check goes back to the new peer-reflexive candidate at once.
    auto triggered = b.poll_transmit();
    REQUIRE(triggered);
    CHECK(triggered->to == from);
    const auto check = stun::parse_message(triggered->bytes);
    REQUIRE(check);
    CHECK(check->username() == "afrag:bfrag");
    CHECK(check->ice_controlled() == b.tie_breaker());
    (void)drain_events<event::Note>(b);
}

TEST_CASE("behind a NAT: srflx gathered via STUN, the peer learns it as its source", "[ice][nat]") {
    Harness h;
    auto ca = agent_config(Role::kControlling, "a", {addr("10.0.0.1:5000")});
    ca.stun_servers = {StunServer{kStunServer}};
    h.nats.push_back(Nat{ip("198.51.100.1"), {ip("10.0.0.1")}, {}, {}, 61000});
    h.add("a", ca, 1);
    h.add("b", agent_config(Role::kControlled, "b", {addr("192.0.2.10:6000")}), 2);
    h.signal(0, 1);
    h.agent(0).start_gathering(h.now);
    h.agent(1).start_gathering(h.now);
    h.run_for(Duration::seconds(2));
    INFO(dump(h, 0) << dump(h, 1));
    REQUIRE(h.agent(0).local_candidates().size() >= 2);
    CHECK(h.agent(0).local_candidates()[1].type == CandidateType::kServerReflexive);
    CHECK(h.agent(0).connection_state() == ConnectionState::kConnected);
    CHECK(h.agent(1).connection_state() == ConnectionState::kConnected);
    // A's valid pair is its srflx (the mapped address), checked from the host base.
    CHECK(h.selected_addresses(0).first == addr("198.51.100.1:61000"));
    CHECK(h.selected_addresses(1).second == addr("198.51.100.1:61000"));
}
