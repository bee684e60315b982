// MediaSection: one media description (RFC 8866 §5.14) -- an m= line and the lines under it,
// up to the next m= line. In WebRTC each one is a transceiver (audio or video) or the data
// channel association (RFC 8829 §5.2.1).
//
//   m=audio 9 UDP/TLS/RTP/SAVPF 111 63 0      <- media, port, protocol, formats
//   c=IN IP4 0.0.0.0                          <- connection data
//   a=mid:0                                   <- then the lines, in order
//   ...
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/core/result.h"
#include "net/sdp/connection_data.h"
#include "net/sdp/section.h"

namespace rtclab::net::sdp {

struct MediaSection : Section {
    // m=<media> <port>[/<number of ports>] <proto> <fmt> ...
    std::string media = "audio";  // "audio", "video", "application", "text", "message", token
    // JSEP writes 9 (the "discard" port) until a default candidate is chosen (RFC 8829
    // §5.2.1); 0 rejects the section, unless it is bundle-only (RFC 8843 §6, RFC 3264 §6).
    std::uint16_t port = 9;
    std::optional<std::uint16_t> port_count;  // the "/2" of "49170/2"; WebRTC never uses it
    // "UDP/TLS/RTP/SAVPF" (RTP over DTLS-SRTP with feedback, RFC 5764 §8), "UDP/DTLS/SCTP"
    // (data channels, RFC 8841 §4), or older spellings ("RTP/SAVPF", "DTLS/SCTP").
    std::string protocol = "UDP/TLS/RTP/SAVPF";
    // RTP payload type numbers as text ("111"), or "webrtc-datachannel" (RFC 8841 §4).
    std::vector<std::string> formats;
    std::optional<ConnectionData> connection;  // c= (RFC 8866 §5.7)

    // The text after "m=": "audio 9 UDP/TLS/RTP/SAVPF 111 63 0".
    std::string media_line() const;
    // Reads the value of an m= line. RTP protocols must list payload types 0-127 (RFC 8866
    // §5.14: "the <fmt> sub-fields contain RTP payload type numbers"). Errors name the field.
    static Result<MediaSection> parse_media_line(std::string_view value);

    // True when the protocol carries RTP (its name contains "RTP/").
    bool is_rtp() const;
    // RFC 8843 §6: port 0 with a=bundle-only -- a section that exists only inside BUNDLE.
    bool is_bundle_only() const;
    // RFC 3264 §6: port 0 without bundle-only -- the answerer rejected it (or the offerer
    // stopped it).
    bool is_rejected() const;

    // --- identification ----------------------------------------------------------------------
    std::optional<std::string> mid() const;
    void set_mid(std::string mid);
    std::optional<Msid> msid() const;
    void set_msid(Msid msid);
    // RFC 8866 §6.7: "If none of the attributes "sendonly", "recvonly", "inactive", and
    // "sendrecv" is present, "sendrecv" SHOULD be assumed".
    Direction direction() const;
    void set_direction(Direction direction);

    // --- ICE candidates (RFC 8839 §5.1, RFC 8840) -----------------------------------------------
    std::vector<Candidate> candidates() const;
    // After the last candidate (or where browsers put the first), before a=end-of-candidates.
    void add_candidate(Candidate candidate);
    std::size_t remove_candidates() { return remove_all<Candidate>(); }
    bool end_of_candidates() const { return has<EndOfCandidates>(); }
    void set_end_of_candidates(bool on);

    // --- RTP ---------------------------------------------------------------------------------
    bool rtcp_mux() const { return has<RtcpMux>(); }
    void set_rtcp_mux(bool on) { set_flag<RtcpMux>(on); }
    bool rtcp_rsize() const { return has<RtcpRsize>(); }
    void set_rtcp_rsize(bool on) { set_flag<RtcpRsize>(on); }
    std::vector<RtpMap> rtp_maps() const { return all<RtpMap>(); }
    std::optional<RtpMap> rtp_map(std::uint8_t payload_type) const;
    std::optional<Fmtp> fmtp(std::uint8_t payload_type) const;
    // The feedback for one payload type, including the "*" lines that apply to all.
    std::vector<RtcpFeedback> rtcp_feedback(std::uint8_t payload_type) const;
    std::vector<Extmap> extmaps() const { return all<Extmap>(); }
    std::vector<Ssrc> ssrcs() const { return all<Ssrc>(); }
    // Adds a codec the way Chrome writes one: a=rtpmap, then its a=rtcp-fb lines, then its
    // a=fmtp, appended after the last codec line; and lists the payload type on the m= line
    // if it is not there yet.
    void add_codec(const RtpMap& map, const std::vector<std::string>& feedback = {},
                   std::optional<std::string> fmtp_parameters = std::nullopt);

    // --- SCTP (RFC 8841) ---------------------------------------------------------------------
    std::optional<std::uint16_t> sctp_port() const;
    void set_sctp_port(std::uint16_t port) { set(SctpPort{port}); }
    std::optional<std::uint64_t> max_message_size() const;
    void set_max_message_size(std::uint64_t bytes) { set(MaxMessageSize{bytes}); }

    bool bundle_only() const { return has<BundleOnly>(); }
    void set_bundle_only(bool on) { set_flag<BundleOnly>(on); }

    // --- building sections from scratch (see also make_offer in offer_builder.h) --------------
    // What JSEP's createOffer writes for a new transceiver or data channel (RFC 8829 §5.2.1):
    // port 9 and c=IN IP4 0.0.0.0 until candidates exist, the transport parameters, a=mid,
    // and for RTP the MID header extension (RFC 8843), a direction, a=rtcp-mux and one
    // codec:
    //   audio: Opus as payload type 111 (opus/48000/2, fmtp minptime=10;useinbandfec=1),
    //   video: VP8 as payload type 96 (VP8/90000; rtcp-fb ccm fir, nack, nack pli;
    //          a=rtcp-rsize),
    //   data:  m=application 9 UDP/DTLS/SCTP webrtc-datachannel, a=sctp-port:5000,
    //          a=max-message-size:262144.
    // Lines come in Chrome's order, so the output looks like what a browser sends.
    static MediaSection make_audio(std::string mid, const TransportParameters& transport,
                                   Direction direction = Direction::kSendRecv);
    static MediaSection make_video(std::string mid, const TransportParameters& transport,
                                   Direction direction = Direction::kSendRecv);
    static MediaSection make_data_channel(std::string mid, const TransportParameters& transport);
};

}  // namespace rtclab::net::sdp
