// Offers written the way Chrome and Firefox write them (composed for these tests, with
// documentation addresses: 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32).
//
// Chrome: o=- with a 63-bit session id and version 2, "a=msid-semantic: WMS" with its space,
// a=extmap-allow-mixed, a=rtcp lines, candidates first in the media section with Chrome's
// extensions (generation, network-id, network-cost), an mDNS host candidate, an IPv6 one, a
// TCP active one (port 9), every section carrying its own ICE/DTLS lines, ssrc lines.
//
// Firefox: its o=mozilla...THIS_IS_SDPARTA-<version> username and version 0, fingerprint and
// ice-options at session level, "UDP"/"TCP" in upper case, "a=msid-semantic:WMS *", attributes
// in alphabetical order, a=end-of-candidates, and max-bundle's port-0 a=bundle-only sections.
#pragma once

#include <string>
#include <string_view>

namespace rtclab::net::sdp::test {

// The fixtures are written with LF for readability; SDP goes over the wire with CRLF.
inline std::string with_crlf(std::string_view lf_text) {
    std::string out;
    for (char c : lf_text) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

inline constexpr std::string_view kChromeOfferLf =
    R"(v=0
o=- 4611731400430051336 2 IN IP4 127.0.0.1
s=-
t=0 0
a=group:BUNDLE 0 1 2
a=extmap-allow-mixed
a=msid-semantic: WMS 8c3a6b0e-5d2f-4b7e-9a31-2f6d1c0e7b44
m=audio 54400 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
c=IN IP4 203.0.113.7
a=rtcp:9 IN IP4 0.0.0.0
a=candidate:2999745851 1 udp 2122260223 192.168.1.20 54400 typ host generation 0 network-id 1 network-cost 10
a=candidate:3470209178 1 udp 2122262783 2001:db8:85a3::8a2e:370:7334 54401 typ host generation 0 network-id 2 network-cost 10
a=candidate:1510613869 1 udp 2113937151 3f1f0c5e-7b1a-4c53-9d7e-6a2b8c4d1e0f.local 54402 typ host generation 0 network-cost 999
a=candidate:842163049 1 udp 1686052607 203.0.113.7 54400 typ srflx raddr 192.168.1.20 rport 54400 generation 0 network-id 1 network-cost 10
a=candidate:4233069003 1 tcp 1518280447 192.168.1.20 9 typ host tcptype active generation 0 network-id 1 network-cost 10
a=candidate:1736203387 1 udp 41885439 198.51.100.9 61321 typ relay raddr 203.0.113.7 rport 54400 generation 0 network-id 1 network-cost 10
a=ice-ufrag:EsAw
a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y
a=ice-options:trickle
a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:48:F9:BE:7A:D7:6E:EC:C1:0E:35:8F:E0
a=setup:actpass
a=mid:0
a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
a=sendrecv
a=msid:8c3a6b0e-5d2f-4b7e-9a31-2f6d1c0e7b44 1f0e3d2c-9b8a-4765-a4b3-c2d1e0f9a8b7
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:111 opus/48000/2
a=rtcp-fb:111 transport-cc
a=fmtp:111 minptime=10;useinbandfec=1
a=rtpmap:63 red/48000/2
a=fmtp:63 111/111
a=rtpmap:9 G722/8000
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:13 CN/8000
a=rtpmap:110 telephone-event/48000
a=rtpmap:126 telephone-event/8000
a=ssrc:3735928559 cname:4TOk42mSjXCkVIa6
a=ssrc:3735928559 msid:8c3a6b0e-5d2f-4b7e-9a31-2f6d1c0e7b44 1f0e3d2c-9b8a-4765-a4b3-c2d1e0f9a8b7
m=video 54400 UDP/TLS/RTP/SAVPF 96 97 102 103
c=IN IP4 203.0.113.7
a=rtcp:9 IN IP4 0.0.0.0
a=ice-ufrag:EsAw
a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y
a=ice-options:trickle
a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:48:F9:BE:7A:D7:6E:EC:C1:0E:35:8F:E0
a=setup:actpass
a=mid:1
a=extmap:14 urn:ietf:params:rtp-hdrext:toffset
a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
a=extmap:13 urn:3gpp:video-orientation
a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
a=sendrecv
a=msid:8c3a6b0e-5d2f-4b7e-9a31-2f6d1c0e7b44 77a1b2c3-d4e5-4f60-8172-93a4b5c6d7e8
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:96 VP8/90000
a=rtcp-fb:96 goog-remb
a=rtcp-fb:96 transport-cc
a=rtcp-fb:96 ccm fir
a=rtcp-fb:96 nack
a=rtcp-fb:96 nack pli
a=rtpmap:97 rtx/90000
a=fmtp:97 apt=96
a=rtpmap:102 H264/90000
a=rtcp-fb:102 goog-remb
a=rtcp-fb:102 transport-cc
a=rtcp-fb:102 ccm fir
a=rtcp-fb:102 nack
a=rtcp-fb:102 nack pli
a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f
a=rtpmap:103 rtx/90000
a=fmtp:103 apt=102
a=ssrc-group:FID 2231627014 632943048
a=ssrc:2231627014 cname:4TOk42mSjXCkVIa6
a=ssrc:2231627014 msid:8c3a6b0e-5d2f-4b7e-9a31-2f6d1c0e7b44 77a1b2c3-d4e5-4f60-8172-93a4b5c6d7e8
a=ssrc:632943048 cname:4TOk42mSjXCkVIa6
a=ssrc:632943048 msid:8c3a6b0e-5d2f-4b7e-9a31-2f6d1c0e7b44 77a1b2c3-d4e5-4f60-8172-93a4b5c6d7e8
m=application 54400 UDP/DTLS/SCTP webrtc-datachannel
c=IN IP4 203.0.113.7
a=ice-ufrag:EsAw
a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y
a=ice-options:trickle
a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:48:F9:BE:7A:D7:6E:EC:C1:0E:35:8F:E0
a=setup:actpass
a=mid:2
a=sctp-port:5000
a=max-message-size:262144
)";

inline constexpr std::string_view kFirefoxOfferLf =
    R"(v=0
o=mozilla...THIS_IS_SDPARTA-128.0 5034927474214593291 0 IN IP4 0.0.0.0
s=-
t=0 0
a=fingerprint:sha-256 D2:B9:31:8F:DF:24:D8:0E:ED:D2:EF:25:9E:AF:6F:B8:34:AE:53:9C:E6:F3:8F:F2:64:15:FA:E8:7F:53:2D:38
a=group:BUNDLE 0 1 2
a=ice-options:trickle
a=msid-semantic:WMS *
m=audio 49664 UDP/TLS/RTP/SAVPF 109 9 0 8 101
c=IN IP4 198.51.100.23
a=candidate:0 1 UDP 2122252543 192.168.1.33 49664 typ host
a=candidate:4 1 UDP 2122187007 2001:db8:1::33 49665 typ host
a=candidate:2 1 TCP 2105524479 192.168.1.33 9 typ host tcptype active
a=candidate:3 1 TCP 2105458943 192.168.1.33 50012 typ host tcptype passive
a=candidate:1 1 UDP 1686052863 198.51.100.23 49664 typ srflx raddr 192.168.1.33 rport 49664
a=candidate:5 1 UDP 1677729535 198.51.100.23 51221 typ prflx raddr 192.168.1.33 rport 49664
a=candidate:6 1 UDP 92217087 203.0.113.50 60512 typ relay raddr 198.51.100.23 rport 49664
a=sendrecv
a=end-of-candidates
a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level
a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1
a=fmtp:101 0-15
a=ice-pwd:6f1c2b7a9e3d4c5b8a7f6e5d4c3b2a19
a=ice-ufrag:1d3f5a7c
a=mid:0
a=msid:{5f0e3c2a-7b6d-4e19-8c2f-1a3b5d7e9f01} {9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d}
a=rtcp-mux
a=rtpmap:109 opus/48000/2
a=rtpmap:9 G722/8000/1
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
a=setup:actpass
a=ssrc:1689482302 cname:{3c9e2b1d-4f5a-4b6c-8d7e-9f0a1b2c3d4e}
m=video 0 UDP/TLS/RTP/SAVPF 120 124 121 125 126 127 97 98
c=IN IP4 0.0.0.0
a=bundle-only
a=sendrecv
a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:4 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
a=extmap:5 urn:ietf:params:rtp-hdrext:toffset
a=extmap:6/recvonly http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
a=extmap:7 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
a=fmtp:126 profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1
a=fmtp:97 profile-level-id=42e01f;level-asymmetry-allowed=1
a=fmtp:120 max-fs=12288;max-fr=60
a=fmtp:124 apt=120
a=fmtp:121 max-fs=12288;max-fr=60
a=fmtp:125 apt=121
a=fmtp:127 apt=126
a=fmtp:98 apt=97
a=ice-pwd:6f1c2b7a9e3d4c5b8a7f6e5d4c3b2a19
a=ice-ufrag:1d3f5a7c
a=mid:1
a=msid:{5f0e3c2a-7b6d-4e19-8c2f-1a3b5d7e9f01} {0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e}
a=rtcp-fb:120 nack
a=rtcp-fb:120 nack pli
a=rtcp-fb:120 ccm fir
a=rtcp-fb:120 goog-remb
a=rtcp-fb:120 transport-cc
a=rtcp-fb:121 nack
a=rtcp-fb:121 nack pli
a=rtcp-fb:121 ccm fir
a=rtcp-fb:121 goog-remb
a=rtcp-fb:121 transport-cc
a=rtcp-fb:126 nack
a=rtcp-fb:126 nack pli
a=rtcp-fb:126 ccm fir
a=rtcp-fb:126 goog-remb
a=rtcp-fb:126 transport-cc
a=rtcp-fb:97 nack
a=rtcp-fb:97 nack pli
a=rtcp-fb:97 ccm fir
a=rtcp-fb:97 goog-remb
a=rtcp-fb:97 transport-cc
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:120 VP8/90000
a=rtpmap:124 rtx/90000
a=rtpmap:121 VP9/90000
a=rtpmap:125 rtx/90000
a=rtpmap:126 H264/90000
a=rtpmap:127 rtx/90000
a=rtpmap:97 H264/90000
a=rtpmap:98 rtx/90000
a=setup:actpass
a=ssrc:3231492000 cname:{3c9e2b1d-4f5a-4b6c-8d7e-9f0a1b2c3d4e}
a=ssrc:2883340223 cname:{3c9e2b1d-4f5a-4b6c-8d7e-9f0a1b2c3d4e}
a=ssrc-group:FID 3231492000 2883340223
m=application 0 UDP/DTLS/SCTP webrtc-datachannel
c=IN IP4 0.0.0.0
a=bundle-only
a=sendrecv
a=ice-pwd:6f1c2b7a9e3d4c5b8a7f6e5d4c3b2a19
a=ice-ufrag:1d3f5a7c
a=mid:2
a=setup:actpass
a=sctp-port:5000
a=max-message-size:1073741823
)";

inline const std::string& chrome_offer() {
    static const std::string text = with_crlf(kChromeOfferLf);
    return text;
}

inline const std::string& firefox_offer() {
    static const std::string text = with_crlf(kFirefoxOfferLf);
    return text;
}

}  // namespace rtclab::net::sdp::test
