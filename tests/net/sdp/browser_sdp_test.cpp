// Real-world shaped descriptions: Chrome's and Firefox's offers parse into the right model,
// round-trip byte for byte, and an edit changes exactly the line it means to.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "net/sdp/browser_sdp.h"
#include "net/sdp/sdp.h"

using namespace rtclab::net;
using namespace rtclab::net::sdp;
using rtclab::net::sdp::test::chrome_offer;
using rtclab::net::sdp::test::firefox_offer;

namespace {

SessionDescription parse_ok(const std::string& text) {
    auto parsed = parse_sdp(text);
    INFO((parsed ? std::string() : parsed.error().message));
    REQUIRE(parsed.ok());
    return std::move(parsed).value();
}

std::vector<std::string> split_crlf(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t end = text.find("\r\n", pos);
        REQUIRE(end != std::string::npos);  // every line ends in CRLF
        lines.push_back(text.substr(pos, end - pos));
        pos = end + 2;
    }
    return lines;
}

// The lines that differ between two outputs with the same number of lines.
std::vector<std::pair<std::string, std::string>> changed_lines(const std::string& before,
                                                               const std::string& after) {
    const auto a = split_crlf(before);
    const auto b = split_crlf(after);
    REQUIRE(a.size() == b.size());
    std::vector<std::pair<std::string, std::string>> out;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i]) out.emplace_back(a[i], b[i]);
    return out;
}

}  // namespace

TEST_CASE("Chrome's offer parses into the model", "[sdp]") {
    const SessionDescription d = parse_ok(chrome_offer());

    CHECK(d.version == 0);
    CHECK(d.origin.username == "-");
    CHECK(d.origin.session_id == 4611731400430051336ull);
    CHECK(d.origin.session_version == 2);
    CHECK(d.origin.address == "127.0.0.1");
    CHECK(d.session_name == "-");
    CHECK(d.timing == Timing{0, 0});
    REQUIRE(d.bundle_group());
    CHECK(d.bundle_group()->mids == std::vector<std::string>{"0", "1", "2"});
    REQUIRE(d.msid_semantic());
    CHECK(d.msid_semantic()->semantic == "WMS");
    CHECK(d.msid_semantic()->identifiers ==
          std::vector<std::string>{"8c3a6b0e-5d2f-4b7e-9a31-2f6d1c0e7b44"});
    // a=extmap-allow-mixed is not modelled: kept raw, in its place.
    REQUIRE(d.lines.size() == 3);
    CHECK(std::get<RawAttribute>(d.lines[1].value) == RawAttribute{"extmap-allow-mixed", {}});

    REQUIRE(d.media.size() == 3);
    const MediaSection& audio = d.media[0];
    CHECK(audio.media == "audio");
    CHECK(audio.port == 54400);
    CHECK(audio.protocol == "UDP/TLS/RTP/SAVPF");
    CHECK(audio.formats ==
          std::vector<std::string>{"111", "63", "9", "0", "8", "13", "110", "126"});
    REQUIRE(audio.connection);
    CHECK(audio.connection->ip() == IpAddress::v4(203, 0, 113, 7));
    CHECK(audio.mid() == "0");
    CHECK(audio.ice_ufrag() == "EsAw");
    CHECK(audio.ice_pwd() == "bP+XJMM09aR8AiX1jdukzR6Y");
    CHECK(audio.ice_options() == std::vector<std::string>{"trickle"});
    REQUIRE(audio.fingerprint());
    CHECK(audio.fingerprint()->hash_function == "sha-256");
    CHECK(audio.fingerprint()->digest.size() == 32);
    CHECK(audio.fingerprint()->digest[0] == 0x4A);
    CHECK(audio.setup() == SetupRole::kActpass);
    CHECK(audio.direction() == Direction::kSendRecv);
    CHECK(audio.rtcp_mux());
    CHECK(audio.rtcp_rsize());
    CHECK(audio.msid() ==
          Msid{"8c3a6b0e-5d2f-4b7e-9a31-2f6d1c0e7b44", "1f0e3d2c-9b8a-4765-a4b3-c2d1e0f9a8b7"});
    CHECK(audio.rtp_map(111) == RtpMap{111, "opus", 48000, 2});
    CHECK(audio.rtp_map(0) == RtpMap{0, "PCMU", 8000, std::nullopt});
    REQUIRE(audio.fmtp(111));
    CHECK(audio.fmtp(111)->parameter("useinbandfec") == "1");
    CHECK(audio.fmtp(111)->parameter("minptime") == "10");
    CHECK(audio.rtcp_feedback(111).size() == 1);
    CHECK(audio.extmaps().size() == 4);
    CHECK(audio.extmaps()[3].uri == "urn:ietf:params:rtp-hdrext:sdes:mid");
    REQUIRE(audio.ssrcs().size() == 2);
    CHECK(audio.ssrcs()[0] == Ssrc{3735928559u, "cname", "4TOk42mSjXCkVIa6"});

    const auto candidates = audio.candidates();
    REQUIRE(candidates.size() == 6);
    CHECK(candidates[0].type == CandidateType::kHost);
    CHECK(candidates[0].extension("network-id") == "1");
    CHECK(candidates[1].ip() == *IpAddress::parse("2001:db8:85a3::8a2e:370:7334"));
    CHECK(candidates[2].is_mdns());
    CHECK_FALSE(candidates[2].ip());
    CHECK(candidates[3].type == CandidateType::kServerReflexive);
    CHECK(candidates[3].related_address == "192.168.1.20");
    CHECK(candidates[4].transport == CandidateTransport::kTcp);
    CHECK(candidates[4].tcp_type == TcpType::kActive);
    CHECK(candidates[5].type == CandidateType::kRelay);

    const MediaSection& video = d.media[1];
    CHECK(video.rtcp_feedback(96).size() == 5);
    CHECK(video.fmtp(97)->parameter("apt") == "96");
    REQUIRE(video.find<SsrcGroup>());
    CHECK(*video.find<SsrcGroup>() == SsrcGroup{"FID", {2231627014u, 632943048u}});

    const MediaSection& data = d.media[2];
    CHECK(data.media == "application");
    CHECK(data.protocol == "UDP/DTLS/SCTP");
    CHECK(data.formats == std::vector<std::string>{"webrtc-datachannel"});
    CHECK(data.sctp_port() == 5000);
    CHECK(data.max_message_size() == 262144);
    CHECK_FALSE(data.is_rtp());
    CHECK(d.find_media("2") == &d.media[2]);
}

