// PacketView: what the packet inspector shows at the cursor — which packet (the cursor's event,
// or the latest packet shortly before it), the whole frame as the pcapng export writes it (IPv4
// or IPv6 header, UDP header, payload: sim/ip_udp.h), its fields decoded layer by layer, and the
// hex dump pre-formatted — and PacketViewCache, which rebuilds it when the cursor moves.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "net/core/address.h"
#include "net/core/bytes.h"
#include "sim/trace.h"
#include "ui/gui/model/packet_fields.h"
#include "ui/gui/model/payload_fields.h"
#include "ui/gui/model/stun_credentials.h"

namespace rtclab::gui {

inline constexpr std::size_t kHexBytesPerRow = 16;
// When the cursor's event carries no packet, the inspector shows the latest packet among this
// many events before it (a NAT decision shows the packet it decided about).
inline constexpr std::size_t kPacketLookBack = 64;
// A response's request is searched for among this many events before it (RFC 8489 §9.1.3:
// a response is checked with its request's key; the request went out one round trip earlier).
inline constexpr std::size_t kRequestLookBack = 2048;

// One event's packet, as docs/trace-format.md's `packet` describes it.
struct TracePacket {
    std::string link;
    net::TransportAddress src, dst;
    net::Bytes payload;      // the UDP payload
    bool captured = false;   // the pcapng export writes it (a packet.* event with a valid frame)
};

// The packet an event carries (packet.*, link.loss, net.unreachable, net.no-host,
// host.port-unreachable),
// or nullopt.
std::optional<TracePacket> packet_of_event(const sim::Trace& trace, std::size_t event);

struct PacketView {
    static constexpr std::ptrdiff_t kNoEvent = -1;

    std::ptrdiff_t event = kNoEvent;  // the event whose packet is shown
    bool at_cursor = false;           // it is the cursor's event (else the latest before it)
    std::string heading;              // "event 57: packet.stun", "packet of event 57", "no packet at this step"
    std::string route;                // "internet: 192.168.1.10:5000 → 203.0.113.1:3478" (link: hop)
    net::Bytes frame;                 // IP header + UDP header + payload
    FieldTree fields;
    std::vector<std::size_t> field_of_byte;  // the innermost field of each frame byte
    std::string hex;                  // two lower-case hex digits per frame byte
    std::string ascii;                // one character per frame byte, '.' when not printable
    std::vector<std::string> row_offsets;    // "0000", "0010", … one per kHexBytesPerRow bytes

    bool empty() const { return event == kNoEvent; }
    std::size_t rows() const { return row_offsets.size(); }
};

// The view of one packet: the frame is build_ip_udp(src, dst, payload, ip_id) — what the pcapng
// export writes for the same packet when ip_id is its number there — decoded with `context`.
PacketView make_packet_view(std::ptrdiff_t event, const TracePacket& packet, std::uint16_t ip_id,
                            const PayloadContext& context);

// A view of any frame bytes (tests, and frames that do not come from a trace).
PacketView make_frame_view(net::ByteView frame, const PayloadContext& context);

class PacketViewCache {
public:
    // Rebuilds the view for the step `cursor` of `trace` (kStart: none), with `state` the
    // state document at that step (for the ICE credentials in the descriptions).
    void update(const sim::Trace& trace, const nlohmann::json& state, std::ptrdiff_t cursor);
    const PacketView& view() const { return view_; }

    // The IPv4 identification the pcapng export gives the packet of `event`: it numbers the
    // captured packets from kFirstIpId (sim/pcapng_writer.h).
    std::uint16_t ip_id_of(const sim::Trace& trace, std::size_t event);

private:
    const StunCredentials* credentials(const sim::Trace& trace, const nlohmann::json& state);

    const sim::Trace* trace_ = nullptr;         // the trace the caches below describe
    std::vector<std::uint32_t> captured_before_;  // per event: captured packets before it
    std::vector<std::string> credential_sdps_;  // the descriptions credentials_ was built from
    std::optional<StunCredentials> credentials_;
    PacketView view_;
};

}  // namespace rtclab::gui
