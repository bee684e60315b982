#include "sim/trace_jsonl.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <istream>
#include <ostream>

#include "net/core/hex.h"
#include "sim/state_index.h"
#include "sim/trace_format.h"

namespace rtclab::sim {

using nlohmann::json;
using nlohmann::ordered_json;

ordered_json trace_header_json(const Trace& t) {
    ordered_json lanes = ordered_json::array();
    for (const Lane& l : t.lanes) lanes.push_back({{"id", l.id}, {"label", l.label}, {"kind", l.kind}});
    return ordered_json{{"rtclab_trace", kTraceFormatVersion},
                        {"scenario", t.scenario},
                        {"title", t.title},
                        {"seed", t.seed},
                        {"duration_us", t.duration_us},
                        {"events", t.size()},
                        {"lanes", std::move(lanes)},
                        {"topology", t.topology},
                        {"notes", t.notes},
                        {"initial_state", t.initial_state}};
}

void write_trace_jsonl(const Trace& t, std::ostream& out) {
    out << trace_header_json(t).dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    for (std::size_t i = 0; i < t.size(); ++i) {
        out << event_json(t, i).dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    }
}

net::Result<void> write_trace_file(const Trace& t, const std::string& path) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return net::make_error("cannot write trace '" + path + "': " + std::strerror(errno));
    write_trace_jsonl(t, out);
    out.flush();
    if (!out) return net::make_error("cannot write trace '" + path + "': write failed (disk full?)");
    return {};
}

namespace {

struct LineError {
    std::string file;
    std::size_t line;
    net::Error operator()(const std::string& message) const {
        return net::make_error(file + ":" + std::to_string(line) + ": " + message);
    }
};

template <class J>
bool is_uint(const J& j) {
    return j.is_number_unsigned() || (j.is_number_integer() && j.template get<std::int64_t>() >= 0);
}

}  // namespace

