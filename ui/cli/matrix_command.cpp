#include "ui/cli/matrix_command.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <system_error>

#include "sim/nat_config.h"
#include "sim/nat_matrix.h"
#include "sim/trace_jsonl.h"
#include "sim/world.h"

namespace rtclab::cli {
namespace fs = std::filesystem;

namespace {

// "a=symmetric b=full-cone" -> "symmetric__full-cone.jsonl"
std::string cell_file(const sim::MatrixCell& c) { return c.a + "__" + c.b + ".jsonl"; }

std::string cell_text(const sim::MatrixCell& c) {
    if (!c.connected) return "fails";
    return *c.pair + (c.relay ? " (relay)" : "");
}

}  // namespace

int run_matrix_command(const MatrixOptions& o, std::ostream& out, std::ostream& err) {
    if (o.seed >= (std::uint64_t{1} << 53)) {
        err << "rtclab matrix: --seed must be below 2^53 (9007199254740992), so JSON readers "
               "keep it exact\n";
        return 2;
    }
    if (o.trace_dir) {
        std::error_code ec;
        fs::create_directories(*o.trace_dir, ec);
        if (ec || !fs::is_directory(*o.trace_dir)) {
            err << "rtclab matrix: cannot make the trace folder " << *o.trace_dir << ": "
                << (ec ? ec.message() : "not a folder") << "\n";
            return 2;
        }
        const fs::path probe = fs::path(*o.trace_dir) / ".rtclab-write-test";
        std::ofstream f(probe);
        if (!f) {
            err << "rtclab matrix: cannot write in " << *o.trace_dir << "\n";
            return 2;
        }
        f.close();
        fs::remove(probe, ec);
    }
    std::string write_error;
    if (!o.json) {
        out << "NAT matrix: a (offerer, rows) calls b (answerer, columns); STUN"
            << (o.turn ? " and TURN" : ", no TURN") << "; each cell is a full simulated run\n";
        out.flush();
    }
    const auto cells = sim::run_matrix(
        o.turn, o.seed,
        o.trace_dir ? std::function<void(const sim::World&, const sim::MatrixCell&)>(
                          [&](const sim::World& w, const sim::MatrixCell& c) {
                              const std::string path = (fs::path(*o.trace_dir) / cell_file(c)).string();
                              auto r = sim::write_trace_file(w.trace(), path);
                              if (!r && write_error.empty()) write_error = path + ": " + r.error().message;
                          })
                    : std::function<void(const sim::World&, const sim::MatrixCell&)>());
    if (!write_error.empty()) {
        err << "rtclab matrix: cannot write a trace: " << write_error << "\n";
        return 2;
    }
    if (o.json) {
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();
        for (const auto& c : cells) rows.push_back(sim::matrix_row_json(c));
        out << nlohmann::ordered_json{{"turn", o.turn}, {"seed", o.seed}, {"rows", rows}}.dump(2)
            << "\n";
        return 0;
    }
    const auto& names = sim::nat_preset_names();
    constexpr int kWidth = 22;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%-*s", kWidth, "a \\ b");
    out << buf;
    for (const auto& b : names) {
        std::snprintf(buf, sizeof buf, "%-*s", kWidth, b.c_str());
        out << buf;
    }
    out << "\n";
    std::size_t i = 0;
    int connected = 0;
    for (const auto& a : names) {
        std::snprintf(buf, sizeof buf, "%-*s", kWidth, a.c_str());
        out << buf;
        for (std::size_t j = 0; j < names.size(); ++j, ++i) {
            const auto& c = cells[i];
            connected += c.connected ? 1 : 0;
            std::snprintf(buf, sizeof buf, "%-*s", kWidth, cell_text(c).c_str());
            out << buf;
        }
        out << "\n";
    }
    out << connected << " of " << cells.size() << " pairs connect"
        << (o.turn ? "" : "; run with --turn to see what a relay adds") << ".\n"
        << "Cells read local/remote candidate types of a's selected pair (README: why).\n";
    return 0;
}

}  // namespace rtclab::cli
