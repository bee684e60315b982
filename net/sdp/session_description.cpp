#include "net/sdp/session_description.h"

namespace rtclab::net::sdp {

SessionDescription SessionDescription::make(std::uint64_t session_id,
                                            std::uint64_t session_version) {
    SessionDescription d;
    d.version = 0;
    d.origin = Origin{"-", session_id, session_version, "IN", "IP4", "0.0.0.0"};
    d.session_name = "-";
    d.timing = Timing{0, 0};
    d.set_msid_semantic(MsidSemantic{"WMS", {"*"}});
    return d;
}

std::optional<Group> SessionDescription::bundle_group() const {
    for (const auto& line : lines)
        if (const auto* g = std::get_if<Group>(&line.value); g && g->is_bundle()) return *g;
    return std::nullopt;
}

void SessionDescription::set_bundle_group(std::vector<std::string> mids) {
    for (auto& line : lines) {
        if (auto* g = std::get_if<Group>(&line.value); g && g->is_bundle()) {
            g->mids = std::move(mids);
            return;
        }
    }
    add(Group{"BUNDLE", std::move(mids)});
}

std::optional<MsidSemantic> SessionDescription::msid_semantic() const {
    if (const auto* v = find<MsidSemantic>()) return *v;
    return std::nullopt;
}

MediaSection& SessionDescription::add_media(MediaSection section) {
    media.push_back(std::move(section));
    return media.back();
}

MediaSection* SessionDescription::find_media(std::string_view mid) {
    for (auto& m : media)
        if (const auto* v = m.find<Mid>(); v && v->value == mid) return &m;
    return nullptr;
}

const MediaSection* SessionDescription::find_media(std::string_view mid) const {
    for (const auto& m : media)
        if (const auto* v = m.find<Mid>(); v && v->value == mid) return &m;
    return nullptr;
}

TransportParameters SessionDescription::effective_transport(const MediaSection& section) const {
    TransportParameters params = section.transport();
    const TransportParameters session = transport();
    if (!params.ice_ufrag) params.ice_ufrag = session.ice_ufrag;
    if (!params.ice_pwd) params.ice_pwd = session.ice_pwd;
    if (params.ice_options.empty()) params.ice_options = session.ice_options;
    if (params.fingerprints.empty()) params.fingerprints = session.fingerprints;
    if (!params.setup) params.setup = session.setup;
    return params;
}

std::optional<ConnectionData> SessionDescription::effective_connection(
    const MediaSection& section) const {
    return section.connection ? section.connection : connection;
}

}  // namespace rtclab::net::sdp
