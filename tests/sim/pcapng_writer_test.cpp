// Tests for PcapngWriter: the block structure byte by byte (draft-ietf-opsawg-pcapng), and a
// real read-back by tshark of a NAT translation captured on both sides of the NAT.
#include <catch2/catch.hpp>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "sim/ip_udp.h"
#include "sim/pcapng_writer.h"

using namespace rtclab;
using sim::PcapngWriter;

namespace {

// RFC 5769 section 2.1, the sample request: a STUN Binding request with SOFTWARE, PRIORITY,
// ICE-CONTROLLED, USERNAME "evtj:h6vY", MESSAGE-INTEGRITY and FINGERPRINT.
const net::Bytes kRfc5769Request{
    0x00, 0x01, 0x00, 0x58, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86,
    0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x10, 0x53, 0x54, 0x55, 0x4e, 0x20, 0x74, 0x65, 0x73,
    0x74, 0x20, 0x63, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x00, 0x24, 0x00, 0x04, 0x6e, 0x00, 0x01, 0xff,
    0x80, 0x29, 0x00, 0x08, 0x93, 0x2f, 0xf9, 0xb1, 0x51, 0x26, 0x3b, 0x36, 0x00, 0x06, 0x00, 0x09,
    0x65, 0x76, 0x74, 0x6a, 0x3a, 0x68, 0x36, 0x76, 0x59, 0x20, 0x20, 0x20, 0x00, 0x08, 0x00, 0x14,
    0x9a, 0xea, 0xa7, 0x0c, 0xbf, 0xd8, 0xcb, 0x56, 0x78, 0x1e, 0xf2, 0xb5, 0xb2, 0xd3, 0xf2, 0x49,
    0xc1, 0xb5, 0x71, 0xa2, 0x80, 0x28, 0x00, 0x04, 0xe5, 0x7a, 0x3b, 0xcf};

net::TransportAddress addr(std::string_view text) {
    auto a = net::TransportAddress::parse(text);
    REQUIRE(a);
    return *a;
}

std::uint16_t le16(const net::Bytes& b, std::size_t at) {
    return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
}
std::uint32_t le32(const net::Bytes& b, std::size_t at) {
    return std::uint32_t{le16(b, at)} | (std::uint32_t{le16(b, at + 2)} << 16);
}

// One pcapng block (pcapng §3.1): its type and its body, without the three length/type words.
struct Block {
    std::uint32_t type = 0;
    net::Bytes body;
};

// Walks the file checking the general block structure: total lengths multiple of 4, equal at
// both ends, blocks exactly tiling the file.
std::vector<Block> blocks_of(const net::Bytes& file) {
    std::vector<Block> blocks;
    std::size_t at = 0;
    while (at < file.size()) {
        INFO("block at offset " << at);
        REQUIRE(file.size() - at >= 12);
        const std::uint32_t length = le32(file, at + 4);
        REQUIRE(length % 4 == 0);
        REQUIRE(length >= 12);
        REQUIRE(length <= file.size() - at);
        REQUIRE(le32(file, at + length - 4) == length);  // the trailing copy
        blocks.push_back(
            {le32(file, at), net::Bytes(file.begin() + static_cast<long>(at) + 8,
                                        file.begin() + static_cast<long>(at) + length - 4)});
        at += length;
    }
    return blocks;
}

struct Option {
    std::uint16_t code;
    std::string value;
};

// Options from `from` to the end of a block body (pcapng §3.5): zero padding to 32 bits and an
// opt_endofopt at the end, checked.
std::vector<Option> options_of(const net::Bytes& body, std::size_t from) {
    std::vector<Option> options;
    std::size_t at = from;
    while (true) {
        REQUIRE(body.size() - at >= 4);
        const std::uint16_t code = le16(body, at);
        const std::uint16_t length = le16(body, at + 2);
        at += 4;
        if (code == 0) {
            CHECK(length == 0);
            CHECK(at == body.size());  // opt_endofopt is last
            return options;
        }
        const std::size_t padded = (length + 3u) / 4u * 4u;
        REQUIRE(body.size() - at >= padded);
        options.push_back({code, std::string(body.begin() + static_cast<long>(at),
                                             body.begin() + static_cast<long>(at + length))});
        for (std::size_t i = at + length; i < at + padded; ++i)
            CHECK(body[i] == 0);
        at += padded;
    }
}

// A file name for this test, unique per process so parallel runs and builds do not collide.
std::filesystem::path temp_file(std::string_view name) {
    return std::filesystem::temp_directory_path() /
           ("rtclab-pcapng-test-" + std::to_string(::getpid()) + "-" + std::string(name));
}

std::optional<std::string> find_tshark() {
    if (::access("/usr/bin/tshark", X_OK) == 0) return "/usr/bin/tshark";
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        const std::string candidate = dir + "/tshark";
        if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return std::nullopt;
}

// Runs a command and returns its standard output (standard error goes to /dev/null: tshark
// warns there when run as root).
std::string run(const std::string& command, int* status) {
    std::string out;
    std::FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
    REQUIRE(pipe);
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;)
        out.append(buf, n);
    *status = ::pclose(pipe);
    return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> parts;
    std::string part;
    std::stringstream in(s);
    while (std::getline(in, part, sep))
        parts.push_back(part);
    if (!s.empty() && s.back() == sep) parts.emplace_back();  // getline drops a last empty field
    return parts;
}

