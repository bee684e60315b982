#include "ui/gui/model/packet_view.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>

#include "net/stun/stun.h"
#include "net/turn/channel_data.h"
#include "session_fixture.h"
#include "sim/ip_udp.h"
#include "sim/trace_pcapng.h"
#include "ui/gui/model/rtp_fields.h"
#include "ui/gui/model/stun_fields.h"

using namespace rtclab::gui;
namespace net = rtclab::net;
namespace sim = rtclab::sim;
namespace stun = rtclab::net::stun;
using rtclab::gui::test::open_classroom;

namespace {

constexpr std::size_t kNone = FieldTree::kNone;

// The STUN message an event's packet carries, when it is one.
std::optional<stun::Message> stun_of(const Session& s, std::size_t i) {
    const auto p = packet_of_event(s.trace(), i);
    if (!p || !stun::looks_like_stun(p->payload)) return std::nullopt;
    auto m = stun::parse_message(p->payload);
    if (!m.ok()) return std::nullopt;
    return std::move(*m);
}

// The first captured packet event whose STUN message satisfies `pred`; -1 when there is none.
template <typename Pred>
std::ptrdiff_t find_stun(const Session& s, Pred pred, std::size_t from = 0) {
    for (std::size_t i = from; i < s.event_count(); ++i) {
        const auto p = packet_of_event(s.trace(), i);
        if (!p || !p->captured) continue;
        const auto m = stun_of(s, i);
        if (m && pred(*m)) return static_cast<std::ptrdiff_t>(i);
    }
    return -1;
}

bool is_ice_check(const stun::Message& m) {
    return m.cls == stun::MessageClass::kRequest && m.method == stun::Method::kBinding && m.username() && !m.realm() &&
           m.priority();
}

bool is_turn_allocate_with_integrity(const stun::Message& m) {
    return m.cls == stun::MessageClass::kRequest && m.method == stun::Method::kAllocate &&
           m.has(stun::attr::kMessageIntegrity) && m.realm();
}

// The field `name` among the descendants of `parent` (kNone: the whole tree); fails the test
// when it is missing.
const PacketField& field(const FieldTree& t, std::string_view name, std::size_t parent = kNone) {
    const std::size_t i = parent == kNone ? t.find(name) : t.find_child(parent, name);
    INFO("field " << name);
    REQUIRE(i != kNone);
    return t[i];
}

std::size_t index_of(const FieldTree& t, std::string_view name, std::size_t parent = kNone) {
    return parent == kNone ? t.find(name) : t.find_child(parent, name);
}

// Every field stays inside the frame and the pre-order bookkeeping is consistent.
void check_well_formed(const PacketView& v) {
    const FieldTree& t = v.fields;
    for (std::size_t i = 0; i < t.size(); ++i) {
        INFO("field " << i << " " << t[i].label);
        CHECK(t[i].offset <= v.frame.size());
        CHECK(t[i].length <= v.frame.size() - std::min(t[i].offset, v.frame.size()));
        CHECK(t[i].end > i);
        CHECK(t[i].end <= t.size());
        for (std::size_t c = i + 1; c < t[i].end; ++c) CHECK(t[c].depth > t[i].depth);
    }
    CHECK(v.field_of_byte.size() == v.frame.size());
    CHECK(v.hex.size() == 2 * v.frame.size());
    CHECK(v.ascii.size() == v.frame.size());
    CHECK(v.rows() == (v.frame.size() + kHexBytesPerRow - 1) / kHexBytesPerRow);
}

// Some field says that the bytes are wrong or cut short.
bool shows_a_problem(const PacketView& v) {
    for (const auto& f : v.fields.fields())
        if (f.tone == FieldTone::kError || f.tone == FieldTone::kInvalid) return true;
    return false;
}

PayloadContext context_with(const StunCredentials& c) {
    PayloadContext context;
    context.credentials = [&c] { return &c; };
    return context;
}

net::Bytes frame_of(net::ByteView payload) {
    const auto src = net::TransportAddress::parse("192.168.1.10:5000");
    const auto dst = net::TransportAddress::parse("203.0.113.1:3478");
    return sim::build_ip_udp(*src, *dst, payload, 7);
}

}  // namespace

