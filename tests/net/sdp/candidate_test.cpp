// a=candidate (RFC 8839 §5.1): every candidate type, transport, address kind and extension
// parses and prints; malformed candidates are refused with the field named.
#include <catch2/catch.hpp>

#include "net/sdp/candidate.h"

using namespace rtclab::net;
using namespace rtclab::net::sdp;

namespace {

Candidate parse_ok(std::string_view text) {
    auto c = parse_candidate(text);
    INFO(text);
    INFO((c ? std::string() : c.error().message));
    REQUIRE(c.ok());
    return *c;
}

std::string error_of(std::string_view text) {
    auto c = parse_candidate(text);
    REQUIRE_FALSE(c.ok());
    return c.error().message;
}

}  // namespace

TEST_CASE("candidates of every type and transport parse and print back", "[sdp][candidate]") {
    // Canonical strings (lower-case transport, RFC 8839 §5.1 field order) print back verbatim.
    const char* canonical[] = {
        "candidate:2999745851 1 udp 2122260223 192.168.1.20 54400 typ host generation 0 "
        "ufrag EsAw network-id 1 network-cost 10",
        "candidate:3470209178 1 udp 2122262783 2001:db8:85a3::8a2e:370:7334 54401 typ host "
        "generation 0",
        "candidate:1510613869 1 udp 2113937151 3f1f0c5e-7b1a-4c53-9d7e-6a2b8c4d1e0f.local 54402 "
        "typ host generation 0 network-cost 999",
        "candidate:842163049 1 udp 1686052607 203.0.113.7 54400 typ srflx raddr 192.168.1.20 "
        "rport 54400 generation 0",
        "candidate:842163049 1 udp 1686052607 203.0.113.7 54400 typ srflx raddr 0.0.0.0 rport 0",
        "candidate:5 1 udp 1677729535 198.51.100.23 51221 typ prflx raddr 192.168.1.33 rport "
        "49664",
        "candidate:1736203387 1 udp 41885439 198.51.100.9 61321 typ relay raddr 203.0.113.7 "
        "rport 54400",
        "candidate:4233069003 1 tcp 1518280447 192.168.1.20 9 typ host tcptype active",
        "candidate:4233069004 1 tcp 1518214911 192.168.1.20 50012 typ host tcptype passive",
        "candidate:4233069005 1 tcp 1518149375 192.168.1.20 50013 typ host tcptype so",
        "candidate:a+b/C 2 udp 1 ::1 1 typ host",
        "candidate:1 256 udp 4294967295 255.255.255.255 65535 typ relay raddr ::ffff:192.0.2.1 "
        "rport 0",
        "candidate:x 1 tcp 2105524479 turn.example.org 443 typ relay raddr 10.0.0.1 rport 9 "
        "tcptype passive",
    };
    for (const char* text : canonical) {
        const Candidate c = parse_ok(text);
        CHECK(to_string(c) == text);
        // The SDP-line form parses to the same candidate.
        CHECK(parse_ok(std::string("a=") + text) == c);
    }
}

TEST_CASE("candidate fields are read into the model", "[sdp][candidate]") {
    const Candidate host = parse_ok(
        "candidate:2999745851 1 udp 2122260223 192.168.1.20 54400 typ host generation 0 ufrag "
        "EsAw network-id 1 network-cost 10");
    CHECK(host.foundation == "2999745851");
    CHECK(host.component == 1);
    CHECK(host.transport == CandidateTransport::kUdp);
    CHECK(host.priority == 2122260223u);
    CHECK(host.address == "192.168.1.20");
    CHECK(host.port == 54400);
    CHECK(host.type == CandidateType::kHost);
    CHECK_FALSE(host.related_address);
    CHECK_FALSE(host.tcp_type);
    CHECK(host.transport_address() == *TransportAddress::parse("192.168.1.20:54400"));
    REQUIRE(host.extensions.size() == 4);
    CHECK(host.extensions[0] == CandidateExtension{"generation", "0"});
    CHECK(host.extensions[1] == CandidateExtension{"ufrag", "EsAw"});
    CHECK(host.extensions[3] == CandidateExtension{"network-cost", "10"});
    CHECK(host.extension("ufrag") == "EsAw");
    CHECK_FALSE(host.extension("missing"));

    const Candidate relay = parse_ok(
        "candidate:6 1 UDP 92217087 203.0.113.50 60512 typ relay raddr 198.51.100.23 rport 49664");
    CHECK(relay.type == CandidateType::kRelay);
    CHECK(relay.related_address == "198.51.100.23");
    CHECK(relay.related_port == 49664);
    // Written back with the transport in lower case.
    CHECK(
        to_string(relay) ==
        "candidate:6 1 udp 92217087 203.0.113.50 60512 typ relay raddr 198.51.100.23 rport 49664");

    const Candidate v6 = parse_ok("candidate:4 1 UDP 2122187007 2001:db8:1::33 49665 typ host");
    REQUIRE(v6.ip());
    CHECK(v6.ip()->family() == Family::kIpv6);
    CHECK_FALSE(v6.is_mdns());

    const Candidate mdns = parse_ok(
        "candidate:1 1 udp 2113937151 3f1f0c5e-7b1a-4c53-9d7e-6a2b8c4d1e0f.local 5 typ host");
    CHECK(mdns.is_mdns());
    CHECK_FALSE(mdns.ip());
    CHECK_FALSE(mdns.transport_address());

    // Mixed case and TCP: transport and type tokens are case-insensitive (RFC 5234 §2.3).
    const Candidate tcp =
        parse_ok("candidate:2 1 TcP 2105524479 192.168.1.33 9 typ HOST tcptype Active");
    CHECK(tcp.transport == CandidateTransport::kTcp);
    CHECK(tcp.type == CandidateType::kHost);
    CHECK(tcp.tcp_type == TcpType::kActive);

    // raddr after an extension is still the related address (written back in RFC order).
    const Candidate late =
        parse_ok("candidate:1 1 udp 1 192.0.2.1 2 typ srflx generation 0 raddr 10.0.0.1 rport 3");
    CHECK(late.related_address == "10.0.0.1");
    CHECK(to_string(late) ==
          "candidate:1 1 udp 1 192.0.2.1 2 typ srflx raddr 10.0.0.1 rport 3 generation 0");

    // A line ending copied along with the candidate is tolerated.
    CHECK(parse_ok("a=candidate:1 1 udp 1 192.0.2.1 2 typ host\r\n").port == 2);
}

