// Bad input: every malformed description is refused with an error that names the line
// (1-based) and the field -- and nothing crashes, whatever the bytes.
#include <catch2/catch.hpp>

#include <string>

#include "net/sdp/browser_sdp.h"
#include "net/sdp/sdp.h"

using namespace rtclab::net::sdp;
using rtclab::net::sdp::test::with_crlf;

namespace {

constexpr const char* kHead = "v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\nt=0 0\n";

std::string error_of(const std::string& text) {
    auto parsed = parse_sdp(text);
    if (parsed.ok()) return "(parsed without error)";
    return parsed.error().message;
}

// Replaces the first occurrence of `from` in Chrome's offer.
std::string chrome_with(const std::string& from, const std::string& to) {
    std::string text = test::chrome_offer();
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return text;
}

}  // namespace

TEST_CASE("malformed descriptions name the line and the field", "[sdp][malformed]") {
    struct Case {
        std::string text;
        std::string error;  // the start of the message
    };
    const std::string head = kHead;
    const Case cases[] = {
        {"", "line 1: the description is empty"},
        {"\r\n\r\n", "line 1: the description is empty"},
        {"o=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n",
         "line 1: a description starts with v=0 (RFC 8866 §5.1), found 'o=- 1 2 IN IP4 127.0.0.1'"},
        {" v=0\r\n", "line 1: ' v=0' is not a <type>=<value> line"},
        {"\xEF\xBB\xBFv=0\r\n", "line 1: '\\xEF\\xBB\\xBFv=0' is not a <type>=<value> line"},
        {"v=1\r\n", "line 1: v= line: version '1' is not 0"},
        {"v=0\r\n", "line 2: the description ends before its o= (origin) line"},
        {"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n",
         "line 3: the description ends before its s= (session name) line"},
        {"v=0\r\ns=-\r\n", "line 2: expected the o= (origin) line after v=0"},
        {"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\nt=0 0\r\n",
         "line 3: expected the s= (session name) line after o="},
        {"v=0\r\no=- 1x 2 IN IP4 127.0.0.1\r\n",
         "line 2: o= line: session id '1x' is not a decimal number"},
        {"v=0\r\no=- 1 2 IN IP4\r\n", "line 2: o= line: has 5 fields, it needs 6"},
        {"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n",
         "line 3: the description ends without a t= line"},
        {"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\na=sendrecv\r\nm=audio 9 RTP/AVP 0\r\n",
         "line 5: m= line: the session part has no t= line"},
        {head + "v=0\n", "line 5: v= line appears again; there is one, on line 1"},
        {head + "o=- 1 2 IN IP4 127.0.0.1\n",
         "line 5: o= line appears again; there is one, on line 2"},
        {head + "t=now 0\n", "line 5: t= line: start time 'now' is not a decimal number"},
        {head + "c=IN IP4 0.0.0.0\nc=IN IP4 0.0.0.0\n",
         "line 6: c= line: the session part has two c= lines"},
        {head + "c=IN\n", "line 5: c= line: has 1 fields, it needs 3"},
        {"v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\nr=1 2 3\nt=0 0\n",
         "line 4: r= line comes before any t= line"},
        {head + "m=audio 99999 UDP/TLS/RTP/SAVPF 111\n",
         "line 5: m= line: port '99999' is out of range 0-65535"},
        {head + "m=audio -9 UDP/TLS/RTP/SAVPF 111\n",
         "line 5: m= line: port '-9' is not a decimal number"},
        {head + "m=audio 9 UDP/TLS/RTP/SAVPF\n",
         "line 5: m= line: has 3 fields, it needs at least 4"},
        {head + "m=\n", "line 5: m= line: has 0 fields"},
        {head + "m=audio 9 UDP/TLS/RTP/SAVPF 300\n",
         "line 5: m= line: payload type '300' is out of range 0-127"},
        {head + "m=audio 9 RTP/AVP 0\nt=0 0\n",
         "line 6: t= line belongs to the session part; it cannot appear in the media section "
         "that starts on line 5"},
        {head + "m=audio 9 RTP/AVP 0\nc=IN IP4 0.0.0.0\nc=IN IP4 0.0.0.0\n",
         "line 7: c= line: the media section that starts on line 5 has two c= lines"},
        {head + "m=audio 9 RTP/AVP 0\nc=IN IP4 300.1.1.1\n",
         "line 6: c= line: address '300.1.1.1' is not a valid IPv4 address"},
        {head + "m=audio 9 RTP/AVP 0\nc=IN IP6 192.0.2.1\n",
         "line 6: c= line: address '192.0.2.1' is not an IP6 address"},
        {head + "m=audio 9 RTP/AVP 0\na=rtpmap:0 PCMU\n",
         "line 6: a=rtpmap: encoding 'PCMU' has no clock rate"},
        {head + "m=audio 9 RTP/AVP 0\na=rtpmap:0 PCMU/8000/x\n",
         "line 6: a=rtpmap: channel count 'x' is not a decimal number"},
        {head + "a=\n", "line 5: a=: the attribute has no name"},
        {head + "A=x\n", "line 5: 'A=x' is not a <type>=<value> line"},
        {head + "a\n", "line 5: 'a' is not a <type>=<value> line"},
        {head + "a =x\n", "line 5: 'a =x' is not a <type>=<value> line"},
        {head + "\na=x\n", "line 5: empty line (SDP has no blank lines)"},
        {head + std::string("a=x\0y\n", 6), "line 5: NUL byte at column 4"},
        {head + "a=x\ry\n", "line 5: carriage return at column 4 not followed by a line feed"},
        // From a real browser offer, one field broken at a time.
        {chrome_with("a=candidate:842163049 1 udp 1686052607 203.0.113.7 54400 typ srflx",
                     "a=candidate:842163049 1 udp 1686052607 203.0.113.7 54400 srflx"),
         "line 14: a=candidate: expected 'typ' after the port, found 'srflx'"},
        {chrome_with(" 54400 typ srflx raddr", " 99999 typ srflx raddr"),
         "line 14: a=candidate: port '99999' is out of range 0-65535"},
        {chrome_with("1686052607 203.0.113.7", "16860526070 203.0.113.7"),
         "line 14: a=candidate: priority '16860526070' is out of range 0-4294967295"},
        {chrome_with("192.168.1.20 54400 typ host generation 0 network-id 1 network-cost 10",
                     "192.168.1.20 54400"),
         "line 11: a=candidate: 'typ <host|srflx|prflx|relay>' is missing after the port"},
        {chrome_with("a=rtpmap:96 VP8/90000", "a=rtpmap:96 VP8/ninety"),
         "line 65: a=rtpmap: clock rate 'ninety' is not a decimal number"},
        {chrome_with("a=ice-ufrag:EsAw", "a=ice-ufrag:E"),
         "line 17: a=ice-ufrag: ufrag 'E' must be 4 to 256 letters"},
        {chrome_with("a=setup:actpass", "a=setup:client"),
         "line 21: a=setup: role 'client' is not actpass"},
        {chrome_with("a=fingerprint:sha-256 4A:AD", "a=fingerprint:sha-256 AD"),
         "line 20: a=fingerprint: a sha-256 fingerprint has 32 bytes, this one has 31"},
        {chrome_with("a=sctp-port:5000", "a=sctp-port:500000"),
         "line 95: a=sctp-port: port '500000' is out of range 0-65535"},
        {chrome_with("m=video 54400", "m=video 54400/"),
         "line 44: m= line: number of ports is missing"},
        {chrome_with("a=mid:1\r\n", "a=mid:1\r\nv=0\r\n"),
         "line 53: v= line appears again; there is one, on line 1"},
        {chrome_with("a=mid:2\r\n", "a=mid:2\r\nz=0 -1h\r\n"),
         "line 95: z= line belongs to the session part"},
    };
    for (const auto& c : cases) {
        INFO("input starts: " << c.text.substr(0, 80));
        const std::string error = error_of(c.text);
        CHECK_THAT(error, Catch::StartsWith(c.error));
    }
}

