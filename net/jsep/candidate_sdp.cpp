#include "net/jsep/candidate_sdp.h"

#include <algorithm>

namespace rtclab::net::jsep {

IceCandidateInit to_candidate_init(const sdp::Candidate& candidate, std::string mid,
                                   std::uint16_t mline_index, std::string ufrag) {
    IceCandidateInit init;
    init.candidate = sdp::to_string(candidate);  // "candidate:..." without "a="
    init.sdp_mid = std::move(mid);
    init.sdp_mline_index = mline_index;
    init.username_fragment = std::move(ufrag);
    return init;
}

bool represents_generation(const sdp::SessionDescription& d, std::size_t index,
                           const std::string& ufrag) {
    if (index >= d.media.size()) return false;
    return d.effective_transport(d.media[index]).ice_ufrag == ufrag;
}

bool add_candidate_line(sdp::SessionDescription& d, std::size_t index,
                        const sdp::Candidate& candidate) {
    if (index >= d.media.size()) return false;
    sdp::MediaSection& m = d.media[index];
    const auto existing = m.candidates();
    if (std::find(existing.begin(), existing.end(), candidate) != existing.end()) return false;
    m.add_candidate(candidate);
    return true;
}

bool add_end_of_candidates_line(sdp::SessionDescription& d, std::size_t index) {
    if (index >= d.media.size() || d.media[index].end_of_candidates()) return false;
    d.media[index].set_end_of_candidates(true);
    return true;
}

}  // namespace rtclab::net::jsep
