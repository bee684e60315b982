#include "net/jsep/bundle_transport.h"

#include <algorithm>

namespace rtclab::net::jsep {

std::optional<std::size_t> bundle_tag_index(const sdp::SessionDescription& d) {
    if (auto group = d.bundle_group(); group && !group->mids.empty()) {
        for (std::size_t i = 0; i < d.media.size(); ++i)
            if (d.media[i].mid() == group->mids.front() && !d.media[i].is_rejected() &&
                !d.media[i].is_bundle_only())
                return i;
    }
    for (std::size_t i = 0; i < d.media.size(); ++i)
        if (!d.media[i].is_rejected() && !d.media[i].is_bundle_only()) return i;
    return std::nullopt;
}

std::optional<BundleTransport> bundle_transport(const sdp::SessionDescription& d) {
    const auto tag = bundle_tag_index(d);
    if (!tag) return std::nullopt;
    return BundleTransport{*tag, d.effective_transport(d.media[*tag]), d.ice_lite()};
}

std::vector<sdp::Candidate> description_candidates(const sdp::SessionDescription& d) {
    std::vector<sdp::Candidate> out;
    for (const auto& m : d.media) {
        if (m.is_rejected()) continue;
        for (auto& c : m.candidates())
            if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(std::move(c));
    }
    return out;
}

bool description_end_of_candidates(const sdp::SessionDescription& d) {
    return std::any_of(d.media.begin(), d.media.end(), [](const sdp::MediaSection& m) {
        return !m.is_rejected() && m.end_of_candidates();
    });
}

}  // namespace rtclab::net::jsep
