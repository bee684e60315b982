// Any datagram is safe input; close() stops everything.
#include <catch2/catch.hpp>

#include "ice_harness.h"
#include "net/ice/check_message.h"

using namespace rtclab::net;
using namespace rtclab::net::ice;
using namespace rtclab::net::ice::testing;

TEST_CASE("random and mutated datagrams never crash the agent", "[ice][robustness]") {
    auto config = agent_config(Role::kControlled, "b", {addr("10.0.0.2:6000")});
    config.stun_servers = {StunServer{kStunServer}};
    config.turn_servers = {TurnServer{kTurnServer, "user", "pass"}};
    Agent b(config, Rng(4));
    b.set_remote_credentials(Credentials{"afrag", "a-password-0123456789abcdef"});
    b.start_gathering(Instant{});
    Rng rng(11);
    CheckRequest req;
    req.username = "bfrag:afrag";
    req.priority = 1862270975u;
    req.tie_breaker = 1;
    const Bytes valid =
        build_check_request(stun::random_transaction_id(rng), req, config.local.pwd);
    const TransportAddress froms[] = {addr("10.0.0.1:5000"), kStunServer, kTurnServer};
    Instant now{};
    for (int i = 0; i < 3000; ++i) {
        now += Duration::millis(3);
        Bytes bytes;
        if (i % 2 == 0) {
            bytes = valid;
            const auto flips = 1 + rng.below(4);
            for (std::uint64_t f = 0; f < flips; ++f) {
                bytes[rng.below(bytes.size())] ^= static_cast<std::uint8_t>(1 + rng.below(255));
            }
            if (rng.chance(0.2)) bytes.resize(rng.below(bytes.size()));
        } else {
            bytes.resize(rng.below(120));
            rng.fill(bytes);
            if (bytes.size() > 8 && rng.chance(0.5)) {
                bytes[0] = 0;  // looks like STUN more often
                bytes[4] = 0x21, bytes[5] = 0x12, bytes[6] = 0xA4, bytes[7] = 0x42;
            }
        }
        b.handle_datagram(now, config.host_addresses[0], froms[rng.below(3)], bytes);
        if (auto t = b.next_timeout(); t && *t <= now) b.handle_timeout(now);
        while (b.poll_transmit()) {
        }
        while (b.poll_event()) {
        }
    }
    // Datagrams for a socket the agent does not have are noted and dropped.
    b.handle_datagram(now, addr("10.9.9.9:1"), froms[0], valid);
    SUCCEED();
}

TEST_CASE("close() ends in closed and refuses data", "[ice][close]") {
    Harness h;
    h.add("a", agent_config(Role::kControlling, "a", {addr("10.0.0.1:5000")}), 1);
    h.add("b", agent_config(Role::kControlled, "b", {addr("10.0.0.2:6000")}), 1);
    h.signal(0, 1);
    h.agent(0).start_gathering(h.now);
    h.agent(1).start_gathering(h.now);
    h.run_for(Duration::seconds(1));
    REQUIRE(h.agent(0).connection_state() == ConnectionState::kConnected);
    h.agent(0).close(h.now);
    h.run_for(Duration::millis(1));
    CHECK(h.agent(0).connection_state() == ConnectionState::kClosed);
    CHECK_FALSE(h.agent(0).send_data(h.now, Bytes{1}).ok());
    CHECK_FALSE(h.agent(0).next_timeout());
    const auto sent = h.sent.size();
    h.run_for(Duration::seconds(10));
    // B keeps asking for consent; A no longer answers anything.
    for (std::size_t i = sent; i < h.sent.size(); ++i)
        CHECK(h.sent[i].from != addr("10.0.0.1:5000"));
}
