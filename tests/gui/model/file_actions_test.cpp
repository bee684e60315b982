#include "ui/gui/model/file_actions.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "session_fixture.h"

using namespace rtclab::gui;
using rtclab::gui::test::open_classroom;
namespace fs = std::filesystem;

namespace {

std::string tmp(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / "rtclab-gui-files-test";
    fs::create_directories(dir);
    return (dir / name).string();
}

std::string scenarios() {
    return std::string(RTCLAB_SOURCE_DIR) + "/scenarios";
}

}  // namespace

TEST_CASE("a trace saved from the GUI reopens with the same events", "[gui][files]") {
    auto s = open_classroom();
    REQUIRE(s);
    const std::string path = tmp("classroom.jsonl");
    fs::remove(path);
    const auto w = save_trace(*s, path);
    REQUIRE(w.ok());
    auto back = Session::open(path);
    REQUIRE(back.ok());
    CHECK(back.value()->event_count() == s->event_count());
    CHECK(back.value()->trace().scenario == "classroom");
    CHECK(back.value()->scenario() == nullptr);  // a replay: no scenario behind it
    CHECK(back.value()->path() == path);
    // Saving the replay again gives the same bytes.
    const std::string again = tmp("classroom-again.jsonl");
    REQUIRE(save_trace(*back.value(), again).ok());
    std::ifstream a(path, std::ios::binary), b(again, std::ios::binary);
    const std::string ta((std::istreambuf_iterator<char>(a)), std::istreambuf_iterator<char>());
    const std::string tb((std::istreambuf_iterator<char>(b)), std::istreambuf_iterator<char>());
    CHECK(ta == tb);
}

TEST_CASE("the pcapng export starts with a Section Header Block", "[gui][files]") {
    auto s = open_classroom();
    REQUIRE(s);
    const std::string path = tmp("classroom.pcapng");
    fs::remove(path);
    REQUIRE(export_pcapng(*s, path).ok());
    std::ifstream f(path, std::ios::binary);
    unsigned char magic[4] = {};
    f.read(reinterpret_cast<char*>(magic), 4);
    REQUIRE(f.gcount() == 4);
    CHECK(magic[0] == 0x0A);
    CHECK(magic[1] == 0x0D);
    CHECK(magic[2] == 0x0D);
    CHECK(magic[3] == 0x0A);
    CHECK(fs::file_size(path) > 1000);
}

TEST_CASE("writes to a path that cannot be written fail with the path", "[gui][files]") {
    auto s = open_classroom();
    REQUIRE(s);
    const std::string bad = tmp("no-such-folder") + "/x/trace.jsonl";
    const auto t = save_trace(*s, bad);
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().message.find(bad) != std::string::npos);
    const auto p = export_pcapng(*s, bad);
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().message.find(bad) != std::string::npos);
    CHECK_FALSE(save_trace(*s, "").ok());
}

TEST_CASE("the file browser lists scenarios, topologies and traces", "[gui][files]") {
    const auto files = list_openable_files(scenarios());
    auto has = [&](const std::string& name, FileKind kind) {
        for (const auto& f : files)
            if (f.name == name && f.kind == kind) return fs::exists(f.path);
        return false;
    };
    CHECK(has("classroom.json", FileKind::kScenario));
    CHECK(has("topologies/two-homes.json", FileKind::kTopology));
    CHECK(has("topologies/classroom.json", FileKind::kTopology));
    CHECK_FALSE(has("classroom.json", FileKind::kTopology));
    // Scenarios come first, then topologies, then traces.
    for (std::size_t i = 1; i < files.size(); ++i)
        CHECK(files[i - 1].kind <= files[i].kind);
    CHECK(list_openable_files(tmp("nothing-here")).empty());
}

TEST_CASE("a bare topology opens as a scenario with no peers and no script", "[gui][files]") {
    auto s = Session::open(scenarios() + "/topologies/two-homes.json");
    REQUIRE(s.ok());
    const Session& t = *s.value();
    REQUIRE(t.scenario() != nullptr);
    CHECK(t.scenario()->peers.empty());
    CHECK(t.scenario()->script.empty());
    CHECK(t.trace().scenario == "two-homes");
    // Its NATs and hosts are there: lanes and the initial state.
    CHECK(t.trace().lane_index("nat-a") != rtclab::sim::kNoLane);
    CHECK(t.state().contains("nats"));
    CHECK(t.setup().nats.size() == 2);
}

TEST_CASE("a file that does not open gives an error naming it", "[gui][files]") {
    const std::string bad = tmp("broken.json");
    std::ofstream(bad) << "{\"rtclab_scenario\": 1, \"topology\": 7}\n";
    const auto r = Session::open(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().describe().find("broken.json") != std::string::npos);
    const std::string bad_topology = tmp("broken-topology.json");
    std::ofstream(bad_topology) << "{\"rtclab_topology\": 1, \"name\": \"x\"}\n";
    const auto t = Session::open(bad_topology);
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().describe().find("broken-topology.json") != std::string::npos);
}