TEST_CASE("candidate type names", "[sdp][candidate]") {
    CHECK(candidate_type_name(CandidateType::kHost) == "host");
    CHECK(candidate_type_name(CandidateType::kServerReflexive) == "srflx");
    CHECK(candidate_type_name(CandidateType::kPeerReflexive) == "prflx");
    CHECK(candidate_type_name(CandidateType::kRelay) == "relay");
    CHECK(parse_candidate_type("prflx") == CandidateType::kPeerReflexive);
    CHECK_FALSE(parse_candidate_type("stun"));
    CHECK(tcp_type_name(TcpType::kSo) == "so");
}

TEST_CASE("a constructed candidate prints", "[sdp][candidate]") {
    Candidate c;
    c.foundation = "3";
    c.priority = 1686052607;
    c.address = "203.0.113.7";
    c.port = 40000;
    c.type = CandidateType::kServerReflexive;
    c.related_address = "10.0.0.2";
    c.related_port = 40000;
    CHECK(to_string(c) ==
          "candidate:3 1 udp 1686052607 203.0.113.7 40000 typ srflx raddr 10.0.0.2 rport 40000");
    CHECK(parse_ok(to_string(c)) == c);
}

TEST_CASE("malformed candidates name the field", "[sdp][candidate]") {
    struct Case {
        const char* text;
        const char* error;
    };
    const Case cases[] = {
        {"", "candidate: empty string"},
        {"a=", "candidate: empty string"},
        {"foo:1 1 udp 1 1.2.3.4 5 typ host", "does not start with 'candidate:'"},
        {"candidate:", "candidate: foundation is missing"},
        {"candidate:1", "candidate: component id is missing"},
        {"candidate:1 1 udp 2122260223 192.168.1.20 54400",
         "candidate: 'typ <host|srflx|prflx|relay>' is missing after the port"},
        {"candidate:1 1 udp 2122260223 192.168.1.20 54400 host",
         "candidate: expected 'typ' after the port, found 'host'"},
        {"candidate:1 1 udp 2122260223 192.168.1.20 54400 typ",
         "candidate: 'typ' has no candidate type"},
        {"candidate:1 1 udp 2122260223 192.168.1.20 54400 typ stun",
         "candidate: candidate type 'stun' is not host, srflx, prflx or relay"},
        {"candidate:1 1 udp 4294967296 192.168.1.20 54400 typ host",
         "candidate: priority '4294967296' is out of range 0-4294967295"},
        {"candidate:1 1 udp 99999999999999999999999 192.168.1.20 54400 typ host",
         "candidate: priority '99999999999999999999999' is out of range 0-4294967295"},
        {"candidate:1 1 udp -5 192.168.1.20 54400 typ host",
         "candidate: priority '-5' is not a decimal number"},
        {"candidate:1 1 udp 1 192.168.1.20 99999 typ host",
         "candidate: port '99999' is out of range 0-65535"},
        {"candidate:1 0 udp 1 192.168.1.20 9 typ host",
         "candidate: component id '0' is out of range 1-256"},
        {"candidate:1 257 udp 1 192.168.1.20 9 typ host",
         "candidate: component id '257' is out of range 1-256"},
        {"candidate:1 1 sctp 1 192.168.1.20 9 typ host",
         "candidate: transport 'sctp' is neither UDP nor TCP"},
        {"candidate:f*o 1 udp 1 192.168.1.20 9 typ host",
         "candidate: foundation 'f*o' must be 1 to 32 letters, digits, '+' or '/'"},
        {"candidate:123456789012345678901234567890123 1 udp 1 192.168.1.20 9 typ host",
         "must be 1 to 32"},
        {"candidate:1 1 udp 1 999.1.1.1 9 typ host",
         "candidate: connection address '999.1.1.1' is not a valid IPv4 address"},
        {"candidate:1 1 udp 1 fe80::zz 9 typ host",
         "candidate: connection address 'fe80::zz' is not a valid IPv6 address"},
        {"candidate:1 1 udp 1 bad!name.local 9 typ host",
         "is neither an IP address nor a host name"},
        {"candidate:1 1 udp 1 a..local 9 typ host", "has an empty label"},
        {"candidate:1 1 udp 1 1.2.3.4 9 typ srflx raddr", "candidate: 'raddr' has no value"},
        {"candidate:1 1 udp 1 1.2.3.4 9 typ srflx raddr 1.2.3.4 rport 70000",
         "candidate: rport '70000' is out of range 0-65535"},
        {"candidate:1 1 udp 1 1.2.3.4 9 typ srflx raddr 1.2.3.4 raddr 1.2.3.4",
         "candidate: raddr appears twice"},
        {"candidate:1 1 tcp 1 1.2.3.4 9 typ host tcptype both",
         "candidate: tcptype 'both' is not active, passive or so"},
        {"candidate:1 1 udp 1 1.2.3.4 9 typ host generation",
         "candidate: 'generation' has no value"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK_THAT(error_of(c.text), Catch::Contains(c.error));
    }
}
