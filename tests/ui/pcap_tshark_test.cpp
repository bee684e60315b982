// The who-am-i capture read back by tshark: STUN decoded with no malformed packets, good
// checksums, and each NAT's translation visible (private source inside, public outside).
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>
#include <vector>

using std::string;
namespace fs = std::filesystem;

namespace {

std::string capture(const std::string& cmd) {
    std::array<char, 4096> buf{};
    std::string out;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    if (!pipe) return out;
    while (fgets(buf.data(), buf.size(), pipe.get())) out += buf.data();
    return out;
}

std::vector<std::vector<std::string>> rows(const std::string& text) {
    std::vector<std::vector<std::string>> result;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::vector<std::string> cols;
        std::istringstream cells(line);
        std::string cell;
        while (std::getline(cells, cell, '\t')) cols.push_back(cell);
        result.push_back(cols);
    }
    return result;
}

}  // namespace

TEST_CASE("tshark decodes the who-am-i capture as a browser's", "[cli][pcap][tshark]") {
    REQUIRE(fs::exists("/usr/bin/tshark"));  // ./lab setup installs it
    const fs::path pcap = fs::temp_directory_path() / ("rtclab-who-am-i-" + std::to_string(::getpid()) + ".pcapng");
    const string rtclab = string(RTCLAB_BINARY_DIR) + "/rtclab";
    REQUIRE(std::system((rtclab + " run " + RTCLAB_SOURCE_DIR + "/scenarios/who-am-i.json --pcap " + pcap.string() +
                         " > /dev/null").c_str()) == 0);
    const string out = capture("tshark -r " + pcap.string() +
                               " -o udp.check_checksum:TRUE -o ip.check_checksum:TRUE -T fields -E separator=/t"
                               " -e frame.interface_name -e ip.src -e udp.srcport -e ip.dst -e stun.type"
                               " -e udp.checksum.status -e ip.checksum.status -e _ws.malformed 2>/dev/null");
    const auto table = rows(out);
    REQUIRE(table.size() >= 12);
    int inside_alice = 0, outside_alice = 0, stun = 0;
    for (const auto& r : table) {
        REQUIRE(r.size() >= 7);
        CHECK(r[5] == "1");  // udp.checksum.status: 1 = good (0 bad, 2 unverified)
        CHECK(r[6] == "1");  // ip.checksum.status
        if (r.size() > 7) CHECK(r[7].empty());  // nothing malformed
        if (!r[4].empty()) ++stun;
        if (r[0] == "home-a" && r[1] == "192.168.1.10") ++inside_alice;
        if (r[0] == "internet" && r[1] == "203.0.113.10") ++outside_alice;
    }
    CHECK(inside_alice >= 1);   // Alice's request on her home network, from her private address
    CHECK(outside_alice >= 1);  // the same request on the internet, from NAT A's public address
    CHECK(stun >= 8);
    const string malformed = capture("tshark -r " + pcap.string() + " -Y _ws.malformed 2>/dev/null");
    CHECK(malformed.empty());
    fs::remove(pcap);
}

TEST_CASE("tshark decodes the classroom capture: ICE checks, TURN Allocate and Send/Data indications",
          "[cli][pcap][tshark][peers]") {
    REQUIRE(fs::exists("/usr/bin/tshark"));
    const fs::path pcap = fs::temp_directory_path() / ("rtclab-classroom-" + std::to_string(::getpid()) + ".pcapng");
    const string rtclab = string(RTCLAB_BINARY_DIR) + "/rtclab";
    REQUIRE(std::system((rtclab + " run " + RTCLAB_SOURCE_DIR + "/scenarios/classroom.json --pcap " +
                         pcap.string() + " > /dev/null").c_str()) == 0);
    const string out = capture("tshark -r " + pcap.string() +
                               " -o udp.check_checksum:TRUE -T fields -E separator=/t"
                               " -e stun.type -e udp.checksum.status -e stun.att.username"
                               " -e stun.att.priority -e _ws.malformed 2>/dev/null");
    const auto table = rows(out);
    REQUIRE(table.size() >= 50);
    int checks = 0, allocate = 0, send = 0, data = 0;
    for (const auto& r : table) {
        REQUIRE(r.size() >= 2);
        CHECK(r[1] == "1");
        if (r.size() > 4) CHECK(r[4].empty());
        if (r[0] == "0x0001" && r.size() > 2 && !r[2].empty()) ++checks;  // Binding with USERNAME
        if (r[0] == "0x0003") ++allocate;
        if (r[0] == "0x0016") ++send;
        if (r[0] == "0x0017") ++data;
    }
    CHECK(checks >= 4);    // ICE connectivity checks: Binding requests with USERNAME
    CHECK(allocate >= 2);  // the first Allocate, answered 401, then with credentials
    CHECK(send >= 1);
    CHECK(data >= 1);
    CHECK(capture("tshark -r " + pcap.string() + " -Y _ws.malformed 2>/dev/null").empty());
    fs::remove(pcap);
}