// What tshark prints for frame.time_epoch: seconds, nine fraction digits.
std::string epoch_text(net::Instant t) {
    const std::int64_t us = sim::kPcapngEpochOffsetUs + t.us;
    char text[64];
    std::snprintf(text, sizeof text, "%lld.%06lld000", static_cast<long long>(us / 1000000),
                  static_cast<long long>(us % 1000000));
    return text;
}

}  // namespace

TEST_CASE("RFC 5769 sample request bytes are the published ones", "[pcapng]") {
    // RFC 5389 section 15.5: FINGERPRINT is the CRC-32 of the message up to it, XOR 0x5354554e.
    REQUIRE(kRfc5769Request.size() == 108);
    const auto crc = ::crc32(0L, kRfc5769Request.data(), 100) ^ 0x5354554eUL;
    CHECK(crc == net::load_u32(&kRfc5769Request[104]));
    CHECK(crc == 0xe57a3bcfUL);
}

TEST_CASE("pcapng: a new file is one Section Header Block", "[pcapng]") {
    PcapngWriter w;
    // pcapng §4.1, written out by hand, little-endian.
    const net::Bytes expected{
        0x0a, 0x0d, 0x0d, 0x0a,                          // block type SHB
        0x2c, 0x00, 0x00, 0x00,                          // block total length 44
        0x4d, 0x3c, 0x2b, 0x1a,                          // byte-order magic 0x1A2B3C4D
        0x01, 0x00, 0x00, 0x00,                          // version 1.0
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  // section length: not specified
        0x04, 0x00, 0x06, 0x00,                          // shb_userappl, 6 bytes
        'r',  't',  'c',  'l',  'a',  'b',  0x00, 0x00,  // "rtclab", padded
        0x00, 0x00, 0x00, 0x00,                          // opt_endofopt
        0x2c, 0x00, 0x00, 0x00,                          // block total length again
    };
    CHECK(w.bytes() == expected);
    CHECK(w.packet_count() == 0);
    CHECK(w.interface_count() == 0);
}