TEST_CASE("a 1 MB line is refused with its line number", "[sdp][malformed]") {
    const std::string huge(1 << 20, 'x');
    CHECK_THAT(error_of(std::string(kHead) + "a=x-big:" + huge + "\n"),
               Catch::StartsWith("line 5: the line is 1048584 bytes long; this parser accepts "
                                 "lines up to 65536 bytes"));
    CHECK_THAT(error_of(test::chrome_offer() + "a=ice-ufrag:" + huge + "\r\n"),
               Catch::StartsWith("line 97: the line is"));
    // The largest accepted line.
    const std::string big(kMaxSdpLineBytes - 2, 'y');
    auto parsed = parse_sdp(std::string(kHead) + "i=" + big + "\n");
    REQUIRE(parsed.ok());
    // And a long ufrag within the line limit is still checked by its own rule.
    CHECK_THAT(error_of(std::string(kHead) + "a=ice-ufrag:" + std::string(300, 'a') + "\n"),
               Catch::StartsWith("line 5: a=ice-ufrag: ufrag "
                                 "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' must be 4 to 256"));
}

TEST_CASE("binary garbage is refused on line 1", "[sdp][malformed]") {
    std::string garbage;
    for (int i = 0; i < 4096; ++i)
        garbage += static_cast<char>((i * 131 + 7) & 0xFF);
    const std::string error = error_of(garbage);
    CHECK_THAT(error, Catch::StartsWith("line 1: "));
    // Quoted input in messages is short and printable, whatever the bytes.
    CHECK(error.size() < 300);
    for (char c : error)
        CHECK((static_cast<unsigned char>(c) >= 0x20 || c == '\t'));
}

