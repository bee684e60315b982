#include "ui/gui/model/packet_view.h"

#include <algorithm>
#include <cstdio>

#include "net/core/hex.h"
#include "net/stun/attribute_type.h"
#include "net/stun/header.h"
#include "net/stun/message_type.h"
#include "net/turn/channel_data.h"
#include "sim/ip_udp.h"
#include "sim/pcapng_writer.h"
#include "sim/trace_format.h"
#include "ui/gui/model/ip_udp_fields.h"

namespace rtclab::gui {

namespace {

namespace stun = net::stun;

constexpr const char* kDescriptionKeys[] = {"pendingLocalDescription", "currentLocalDescription",
                                            "pendingRemoteDescription", "currentRemoteDescription"};

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// Whether the pcapng export writes this event's packet (sim/trace_pcapng.cpp: packet.* events
// whose addresses and payload make an IP datagram).
bool is_captured(const sim::Trace& trace, std::size_t i) {
    const sim::Event& e = trace.event(i);
    if (e.kind == sim::EventKind::kPacket) {
        const sim::PacketHop& h = trace.hop(e);
        return sim::check_ip_udp(h.src, h.dst, trace.packet_bytes(h.packet).size()).ok();
    }
    if (e.kind != sim::EventKind::kGeneric || !starts_with(trace.generic(e).kind, "packet.")) return false;
    const auto packet = packet_of_event(trace, i);
    return packet && packet->captured;
}

// The value of the first attribute of `type` in a STUN message, found by walking its
// attributes (RFC 8489 §14) without decoding them.
std::optional<net::ByteView> attribute_value(net::ByteView msg, std::uint16_t type) {
    std::size_t p = stun::kHeaderSize;
    while (p + 4 <= msg.size()) {
        const std::uint16_t t = net::load_u16(msg.data() + p);
        const std::size_t len = net::load_u16(msg.data() + p + 2);
        if (len > msg.size() - p - 4) return std::nullopt;
        if (t == type) return msg.subspan(p + 4, len);
        p += 4 + ((len + 3) & ~std::size_t{3});
    }
    return std::nullopt;
}

// The STUN message a payload is, or carries one level down: an ICE check relayed by TURN sits
// in a Send / Data indication's DATA (RFC 8656 §10) or in a ChannelData message (§12).
std::optional<net::ByteView> carried_stun(net::ByteView payload) {
    if (stun::looks_like_stun(payload)) {
        if (const auto data = attribute_value(payload, stun::attr::kData); data && stun::looks_like_stun(*data))
            return data;
        return payload;
    }
    if (net::turn::looks_like_channel_data(payload) && payload.size() >= net::turn::kChannelDataHeaderSize) {
        const std::size_t len = net::load_u16(payload.data() + 2);
        const auto data = payload.subspan(4, std::min(len, payload.size() - 4));
        if (stun::looks_like_stun(data)) return data;
    }
    return std::nullopt;
}

// RFC 8489 §6.3.3: a response is matched to its request by the transaction id.
std::optional<stun::Message> find_request(const sim::Trace& trace, std::size_t event, const stun::TransactionId& id) {
    const std::size_t stop = event > kRequestLookBack ? event - kRequestLookBack : 0;
    for (std::size_t j = event; j-- > stop;) {
        const auto packet = packet_of_event(trace, j);
        if (!packet) continue;
        const auto msg = carried_stun(packet->payload);
        if (!msg || stun::class_of_type(net::load_u16(msg->data())) != stun::MessageClass::kRequest) continue;
        if (!std::equal(id.begin(), id.end(), msg->begin() + stun::kTransactionIdOffset)) continue;
        auto m = stun::parse_message(*msg);
        if (m.ok()) return std::move(*m);
    }
    return std::nullopt;
}

void format_hex(PacketView& v) {
    static constexpr char kDigits[] = "0123456789abcdef";
    v.hex.clear();
    v.ascii.clear();
    v.hex.reserve(2 * v.frame.size());
    v.ascii.reserve(v.frame.size());
    for (const std::uint8_t b : v.frame) {
        v.hex += kDigits[b >> 4];
        v.hex += kDigits[b & 0xf];
        v.ascii += (b >= 0x20 && b < 0x7f) ? static_cast<char>(b) : '.';
    }
    v.row_offsets.clear();
    for (std::size_t off = 0; off < v.frame.size(); off += kHexBytesPerRow) {
        char buf[24];  // a size_t in hex needs up to 16 digits
        std::snprintf(buf, sizeof buf, "%04zx", off);
        v.row_offsets.emplace_back(buf);
    }
}

}  // namespace

std::optional<TracePacket> packet_of_event(const sim::Trace& trace, std::size_t i) {
    if (i >= trace.size()) return std::nullopt;
    const sim::Event& e = trace.event(i);
    switch (e.kind) {
        case sim::EventKind::kPacket:
        case sim::EventKind::kLinkLoss:
        case sim::EventKind::kNoRoute:
        case sim::EventKind::kNoHostOnLink:
        case sim::EventKind::kPortUnreachable: {
            const sim::PacketHop& h = trace.hop(e);
            TracePacket p;
            p.link = h.network < trace.networks.size() ? trace.networks[h.network] : std::string();
            p.src = h.src;
            p.dst = h.dst;
            const net::ByteView bytes = trace.packet_bytes(h.packet);
            p.payload.assign(bytes.begin(), bytes.end());
            p.captured = e.kind == sim::EventKind::kPacket && sim::check_ip_udp(p.src, p.dst, p.payload.size()).ok();
            return p;
        }
        case sim::EventKind::kGeneric: {
            const sim::GenericEvent& g = trace.generic(e);
            if (!g.packet.is_object()) return std::nullopt;
            const auto text = [&](const char* key) {
                const auto it = g.packet.find(key);
                return it != g.packet.end() && it->is_string() ? it->get<std::string>() : std::string();
            };
            const auto src = net::TransportAddress::parse(text("src"));
            const auto dst = net::TransportAddress::parse(text("dst"));
            auto bytes = net::parse_hex(text("hex"));
            if (!src.ok() || !dst.ok() || !bytes.ok()) return std::nullopt;
            TracePacket p;
            p.link = text("link");
            p.src = *src;
            p.dst = *dst;
            p.payload = std::move(*bytes);
            p.captured = starts_with(g.kind, "packet.") && sim::check_ip_udp(p.src, p.dst, p.payload.size()).ok();
            return p;
        }
        default: return std::nullopt;  // NAT decisions: the hop events beside them carry the packet
    }
}

PacketView make_frame_view(net::ByteView frame, const PayloadContext& context) {
    PacketView v;
    v.frame.assign(frame.begin(), frame.end());
    v.fields = decode_frame(v.frame, context);
    v.field_of_byte = v.fields.innermost_by_byte(v.frame.size());
    format_hex(v);
    return v;
}

PacketView make_packet_view(std::ptrdiff_t event, const TracePacket& packet, std::uint16_t ip_id,
                            const PayloadContext& context) {
    PacketView v;
    if (const auto ok = sim::check_ip_udp(packet.src, packet.dst, packet.payload.size()); ok.ok()) {
        v = make_frame_view(sim::build_ip_udp(packet.src, packet.dst, packet.payload, ip_id), context);
    } else {
        // No IP datagram can carry it (mixed address families, or too large): show the payload.
        v.frame = packet.payload;
        v.fields.add("no IP datagram", ok.error().message, 0, 0, FieldTone::kError);
        decode_payload(v.fields, v.frame, 0, v.frame.size(), context);
        v.fields.close_all();
        v.field_of_byte = v.fields.innermost_by_byte(v.frame.size());
        format_hex(v);
    }
    v.event = event;
    v.route = (packet.link.empty() ? std::string() : packet.link + ": ") + packet.src.to_string() + " → " +
              packet.dst.to_string();
    return v;
}

std::uint16_t PacketViewCache::ip_id_of(const sim::Trace& trace, std::size_t event) {
    if (trace_ != &trace) {
        trace_ = &trace;
        captured_before_.clear();
        credential_sdps_.clear();
        credentials_.reset();
    }
    while (captured_before_.size() <= event && captured_before_.size() < trace.size()) {
        const std::size_t i = captured_before_.size();
        captured_before_.push_back(i == 0 ? 0 : captured_before_[i - 1] + (is_captured(trace, i - 1) ? 1 : 0));
    }
    const std::uint32_t n = event < captured_before_.size() ? captured_before_[event] : 0;
    return static_cast<std::uint16_t>(sim::kFirstIpId + n);  // the writer's counter wraps at 16 bits
}

const StunCredentials* PacketViewCache::credentials(const sim::Trace& trace, const nlohmann::json& state) {
    // The credentials change only when a description does: compare the SDP texts, and gather
    // again (parse the SDP) only then.
    std::vector<std::string> sdps;
    if (const auto peers = state.find("peers"); peers != state.end() && peers->is_object()) {
        for (const auto& [name, peer] : peers->items()) {
            if (!peer.is_object()) continue;
            for (const char* key : kDescriptionKeys) {
                const auto d = peer.find(key);
                if (d == peer.end() || !d->is_object()) continue;
                const auto sdp = d->find("sdp");
                if (sdp != d->end() && sdp->is_string()) sdps.push_back(name + "\n" + sdp->get<std::string>());
            }
        }
    }
    if (!credentials_ || sdps != credential_sdps_) {
        credentials_ = StunCredentials::from_trace(trace.topology, state);
        credential_sdps_ = std::move(sdps);
    }
    return &*credentials_;
}

void PacketViewCache::update(const sim::Trace& trace, const nlohmann::json& state, std::ptrdiff_t cursor) {
    if (trace_ != &trace) ip_id_of(trace, 0);  // resets the caches for a new trace
    view_ = PacketView{};
    if (cursor < 0 || static_cast<std::size_t>(cursor) >= trace.size()) {
        view_.heading = "no packet at this step";
        return;
    }
    const auto at = static_cast<std::size_t>(cursor);
    std::optional<TracePacket> packet;
    std::size_t event = at;
    for (std::size_t back = 0; back <= kPacketLookBack && back <= at; ++back) {
        packet = packet_of_event(trace, at - back);
        if (packet) {
            event = at - back;
            break;
        }
    }
    if (!packet) {
        view_.heading = "no packet at this step";
        return;
    }
    PayloadContext context;
    context.credentials = [this, &trace, &state] { return credentials(trace, state); };
    context.find_request = [&trace, event](const stun::TransactionId& id) { return find_request(trace, event, id); };
    view_ = make_packet_view(static_cast<std::ptrdiff_t>(event), *packet, ip_id_of(trace, event), context);
    view_.at_cursor = event == at;
    const std::string kind = sim::event_kind(trace, event);
    view_.heading = view_.at_cursor ? "event " + std::to_string(event) + ": " + kind
                                    : "packet of event " + std::to_string(event) + " (" + kind + ")";
}

}  // namespace rtclab::gui
