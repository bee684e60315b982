#include "net/sdp/section.h"

namespace rtclab::net::sdp {
namespace {

// Where a line goes when inserted into a section that has none of its type: the order
// browsers write. Session level: group, msid-semantic first (Chrome); media level: transport
// (candidates, ICE, DTLS) then identification (mid, extmap, direction, msid) then RTP
// (rtcp-mux, codecs, ssrc) then SCTP -- Chrome's order, which follows RFC 8829 §5.2.1.
// Raw lines have no place (-1) and are stepped over.
int conventional_rank(const LineValue& value) {
    struct Rank {
        int operator()(const Group&) const { return 0; }
        int operator()(const MsidSemantic&) const { return 1; }
        int operator()(const IceLite&) const { return 2; }
        int operator()(const Candidate&) const { return 3; }
        int operator()(const EndOfCandidates&) const { return 4; }
        int operator()(const IceUfrag&) const { return 5; }
        int operator()(const IcePwd&) const { return 6; }
        int operator()(const IceOptions&) const { return 7; }
        int operator()(const Fingerprint&) const { return 8; }
        int operator()(const SetupRole&) const { return 9; }
        int operator()(const Mid&) const { return 10; }
        int operator()(const BundleOnly&) const { return 11; }
        int operator()(const Extmap&) const { return 12; }
        int operator()(const Direction&) const { return 13; }
        int operator()(const Msid&) const { return 14; }
        int operator()(const RtcpMux&) const { return 15; }
        int operator()(const RtcpRsize&) const { return 16; }
        int operator()(const RtpMap&) const { return 17; }
        int operator()(const RtcpFeedback&) const { return 18; }
        int operator()(const Fmtp&) const { return 19; }
        int operator()(const SsrcGroup&) const { return 20; }
        int operator()(const Ssrc&) const { return 21; }
        int operator()(const SctpPort&) const { return 22; }
        int operator()(const MaxMessageSize&) const { return 23; }
        int operator()(const RawAttribute&) const { return -1; }
        int operator()(const RawLine&) const { return -1; }
    };
    return std::visit(Rank{}, value);
}

}  // namespace

std::size_t Section::conventional_index(const LineValue& value) const {
    const int rank = conventional_rank(value);
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (conventional_rank(lines[i].value) > rank) return i;
    return lines.size();
}

void Section::insert_conventional(LineValue value) {
    const std::size_t at = conventional_index(value);
    lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), Line(std::move(value)));
}

std::optional<std::string> Section::ice_ufrag() const {
    if (const auto* v = find<IceUfrag>()) return v->value;
    return std::nullopt;
}
void Section::set_ice_ufrag(std::string ufrag) {
    set(IceUfrag{std::move(ufrag)});
}

std::optional<std::string> Section::ice_pwd() const {
    if (const auto* v = find<IcePwd>()) return v->value;
    return std::nullopt;
}
void Section::set_ice_pwd(std::string pwd) {
    set(IcePwd{std::move(pwd)});
}

std::vector<std::string> Section::ice_options() const {
    if (const auto* v = find<IceOptions>()) return v->options;
    return {};
}
void Section::set_ice_options(std::vector<std::string> options) {
    if (options.empty()) {
        remove_all<IceOptions>();
    } else {
        set(IceOptions{std::move(options)});
    }
}

std::vector<Fingerprint> Section::fingerprints() const {
    return all<Fingerprint>();
}
std::optional<Fingerprint> Section::fingerprint() const {
    if (const auto* v = find<Fingerprint>()) return *v;
    return std::nullopt;
}
void Section::set_fingerprint(Fingerprint fingerprint) {
    // Keep the first line where it stands, drop any others.
    bool kept = false;
    std::erase_if(lines, [&](const Line& line) {
        if (!std::holds_alternative<Fingerprint>(line.value)) return false;
        if (kept) return true;
        kept = true;
        return false;
    });
    set(std::move(fingerprint));
}

std::optional<SetupRole> Section::setup() const {
    if (const auto* v = find<SetupRole>()) return *v;
    return std::nullopt;
}
void Section::set_setup(SetupRole role) {
    set(role);
}

TransportParameters Section::transport() const {
    return TransportParameters{ice_ufrag(), ice_pwd(), ice_options(), fingerprints(), setup()};
}

void Section::set_transport(const TransportParameters& params) {
    if (params.ice_ufrag) set_ice_ufrag(*params.ice_ufrag);
    if (params.ice_pwd) set_ice_pwd(*params.ice_pwd);
    if (!params.ice_options.empty()) set_ice_options(params.ice_options);
    if (!params.fingerprints.empty()) {
        set_fingerprint(params.fingerprints.front());
        for (std::size_t i = 1; i < params.fingerprints.size(); ++i)
            add(params.fingerprints[i]);
    }
    if (params.setup) set_setup(*params.setup);
}

}  // namespace rtclab::net::sdp
