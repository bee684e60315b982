// Interoperability with libnice's STUN and TURN usage code, an independent implementation:
// libnice's TURN client allocates on our server (401, long-term credentials, success), and
// libnice accepts our client's authenticated Allocate as a correctly signed request.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stun/stunagent.h>
#include <stun/usages/turn.h>

#include <cstring>

#include "net/stun/stun.h"
#include "net/turn/turn.h"
#include "lockstep.h"

using namespace rtclab::net;
using namespace rtclab::net::turn;
using namespace rtclab::net::turn::testing;

namespace {

// Every comprehension-required attribute TURN messages carry, or libnice refuses them.
const uint16_t kKnown[] = {STUN_ATTRIBUTE_USERNAME,           STUN_ATTRIBUTE_MESSAGE_INTEGRITY,
                           STUN_ATTRIBUTE_ERROR_CODE,         STUN_ATTRIBUTE_UNKNOWN_ATTRIBUTES,
                           STUN_ATTRIBUTE_CHANNEL_NUMBER,     STUN_ATTRIBUTE_LIFETIME,
                           STUN_ATTRIBUTE_XOR_PEER_ADDRESS,   STUN_ATTRIBUTE_DATA,
                           STUN_ATTRIBUTE_REALM,              STUN_ATTRIBUTE_NONCE,
                           STUN_ATTRIBUTE_XOR_RELAYED_ADDRESS, STUN_ATTRIBUTE_EVEN_PORT,
                           STUN_ATTRIBUTE_REQUESTED_TRANSPORT, STUN_ATTRIBUTE_DONT_FRAGMENT,
                           STUN_ATTRIBUTE_XOR_MAPPED_ADDRESS, STUN_ATTRIBUTE_RESERVATION_TOKEN,
                           STUN_ATTRIBUTE_SOFTWARE,           STUN_ATTRIBUTE_FINGERPRINT,
                           0};

constexpr const char* kUser = "alice";
constexpr const char* kPassword = "s3cret";

struct NiceAgent {
    StunAgent agent{};
    NiceAgent() {
        const auto flags = static_cast<StunAgentUsageFlags>(STUN_AGENT_USAGE_LONG_TERM_CREDENTIALS |
                                                            STUN_AGENT_USAGE_USE_FINGERPRINT);
        stun_agent_init(&agent, kKnown, STUN_COMPATIBILITY_RFC5389, flags);
    }
};

uint8_t* u8(const char* s) { return reinterpret_cast<uint8_t*>(const_cast<char*>(s)); }

StunValidationStatus nice_validate(NiceAgent& a, const Bytes& bytes, StunMessage* msg) {
    StunDefaultValidaterData data[] = {{u8(kUser), std::strlen(kUser), u8(kPassword), std::strlen(kPassword)},
                                       {nullptr, 0, nullptr, 0}};
    return stun_agent_validate(&a.agent, msg, bytes.data(), bytes.size(), stun_agent_default_validater, data);
}

// Feeds one request to the server; returns its answer.
Bytes exchange(TurnServer& s, const uint8_t* request, std::size_t length) {
    s.handle_client_datagram(Instant{}, kClient, ByteView(request, length));
    std::optional<Bytes> answer;
    while (auto t = s.poll_transmit()) answer = t->bytes;
    REQUIRE(answer.has_value());
    return *answer;
}

}  // namespace

