// The typed attributes one by one: each parses, prints back, and refuses bad values with the
// field named; and how an a= line is read (known, unknown, flags, spellings).
#include <catch2/catch.hpp>

#include "net/sdp/sdp.h"

using namespace rtclab::net;
using namespace rtclab::net::sdp;

namespace {

Line parse_line_ok(std::string_view after_a) {
    auto line = parse_attribute_line(after_a);
    INFO(after_a);
    INFO((line ? std::string() : line.error().message));
    REQUIRE(line.ok());
    return *line;
}

std::string line_error(std::string_view after_a) {
    auto line = parse_attribute_line(after_a);
    INFO(after_a);
    REQUIRE_FALSE(line.ok());
    return line.error().message;
}

}  // namespace

TEST_CASE("canonical attribute lines print back unchanged", "[sdp][attribute]") {
    const char* lines[] = {
        "group:BUNDLE 0 1 2",
        "group:BUNDLE",
        "group:LS audio video",
        "msid-semantic:WMS *",
        "msid-semantic:WMS",
        "ice-lite",
        "ice-ufrag:EsAw",
        "ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y",
        "ice-options:trickle ice2",
        "fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:48:F9:BE:"
        "7A:D7:6E:EC:C1:0E:35:8F:E0",
        "fingerprint:sha-1 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33",
        "fingerprint:x-hash AB",
        "setup:actpass",
        "setup:active",
        "setup:passive",
        "setup:holdconn",
        "mid:audio",
        "bundle-only",
        "candidate:1 1 udp 2122260223 192.0.2.1 5000 typ host",
        "end-of-candidates",
        "sendrecv",
        "sendonly",
        "recvonly",
        "inactive",
        "msid:stream track",
        "msid:- track",
        "msid:stream",
        "rtcp-mux",
        "rtcp-rsize",
        "rtpmap:111 opus/48000/2",
        "rtpmap:96 VP8/90000",
        "rtpmap:9 G722/8000/1",
        "rtcp-fb:96 nack pli",
        "rtcp-fb:* ccm fir",
        "rtcp-fb:111 transport-cc",
        "fmtp:111 minptime=10;useinbandfec=1",
        "fmtp:101 0-15",
        "extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
        "extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level",
        "extmap:4096 urn:example:ext attr1 attr2",
        "ssrc:3735928559 cname:4TOk42mSjXCkVIa6",
        "ssrc:1 msid:stream track",
        "ssrc:1 x-flag",
        "ssrc-group:FID 2231627014 632943048",
        "sctp-port:5000",
        "max-message-size:262144",
        "max-message-size:0",
        "rtcp:9 IN IP4 0.0.0.0",
        "extmap-allow-mixed",
        "x-anything:with: colons and  spaces ",
    };
    for (const char* text : lines) {
        const Line line = parse_line_ok(text);
        CHECK(line.original.empty());  // already canonical: no spelling kept
        CHECK(line.text() == std::string("a=") + text);
        CHECK(format_line(line.value) == std::string("a=") + text);
    }
}

TEST_CASE("known attribute lines become typed values", "[sdp][attribute]") {
    CHECK(std::get<Direction>(parse_line_ok("sendonly").value) == Direction::kSendOnly);
    CHECK(std::get<SetupRole>(parse_line_ok("setup:passive").value) == SetupRole::kPassive);
    CHECK(std::get<Mid>(parse_line_ok("mid:0").value) == Mid{"0"});
    CHECK(std::get<IceOptions>(parse_line_ok("ice-options:trickle").value).options ==
          std::vector<std::string>{"trickle"});
    CHECK(std::holds_alternative<RtcpMux>(parse_line_ok("rtcp-mux").value));
    CHECK(std::get<Extmap>(parse_line_ok("extmap:2/recvonly urn:x").value) ==
          Extmap{2, Direction::kRecvOnly, "urn:x", ""});
    CHECK(std::get<RtcpFeedback>(parse_line_ok("rtcp-fb:* nack").value) ==
          RtcpFeedback{std::nullopt, "nack", ""});
    CHECK(std::get<Ssrc>(parse_line_ok("ssrc:1 msid:a b").value) == Ssrc{1, "msid", "a b"});
    CHECK(std::get<RawAttribute>(parse_line_ok("rtcp:9 IN IP4 0.0.0.0").value) ==
          RawAttribute{"rtcp", std::string("9 IN IP4 0.0.0.0")});
    CHECK(std::get<MaxMessageSize>(parse_line_ok("max-message-size:18446744073709551615").value)
              .bytes == UINT64_MAX);
    CHECK(attribute_name(parse_line_ok("end-of-candidates").value) == "end-of-candidates");
    CHECK(attribute_name(parse_line_ok("rtcp-fb:96 nack").value) == "rtcp-fb");
}

