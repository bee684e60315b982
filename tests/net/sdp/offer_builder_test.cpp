// Building descriptions from scratch: make_offer() writes what a browser's createOffer()
// would, line for line, and the result parses back to itself.
#include <catch2/catch.hpp>

#include "net/sdp/browser_sdp.h"
#include "net/sdp/sdp.h"

using namespace rtclab::net;
using namespace rtclab::net::sdp;

namespace {

TransportParameters example_transport() {
    TransportParameters t;
    t.ice_ufrag = "Ab3d";
    t.ice_pwd = "0123456789abcdefghijkl";
    t.fingerprints = {*Fingerprint::parse(
        "sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:48:F9:BE:7A:D7:6E:"
        "EC:C1:0E:35:8F:E0")};
    return t;
}

}  // namespace

TEST_CASE("make_offer writes a browser-like offer", "[sdp][builder]") {
    OfferShape shape;
    shape.session_id = 4611731400430051336ull;
    shape.transport = example_transport();
    shape.stream_id = "stream0";
    const SessionDescription d = make_offer(shape);

    const std::string fp =
        "a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:48:F9:"
        "BE:7A:D7:6E:EC:C1:0E:35:8F:E0\n";
    const std::string transport_lines =
        "a=ice-ufrag:Ab3d\n"
        "a=ice-pwd:0123456789abcdefghijkl\n"
        "a=ice-options:trickle\n" +
        fp + "a=setup:actpass\n";
    const std::string expected = test::with_crlf(
        "v=0\n"
        "o=- 4611731400430051336 0 IN IP4 0.0.0.0\n"
        "s=-\n"
        "t=0 0\n"
        "a=group:BUNDLE 0 1 2\n"
        "a=msid-semantic:WMS *\n"
        "m=audio 9 UDP/TLS/RTP/SAVPF 111\n"
        "c=IN IP4 0.0.0.0\n" +
        transport_lines +
        "a=mid:0\n"
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\n"
        "a=sendrecv\n"
        "a=msid:stream0 audio-track\n"
        "a=rtcp-mux\n"
        "a=rtpmap:111 opus/48000/2\n"
        "a=fmtp:111 minptime=10;useinbandfec=1\n"
        "m=video 9 UDP/TLS/RTP/SAVPF 96\n"
        "c=IN IP4 0.0.0.0\n" +
        transport_lines +
        "a=mid:1\n"
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\n"
        "a=sendrecv\n"
        "a=msid:stream0 video-track\n"
        "a=rtcp-mux\n"
        "a=rtcp-rsize\n"
        "a=rtpmap:96 VP8/90000\n"
        "a=rtcp-fb:96 ccm fir\n"
        "a=rtcp-fb:96 nack\n"
        "a=rtcp-fb:96 nack pli\n"
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\n"
        "c=IN IP4 0.0.0.0\n" +
        transport_lines +
        "a=mid:2\n"
        "a=sctp-port:5000\n"
        "a=max-message-size:262144\n");
    CHECK(to_string(d) == expected);

    // It parses back to the same text and the same model.
    auto parsed = parse_sdp(expected);
    REQUIRE(parsed.ok());
    CHECK(to_string(*parsed) == expected);
    CHECK(parsed->effective_transport(parsed->media[1]) == d.effective_transport(d.media[1]));
    CHECK(parsed->media[0].rtp_map(111) == RtpMap{111, "opus", 48000, 2});
}

TEST_CASE("make_offer variations", "[sdp][builder]") {
    SECTION("data channel only, without a stream") {
        OfferShape shape;
        shape.session_id = 1;
        shape.session_version = 3;
        shape.audio = shape.video = false;
        shape.transport = example_transport();
        const SessionDescription d = make_offer(shape);
        REQUIRE(d.media.size() == 1);
        CHECK(d.media[0].mid() == "0");
        CHECK(d.bundle_group()->mids == std::vector<std::string>{"0"});
        CHECK(d.origin.session_version == 3);
    }
    SECTION("a track in no stream gets msid '-'") {
        OfferShape shape;
        shape.video = shape.data_channel = false;
        const SessionDescription d = make_offer(shape);
        CHECK(d.media[0].msid()->stream_id == "-");
    }
    SECTION("the setup role given is kept") {
        OfferShape shape;
        shape.transport.setup = SetupRole::kActive;
        CHECK(make_offer(shape).media[0].setup() == SetupRole::kActive);
    }
}

TEST_CASE("sections built one by one, then edited like an answer", "[sdp][builder]") {
    SessionDescription d = SessionDescription::make(77, 1);
    TransportParameters t = example_transport();
    t.setup = SetupRole::kActive;  // an answerer's role (RFC 8829 §5.3.1)
    d.add_media(MediaSection::make_audio("a0", t, reversed(Direction::kSendOnly)));
    d.add_media(MediaSection::make_data_channel("d1", t));
    d.set_bundle_group({"a0", "d1"});
    d.set_ice_lite(true);

    CHECK(d.media[0].direction() == Direction::kRecvOnly);
    CHECK(d.ice_lite());
    CHECK(d.find_media("d1")->sctp_port() == 5000);
    CHECK(d.find_media("zz") == nullptr);

    // Adding a second codec keeps Chrome's grouping: rtpmap, rtcp-fb, fmtp per codec.
    d.media[0].add_codec(RtpMap{0, "PCMU", 8000, std::nullopt}, {"nack"}, std::nullopt);
    CHECK(d.media[0].formats == std::vector<std::string>{"111", "0"});
    std::vector<std::string> codec_lines;
    for (const auto& line : d.media[0].lines) {
        const std::string text = line.text();
        if (text.starts_with("a=rtpmap") || text.starts_with("a=fmtp") ||
            text.starts_with("a=rtcp-fb"))
            codec_lines.push_back(text);
    }
    CHECK(codec_lines == std::vector<std::string>{"a=rtpmap:111 opus/48000/2",
                                                  "a=fmtp:111 minptime=10;useinbandfec=1",
                                                  "a=rtpmap:0 PCMU/8000", "a=rtcp-fb:0 nack"});

    // An ICE restart (RFC 8445 §9): new credentials in every section, one line each.
    const std::string before = to_string(d);
    for (auto& m : d.media) {
        m.set_ice_ufrag("Rst2");
        m.set_ice_pwd("ZYXWVUTSRQPONMLKJIHGFE");
    }
    d.origin.session_version += 1;
    const std::string after = to_string(d);
    auto parsed = parse_sdp(after);
    REQUIRE(parsed.ok());
    CHECK(parsed->effective_transport(parsed->media[1]).ice_ufrag == "Rst2");
    CHECK(to_string(*parsed) == after);
    CHECK(before.size() == after.size());
}