net::Result<Trace> read_trace_jsonl(std::istream& in, const std::string& file) {
    Trace t;
    std::string text;
    std::size_t line_no = 0;
    constexpr std::size_t kMaxLine = 64u << 20;
    // Header.
    if (!std::getline(in, text)) return net::make_error(file + ":1: empty file: not an rtclab trace");
    line_no = 1;
    LineError err{file, line_no};
    ordered_json header = ordered_json::parse(text, nullptr, false);
    if (header.is_discarded() || !header.is_object()) {
        return err("the first line is not a JSON object: not an rtclab trace (JSON Lines)");
    }
    if (!header.contains("rtclab_trace")) return err("no \"rtclab_trace\" in the header: not an rtclab trace");
    if (header["rtclab_trace"] != kTraceFormatVersion) {
        return err("trace format version " + header["rtclab_trace"].dump() + " is not supported (this rtclab reads " +
                   std::to_string(kTraceFormatVersion) + ")");
    }
    try {
        t.scenario = header.value("scenario", "");
        t.title = header.value("title", "");
        if (header.contains("seed")) {
            if (!is_uint(header["seed"])) return err("/seed: must be a non-negative integer");
            t.seed = header["seed"].get<std::uint64_t>();
        }
        if (header.contains("duration_us")) {
            if (!is_uint(header["duration_us"])) return err("/duration_us: must be a non-negative integer");
            t.duration_us = header["duration_us"].get<std::int64_t>();
        }
        if (!header.contains("lanes") || !header["lanes"].is_array()) return err("/lanes: must be an array");
        for (std::size_t i = 0; i < header["lanes"].size(); ++i) {
            const ordered_json& l = header["lanes"][i];
            if (!l.is_object() || !l.contains("id") || !l["id"].is_string()) {
                return err("/lanes/" + std::to_string(i) + ": needs a string \"id\"");
            }
            if (t.lane_index(l["id"].get<std::string>()) != kNoLane) {
                return err("/lanes/" + std::to_string(i) + ": duplicate lane id " + l["id"].dump());
            }
            t.add_lane(l["id"].get<std::string>(), l.value("label", l["id"].get<std::string>()), l.value("kind", ""));
        }
        if (header.contains("topology")) t.topology = header["topology"];
        if (header.contains("notes")) t.notes = json::parse(header["notes"].dump());
        if (header.contains("initial_state")) {
            if (!header["initial_state"].is_object()) return err("/initial_state: must be an object");
            t.initial_state = json::parse(header["initial_state"].dump());
        }
        if (t.topology.contains("networks") && t.topology["networks"].is_array()) {
            for (const auto& n : t.topology["networks"]) {
                if (n.is_object() && n.contains("name") && n["name"].is_string()) t.networks.push_back(n["name"]);
            }
        }
    } catch (const json::exception& e) {
        return err(std::string("bad header: ") + e.what());
    }
    // Events. The state is folded while reading, so a trace whose changes do not apply is
    // rejected here and never reaches a viewer.
    json state = t.initial_state;
    std::int64_t last_t = 0;
    while (std::getline(in, text)) {
        ++line_no;
        LineError at{file, line_no};
        if (text.size() > kMaxLine) return at("line longer than 64 MiB");
        if (text.empty()) continue;
        ordered_json ev = ordered_json::parse(text, nullptr, false);
        if (ev.is_discarded() || !ev.is_object()) return at("not a JSON object");
        const std::size_t seq = t.size();
        try {
            if (!ev.contains("seq") || !is_uint(ev["seq"]) || ev["seq"].get<std::uint64_t>() != seq) {
                return at("/seq: expected " + std::to_string(seq) + " (events are numbered 0, 1, 2, …)");
            }
            if (!ev.contains("t_us") || !ev["t_us"].is_number_integer()) return at("/t_us: must be an integer");
            const std::int64_t time = ev["t_us"].get<std::int64_t>();
            if (time < last_t) return at("/t_us: time goes backwards (" + std::to_string(time) + " < " + std::to_string(last_t) + ")");
            last_t = time;
            if (!ev.contains("kind") || !ev["kind"].is_string() || ev["kind"].get<std::string>().empty()) {
                return at("/kind: must be a non-empty string");
            }
            if (!ev.contains("lanes") || !ev["lanes"].is_array() || ev["lanes"].size() > 2) {
                return at("/lanes: must be an array of one or two lane ids");
            }
            LaneId lanes[2] = {kNoLane, kNoLane};
            for (std::size_t k = 0; k < ev["lanes"].size(); ++k) {
                const ordered_json& id = ev["lanes"][k];
                if (!id.is_string() || t.lane_index(id.get<std::string>()) == kNoLane) {
                    return at("/lanes/" + std::to_string(k) + ": " + id.dump() + " is not a lane of the header");
                }
                lanes[k] = t.lane_index(id.get<std::string>());
            }
            GenericEvent g;
            g.kind = ev["kind"];
            g.summary = ev.value("summary", "");
            g.explain = ev.value("explain", "");
            if (ev.contains("detail")) {
                if (!ev["detail"].is_object()) return at("/detail: must be an object");
                g.detail = ev["detail"];
            }
            if (ev.contains("packet")) {
                const ordered_json& p = ev["packet"];
                if (!p.is_object() || !p.contains("hex") || !p["hex"].is_string()) {
                    return at("/packet: must be an object with a \"hex\" string");
                }
                auto bytes = net::parse_hex(p["hex"].get<std::string>());
                if (!bytes && !p["hex"].get<std::string>().empty()) return at("/packet/hex: " + bytes.error().describe());
                g.packet = p;
            }
            if (ev.contains("changes")) g.changes = json::parse(ev["changes"].dump());
            if (auto ok = apply_changes(state, g.changes); !ok) return at("/changes: " + ok.error().message);
            t.record_generic(net::Instant{time}, lanes[0], lanes[1], std::move(g));
        } catch (const json::exception& e) {
            return at(std::string("bad event: ") + e.what());
        }
    }
    return t;
}

net::Result<Trace> read_trace_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return net::make_error(path + ": cannot open: " + std::strerror(errno));
    return read_trace_jsonl(in, path);
}

}  // namespace rtclab::sim