TEST_CASE("an ICE check from the classroom decodes layer by layer, integrity and fingerprint valid", "[gui][packet]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto check = find_stun(*s, is_ice_check);
    REQUIRE(check >= 0);
    s->set_cursor(check);
    const PacketView& v = s->packet();
    REQUIRE_FALSE(v.empty());
    CHECK(v.event == check);
    CHECK(v.at_cursor);
    CHECK(v.heading == "event " + std::to_string(check) + ": packet.stun");
    check_well_formed(v);
    const FieldTree& t = v.fields;

    // Layers and their byte ranges: IPv4 [0,20), UDP [20,28), STUN header [28,48).
    const PacketField& ip = field(t, "IPv4");
    CHECK(ip.offset == 0);
    CHECK(ip.length == 20);
    CHECK(ip.depth == 0);
    const PacketField& udp = field(t, "UDP");
    CHECK(udp.offset == 20);
    CHECK(udp.length == 8);
    const std::size_t stun_layer = index_of(t, "STUN");
    REQUIRE(stun_layer != kNone);
    CHECK(t[stun_layer].offset == 28);
    CHECK(t[stun_layer].length == v.frame.size() - 28);
    CHECK(t[stun_layer].value.rfind("Binding request", 0) == 0);
    const PacketField& header = field(t, "header", stun_layer);
    CHECK(header.offset == 28);
    CHECK(header.length == 20);
    CHECK(field(t, "magic cookie", stun_layer).value == "0x2112a442");
    CHECK(field(t, "message type", stun_layer).value.find("Binding request") != std::string::npos);
    CHECK(field(t, "TTL").value == "64");
    CHECK(field(t, "protocol").value == "17 (UDP)");
    CHECK(field(t, "header checksum").tone == FieldTone::kValid);
    CHECK(field(t, "checksum", index_of(t, "UDP")).tone == FieldTone::kValid);

    for (const char* name : {"USERNAME", "PRIORITY", "MESSAGE-INTEGRITY", "FINGERPRINT"}) {
        INFO(name);
        CHECK(index_of(t, name, stun_layer) != kNone);
    }
    CHECK((index_of(t, "ICE-CONTROLLING", stun_layer) != kNone || index_of(t, "ICE-CONTROLLED", stun_layer) != kNone));
    const std::size_t mi = index_of(t, "MESSAGE-INTEGRITY", stun_layer);
    CHECK(t[mi].value == kVerdictValid);
    CHECK(t[mi].tone == FieldTone::kValid);
    CHECK(t[mi].length == 24);  // type, length and the 20-byte HMAC-SHA1
    CHECK(field(t, "key", mi).value.find("ice-pwd of") == 0);
    const PacketField& fp = field(t, "FINGERPRINT", stun_layer);
    CHECK(fp.value == kVerdictValid);
    CHECK(fp.tone == FieldTone::kValid);
    CHECK(fp.offset + fp.length == v.frame.size());  // §14.7: the last attribute

    // A byte lights the innermost field holding it.
    CHECK(t[v.field_of_byte[0]].name == "version / IHL");
    CHECK(t[v.field_of_byte[9]].name == "protocol");
    CHECK(t[v.field_of_byte[28]].name == "message type");
    CHECK(t[v.field_of_byte[40]].name == "transaction id");
    CHECK(t[v.field_of_byte[v.frame.size() - 1]].name == "CRC-32 XOR 0x5354554e");
    CHECK(v.hex.substr(0, 4) == "4500");
    CHECK(v.row_offsets[1] == "0010");
}

TEST_CASE("the inspector's frame is byte for byte the frame of the pcapng export", "[gui][packet]") {
    auto s = open_classroom();
    REQUIRE(s);
    const net::Bytes capture = sim::trace_to_pcapng(s->trace());
    int compared = 0;
    for (std::size_t i = 0; i < s->event_count() && compared < 12; i += 7) {
        s->set_cursor(static_cast<std::ptrdiff_t>(i));
        const PacketView& v = s->packet();
        if (v.empty() || !v.at_cursor || !packet_of_event(s->trace(), i)->captured) continue;
        INFO("event " << i);
        // The IP identification numbers the captured packets, so the whole frame matches only
        // when the inspector numbers them the same way.
        CHECK(std::search(capture.begin(), capture.end(), v.frame.begin(), v.frame.end()) != capture.end());
        ++compared;
    }
    CHECK(compared >= 5);
}

