#include "sim/trace.h"

namespace rtclab::sim {

LaneId Trace::add_lane(std::string id, std::string label, std::string kind) {
    lanes.push_back(Lane{std::move(id), std::move(label), std::move(kind)});
    return static_cast<LaneId>(lanes.size() - 1);
}

LaneId Trace::lane_index(std::string_view id) const {
    for (std::size_t i = 0; i < lanes.size(); ++i) {
        if (lanes[i].id == id) return static_cast<LaneId>(i);
    }
    return kNoLane;
}

void Trace::record_hop(net::Instant t, LaneId from, LaneId to, const PacketHop& hop) {
    record_simple(t, EventKind::kPacket, from, to, hop);
}

void Trace::record_simple(net::Instant t, EventKind kind, LaneId from, LaneId to,
                          const PacketHop& hop) {
    if (!recording_) return;
    events_.push_back(Event{t.us, kind, from, to, static_cast<std::uint32_t>(hops_.size())});
    hops_.push_back(hop);
}

void Trace::record_nat(net::Instant t, EventKind kind, LaneId lane, const NatRecord& rec) {
    if (!recording_) return;
    events_.push_back(Event{t.us, kind, lane, kNoLane, static_cast<std::uint32_t>(nat_records_.size())});
    nat_records_.push_back(rec);
}

void Trace::record_generic(net::Instant t, LaneId from, LaneId to, GenericEvent ev) {
    if (!recording_) return;
    events_.push_back(Event{t.us, EventKind::kGeneric, from, to, static_cast<std::uint32_t>(generic_.size())});
    generic_.push_back(std::move(ev));
}

void Trace::clear_events() {
    events_.clear();
    hops_.clear();
    nat_records_.clear();
    generic_.clear();
    packets_.clear();
}

}  // namespace rtclab::sim
