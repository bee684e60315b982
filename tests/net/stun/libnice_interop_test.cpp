// Interoperability with libnice's STUN codec (an independent implementation): what we build
// validates in libnice, and what libnice builds parses and verifies here.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stun/stunagent.h>

#include <cstring>

#include "net/core/hex.h"
#include "net/stun/stun.h"

using namespace rtclab::net;
using namespace rtclab::net::stun;

namespace {

constexpr const char* kUsername = "ZXL5:Ff3o";
constexpr const char* kPassword = "VOkJxbRl1RmTxUk/WvJxBt";

// Every comprehension-required attribute an ICE check carries must be listed, or libnice
// answers STUN_VALIDATION_UNKNOWN_REQUEST_ATTRIBUTE.
const uint16_t kKnown[] = {STUN_ATTRIBUTE_USERNAME,           STUN_ATTRIBUTE_MESSAGE_INTEGRITY,
                           STUN_ATTRIBUTE_XOR_MAPPED_ADDRESS, STUN_ATTRIBUTE_PRIORITY,
                           STUN_ATTRIBUTE_USE_CANDIDATE,      STUN_ATTRIBUTE_ICE_CONTROLLED,
                           STUN_ATTRIBUTE_ICE_CONTROLLING,    STUN_ATTRIBUTE_FINGERPRINT,
                           STUN_ATTRIBUTE_SOFTWARE,           0};

struct NiceAgent {
    StunAgent agent{};
    NiceAgent() {
        // C++ needs the cast: OR-ing two enumerators gives an int.
        const auto flags = static_cast<StunAgentUsageFlags>(
            STUN_AGENT_USAGE_SHORT_TERM_CREDENTIALS | STUN_AGENT_USAGE_USE_FINGERPRINT);
        stun_agent_init(&agent, kKnown, STUN_COMPATIBILITY_RFC5389, flags);
    }
};

StunValidationStatus nice_validate(NiceAgent& a, const Bytes& bytes, StunMessage* msg) {
    StunDefaultValidaterData data[] = {
        {reinterpret_cast<uint8_t*>(const_cast<char*>(kUsername)), std::strlen(kUsername),
         reinterpret_cast<uint8_t*>(const_cast<char*>(kPassword)), std::strlen(kPassword)},
        {nullptr, 0, nullptr, 0}};
    return stun_agent_validate(&a.agent, msg, bytes.data(), bytes.size(),
                               stun_agent_default_validater, data);
}

// A Binding request built by libnice, like a libnice ICE agent's connectivity check.
Bytes nice_request(NiceAgent& a) {
    Bytes buf(512);
    StunMessage msg;
    REQUIRE(stun_agent_init_request(&a.agent, &msg, buf.data(), buf.size(), STUN_BINDING));
    REQUIRE(stun_message_append_string(&msg, STUN_ATTRIBUTE_USERNAME, kUsername) ==
            STUN_MESSAGE_RETURN_SUCCESS);
    REQUIRE(stun_message_append32(&msg, STUN_ATTRIBUTE_PRIORITY, 1853824767) ==
            STUN_MESSAGE_RETURN_SUCCESS);
    REQUIRE(stun_message_append64(&msg, STUN_ATTRIBUTE_ICE_CONTROLLING, 0x0123456789abcdefull) ==
            STUN_MESSAGE_RETURN_SUCCESS);
    REQUIRE(stun_message_append_flag(&msg, STUN_ATTRIBUTE_USE_CANDIDATE) ==
            STUN_MESSAGE_RETURN_SUCCESS);
    const size_t len = stun_agent_finish_message(
        &a.agent, &msg, reinterpret_cast<const uint8_t*>(kPassword), std::strlen(kPassword));
    REQUIRE(len > 0);
    buf.resize(len);
    return buf;
}

Bytes our_request(const TransactionId& id) {
    const auto key = IntegrityKey::short_term(kPassword);
    return MessageBuilder(MessageClass::kRequest, Method::kBinding, id)
        .username(kUsername)
        .priority(1853824767)
        .ice_controlling(0x0123456789abcdefull)
        .use_candidate()
        .finish(&key);
}

}  // namespace