TEST_CASE("a response is checked with the key of its request", "[gui][packet]") {
    auto s = open_classroom();
    REQUIRE(s);
    // An ICE check's success response (an unanswered check, e.g. to an unreachable host
    // candidate, has none): a Binding success response with MESSAGE-INTEGRITY.
    const auto response = find_stun(*s, [](const stun::Message& m) {
        return m.cls == stun::MessageClass::kSuccessResponse && m.method == stun::Method::kBinding &&
               m.has(stun::attr::kMessageIntegrity);
    });
    REQUIRE(response >= 0);
    s->set_cursor(response);
    const FieldTree& t = s->packet().fields;
    const std::size_t stun_layer = index_of(t, "STUN");
    REQUIRE(stun_layer != kNone);
    CHECK(index_of(t, "USERNAME", stun_layer) == kNone);
    CHECK(field(t, "XOR-MAPPED-ADDRESS", stun_layer).value.find(':') != std::string::npos);
    const std::size_t mi = index_of(t, "MESSAGE-INTEGRITY", stun_layer);
    REQUIRE(mi != kNone);
    CHECK(t[mi].value == kVerdictValid);
    CHECK(field(t, "key", mi).value.find("the key of its request") != std::string::npos);
    // XOR-MAPPED-ADDRESS shows how the port is hidden (RFC 8489 §14.2).
    CHECK(field(t, "X-Port", index_of(t, "XOR-MAPPED-ADDRESS", stun_layer)).value.find("→ port") != std::string::npos);
}

TEST_CASE("one flipped byte makes MESSAGE-INTEGRITY and FINGERPRINT INVALID", "[gui][packet]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto check = find_stun(*s, is_ice_check);
    REQUIRE(check >= 0);
    s->set_cursor(check);
    const auto packet = packet_of_event(s->trace(), static_cast<std::size_t>(check));
    const StunCredentials credentials = StunCredentials::from_trace(s->trace().topology, s->state());
    const PayloadContext context = context_with(credentials);

    // Unchanged: valid.
    const PacketView same = make_frame_view(frame_of(packet->payload), context);
    CHECK(field(same.fields, "MESSAGE-INTEGRITY").value == kVerdictValid);

    // The last byte of the transaction id: still a well-formed message, but not the signed one.
    net::Bytes payload = packet->payload;
    payload[19] ^= 0x01;
    const PacketView flipped = make_frame_view(frame_of(payload), context);
    check_well_formed(flipped);
    const PacketField& mi = field(flipped.fields, "MESSAGE-INTEGRITY");
    CHECK(mi.value == kVerdictInvalid);
    CHECK(mi.tone == FieldTone::kInvalid);
    const PacketField& fp = field(flipped.fields, "FINGERPRINT");
    CHECK(fp.value == kFingerprintInvalid);
    CHECK(fp.tone == FieldTone::kInvalid);

    // Without credentials there is nothing to check with.
    const PacketView unknown = make_frame_view(frame_of(packet->payload), PayloadContext{});
    CHECK(field(unknown.fields, "MESSAGE-INTEGRITY").value == kVerdictNoKey);
    CHECK(field(unknown.fields, "FINGERPRINT").value == kVerdictValid);

    // A byte flipped in the frame after the UDP checksum was computed: the checksum says so.
    net::Bytes frame = frame_of(packet->payload);
    frame[40] ^= 0x80;
    const PacketView bad_udp = make_frame_view(frame, context);
    CHECK(field(bad_udp.fields, "checksum", index_of(bad_udp.fields, "UDP")).tone == FieldTone::kInvalid);
}