TEST_CASE("libnice's TURN client allocates on our server", "[turn][libnice]") {
    TurnServer server(server_config(), Rng(1));
    NiceAgent nice;
    // 1. Allocate without credentials -> 401 with REALM and NONCE.
    uint8_t buf1[1024];
    StunMessage req1;
    const std::size_t len1 = stun_usage_turn_create(
        &nice.agent, &req1, buf1, sizeof buf1, nullptr, STUN_USAGE_TURN_REQUEST_PORT_NORMAL, -1, -1,
        u8(kUser), std::strlen(kUser), u8(kPassword), std::strlen(kPassword),
        STUN_USAGE_TURN_COMPATIBILITY_RFC5766);
    REQUIRE(len1 > 0);
    const Bytes answer1 = exchange(server, buf1, len1);
    StunMessage resp1;
    const StunValidationStatus v1 = nice_validate(nice, answer1, &resp1);
    CHECK((v1 == STUN_VALIDATION_SUCCESS || v1 == STUN_VALIDATION_UNAUTHORIZED));
    sockaddr_storage relay{}, mapped{}, alternate{};
    socklen_t relay_len = sizeof relay, mapped_len = sizeof mapped, alternate_len = sizeof alternate;
    uint32_t bandwidth = 0, lifetime = 0;
    CHECK(stun_usage_turn_process(&resp1, &relay, &relay_len, &mapped, &mapped_len, &alternate,
                                  &alternate_len, &bandwidth, &lifetime,
                                  STUN_USAGE_TURN_COMPATIBILITY_RFC5766) == STUN_USAGE_TURN_RETURN_ERROR);
    int code = 0;
    REQUIRE(stun_message_find_error(&resp1, &code) == STUN_MESSAGE_RETURN_SUCCESS);
    CHECK(code == 401);

    // 2. libnice retries with USERNAME, REALM, NONCE and its own long-term MESSAGE-INTEGRITY;
    // our server verifies it and allocates.
    uint8_t buf2[1024];
    StunMessage req2;
    const std::size_t len2 = stun_usage_turn_create(
        &nice.agent, &req2, buf2, sizeof buf2, &resp1, STUN_USAGE_TURN_REQUEST_PORT_NORMAL, -1, -1,
        u8(kUser), std::strlen(kUser), u8(kPassword), std::strlen(kPassword),
        STUN_USAGE_TURN_COMPATIBILITY_RFC5766);
    REQUIRE(len2 > 0);
    const Bytes answer2 = exchange(server, buf2, len2);
    bool created = false;
    while (auto e = server.poll_event()) created |= std::holds_alternative<server_event::AllocationCreated>(*e);
    CHECK(created);
    const Allocation* a = server.allocation_for_client(kClient);
    REQUIRE(a != nullptr);

    // 3. libnice checks our success response's MESSAGE-INTEGRITY and reads the addresses.
    StunMessage resp2;
    REQUIRE(nice_validate(nice, answer2, &resp2) == STUN_VALIDATION_SUCCESS);
    relay_len = sizeof relay;
    mapped_len = sizeof mapped;
    const StunUsageTurnReturn r = stun_usage_turn_process(&resp2, &relay, &relay_len, &mapped, &mapped_len,
                                                          &alternate, &alternate_len, &bandwidth,
                                                          &lifetime, STUN_USAGE_TURN_COMPATIBILITY_RFC5766);
    REQUIRE(r == STUN_USAGE_TURN_RETURN_MAPPED_SUCCESS);
    CHECK(lifetime == 600);
    REQUIRE(relay.ss_family == AF_INET);
    const auto* sin = reinterpret_cast<const sockaddr_in*>(&relay);
    CHECK(ntohs(sin->sin_port) == a->relayed.port);
    CHECK(ntohl(sin->sin_addr.s_addr) == a->relayed.ip.v4_host_order());
    const auto* msin = reinterpret_cast<const sockaddr_in*>(&mapped);
    CHECK(ntohs(msin->sin_port) == kClient.port);

    // A tampered success response fails libnice's check.
    uint8_t buf3[1024];
    StunMessage req3;
    const std::size_t len3 = stun_usage_turn_create_refresh(&nice.agent, &req3, buf3, sizeof buf3, &resp1, -1,
                                                            u8(kUser), std::strlen(kUser), u8(kPassword),
                                                            std::strlen(kPassword),
                                                            STUN_USAGE_TURN_COMPATIBILITY_RFC5766);
    REQUIRE(len3 > 0);
    Bytes answer3 = exchange(server, buf3, len3);
    StunMessage resp3;
    Bytes tampered = answer3;
    tampered[tampered.size() - 12] ^= 1;  // inside MESSAGE-INTEGRITY, before FINGERPRINT
    CHECK(nice_validate(nice, tampered, &resp3) != STUN_VALIDATION_SUCCESS);
    CHECK(nice_validate(nice, answer3, &resp3) == STUN_VALIDATION_SUCCESS);
}

TEST_CASE("libnice validates our client's authenticated Allocate", "[turn][libnice]") {
    Lockstep l;
    l.add_client(client_config(kUser, kPassword));
    l.client().start(l.now);
    l.pump();
    REQUIRE(l.client().state() == TurnClient::State::kAllocated);
    const auto& sent = l.clients[0]->sent;
    REQUIRE(sent.size() == 2);
    NiceAgent nice;  // as a server: it checks requests with the long-term key it derives
    StunMessage msg;
    CHECK(nice_validate(nice, sent[1], &msg) == STUN_VALIDATION_SUCCESS);
    CHECK(stun_message_get_method(&msg) == STUN_ALLOCATE);
    uint32_t transport = 0;
    CHECK(stun_message_find32(&msg, STUN_ATTRIBUTE_REQUESTED_TRANSPORT, &transport) == STUN_MESSAGE_RETURN_SUCCESS);
    CHECK((transport >> 24) == 17);
    // The same request under another password fails there too.
    TurnClient wrong(client_config(kUser, "other"), Rng(4));
    wrong.start(Instant{});
    const auto first = wrong.poll_transmit();
    REQUIRE(first.has_value());
    TurnServer server(server_config(), Rng(1));
    CHECK(wrong.handle_datagram(Instant{}, kServer, exchange(server, first->bytes.data(), first->bytes.size())));
    const auto second = wrong.poll_transmit();
    REQUIRE(second.has_value());
    NiceAgent nice2;
    CHECK(nice_validate(nice2, second->bytes, &msg) == STUN_VALIDATION_UNAUTHORIZED);
}
