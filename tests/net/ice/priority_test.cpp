// Candidate priorities, pair priorities and foundations (RFC 8445 §5.1.2, §6.1.2.3, §5.1.1.3).
#include <catch2/catch.hpp>

#include "net/ice/agent.h"
#include "net/ice/priority.h"

using namespace rtclab::net;
using namespace rtclab::net::ice;

TEST_CASE("candidate priority follows RFC 8445 §5.1.2.1", "[ice][priority]") {
    // (2^24)*126 + (2^8)*65535 + (256 - 1): the value browsers print for a host candidate.
    CHECK(candidate_priority(CandidateType::kHost, 65535, 1) == 2130706431u);
    CHECK(candidate_priority(CandidateType::kPeerReflexive, 65535, 1) == 1862270975u);
    CHECK(candidate_priority(CandidateType::kServerReflexive, 65535, 1) == 1694498815u);
    CHECK(candidate_priority(CandidateType::kRelay, 65535, 1) == 16777215u);
    // Component 2 (RTCP without rtcp-mux) is one less.
    CHECK(candidate_priority(CandidateType::kHost, 65535, 2) == 2130706430u);
    CHECK(local_preference(0) == 65535);
    CHECK(local_preference(1) == 65534);
    CHECK(local_preference_of(candidate_priority(CandidateType::kRelay, 1234, 1)) == 1234);
}

TEST_CASE("pair priority follows RFC 8445 §6.1.2.3", "[ice][priority]") {
    const std::uint32_t g = 2130706431u, d = 1694498815u;
    CHECK(pair_priority(g, d) == (std::uint64_t{d} << 32) + 2 * std::uint64_t{g} + 1);
    CHECK(pair_priority(d, g) == (std::uint64_t{d} << 32) + 2 * std::uint64_t{g});
    // The same pair ranks one apart depending on which side is controlling.
    CHECK(pair_priority(g, d) == pair_priority(d, g) + 1);
    CHECK(pair_priority(g, g) == (std::uint64_t{g} << 32) + 2 * std::uint64_t{g});
    // The minimum dominates: host/host beats host/relay whatever the maximum.
    CHECK(pair_priority(d, d) > pair_priority(g, 16777215u));
}

TEST_CASE("foundations are equal exactly for same type, base IP and server", "[ice][priority]") {
    const auto base = *IpAddress::parse("192.168.1.20");
    const auto other = *IpAddress::parse("192.168.1.21");
    const auto stun1 = TransportAddress::parse("203.0.113.1:3478").value();
    const auto stun2 = TransportAddress::parse("203.0.113.9:3478").value();
    const auto f = candidate_foundation(CandidateType::kServerReflexive, base, stun1);
    CHECK(f == candidate_foundation(CandidateType::kServerReflexive, base, stun1));
    CHECK(f != candidate_foundation(CandidateType::kServerReflexive, other, stun1));
    CHECK(f != candidate_foundation(CandidateType::kServerReflexive, base, stun2));
    CHECK(f != candidate_foundation(CandidateType::kRelay, base, stun1));
    CHECK(f != candidate_foundation(CandidateType::kHost, base, std::nullopt));
    CHECK(candidate_foundation(CandidateType::kServerReflexive, base, stun1,
                               sdp::CandidateTransport::kTcp) != f);
    // 1..32 ice-chars (RFC 8839 §5.1); decimal digits here.
    REQUIRE(!f.empty());
    CHECK(f.size() <= 32);
    CHECK(f.find_first_not_of("0123456789") == std::string::npos);
}
