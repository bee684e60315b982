#include "net/sdp/offer_builder.h"

namespace rtclab::net::sdp {

SessionDescription make_offer(const OfferShape& shape) {
    SessionDescription d = SessionDescription::make(shape.session_id, shape.session_version);

    TransportParameters transport = shape.transport;
    // RFC 5763 §5: "The endpoint that is the offerer MUST use the setup attribute value of
    // setup:actpass".
    if (!transport.setup) transport.setup = SetupRole::kActpass;
    // RFC 8840 §4.1.1: an agent that supports trickle ICE says so with ice-options:trickle.
    if (transport.ice_options.empty()) transport.ice_options = {"trickle"};

    std::vector<std::string> mids;
    auto next_mid = [&] {
        mids.push_back(std::to_string(mids.size()));
        return mids.back();
    };
    // JSEP (RFC 8829 §5.2.1) gives a track without a stream the stream id "-".
    auto track_msid = [&](const char* kind) {
        return Msid{shape.stream_id.value_or("-"), std::string(kind) + "-track"};
    };

    if (shape.audio) {
        MediaSection& m = d.add_media(MediaSection::make_audio(next_mid(), transport));
        m.set_msid(track_msid("audio"));
    }
    if (shape.video) {
        MediaSection& m = d.add_media(MediaSection::make_video(next_mid(), transport));
        m.set_msid(track_msid("video"));
    }
    if (shape.data_channel) d.add_media(MediaSection::make_data_channel(next_mid(), transport));

    // RFC 8829 §5.2.1: "an "a=group:BUNDLE" attribute MUST be added" naming the sections.
    d.set_bundle_group(mids);
    return d;
}

}  // namespace rtclab::net::sdp