TEST_CASE("a TURN Allocate with long-term credentials verifies with MD5(user:realm:password)", "[gui][packet]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto allocate = find_stun(*s, is_turn_allocate_with_integrity);
    REQUIRE(allocate >= 0);
    s->set_cursor(allocate);
    const auto packet = packet_of_event(s->trace(), static_cast<std::size_t>(allocate));
    // The trace header carries the scenario's TURN accounts (docs/trace-format.md).
    const StunCredentials credentials = StunCredentials::from_trace(s->trace().topology, s->state());
    CHECK(credentials.turn_user_count() == 2);
    const PacketView v = make_packet_view(allocate, *packet, 1, context_with(credentials));
    check_well_formed(v);
    const FieldTree& t = v.fields;
    const std::size_t stun_layer = index_of(t, "STUN");
    REQUIRE(stun_layer != kNone);
    CHECK(t[stun_layer].value.rfind("Allocate request", 0) == 0);
    CHECK(field(t, "REALM", stun_layer).value == "\"rtclab.test\"");
    CHECK(index_of(t, "NONCE", stun_layer) != kNone);
    CHECK(field(t, "REQUESTED-TRANSPORT", stun_layer).value == "17 (UDP)");
    const std::size_t mi = index_of(t, "MESSAGE-INTEGRITY", stun_layer);
    CHECK(t[mi].value == kVerdictValid);
    CHECK(field(t, "key", mi).value.find("long-term") != std::string::npos);

    // The wrong password does not verify.
    StunCredentials wrong;
    wrong.add_turn_user("turn", "rtclab.test", *stun_of(*s, static_cast<std::size_t>(allocate))->username(), "nope");
    const PacketView w = make_packet_view(allocate, *packet, 1, context_with(wrong));
    CHECK(field(w.fields, "MESSAGE-INTEGRITY").value == kVerdictInvalid);

    // In the session itself the key comes from the trace header: valid.
    CHECK(field(s->packet().fields, "MESSAGE-INTEGRITY").value == kVerdictValid);
}

TEST_CASE("a step without a packet shows the latest packet shortly before it, or none", "[gui][packet]") {
    auto s = open_classroom();
    REQUIRE(s);
    CHECK(s->packet().empty());
    CHECK(s->packet().heading == "no packet at this step");
    s->set_cursor(0);  // the first API call: no packet yet
    CHECK(s->packet().empty());
    CHECK(s->packet().frame.empty());

    // A NAT decision is recorded next to the packet it decided about.
    std::ptrdiff_t nat = -1;
    for (std::size_t i = 1; i < s->event_count(); ++i) {
        if (sim::event_kind(s->trace(), i) == "nat.mapping.created") {
            nat = static_cast<std::ptrdiff_t>(i);
            break;
        }
    }
    REQUIRE(nat > 0);
    s->set_cursor(nat);
    const PacketView& v = s->packet();
    REQUIRE_FALSE(v.empty());
    CHECK_FALSE(v.at_cursor);
    CHECK(v.event < nat);
    CHECK(v.event >= nat - static_cast<std::ptrdiff_t>(kPacketLookBack));
    CHECK(v.heading.rfind("packet of event " + std::to_string(v.event), 0) == 0);
}