TEST_CASE("pcapng: interface and packet blocks, field by field", "[pcapng]") {
    PcapngWriter w;
    CHECK(w.add_interface("home-a", "nat-a inside") == 0);
    CHECK(w.add_interface("internet", "nat-a outside") == 1);
    const auto src = addr("192.168.1.10:5000");
    const auto dst = addr("203.0.113.1:3478");
    const net::Bytes payload{1, 2, 3, 4, 5};  // odd: the packet needs padding
    w.add_packet(1, net::Instant{5'000'123}, src, dst, payload, "hello");
    w.add_packet(0, net::Instant{6'000'000}, src, dst, kRfc5769Request);
    CHECK(w.packet_count() == 2);

    const auto blocks = blocks_of(w.bytes());
    REQUIRE(blocks.size() == 5);
    CHECK(blocks[0].type == 0x0A0D0D0A);
    for (int i : {1, 2}) {
        // pcapng §4.2: LINKTYPE_RAW, reserved, snaplen 0, then the options.
        const auto& idb = blocks[i].body;
        CHECK(blocks[i].type == 1);
        CHECK(le16(idb, 0) == 101);
        CHECK(le16(idb, 2) == 0);
        CHECK(le32(idb, 4) == 0);
        const auto options = options_of(idb, 8);
        REQUIRE(options.size() == 3);
        CHECK(options[0].code == 2);  // if_name
        CHECK(options[0].value == (i == 1 ? "home-a" : "internet"));
        CHECK(options[1].code == 3);  // if_description
        CHECK(options[1].value == (i == 1 ? "nat-a inside" : "nat-a outside"));
        CHECK(options[2].code == 9);  // if_tsresol
        CHECK(options[2].value == std::string(1, '\x06'));
    }

    // pcapng §4.3: interface id, timestamp (high, low), captured and original length, data.
    const auto& epb = blocks[3].body;
    CHECK(blocks[3].type == 6);
    CHECK(le32(epb, 0) == 1);
    const std::uint64_t ts = (std::uint64_t{le32(epb, 4)} << 32) | le32(epb, 8);
    CHECK(ts == 1767225605000123ULL);  // 2026-01-01T00:00:05.000123Z
    const auto packet = sim::build_ip_udp(src, dst, payload, sim::kFirstIpId);
    REQUIRE(packet.size() == 33);
    CHECK(le32(epb, 12) == 33);
    CHECK(le32(epb, 16) == 33);
    CHECK(net::Bytes(epb.begin() + 20, epb.begin() + 53) == packet);
    CHECK(epb[53] == 0);  // padding to 36 bytes
    CHECK(epb[54] == 0);
    CHECK(epb[55] == 0);
    const auto options = options_of(epb, 56);
    REQUIRE(options.size() == 1);
    CHECK(options[0].code == 1);  // opt_comment
    CHECK(options[0].value == "hello");

    // No comment: no options at all, the block ends after the (here already aligned) packet.
    const auto& plain = blocks[4].body;
    CHECK(le32(plain, 0) == 0);
    CHECK(le32(plain, 12) == 136);
    CHECK(plain.size() == 20 + 136);
    CHECK(net::Bytes(plain.begin() + 20, plain.end()) ==
          sim::build_ip_udp(src, dst, kRfc5769Request, sim::kFirstIpId + 1));
}

TEST_CASE("pcapng: the same calls give the same bytes", "[pcapng]") {
    auto capture = [] {
        PcapngWriter w;
        const auto inside = w.add_interface("home-a", "nat-a inside");
        w.add_packet(inside, net::Instant{10}, addr("10.0.0.2:1"), addr("10.0.0.1:2"),
                     kRfc5769Request, "first");
        // An interface added after packets on another one: pcapng allows IDBs anywhere in the
        // section before their first packet.
        const auto outside = w.add_interface("internet", "nat-a outside");
        w.add_packet(outside, net::Instant{20}, addr("[2001:db8::2]:1"), addr("[2001:db8::1]:2"),
                     kRfc5769Request);
        w.add_packet(inside, net::Instant{30}, addr("10.0.0.2:1"), addr("10.0.0.1:2"), {});
        return w.bytes();
    };
    const auto a = capture();
    CHECK(a == capture());
    const auto blocks = blocks_of(a);
    REQUIRE(blocks.size() == 6);
    CHECK(blocks[1].type == 1);
    CHECK(blocks[2].type == 6);
    CHECK(blocks[3].type == 1);
    CHECK(blocks[4].type == 6);
    CHECK(blocks[5].type == 6);
    // IP identifications count from kFirstIpId, one per packet.
    CHECK(net::load_u16(&blocks[2].body[20 + 4]) == sim::kFirstIpId);
    CHECK(net::load_u16(&blocks[5].body[20 + 4]) == sim::kFirstIpId + 2);
}

TEST_CASE("pcapng: packets that break a precondition", "[pcapng]") {
    PcapngWriter w;
    const auto id = w.add_interface("internet", "");
    const std::size_t before = w.bytes().size();
    // No such interface: nothing is written.
    w.add_packet(id + 1, {}, addr("192.0.2.1:1"), addr("192.0.2.2:2"), kRfc5769Request);
    CHECK(w.bytes().size() == before);
    CHECK(w.packet_count() == 0);
    // Mixed families: an empty packet whose comment says why, so Wireshark shows the mistake.
    w.add_packet(id, {}, addr("192.0.2.1:1"), addr("[2001:db8::2]:2"), kRfc5769Request, "mine");
    CHECK(w.packet_count() == 1);
    const auto blocks = blocks_of(w.bytes());
    REQUIRE(blocks.size() == 3);
    CHECK(le32(blocks[2].body, 12) == 0);
    const auto options = options_of(blocks[2].body, 20);
    REQUIRE(options.size() == 1);
    CHECK(options[0].value.find("address families differ") != std::string::npos);
    CHECK(options[0].value.find("; mine") != std::string::npos);
}