TEST_CASE("libnice validates a Binding request we build", "[stun][libnice]") {
    NiceAgent nice;
    Rng rng(7);
    const Bytes ours = our_request(random_transaction_id(rng));
    StunMessage msg;
    CHECK(nice_validate(nice, ours, &msg) == STUN_VALIDATION_SUCCESS);
    uint32_t priority = 0;
    CHECK(stun_message_find32(&msg, STUN_ATTRIBUTE_PRIORITY, &priority) ==
          STUN_MESSAGE_RETURN_SUCCESS);
    CHECK(priority == 1853824767u);
    uint64_t tie = 0;
    CHECK(stun_message_find64(&msg, STUN_ATTRIBUTE_ICE_CONTROLLING, &tie) ==
          STUN_MESSAGE_RETURN_SUCCESS);
    CHECK(tie == 0x0123456789abcdefull);
    CHECK(stun_message_has_attribute(&msg, STUN_ATTRIBUTE_USE_CANDIDATE));

    // Tampered: one bit of PRIORITY.
    Bytes tampered = ours;
    tampered[20 + 12 + 4 + 3] ^= 1;  // USERNAME (4 + 12 padded), then PRIORITY's value
    CHECK(nice_validate(nice, tampered, &msg) != STUN_VALIDATION_SUCCESS);

    // Signed with another password: libnice refuses it.
    const auto wrong = IntegrityKey::short_term("not the password");
    const Bytes other =
        MessageBuilder(MessageClass::kRequest, Method::kBinding, random_transaction_id(rng))
            .username(kUsername)
            .priority(1)
            .finish(&wrong);
    CHECK(nice_validate(nice, other, &msg) == STUN_VALIDATION_UNAUTHORIZED);
}

TEST_CASE("a request libnice builds parses and verifies here", "[stun][libnice]") {
    NiceAgent nice;
    const Bytes theirs = nice_request(nice);
    auto m = parse_message(theirs);
    REQUIRE(m.ok());
    CHECK(m->cls == MessageClass::kRequest);
    CHECK(m->method == Method::kBinding);
    CHECK(m->username() == kUsername);
    CHECK(m->priority() == 1853824767u);
    CHECK(m->ice_controlling() == 0x0123456789abcdefull);
    CHECK(m->use_candidate());
    CHECK(m->unknown_comprehension_required().empty());
    const auto key = IntegrityKey::short_term(kPassword);
    CHECK(verify_integrity(*m, theirs, &key) == Verdict::kValid);
    CHECK(verify_fingerprint(*m, theirs) == Verdict::kValid);

    // Tampered: every single byte flip before FINGERPRINT breaks both checks.
    const std::size_t fp = m->find(attr::kFingerprint)->offset;
    const std::size_t mi = m->find(attr::kMessageIntegrity)->offset;
    for (std::size_t i = 20; i < fp; ++i) {
        Bytes t = theirs;
        t[i] ^= 0x01;
        auto tm = parse_message(t);
        if (!tm.ok()) continue;  // e.g. a length that no longer fits
        CAPTURE(i);
        CHECK(verify_fingerprint(*tm, t) != Verdict::kValid);
        if (i < mi + 24) CHECK(verify_integrity(*tm, t, &key) != Verdict::kValid);
    }

    // The same tampered message fails in libnice too.
    NiceAgent receiver;
    Bytes t = theirs;
    t[fp - 1] ^= 0x80;  // last byte of the MESSAGE-INTEGRITY value
    StunMessage msg;
    CHECK(nice_validate(receiver, t, &msg) != STUN_VALIDATION_SUCCESS);
    CHECK(nice_validate(receiver, theirs, &msg) == STUN_VALIDATION_SUCCESS);

    StunTransactionId id;
    stun_message_id(&msg, id);
    stun_agent_forget_transaction(&nice.agent, id);
}

TEST_CASE("libnice accepts our success response to its request", "[stun][libnice]") {
    NiceAgent nice;
    const Bytes request = nice_request(nice);
    auto m = parse_message(request);
    REQUIRE(m.ok());
    const auto key = IntegrityKey::short_term(kPassword);
    for (const char* text : {"203.0.113.10:5000", "[2001:db8::7]:6000"}) {
        // Rebuild the request each time: libnice forgets a transaction once answered.
        const Bytes req = nice_request(nice);
        auto rm = parse_message(req);
        REQUIRE(rm.ok());
        const auto mapped = *TransportAddress::parse(text);
        const Bytes response =
            MessageBuilder(MessageClass::kSuccessResponse, Method::kBinding, rm->transaction_id)
                .xor_mapped_address(mapped)
                .finish(&key);
        StunMessage msg;
        CAPTURE(text);
        REQUIRE(nice_validate(nice, response, &msg) == STUN_VALIDATION_SUCCESS);
        sockaddr_storage ss{};
        socklen_t len = sizeof ss;
        REQUIRE(stun_message_find_xor_addr(&msg, STUN_ATTRIBUTE_XOR_MAPPED_ADDRESS, &ss, &len) ==
                STUN_MESSAGE_RETURN_SUCCESS);
        if (ss.ss_family == AF_INET) {
            const auto* sin = reinterpret_cast<const sockaddr_in*>(&ss);
            CHECK(ntohs(sin->sin_port) == 5000);
            CHECK(ntohl(sin->sin_addr.s_addr) == mapped.ip.v4_host_order());
        } else {
            REQUIRE(ss.ss_family == AF_INET6);
            const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&ss);
            CHECK(ntohs(sin6->sin6_port) == 6000);
            CHECK(std::memcmp(sin6->sin6_addr.s6_addr, mapped.ip.data(), 16) == 0);
        }
    }
    StunTransactionId id;
    std::memcpy(id, m->transaction_id.data(), 12);
    stun_agent_forget_transaction(&nice.agent, id);
}