TEST_CASE("ChannelData carries an ICE check that decodes inside it", "[gui][packet]") {
    const stun::TransactionId id{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    const auto key = stun::IntegrityKey::short_term("0123456789abcdefghijkl");
    const net::Bytes inner = stun::MessageBuilder(stun::MessageClass::kRequest, stun::Method::kBinding, id)
                                 .username("RFRG:LFRG")
                                 .priority(1853824767)
                                 .ice_controlling(42)
                                 .finish(&key);
    const net::Bytes cd = net::turn::encode_channel_data(0x4001, inner, true);
    StunCredentials credentials;
    credentials.add_ice("RFRG", "0123456789abcdefghijkl", "bob");
    const PacketView v = make_frame_view(frame_of(cd), context_with(credentials));
    check_well_formed(v);
    const FieldTree& t = v.fields;
    const std::size_t layer = index_of(t, "TURN ChannelData");
    REQUIRE(layer != kNone);
    CHECK(t[layer].offset == 28);
    const PacketField& channel = field(t, "channel number", layer);
    CHECK(channel.value == "0x4001");
    CHECK(channel.offset == 28);
    CHECK(channel.length == 2);
    CHECK(field(t, "length", layer).value == std::to_string(inner.size()) + " bytes");
    const std::size_t inner_stun = index_of(t, "STUN", layer);
    REQUIRE(inner_stun != kNone);
    CHECK(t[inner_stun].offset == 32);
    CHECK(t[inner_stun].depth > t[layer].depth);
    CHECK(field(t, "PRIORITY", inner_stun).value.rfind("1853824767 (type preference 110", 0) == 0);
    CHECK(field(t, "MESSAGE-INTEGRITY", inner_stun).value == kVerdictValid);
    CHECK(t[v.field_of_byte[28]].name == "channel number");
}

TEST_CASE("a Send indication's DATA is decoded as the packet it carries", "[gui][packet]") {
    const stun::TransactionId id{9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9};
    const stun::TransactionId inner_id{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    const net::Bytes inner = stun::MessageBuilder(stun::MessageClass::kIndication, stun::Method::kBinding, inner_id).finish(nullptr);
    const net::Bytes send = stun::MessageBuilder(stun::MessageClass::kIndication, stun::Method::kSend, id)
                                .xor_peer_address(*net::TransportAddress::parse("198.51.100.20:61000"))
                                .data(inner)
                                .attribute(0x8077, net::Bytes{0xde, 0xad})  // unknown: shown raw
                                .finish(nullptr);
    const PacketView v = make_frame_view(frame_of(send), PayloadContext{});
    check_well_formed(v);
    const FieldTree& t = v.fields;
    const std::size_t outer = index_of(t, "STUN");
    CHECK(t[outer].value.rfind("Send indication", 0) == 0);
    CHECK(field(t, "XOR-PEER-ADDRESS", outer).value == "198.51.100.20:61000");
    const std::size_t data = index_of(t, "DATA", outer);
    REQUIRE(data != kNone);
    const std::size_t carried = index_of(t, "STUN", data);
    REQUIRE(carried != kNone);
    CHECK(t[carried].value.rfind("Binding indication", 0) == 0);
    // The carried packet is named on the DATA line and shown open; the IP header starts closed.
    CHECK(t[data].value.find("STUN: Binding indication") != std::string::npos);
    CHECK(t[data].expanded);
    CHECK(t[carried].expanded);
    CHECK_FALSE(field(t, "IPv4").expanded);
    CHECK(field(t, "0x8077", outer).value == "dead (raw)");
    CHECK(field(t, "FINGERPRINT", carried).value == kVerdictValid);
}

TEST_CASE("MESSAGE-INTEGRITY-SHA256 gets its own verdict", "[gui][packet]") {
    const stun::TransactionId id{5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5};
    const auto key = stun::IntegrityKey::short_term("pass-word-pass-word-22");
    const net::Bytes m = stun::MessageBuilder(stun::MessageClass::kRequest, stun::Method::kBinding, id)
                             .username("ABCD:EFGH")
                             .integrity_mode(stun::IntegrityMode::kSha1AndSha256)
                             .finish(&key);
    StunCredentials credentials;
    credentials.add_ice("ABCD", "pass-word-pass-word-22", "alice");
    const PacketView v = make_frame_view(frame_of(m), context_with(credentials));
    CHECK(field(v.fields, "MESSAGE-INTEGRITY").value == kVerdictValid);
    CHECK(field(v.fields, "MESSAGE-INTEGRITY-SHA256").value == kVerdictValid);
    CHECK(field(v.fields, "HMAC-SHA256").length == 32);
}

TEST_CASE("a DTLS ClientHello and a ChangeCipherSpec in one datagram decode record by record", "[gui][packet]") {
    // RFC 6347 §4.1 record header, §4.2.2 handshake header, §4.2.1 / RFC 5246 §7.4.1.2 body.
    net::ByteWriter body;
    body.u16(0xfefd);                   // client_version DTLS 1.2
    for (int i = 0; i < 32; ++i) body.u8(static_cast<std::uint8_t>(i));  // random
    body.u8(0);                          // session_id: empty
    body.u8(0);                          // cookie: empty
    body.u16(4);                         // cipher_suites: 2 suites
    body.u16(0xc02b);
    body.u16(0xc02f);
    body.u8(1);                          // compression_methods: null
    body.u8(0);
    body.u16(13);                        // extensions: 13 bytes
    body.u16(14);                        // use_srtp
    body.u16(5);
    body.u16(2);                         //   one profile
    body.u16(0x0001);                    //   SRTP_AES128_CM_HMAC_SHA1_80
    body.u8(0);                          //   no MKI
    body.u16(23);                        // extended_master_secret
    body.u16(0);
    const net::Bytes hello = body.take();

    net::ByteWriter w;
    w.u8(22);                            // handshake
    w.u16(0xfefd);
    w.u16(0);                            // epoch 0
    w.u16(0);
    w.u32(0);                            // sequence number 0
    w.u16(static_cast<std::uint16_t>(12 + hello.size()));
    w.u8(1);                             // client_hello
    w.u8(0);
    w.u16(static_cast<std::uint16_t>(hello.size()));  // length (24 bits)
    w.u16(0);                            // message_seq
    w.u8(0);
    w.u16(0);                            // fragment_offset
    w.u8(0);
    w.u16(static_cast<std::uint16_t>(hello.size()));  // fragment_length
    w.bytes(hello);
    const std::size_t second = w.size();
    w.u8(20);                            // change_cipher_spec
    w.u16(0xfefd);
    w.u16(0);
    w.u16(0);
    w.u32(1);                            // sequence number 1
    w.u16(1);
    w.u8(1);
    const net::Bytes dtls = w.take();

    const PacketView v = make_frame_view(frame_of(dtls), PayloadContext{});
    check_well_formed(v);
    const FieldTree& t = v.fields;
    const std::size_t layer = index_of(t, "DTLS");
    REQUIRE(layer != kNone);
    CHECK(t[layer].offset == 28);
    CHECK(t[layer].value == "2 records: Handshake (ClientHello), ChangeCipherSpec");
    const std::size_t first = index_of(t, "record", layer);
    REQUIRE(first != kNone);
    CHECK(t[first].offset == 28);
    CHECK(t[first].length == 13 + 12 + hello.size());
    CHECK(field(t, "content type", first).value == "22 (Handshake)");
    CHECK(field(t, "version", first).value == "0xfefd (DTLS 1.2)");
    CHECK(field(t, "epoch", first).value == "0");
    CHECK(field(t, "sequence number", first).length == 6);
    const std::size_t ch = index_of(t, "ClientHello", first);
    REQUIRE(ch != kNone);
    CHECK(t[ch].offset == 28 + 13);
    CHECK(field(t, "msg_type", ch).value == "1 (ClientHello)");
    CHECK(field(t, "client_version", ch).value == "0xfefd (DTLS 1.2)");
    CHECK(field(t, "random", ch).length == 32);
    CHECK(field(t, "cipher_suites", ch).value ==
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    CHECK(field(t, "use_srtp", ch).value == "SRTP_AES128_CM_HMAC_SHA1_80");
    CHECK(index_of(t, "extended_master_secret", ch) != kNone);
    const std::size_t ccs = t.find("record", t[first].end);
    REQUIRE(ccs != kNone);
    CHECK(t[ccs].offset == 28 + second);
    CHECK(field(t, "content type", ccs).value == "20 (ChangeCipherSpec)");
    CHECK(field(t, "sequence number", ccs).value == "1");
}

TEST_CASE("an SRTP packet shows its RTP header, encrypted payload and authentication tag", "[gui][packet]") {
    net::ByteWriter w;
    w.u8(0x91);                          // V=2 P=0 X=1 CC=1
    w.u8(0x80 | 111);                    // M=1 PT=111 (Opus)
    w.u16(0x1234);                       // sequence number
    w.u32(160000);                       // timestamp
    w.u32(0xdeadbeef);                   // SSRC
    w.u32(0x01020304);                   // CSRC
    w.u16(0xbede);                       // one-byte header extension
    w.u16(1);                            //   1 word
    w.u32(0x10ff0000);
    for (int i = 0; i < 20; ++i) w.u8(0xaa);  // encrypted payload
    for (int i = 0; i < 10; ++i) w.u8(0xbb);  // authentication tag
    const PacketView v = make_frame_view(frame_of(w.take()), PayloadContext{});
    check_well_formed(v);
    const FieldTree& t = v.fields;
    const std::size_t layer = index_of(t, "RTP (SRTP)");
    REQUIRE(layer != kNone);
    CHECK(t[layer].value == "PT 111, seq 4660, SSRC 0xdeadbeef, marker");
    CHECK(field(t, "V / P / X / CC", layer).value == "V=2 P=0 X=1 CC=1");
    CHECK(field(t, "M / PT", layer).value == "M=1 PT=111");
    CHECK(field(t, "sequence number", layer).value == "4660");
    CHECK(field(t, "timestamp", layer).value == "160000");
    CHECK(field(t, "SSRC", layer).offset == 28 + 8);
    CHECK(field(t, "CSRC", layer).value == "0x01020304");
    CHECK(field(t, "profile", layer).value.rfind("0xbede", 0) == 0);
    const PacketField& payload = field(t, "encrypted payload", layer);
    CHECK(payload.offset == 28 + 24);
    CHECK(payload.length == 20);
    const PacketField& tag = field(t, "authentication tag", layer);
    CHECK(tag.length == kSrtpAuthTagSize);
    CHECK(tag.offset + tag.length == v.frame.size());
}

TEST_CASE("an SRTCP sender report shows its header, SRTCP index and tag", "[gui][packet]") {
    net::ByteWriter w;
    w.u8(0x80);                          // V=2 P=0 RC=0
    w.u8(200);                           // SR
    w.u16(6);                            // 7 words
    w.u32(0xcafef00d);                   // SSRC of sender
    for (int i = 0; i < 20; ++i) w.u8(0x11);  // encrypted sender info
    w.u32(0x80000005);                   // E=1, index 5
    for (int i = 0; i < 10; ++i) w.u8(0x22);
    const PacketView v = make_frame_view(frame_of(w.take()), PayloadContext{});
    check_well_formed(v);
    const std::size_t layer = index_of(v.fields, "RTCP (SRTCP)");
    REQUIRE(layer != kNone);
    CHECK(field(v.fields, "packet type", layer).value == "200 (SR, sender report)");
    CHECK(field(v.fields, "length", layer).value == "6 (28 bytes)");
    CHECK(field(v.fields, "SSRC", layer).value == "0xcafef00d");
    CHECK(field(v.fields, "E / SRTCP index", layer).value == "E=1 index 5");
}

TEST_CASE("an IPv6 frame decodes with a 40-byte header", "[gui][packet]") {
    const auto src = net::TransportAddress::parse("[2001:db8::1]:5000");
    const auto dst = net::TransportAddress::parse("[2001:db8::2]:3478");
    const net::Bytes frame = sim::build_ip_udp(*src, *dst, net::Bytes{'h', 'i'}, 0);
    const PacketView v = make_frame_view(frame, PayloadContext{});
    check_well_formed(v);
    const PacketField& ip = field(v.fields, "IPv6");
    CHECK(ip.length == 40);
    CHECK(field(v.fields, "UDP").offset == 40);
    CHECK(field(v.fields, "checksum").tone == FieldTone::kValid);
    CHECK(field(v.fields, "data").value.rfind("\"hi\"", 0) == 0);
}

TEST_CASE("garbage never crashes and shows what could be decoded", "[gui][packet]") {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> byte(0, 255);
    StunCredentials none;
    const PayloadContext context = context_with(none);

    // A STUN-looking payload whose attributes break off.
    const net::Bytes broken{0x00, 0x01, 0x00, 0x08, 0x21, 0x12, 0xa4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                            0x00, 0x06, 0x00, 0x40, 'a', 'b', 'c', 'd'};
    const PacketView b = make_frame_view(frame_of(broken), context);
    check_well_formed(b);
    const std::size_t stun_layer = index_of(b.fields, "STUN");
    REQUIRE(stun_layer != kNone);
    CHECK(b.fields[stun_layer].value.find("malformed") != std::string::npos);
    CHECK(field(b.fields, "transaction id", stun_layer).value == "0102030405060708090a0b0c");
    CHECK(field(b.fields, "USERNAME", stun_layer).tone == FieldTone::kError);
    CHECK(field(b.fields, "error", stun_layer).tone == FieldTone::kError);

    // Random payloads behind every first byte, and random frames.
    for (int round = 0; round < 600; ++round) {
        net::Bytes payload(static_cast<std::size_t>(round % 90));
        for (auto& x : payload) x = static_cast<std::uint8_t>(byte(rng));
        if (!payload.empty()) payload[0] = static_cast<std::uint8_t>(round % 256);
        const PacketView v = make_frame_view(frame_of(payload), context);
        check_well_formed(v);
        CHECK(field(v.fields, "UDP").offset == 20);

        net::Bytes frame(static_cast<std::size_t>(round % 70));
        for (auto& x : frame) x = static_cast<std::uint8_t>(byte(rng));
        if (!frame.empty() && round % 2) frame[0] = 0x45;
        check_well_formed(make_frame_view(frame, context));
    }

    // Every truncation of a real ICE check.
    auto s = open_classroom();
    REQUIRE(s);
    const auto check = find_stun(*s, is_ice_check);
    REQUIRE(check >= 0);
    const net::Bytes full = frame_of(packet_of_event(s->trace(), static_cast<std::size_t>(check))->payload);
    for (std::size_t n = 0; n <= full.size(); ++n) {
        const PacketView v = make_frame_view(net::ByteView(full).first(n), context);
        check_well_formed(v);
        if (n >= 20) CHECK(field(v.fields, "IPv4").length == 20);
        if (n > 0 && n < full.size()) CHECK(shows_a_problem(v));
    }
}
