#include "net/sdp/media_section.h"

#include "net/sdp/field_text.h"

namespace rtclab::net::sdp {

std::string MediaSection::media_line() const {
    std::string out = media + " " + std::to_string(port);
    if (port_count) out += "/" + std::to_string(*port_count);
    out += " " + protocol;
    for (const auto& format : formats)
        out += " " + format;
    return out;
}

bool MediaSection::is_rtp() const {
    return protocol.find("RTP/") != std::string::npos;
}

Result<MediaSection> MediaSection::parse_media_line(std::string_view value) {
    const auto f = split_fields(value);
    // m=<media> <port>[/<number of ports>] <proto> 1*(SP <fmt>)   (RFC 8866 §5.14, §9)
    if (f.size() < 4)
        return make_error("has " + std::to_string(f.size()) + " field" +
                          (f.size() == 1 ? "" : "s") +
                          ", it needs at least 4: <media> <port> <proto> <fmt> ...");
    MediaSection m;
    if (!is_token(f[0])) return make_error("media " + quoted(f[0]) + " is not a token");
    m.media = std::string(f[0]);

    const std::size_t slash = f[1].find('/');
    auto port = parse_decimal(f[1].substr(0, slash), "port", 0, 65535);
    if (!port) return port.error();
    m.port = static_cast<std::uint16_t>(*port);
    if (slash != std::string_view::npos) {
        auto count = parse_decimal(f[1].substr(slash + 1), "number of ports", 1, 65535);
        if (!count) return count.error();
        m.port_count = static_cast<std::uint16_t>(*count);
    }

    // proto = token *("/" token)
    for (char c : f[2])
        if (!is_token_char(c) && c != '/')
            return make_error("protocol " + quoted(f[2]) + " is not tokens separated by '/'");
    m.protocol = std::string(f[2]);

    for (std::size_t i = 3; i < f.size(); ++i) {
        if (m.is_rtp()) {
            auto pt = parse_decimal(f[i], "payload type", 0, 127);
            if (!pt) return pt.error();
        } else if (!is_token(f[i])) {
            return make_error("format " + quoted(f[i]) + " is not a token");
        }
        m.formats.emplace_back(f[i]);
    }
    return m;
}

bool MediaSection::is_bundle_only() const {
    return port == 0 && bundle_only();
}

bool MediaSection::is_rejected() const {
    return port == 0 && !bundle_only();
}

std::optional<std::string> MediaSection::mid() const {
    if (const auto* v = find<Mid>()) return v->value;
    return std::nullopt;
}
void MediaSection::set_mid(std::string mid) {
    set(Mid{std::move(mid)});
}

std::optional<Msid> MediaSection::msid() const {
    if (const auto* v = find<Msid>()) return *v;
    return std::nullopt;
}
void MediaSection::set_msid(Msid msid) {
    set(std::move(msid));
}

Direction MediaSection::direction() const {
    if (const auto* v = find<Direction>()) return *v;
    return Direction::kSendRecv;
}
void MediaSection::set_direction(Direction direction) {
    set(direction);
}

std::vector<Candidate> MediaSection::candidates() const {
    return all<Candidate>();
}
void MediaSection::add_candidate(Candidate candidate) {
    add(std::move(candidate));
}
void MediaSection::set_end_of_candidates(bool on) {
    set_flag<EndOfCandidates>(on);
}

std::optional<RtpMap> MediaSection::rtp_map(std::uint8_t payload_type) const {
    for (const auto& line : lines)
        if (const auto* v = std::get_if<RtpMap>(&line.value); v && v->payload_type == payload_type)
            return *v;
    return std::nullopt;
}

std::optional<Fmtp> MediaSection::fmtp(std::uint8_t payload_type) const {
    for (const auto& line : lines)
        if (const auto* v = std::get_if<Fmtp>(&line.value); v && v->payload_type == payload_type)
            return *v;
    return std::nullopt;
}

std::vector<RtcpFeedback> MediaSection::rtcp_feedback(std::uint8_t payload_type) const {
    std::vector<RtcpFeedback> out;
    for (const auto& line : lines)
        if (const auto* v = std::get_if<RtcpFeedback>(&line.value);
            v && (!v->payload_type || *v->payload_type == payload_type))
            out.push_back(*v);
    return out;
}

void MediaSection::add_codec(const RtpMap& map, const std::vector<std::string>& feedback,
                             std::optional<std::string> fmtp_parameters) {
    // Where the new codec's lines start: after the last codec line, else at the rtpmap's
    // conventional place.
    std::size_t at = lines.size();
    bool found = false;
    for (std::size_t i = lines.size(); i-- > 0;) {
        const auto& v = lines[i].value;
        if (std::holds_alternative<RtpMap>(v) || std::holds_alternative<RtcpFeedback>(v) ||
            std::holds_alternative<Fmtp>(v)) {
            at = i + 1;
            found = true;
            break;
        }
    }
    std::vector<Line> codec_lines;
    codec_lines.emplace_back(LineValue{map});
    for (const auto& fb : feedback) {
        auto parsed = RtcpFeedback::parse(std::to_string(map.payload_type) + " " + fb);
        RtcpFeedback entry = parsed ? *parsed : RtcpFeedback{map.payload_type, fb, ""};
        codec_lines.emplace_back(LineValue{std::move(entry)});
    }
    if (fmtp_parameters)
        codec_lines.emplace_back(LineValue{Fmtp{map.payload_type, std::move(*fmtp_parameters)}});
    if (!found) at = conventional_index(LineValue{map});
    lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), codec_lines.begin(),
                 codec_lines.end());

    const std::string pt = std::to_string(map.payload_type);
    bool listed = false;
    for (const auto& f : formats)
        listed = listed || f == pt;
    if (!listed) formats.push_back(pt);
}