TEST_CASE("pcapng: write_file writes the bytes and names the path on failure", "[pcapng]") {
    PcapngWriter w;
    w.add_packet(w.add_interface("lan", "a link"), net::Instant{1}, addr("192.0.2.1:1"),
                 addr("192.0.2.2:2"), kRfc5769Request);
    const auto path = temp_file("write.pcapng");
    REQUIRE(w.write_file(path.string()));
    std::ifstream in(path, std::ios::binary);
    const net::Bytes read((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(read == w.bytes());
    std::filesystem::remove(path);

    const std::string missing = "/nonexistent-rtclab-dir/capture.pcapng";
    auto r = w.write_file(missing);
    REQUIRE_FALSE(r);
    CHECK(r.error().message ==
          "cannot write pcapng file '" + missing + "': No such file or directory");
    const std::string dir = std::filesystem::temp_directory_path().string();
    auto d = w.write_file(dir);
    REQUIRE_FALSE(d);
    CHECK(d.error().message == "cannot write pcapng file '" + dir + "': Is a directory");
}

TEST_CASE("pcapng: tshark reads a NAT translation back", "[pcapng][tshark]") {
    const auto tshark = find_tshark();
    if (!tshark) FAIL("tshark is not installed (Debian package tshark): run ./lab setup");

    PcapngWriter w;
    const auto inside = w.add_interface("home-a", "nat-a inside");
    const auto outside = w.add_interface("internet", "nat-a outside");
    const net::Instant t0{1'500}, t1{2'750}, t2{1'000'002};
    // The same Binding request before and after nat-a rewrote its source.
    w.add_packet(inside, t0, addr("192.168.1.10:5000"), addr("203.0.113.1:3478"), kRfc5769Request,
                 "host candidate 192.168.1.10:5000 asks the STUN server");
    w.add_packet(outside, t1, addr("203.0.113.10:5000"), addr("203.0.113.1:3478"), kRfc5769Request);
    w.add_packet(outside, t2, addr("[2001:db8::10]:5000"), addr("[2001:db8::1]:3478"),
                 kRfc5769Request, "over IPv6");
    const auto path = temp_file("tshark.pcapng");
    REQUIRE(w.write_file(path.string()));

    // Field names as in tshark 4.0 (`tshark -G fields`). Checksum status 1 is "Good"; IPv6 has
    // no header checksum, so ip.checksum.status is empty there. -n: no name resolution.
    const std::string command =
        "'" + *tshark + "' -n -r '" + path.string() +
        "' -o udp.check_checksum:TRUE -o ip.check_checksum:TRUE -T fields -E separator=/t"
        " -e frame.interface_name -e frame.interface_description -e frame.time_epoch"
        " -e ip.src -e ipv6.src -e udp.srcport -e udp.dstport -e stun.type"
        " -e stun.att.crc32.status -e udp.checksum.status -e ip.checksum.status"
        " -e _ws.malformed -e frame.comment";
    int status = 0;
    const std::string out = run(command, &status);
    std::filesystem::remove(path);
    INFO("command: " << command << "\noutput:\n" << out);
    REQUIRE(status == 0);

    const std::vector<std::vector<std::string>> expected{
        {"home-a", "nat-a inside", epoch_text(t0), "192.168.1.10", "", "5000", "3478", "0x0001",
         "1", "1", "1", "", "host candidate 192.168.1.10:5000 asks the STUN server"},
        {"internet", "nat-a outside", epoch_text(t1), "203.0.113.10", "", "5000", "3478", "0x0001",
         "1", "1", "1", "", ""},
        {"internet", "nat-a outside", epoch_text(t2), "", "2001:db8::10", "5000", "3478", "0x0001",
         "1", "1", "", "", "over IPv6"},
    };
    const auto lines = split(out, '\n');
    REQUIRE(lines.size() == expected.size() + 1);  // and the last line's newline
    CHECK(lines.back().empty());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO("packet " << i + 1);
        CHECK(split(lines[i], '\t') == expected[i]);
    }
    CHECK(epoch_text(t0) == "1767225600.001500000");  // 2026-01-01T00:00:00.0015Z
}
