// summarize(): the one-line form of a STUN message in transcripts.
#include <catch2/catch.hpp>

#include "net/stun/stun.h"

using namespace rtclab::net;
using namespace rtclab::net::stun;

namespace {

const TransactionId kId{};

std::string summary_of(MessageBuilder& b) {
    return summarize(parse_message(b.finish()).value());
}

}  // namespace

TEST_CASE("summaries read like the RFCs", "[stun][summary]") {
    {
        MessageBuilder b(MessageClass::kRequest, Method::kBinding, kId);
        b.username("a:b").priority(1).ice_controlling(2).use_candidate();
        CHECK(summary_of(b) == "Binding request");
    }
    {
        MessageBuilder b(MessageClass::kSuccessResponse, Method::kBinding, kId);
        b.xor_mapped_address(*TransportAddress::parse("203.0.113.10:5000"));
        CHECK(summary_of(b) == "Binding success response: XOR-MAPPED-ADDRESS 203.0.113.10:5000");
    }
    {
        MessageBuilder b(MessageClass::kSuccessResponse, Method::kBinding, kId);
        b.mapped_address(*TransportAddress::parse("[2001:db8::1]:5000"));
        CHECK(summary_of(b) == "Binding success response: MAPPED-ADDRESS [2001:db8::1]:5000");
    }
    {
        MessageBuilder b(MessageClass::kErrorResponse, Method::kAllocate, kId);
        b.error_code(401, "Unauthorized").realm("example.org").nonce("n");
        CHECK(summary_of(b) == "Allocate error response: 401 Unauthorized");
    }
    {
        MessageBuilder b(MessageClass::kErrorResponse, Method::kRefresh, kId);
        b.error_code(437);
        CHECK(summary_of(b) == "Refresh error response: 437 Allocation Mismatch");
    }
    {
        MessageBuilder b(MessageClass::kSuccessResponse, Method::kAllocate, kId);
        b.xor_relayed_address(*TransportAddress::parse("198.51.100.1:49152"))
            .xor_mapped_address(*TransportAddress::parse("203.0.113.10:5000"))
            .lifetime(600);
        CHECK(summary_of(b) ==
              "Allocate success response: XOR-RELAYED-ADDRESS 198.51.100.1:49152, "
              "XOR-MAPPED-ADDRESS 203.0.113.10:5000, LIFETIME 600");
    }
    {
        MessageBuilder b(MessageClass::kIndication, Method::kSend, kId);
        b.xor_peer_address(*TransportAddress::parse("192.0.2.1:9")).data(Bytes{1, 2, 3});
        CHECK(summary_of(b) == "Send indication");
    }
    {
        MessageBuilder b(MessageClass::kRequest, Method::kCreatePermission, kId);
        CHECK(summary_of(b) == "CreatePermission request");
    }
    {
        MessageBuilder b(MessageClass::kSuccessResponse, Method::kChannelBind, kId);
        CHECK(summary_of(b) == "ChannelBind success response");
    }
    {
        MessageBuilder b(MessageClass::kRequest, static_cast<Method>(0xabc), kId);
        CHECK(summary_of(b) == "Method 0x0abc request");
    }
    {
        MessageBuilder b(MessageClass::kErrorResponse, Method::kBinding, kId);
        b.error_code(599, "");
        CHECK(summary_of(b) == "Binding error response: 599");
    }
}
