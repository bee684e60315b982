// Tests for the message type (class/method interleaving), names, header checks and ids.
#include <catch2/catch.hpp>

#include "net/core/hex.h"
#include "net/stun/stun.h"

using namespace rtclab::net;
using namespace rtclab::net::stun;

TEST_CASE("class and method interleave as RFC 8489 §5 Figure 3 shows", "[stun]") {
    CHECK(encode_message_type(MessageClass::kRequest, Method::kBinding) == 0x0001);
    CHECK(encode_message_type(MessageClass::kIndication, Method::kBinding) == 0x0011);
    CHECK(encode_message_type(MessageClass::kSuccessResponse, Method::kBinding) == 0x0101);
    CHECK(encode_message_type(MessageClass::kErrorResponse, Method::kBinding) == 0x0111);
    CHECK(encode_message_type(MessageClass::kRequest, Method::kAllocate) == 0x0003);
    CHECK(encode_message_type(MessageClass::kErrorResponse, Method::kAllocate) == 0x0113);
    CHECK(encode_message_type(MessageClass::kIndication, Method::kSend) == 0x0016);
    CHECK(encode_message_type(MessageClass::kIndication, Method::kData) == 0x0017);
    CHECK(encode_message_type(MessageClass::kRequest, Method::kChannelBind) == 0x0009);
    CHECK(encode_message_type(MessageClass::kErrorResponse, static_cast<Method>(0xfff)) == 0x3fff);

    // Every one of the 4 x 4096 combinations survives the round trip.
    for (unsigned m = 0; m <= kMaxMethod; ++m) {
        for (unsigned c = 0; c < 4; ++c) {
            const auto t =
                encode_message_type(static_cast<MessageClass>(c), static_cast<Method>(m));
            REQUIRE((t & 0xc000) == 0);
            REQUIRE(static_cast<unsigned>(class_of_type(t)) == c);
            REQUIRE(static_cast<unsigned>(method_of_type(t)) == m);
        }
    }
}

TEST_CASE("method, class and attribute names", "[stun]") {
    CHECK(method_name(Method::kBinding) == "binding");
    CHECK(method_name(Method::kCreatePermission) == "create-permission");
    CHECK(method_name(Method::kChannelBind) == "channel-bind");
    CHECK(method_name(static_cast<Method>(0xabc)) == "0x0abc");
    CHECK(method_name(static_cast<Method>(0x002)) == "0x0002");
    CHECK(class_name(MessageClass::kSuccessResponse) == "success_response");
    CHECK(class_name(MessageClass::kErrorResponse) == "error_response");
    CHECK(attribute_name(attr::kXorMappedAddress) == "XOR-MAPPED-ADDRESS");
    CHECK(attribute_name(attr::kMessageIntegritySha256) == "MESSAGE-INTEGRITY-SHA256");
    CHECK(attribute_name(attr::kRequestedAddressFamily) == "REQUESTED-ADDRESS-FAMILY");
    CHECK(attribute_name(0x8030) == "0x8030");
    CHECK(attribute_name(0xffff) == "0xffff");
    CHECK(attribute_name(0x0000) == "0x0000");
    // Views stay valid: two unknown names at once.
    const auto a = attribute_name(0x7001);
    const auto b = attribute_name(0x7002);
    CHECK(a == "0x7001");
    CHECK(b == "0x7002");
    CHECK(attr::is_comprehension_required(0x7fff));
    CHECK_FALSE(attr::is_comprehension_required(0x8000));
}

TEST_CASE("looks_like_stun demultiplexes per RFC 7983", "[stun]") {
    TransactionId id{};
    const Bytes b = MessageBuilder(MessageClass::kRequest, Method::kBinding, id).finish();
    CHECK(looks_like_stun(b));
    Bytes dtls = b;
    dtls[0] = 22;  // a DTLS handshake record
    CHECK_FALSE(looks_like_stun(dtls));
    Bytes longer = b;
    longer.push_back(0);
    CHECK_FALSE(looks_like_stun(longer));
    Bytes cookie = b;
    cookie[5] ^= 1;
    CHECK_FALSE(looks_like_stun(cookie));
    Bytes odd_length = b;
    odd_length[3] = 2;
    CHECK_FALSE(looks_like_stun(odd_length));
    CHECK_FALSE(looks_like_stun(ByteView(b.data(), 19)));
    CHECK_FALSE(looks_like_stun({}));
}

TEST_CASE("transaction ids come from the seeded Rng", "[stun]") {
    Rng a(42);
    Rng b(42);
    const auto x = random_transaction_id(a);
    CHECK(x == random_transaction_id(b));
    CHECK(x != random_transaction_id(a));
    CHECK(to_hex(x).size() == 24);
}