TEST_CASE("deep weirdness stays well defined", "[sdp][malformed]") {
    const std::string head = kHead;
    SECTION("many media sections and attributes") {
        std::string text = head;
        for (int i = 0; i < 2000; ++i)
            text += "m=audio 9 RTP/AVP 0\r\na=mid:" + std::to_string(i) +
                    "\r\na=x:" + std::string(100, 'z') + "\r\n";
        auto parsed = parse_sdp(text);
        REQUIRE(parsed.ok());
        CHECK(parsed->media.size() == 2000);
        CHECK(parsed->find_media("1999") == &parsed->media.back());
    }
    SECTION("a candidate with thousands of extensions") {
        std::string line = "candidate:1 1 udp 1 192.0.2.1 9 typ host";
        for (int i = 0; i < 5000; ++i)
            line += " k" + std::to_string(i) + " v";
        auto c = parse_candidate(line);
        REQUIRE(c.ok());
        CHECK(c->extensions.size() == 5000);
        CHECK(to_string(*c) == line);
    }
    SECTION("only separators") {
        CHECK_THAT(error_of("\n\n\n"), Catch::StartsWith("line 1: the description is empty"));
        CHECK_THAT(error_of("\r"), Catch::StartsWith("line 1: the description is empty"));
        CHECK_THAT(error_of("="), Catch::StartsWith("line 1: '=' is not a <type>=<value> line"));
        CHECK_THAT(error_of("v="), Catch::StartsWith("line 1: v= line: version '' is not 0"));
    }
    SECTION("values made of spaces") {
        CHECK_THAT(error_of(head + "m=   \n"), Catch::StartsWith("line 5: m= line: has 0 fields"));
        CHECK_THAT(error_of(head + "a=candidate:     \n"),
                   Catch::StartsWith("line 5: a=candidate: foundation is missing"));
        CHECK_THAT(error_of(head + "a=fingerprint: \n"),
                   Catch::StartsWith("line 5: a=fingerprint: hash function is missing"));
    }
    SECTION("trailing blank lines are fine, blank lines before content are not") {
        CHECK(parse_sdp(head + "\n\r\n\n").ok());
        CHECK_THAT(error_of(head + "\r\n\r\na=x\r\n"), Catch::StartsWith("line 5: empty line"));
    }
    SECTION("session-level lines that look like media lines") {
        auto parsed = parse_sdp(head + "a=mid:0\na=candidate:1 1 udp 1 192.0.2.1 9 typ host\n");
        REQUIRE(parsed.ok());  // accepted where they stand; JSEP decides what they mean
        CHECK(parsed->find<Mid>()->value == "0");
    }
}