TEST_CASE("Chrome's offer round-trips byte for byte", "[sdp]") {
    const SessionDescription d = parse_ok(chrome_offer());
    CHECK(to_string(d) == chrome_offer());
}

TEST_CASE("Firefox's offer parses into the model", "[sdp]") {
    const SessionDescription d = parse_ok(firefox_offer());

    CHECK(d.origin.username == "mozilla...THIS_IS_SDPARTA-128.0");
    CHECK(d.origin.session_id == 5034927474214593291ull);
    CHECK(d.origin.session_version == 0);
    // Session-level transport parameters apply to every section that has none of its own.
    REQUIRE(d.fingerprint());
    CHECK(d.ice_options() == std::vector<std::string>{"trickle"});
    CHECK(d.msid_semantic() == MsidSemantic{"WMS", {"*"}});
    REQUIRE(d.media.size() == 3);
    CHECK_FALSE(d.media[0].fingerprint());
    const TransportParameters t = d.effective_transport(d.media[0]);
    REQUIRE(t.fingerprints.size() == 1);
    CHECK(t.fingerprints[0].digest_hex().starts_with("D2:B9:31"));
    CHECK(t.ice_options == std::vector<std::string>{"trickle"});
    CHECK(t.ice_ufrag == "1d3f5a7c");
    CHECK(t.setup == SetupRole::kActpass);

    const MediaSection& audio = d.media[0];
    const auto candidates = audio.candidates();
    REQUIRE(candidates.size() == 7);
    CHECK(candidates[0].transport == CandidateTransport::kUdp);  // written "UDP"
    CHECK(candidates[1].ip()->family() == Family::kIpv6);
    CHECK(candidates[2].tcp_type == TcpType::kActive);
    CHECK(candidates[3].tcp_type == TcpType::kPassive);
    CHECK(candidates[5].type == CandidateType::kPeerReflexive);
    CHECK(candidates[6].type == CandidateType::kRelay);
    CHECK(candidates[6].related_port == 49664);
    CHECK(audio.end_of_candidates());
    CHECK(audio.rtp_map(9) == RtpMap{9, "G722", 8000, 1});
    CHECK(audio.fmtp(101)->parameter_list() ==
          std::vector<std::pair<std::string, std::string>>{{"0-15", ""}});
    REQUIRE(audio.extmaps().size() == 3);
    CHECK(audio.extmaps()[1].direction == Direction::kRecvOnly);

    CHECK(d.media[1].is_bundle_only());
    CHECK_FALSE(d.media[1].is_rejected());
    CHECK(d.media[2].is_bundle_only());
    CHECK(d.media[2].max_message_size() == 1073741823);
    CHECK_FALSE(d.media[0].is_bundle_only());
}