std::optional<std::uint16_t> MediaSection::sctp_port() const {
    if (const auto* v = find<SctpPort>()) return v->port;
    return std::nullopt;
}

std::optional<std::uint64_t> MediaSection::max_message_size() const {
    if (const auto* v = find<MaxMessageSize>()) return v->bytes;
    return std::nullopt;
}

namespace {

// The start every offered section shares (RFC 8829 §5.2.1): "the port value set to the
// port of the default ICE candidate" -- none yet, so 9 -- and c=IN IP4 0.0.0.0.
MediaSection make_section(std::string media, std::string protocol, std::string mid,
                          const TransportParameters& transport) {
    MediaSection m;
    m.media = std::move(media);
    m.port = 9;
    m.protocol = std::move(protocol);
    m.connection = ConnectionData{"IN", "IP4", "0.0.0.0"};
    m.set_transport(transport);
    m.set_mid(std::move(mid));
    return m;
}

// The MID RTP header extension (defined by RFC 8843): how bundled RTP packets say which section
// they belong to.
constexpr const char* kMidExtensionUri = "urn:ietf:params:rtp-hdrext:sdes:mid";

}  // namespace

MediaSection MediaSection::make_audio(std::string mid, const TransportParameters& transport,
                                      Direction direction) {
    MediaSection m = make_section("audio", "UDP/TLS/RTP/SAVPF", std::move(mid), transport);
    m.add(Extmap{4, std::nullopt, kMidExtensionUri, ""});
    m.set_direction(direction);
    m.set_rtcp_mux(true);
    // Opus (RFC 7587 §7): "The RTP clock rate in "a=rtpmap" MUST be 48000, and the number of
    // channels MUST be 2", whatever is actually sent.
    m.add_codec(RtpMap{111, "opus", 48000, 2}, {}, "minptime=10;useinbandfec=1");
    return m;
}

MediaSection MediaSection::make_video(std::string mid, const TransportParameters& transport,
                                      Direction direction) {
    MediaSection m = make_section("video", "UDP/TLS/RTP/SAVPF", std::move(mid), transport);
    m.add(Extmap{4, std::nullopt, kMidExtensionUri, ""});
    m.set_direction(direction);
    m.set_rtcp_mux(true);
    m.set_rtcp_rsize(true);
    // VP8 (RFC 7741 §6): clock rate 90000. Video needs loss repair: NACK (RFC 4585),
    // picture loss indication and full intra request (RFC 5104) ask for a new key frame.
    m.add_codec(RtpMap{96, "VP8", 90000, std::nullopt}, {"ccm fir", "nack", "nack pli"});
    return m;
}

MediaSection MediaSection::make_data_channel(std::string mid,
                                             const TransportParameters& transport) {
    // RFC 8841 §4: "UDP/DTLS/SCTP", SCTP over DTLS over UDP (ICE), with the association usage
    // "webrtc-datachannel" of RFC 8831 as the format.
    MediaSection m = make_section("application", "UDP/DTLS/SCTP", std::move(mid), transport);
    m.formats = {"webrtc-datachannel"};
    m.set_sctp_port(5000);
    m.set_max_message_size(262144);
    return m;
}

}  // namespace rtclab::net::sdp