TEST_CASE("other spellings of a value are kept verbatim", "[sdp][attribute]") {
    const char* spellings[] = {
        "msid-semantic: WMS stream",                              // Chrome's space
        "candidate:0 1 UDP 2122252543 192.0.2.1 49664 typ host",  // Firefox's upper case
        "fingerprint:SHA-256 4a:ad:b9:b1:3f:82:18:3b:54:02:12:df:3e:5d:49:6b:19:e5:7c:ab:48:f9:"
        "be:7a:d7:6e:ec:c1:0e:35:8f:e0",
        "setup:ACTPASS",
        "rtcp-mux ",
        "mid: 0",
        "ice-options:trickle  ice2",
        "fmtp:111  minptime=10",
        "extmap:1  urn:x",
    };
    for (const char* text : spellings) {
        const Line line = parse_line_ok(text);
        INFO(text);
        CHECK(line.text() == std::string("a=") + text);
        CHECK_FALSE(line.original.empty());
        CHECK(line.original_canonical == format_line(line.value));
    }
    Line fp = parse_line_ok(spellings[2]);
    CHECK(format_line(fp.value).starts_with("a=fingerprint:sha-256 4A:AD:B9"));
}

TEST_CASE("malformed attribute values name the attribute and field", "[sdp][attribute]") {
    struct Case {
        const char* text;
        const char* error;
    };
    const Case cases[] = {
        {"", "a=: the attribute has no name"},
        {":value", "a=: the attribute has no name"},
        {"bad name:x", "a=: attribute name 'bad name' is not a token"},
        {"mid", "a=mid: the value is missing (expected a=mid:<value>)"},
        {"mid:", "a=mid: mid '' is not a token"},
        {"rtcp-mux:yes", "a=rtcp-mux: takes no value, found 'yes'"},
        {"ice-ufrag:abc", "a=ice-ufrag: ufrag 'abc' must be 4 to 256 letters"},
        {"ice-ufrag:ab_cd", "a=ice-ufrag: ufrag 'ab_cd' must be 4 to 256"},
        {"ice-pwd:tooshort", "a=ice-pwd: password 'tooshort' must be 22 to 256"},
        {"ice-options:", "a=ice-options: no option given"},
        {"setup:server", "a=setup: role 'server' is not actpass, active, passive or holdconn"},
        {"fingerprint:sha-256", "a=fingerprint: the digest is missing after 'sha-256'"},
        {"fingerprint:sha-256 AB:CD",
         "a=fingerprint: a sha-256 fingerprint has 32 bytes, this one has 2"},
        {"fingerprint:sha-256 ABCD", "is not colon-separated hex pairs (at character 3)"},
        {"fingerprint:sha-256 AB:C", "is not colon-separated hex pairs (at character 4)"},
        {"fingerprint:sha-256 AB:", "is not colon-separated hex pairs (at character 4)"},
        {"fingerprint:sha-256 ZZ", "is not colon-separated hex pairs (at character 1)"},
        {"rtpmap:96", "a=rtpmap: '<encoding name>/<clock rate>' is missing after the payload type"},
        {"rtpmap:128 VP8/90000", "a=rtpmap: payload type '128' is out of range 0-127"},
        {"rtpmap:x VP8/90000", "a=rtpmap: payload type 'x' is not a decimal number"},
        {"rtpmap:96 VP8", "a=rtpmap: encoding 'VP8' has no clock rate"},
        {"rtpmap:96 VP8/", "a=rtpmap: clock rate is missing"},
        {"rtpmap:96 VP8/0", "a=rtpmap: clock rate '0' is out of range 1-4294967295"},
        {"rtpmap:96 VP8/fast", "a=rtpmap: clock rate 'fast' is not a decimal number"},
        {"rtpmap:96 /90000", "a=rtpmap: encoding name '' is not a token"},
        {"rtpmap:111 opus/48000/2/1", "a=rtpmap: channel count '2/1' is not a decimal number"},
        {"rtpmap:111 opus/48000/2 extra", "a=rtpmap: unexpected 'extra' at the end"},
        {"fmtp:111", "a=fmtp: format parameters are missing"},
        {"fmtp:webrtc-datachannel x=1",
         "a=fmtp: payload type 'webrtc-datachannel' is not a decimal"},
        {"rtcp-fb:96", "a=rtcp-fb: feedback type is missing"},
        {"rtcp-fb:200 nack", "a=rtcp-fb: payload type '200' is out of range 0-127"},
        {"extmap:0 urn:x", "a=extmap: extension id '0' is out of range 1-4351"},
        {"extmap:300 urn:x", "a=extmap: extension id '300' is neither 1-255 nor 4096-4351"},
        {"extmap:1/sideways urn:x", "a=extmap: direction 'sideways' is not sendrecv"},
        {"extmap:1", "a=extmap: URI is missing after the id"},
        {"ssrc:1", "a=ssrc: attribute is missing after the ssrc"},
        {"ssrc:4294967296 cname:x", "a=ssrc: ssrc '4294967296' is out of range 0-4294967295"},
        {"ssrc-group:FID", "a=ssrc-group: no ssrc follows the semantics"},
        {"ssrc-group:FID 1 x", "a=ssrc-group: ssrc 'x' is not a decimal number"},
        {"msid:", "a=msid: stream id is missing"},
        {"msid:a b c", "a=msid: unexpected 'c' after the track id"},
        {"msid:a\"b", "a=msid: stream id 'a\"b' must be 1 to 64 token characters"},
        {"group:", "a=group: semantics is missing"},
        {"group:BUNDLE a,b", "a=group: mid 'a,b' is not a token"},
        {"sctp-port:65536", "a=sctp-port: port '65536' is out of range 0-65535"},
        {"max-message-size:-1", "a=max-message-size: size '-1' is not a decimal number"},
        {"max-message-size:18446744073709551616", "out of range 0-18446744073709551615"},
        {"candidate:1 1 udp 1 1.2.3.4 9", "a=candidate: 'typ <host|srflx|prflx|relay>' is missing"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK_THAT(line_error(c.text), Catch::Contains(c.error));
    }
}

TEST_CASE("fingerprint parses, prints, and checks the digest size", "[sdp][fingerprint]") {
    auto fp = Fingerprint::parse(
        "sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:48:F9:BE:7A:D7:6E:EC:"
        "C1:0E:35:8F:E0");
    REQUIRE(fp);
    CHECK(fp->hash_function == "sha-256");
    REQUIRE(fp->digest.size() == 32);
    CHECK(fp->digest[31] == 0xE0);
    CHECK(fp->to_string().starts_with("sha-256 4A:AD:"));
    CHECK(fp->digest_hex().size() == 32 * 3 - 1);

    Fingerprint made{"sha-1", Bytes(20, 0xab)};
    CHECK(made.to_string() == "sha-1 AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB");
    CHECK(Fingerprint::parse(made.to_string()).value() == made);

    CHECK(digest_size("SHA-512") == 64);
    CHECK(digest_size("md5") == 16);
    CHECK_FALSE(digest_size("blake3"));
    CHECK_THAT(Fingerprint::parse("sha-1 AB").error().message,
               Catch::Contains("a sha-1 fingerprint has 20 bytes, this one has 1"));
    CHECK_THAT(Fingerprint::parse("").error().message, Catch::Contains("hash function is missing"));
}

TEST_CASE("fmtp parameters split into pairs", "[sdp][attribute]") {
    const Fmtp f{102, "level-asymmetry-allowed=1; packetization-mode=1;profile-level-id=42001f;"};
    const auto list = f.parameter_list();
    REQUIRE(list.size() == 3);
    CHECK(list[1] == std::pair<std::string, std::string>{"packetization-mode", "1"});
    CHECK(f.parameter("profile-level-id") == "42001f");
    CHECK_FALSE(f.parameter("apt"));
}

TEST_CASE("setup roles and directions", "[sdp][attribute]") {
    CHECK(setup_role_name(SetupRole::kActpass) == "actpass");
    CHECK(parse_setup_role("Passive") == SetupRole::kPassive);
    CHECK_FALSE(parse_setup_role("client"));

    CHECK(direction_name(Direction::kRecvOnly) == "recvonly");
    CHECK(parse_direction("inactive") == Direction::kInactive);
    CHECK_FALSE(parse_direction("SENDRECV"));
    // RFC 3264 §6.1: the answer mirrors the offer.
    CHECK(reversed(Direction::kSendOnly) == Direction::kRecvOnly);
    CHECK(reversed(Direction::kRecvOnly) == Direction::kSendOnly);
    CHECK(reversed(Direction::kSendRecv) == Direction::kSendRecv);
    CHECK(reversed(Direction::kInactive) == Direction::kInactive);
    CHECK(sends(Direction::kSendOnly));
    CHECK_FALSE(receives(Direction::kSendOnly));
    CHECK(direction_from(false, true) == Direction::kRecvOnly);
}

TEST_CASE("origin, connection and timing lines", "[sdp]") {
    auto o = Origin::parse("- 18446744073709551615 2 IN IP4 127.0.0.1");
    REQUIRE(o);
    CHECK(o->session_id == UINT64_MAX);  // the whole unsigned 64-bit range
    CHECK(o->to_string() == "- 18446744073709551615 2 IN IP4 127.0.0.1");
    CHECK_THAT(Origin::parse("- 18446744073709551616 2 IN IP4 127.0.0.1").error().message,
               Catch::Contains("session id '18446744073709551616' is out of range"));
    CHECK_THAT(Origin::parse("- 1 2 IN IP4").error().message,
               Catch::Contains("has 5 fields, it needs 6"));

    auto c = ConnectionData::parse("IN IP6 2001:db8::7");
    REQUIRE(c);
    CHECK(c->ip()->family() == Family::kIpv6);
    CHECK_THAT(ConnectionData::parse("IN IP4 2001:db8::7").error().message,
               Catch::Contains("address '2001:db8::7' is not an IP4 address"));
    CHECK_FALSE(ConnectionData::parse("IN IP4 host.example.org")->ip());

    CHECK(Timing::parse("3034423619 3042462419").value() == Timing{3034423619u, 3042462419u});
    CHECK_THAT(Timing::parse("0").error().message, Catch::Contains("it needs 2"));
}

TEST_CASE("m= lines", "[sdp]") {
    auto m = MediaSection::parse_media_line("video 49170/2 RTP/AVP 31 32");
    REQUIRE(m);
    CHECK(m->port == 49170);
    CHECK(m->port_count == 2);
    CHECK(m->media_line() == "video 49170/2 RTP/AVP 31 32");
    CHECK(m->is_rtp());
    CHECK_THAT(MediaSection::parse_media_line("audio 9 UDP/TLS/RTP/SAVPF 111 opus").error().message,
               Catch::Contains("payload type 'opus' is not a decimal number"));
    CHECK_THAT(MediaSection::parse_media_line("audio 9/0 RTP/AVP 0").error().message,
               Catch::Contains("number of ports '0' is out of range 1-65535"));
    CHECK_THAT(MediaSection::parse_media_line("audio 9 RTP/AVP").error().message,
               Catch::Contains("has 3 fields, it needs at least 4"));
    CHECK_THAT(MediaSection::parse_media_line("audio 9 RTP(AVP) 0").error().message,
               Catch::Contains("protocol 'RTP(AVP)' is not tokens separated by '/'"));
}
