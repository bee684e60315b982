#include "sim/pcapng_writer.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <string>
#include <system_error>

#include "sim/ip_udp.h"

namespace rtclab::sim {

namespace {

// pcapng §4.1-4.3, block types.
constexpr std::uint32_t kSectionHeaderBlock = 0x0A0D0D0A;
constexpr std::uint32_t kInterfaceDescriptionBlock = 0x00000001;
constexpr std::uint32_t kEnhancedPacketBlock = 0x00000006;
// pcapng §4.1: written in the writer's byte order; readers detect the order from it.
constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;
// pcapng §3.5 (option codes common to all blocks), §4.1, §4.2.
constexpr std::uint16_t kOptEndOfOpt = 0;
constexpr std::uint16_t kOptComment = 1;
constexpr std::uint16_t kShbUserAppl = 4;
constexpr std::uint16_t kIfName = 2;
constexpr std::uint16_t kIfDescription = 3;
constexpr std::uint16_t kIfTsresol = 9;
// The link-layer types registry (draft-ietf-opsawg-pcaplinktype): 101 is LINKTYPE_RAW, a packet
// that starts with its IPv4 or IPv6 header.
constexpr std::uint16_t kLinktypeRaw = 101;

// pcapng §3.6.1: every field is in the section's byte order, which rtclab makes little-endian
// so that the file is the same on every machine.
void le16(net::Bytes& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v));
    out.push_back(static_cast<std::uint8_t>(v >> 8));
}
void le32(net::Bytes& out, std::uint32_t v) {
    le16(out, static_cast<std::uint16_t>(v));
    le16(out, static_cast<std::uint16_t>(v >> 16));
}
void patch_le32(net::Bytes& out, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
        out[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

// pcapng §3.1 and §3.5: block bodies and option values are padded to 32 bits with zeros.
void pad32(net::Bytes& out, std::size_t length) {
    out.resize(out.size() + (4 - length % 4) % 4, 0);
}

net::ByteView as_bytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// pcapng §3.5: an option is code, length (without padding), value, padding to 32 bits.
// Lengths are 16 bits: a longer value (only a comment could be) is cut to fit.
void option(net::Bytes& out, std::uint16_t code, net::ByteView value) {
    const std::size_t length = std::min<std::size_t>(value.size(), 0xFFFC);
    le16(out, code);
    le16(out, static_cast<std::uint16_t>(length));
    out.insert(out.end(), value.begin(), value.begin() + static_cast<std::ptrdiff_t>(length));
    pad32(out, length);
}

// pcapng §3.1, the general block structure: type, total length, body, total length again (so
// readers can walk backwards). begin_block returns where the block starts, for end_block.
std::size_t begin_block(net::Bytes& out, std::uint32_t type) {
    const std::size_t start = out.size();
    le32(out, type);
    le32(out, 0);  // block total length, known at end_block
    return start;
}

void end_block(net::Bytes& out, std::size_t start) {
    const auto total = static_cast<std::uint32_t>(out.size() + 4 - start);
    patch_le32(out, start + 4, total);
    le32(out, total);
}

}  // namespace

PcapngWriter::PcapngWriter() {
    // pcapng §4.1, Section Header Block.
    const std::size_t start = begin_block(out_, kSectionHeaderBlock);
    le32(out_, kByteOrderMagic);
    le16(out_, 1);  // major version
    le16(out_, 0);  // minor version
    // Section length: -1, "not specified"; the file grows as packets arrive.
    le32(out_, 0xFFFFFFFF);
    le32(out_, 0xFFFFFFFF);
    option(out_, kShbUserAppl, as_bytes("rtclab"));
    option(out_, kOptEndOfOpt, {});
    end_block(out_, start);
}

std::uint32_t PcapngWriter::add_interface(std::string_view name, std::string_view description) {
    // pcapng §4.2, Interface Description Block. The interface id is implicit: the IDB's index
    // in the section. IDBs may follow packets of other interfaces (pcapng §3.4, Figure 6).
    const std::size_t start = begin_block(out_, kInterfaceDescriptionBlock);
    le16(out_, kLinktypeRaw);
    le16(out_, 0);  // reserved
    le32(out_, 0);  // snaplen 0: no limit
    option(out_, kIfName, as_bytes(name));
    option(out_, kIfDescription, as_bytes(description));
    // if_tsresol 6: timestamps count 10^-6 s, the simulator's microseconds.
    const std::uint8_t tsresol = 6;
    option(out_, kIfTsresol, net::ByteView(&tsresol, 1));
    option(out_, kOptEndOfOpt, {});
    end_block(out_, start);
    return interfaces_++;
}

void PcapngWriter::add_packet(std::uint32_t interface_id, net::Instant t,
                              const net::TransportAddress& src, const net::TransportAddress& dst,
                              net::ByteView udp_payload, std::string_view comment) {
    if (interface_id >= interfaces_) return;  // pcapng §4.3: it must name an IDB before it

    net::Bytes packet;
    std::string note(comment);
    if (auto valid = check_ip_udp(src, dst, udp_payload.size()); valid) {
        packet = build_ip_udp(src, dst, udp_payload, next_ip_id_++);
    } else {
        note = "rtclab: no packet: " + valid.error().message + (note.empty() ? "" : "; ") + note;
    }

    // pcapng §4.3, Enhanced Packet Block. The 64-bit timestamp is split into high and low
    // 32-bit words, in if_tsresol units (microseconds).
    const auto timestamp = static_cast<std::uint64_t>(kPcapngEpochOffsetUs + t.us);
    const std::size_t start = begin_block(out_, kEnhancedPacketBlock);
    le32(out_, interface_id);
    le32(out_, static_cast<std::uint32_t>(timestamp >> 32));
    le32(out_, static_cast<std::uint32_t>(timestamp));
    le32(out_, static_cast<std::uint32_t>(packet.size()));  // captured packet length
    le32(out_, static_cast<std::uint32_t>(packet.size()));  // original packet length
    out_.insert(out_.end(), packet.begin(), packet.end());
    pad32(out_, packet.size());
    if (!note.empty()) {
        option(out_, kOptComment, as_bytes(note));
        option(out_, kOptEndOfOpt, {});
    }
    end_block(out_, start);
    ++packets_;
}

net::Result<void> PcapngWriter::write_file(const std::string& path) const {
    auto fail = [&](int err) {
        return net::make_error("cannot write pcapng file '" + path +
                               "': " + std::generic_category().message(err));
    };
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return fail(errno);
    const bool written = std::fwrite(out_.data(), 1, out_.size(), f) == out_.size();
    const int write_errno = errno;
    // fclose flushes: a full disk may only show here.
    if (std::fclose(f) != 0) return fail(errno);
    if (!written) return fail(write_errno);
    return {};
}

}  // namespace rtclab::sim