TEST_CASE("Firefox's offer round-trips byte for byte", "[sdp]") {
    const SessionDescription d = parse_ok(firefox_offer());
    CHECK(to_string(d) == firefox_offer());
}

TEST_CASE("editing one section's ufrag changes exactly that line", "[sdp]") {
    for (const std::string* text : {&chrome_offer(), &firefox_offer()}) {
        SessionDescription d = parse_ok(*text);
        d.media[1].set_ice_ufrag("N3wU");
        const auto changed = changed_lines(*text, to_string(d));
        REQUIRE(changed.size() == 1);
        CHECK(changed[0].second == "a=ice-ufrag:N3wU");
        CHECK(changed[0].first.starts_with("a=ice-ufrag:"));
    }
}

TEST_CASE("editing through find<T>() changes exactly that line", "[sdp]") {
    SessionDescription d = parse_ok(chrome_offer());
    d.media[0].find<Fingerprint>()->digest[0] = 0x00;
    d.media[2].find<SctpPort>()->port = 5001;
    const auto changed = changed_lines(chrome_offer(), to_string(d));
    REQUIRE(changed.size() == 2);
    CHECK(changed[0].second.starts_with("a=fingerprint:sha-256 00:AD:B9"));
    CHECK(changed[1].second == "a=sctp-port:5001");
}

TEST_CASE("a non-canonical spelling survives until its value is edited", "[sdp]") {
    SessionDescription d = parse_ok(firefox_offer());
    // Firefox writes "UDP"; we would write "udp". Untouched, the line is kept as written...
    CHECK(to_string(d) == firefox_offer());
    // ... setting the same value again changes nothing ...
    d.media[0].find<Candidate>()->port = 49664;
    CHECK(to_string(d) == firefox_offer());
    // ... and a real edit writes the canonical form of that one line.
    d.media[0].find<Candidate>()->port = 50000;
    const auto changed = changed_lines(firefox_offer(), to_string(d));
    REQUIRE(changed.size() == 1);
    CHECK(changed[0].second == "a=candidate:0 1 udp 2122252543 192.168.1.33 50000 typ host");

    // Chrome's "a=msid-semantic: WMS ..." keeps its space the same way.
    SessionDescription c = parse_ok(chrome_offer());
    c.find<MsidSemantic>()->identifiers = {"*"};
    const auto changed2 = changed_lines(chrome_offer(), to_string(c));
    REQUIRE(changed2.size() == 1);
    CHECK(changed2[0].second == "a=msid-semantic:WMS *");
}

TEST_CASE("LF line endings are accepted and written back as CRLF", "[sdp]") {
    const SessionDescription d = parse_ok(std::string(rtclab::net::sdp::test::kChromeOfferLf));
    CHECK(to_string(d) == chrome_offer());
    // A final line without any line ending is accepted too.
    std::string no_final_newline(rtclab::net::sdp::test::kFirefoxOfferLf);
    no_final_newline.pop_back();
    CHECK(to_string(parse_ok(no_final_newline)) == firefox_offer());
}

