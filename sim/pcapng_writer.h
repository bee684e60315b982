// PcapngWriter: builds a pcapng capture of the simulated network in memory, for Wireshark.
//
// The format is the PCAP Next Generation capture file format (draft-ietf-opsawg-pcapng; cited
// below as "pcapng §N"): one Section Header Block, one Interface Description Block per capture
// point (a link, or one side of a NAT), and one Enhanced Packet Block per packet seen there.
// Packets are raw IP (LINKTYPE_RAW) built by build_ip_udp around the UDP payload, so Wireshark
// dissects IP, UDP, and then STUN, TURN, DTLS or RTP as it would on a real network.
//
// Everything is deterministic (DESIGN.md): no clock, no host name, IP identifications from a
// counter, so the same calls give byte-identical files on every machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "net/core/address.h"
#include "net/core/bytes.h"
#include "net/core/result.h"
#include "net/core/time.h"

namespace rtclab::sim {

// Virtual time zero is shown as 2026-01-01T00:00:00Z: a timestamp is this offset plus the
// virtual time, in microseconds since the Unix epoch. A fixed date keeps files reproducible
// and gives Wireshark a sane date instead of 1970-01-01.
inline constexpr std::int64_t kPcapngEpochOffsetUs = 1767225600LL * 1000000;
// The IP identification of the first IPv4 packet; each packet takes the next one.
inline constexpr std::uint16_t kFirstIpId = 1;

class PcapngWriter {
public:
    // Starts the file with its Section Header Block, shb_userappl "rtclab" (pcapng §4.1).
    PcapngWriter();

    // Appends an Interface Description Block (pcapng §4.2) and returns its interface id, which
    // counts from 0 in the order interfaces are added. LINKTYPE_RAW (101, raw IPv4/IPv6),
    // snaplen 0 (no limit), if_name = name, if_description = description, if_tsresol = 6
    // (microseconds). Interfaces may be added at any time before their first packet.
    std::uint32_t add_interface(std::string_view name, std::string_view description);

    // Appends an Enhanced Packet Block (pcapng §4.3): the packet build_ip_udp(src, dst,
    // udp_payload, next IP id) seen on interface_id at virtual time t, timestamped
    // kPcapngEpochOffsetUs + t.us, with opt_comment = comment when it is non-empty (Wireshark
    // shows it as the packet comment).
    // Preconditions: interface_id was returned by add_interface, else the packet is not
    // written; check_ip_udp(src, dst, udp_payload.size()) is ok, else the block is written with
    // no packet data and a comment saying why, so the mistake shows up in Wireshark.
    void add_packet(std::uint32_t interface_id, net::Instant t, const net::TransportAddress& src,
                    const net::TransportAddress& dst, net::ByteView udp_payload,
                    std::string_view comment = {});

    // The whole file so far; always a valid pcapng file.
    const net::Bytes& bytes() const { return out_; }
    // Writes bytes() to path, replacing any file there. The error names the path and the reason.
    net::Result<void> write_file(const std::string& path) const;

    std::size_t packet_count() const { return packets_; }
    std::uint32_t interface_count() const { return interfaces_; }

private:
    net::Bytes out_;
    std::uint32_t interfaces_ = 0;
    std::size_t packets_ = 0;
    std::uint16_t next_ip_id_ = kFirstIpId;
};

}  // namespace rtclab::sim