TEST_CASE("unknown lines and attributes are kept in place", "[sdp]") {
    const std::string text = rtclab::net::sdp::test::with_crlf(
        "v=0\n"
        "o=- 1 1 IN IP4 0.0.0.0\n"
        "s=A lesson\n"
        "i=Session title with spaces\n"
        "u=https://example.org/lesson\n"
        "e=teacher@example.org\n"
        "p=+1 555 0100\n"
        "c=IN IP6 2001:db8::1\n"
        "b=CT:1000\n"
        "t=0 0\n"
        "r=604800 3600 0 90000\n"
        "t=3034423619 3042462419\n"
        "z=2882844526 -1h\n"
        "k=prompt\n"
        "a=x-lab-note:keep me:please\n"
        "x=unknown type letter\n"
        "a=tool:rtclab\n"
        "m=audio 9 RTP/AVP 0\n"
        "i=Microphone\n"
        "c=IN IP4 192.0.2.10/127\n"
        "b=AS:64\n"
        "k=prompt\n"
        "a=x-custom\n"
        "a=rtpmap:0 PCMU/8000\n"
        "y=another unknown\n"
        "a=ptime:20\n"
        "m=text 0 udp t140 red\n"
        "a=rid:1 send pt=96;max-width=1280\n");
    const SessionDescription d = parse_ok(text);
    CHECK(to_string(d) == text);
    CHECK(d.session_name == "A lesson");
    REQUIRE(d.connection);
    CHECK(d.connection->ip() == *IpAddress::parse("2001:db8::1"));
    CHECK(d.media[0].connection->ip() == IpAddress::v4(192, 0, 2, 10));
    CHECK(d.effective_connection(d.media[1]) == d.connection);
    CHECK(d.media[1].is_rejected());
    CHECK(d.media[1].formats == std::vector<std::string>{"t140", "red"});
    REQUIRE(d.find<RawAttribute>());
    CHECK(*d.find<RawAttribute>() == RawAttribute{"x-lab-note", std::string("keep me:please")});
    CHECK(std::get<RawLine>(d.lines[0].value) == RawLine{'i', "Session title with spaces"});
}

TEST_CASE("adding lines puts them where browsers put them", "[sdp]") {
    SECTION("a candidate goes after the last candidate") {
        SessionDescription d = parse_ok(firefox_offer());
        auto c =
            *parse_candidate("candidate:7 1 UDP 1 192.0.2.99 4000 typ relay raddr 0.0.0.0 rport 0");
        d.media[0].add_candidate(c);
        const auto out = split_crlf(to_string(d));
        const auto it =
            std::find(out.begin(), out.end(),
                      "a=candidate:7 1 udp 1 192.0.2.99 4000 typ relay raddr 0.0.0.0 rport 0");
        REQUIRE(it != out.end());
        CHECK(it[-1].starts_with("a=candidate:6 "));
        CHECK(it[1] == "a=sendrecv");
    }
    SECTION("the first candidate goes after c= and a=rtcp, before the ICE credentials") {
        SessionDescription d = parse_ok(chrome_offer());
        auto c = *parse_candidate("candidate:1 1 udp 2122260223 192.168.1.20 54400 typ host");
        d.media[1].add_candidate(c);
        const auto& lines = d.media[1].lines;
        CHECK(lines[0].text() == "a=rtcp:9 IN IP4 0.0.0.0");
        CHECK(lines[1].text() == "a=candidate:1 1 udp 2122260223 192.168.1.20 54400 typ host");
        CHECK(lines[2].text() == "a=ice-ufrag:EsAw");
    }
    SECTION("end-of-candidates after the candidates") {
        SessionDescription d = parse_ok(chrome_offer());
        d.media[0].set_end_of_candidates(true);
        CHECK(d.media[0].lines[7].text() == "a=end-of-candidates");
        CHECK(d.media[0].lines[6].text().starts_with("a=candidate:1736203387 "));
        d.media[0].set_end_of_candidates(false);
        CHECK(to_string(d) == chrome_offer());
    }
    SECTION("removing candidates") {
        SessionDescription d = parse_ok(chrome_offer());
        CHECK(d.media[0].remove_candidates() == 6);
        CHECK(d.media[0].candidates().empty());
        CHECK(split_crlf(to_string(d)).size() == split_crlf(chrome_offer()).size() - 6);
    }
    SECTION("a ufrag where there was none") {
        SessionDescription d = parse_ok(firefox_offer());
        d.set_ice_ufrag("sess");  // session level: before the fingerprint (Chrome's order)
        CHECK(d.lines[0].text() == "a=ice-ufrag:sess");
        CHECK(d.lines[1].text().starts_with("a=fingerprint:"));
    }
    SECTION("set_fingerprint replaces every fingerprint line by one") {
        SessionDescription d = parse_ok(chrome_offer());
        Fingerprint fp = *Fingerprint::parse(
            "sha-1 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33");
        d.media[0].add(*d.media[0].fingerprint());
        CHECK(d.media[0].fingerprints().size() == 2);
        d.media[0].set_fingerprint(fp);
        CHECK(d.media[0].fingerprints() == std::vector<Fingerprint>{fp});
    }
}
