// File actions of the Files window that need no GL: the files a teacher can open from
// scenarios/ (lessons, topologies, recorded traces), and writing the session's trace (JSON
// Lines, the writer `rtclab run --trace` uses) and packets (pcapng, as `rtclab run --pcap`).
// Screenshots need the GL frame: ui/gui/app/framebuffer_png.h.
#pragma once

#include <string>
#include <vector>

#include "net/core/result.h"
#include "ui/gui/model/session.h"

namespace rtclab::gui {

enum class FileKind { kScenario, kTopology, kTrace };

struct FileEntry {
    std::string path;  // as it can be opened
    std::string
        name;  // relative to the scenarios folder: "classroom.json", "topologies/two-homes.json"
    FileKind kind = FileKind::kScenario;
};

// scenarios/*.json (lessons), scenarios/topologies/*.json and scenarios/**/*.jsonl (traces),
// each group sorted by name. A missing folder gives an empty list.
std::vector<FileEntry> list_openable_files(const std::string& scenarios_dir);

const char* file_kind_name(FileKind kind);

// What opening a bare topology does (the loader runs scenarios only).
inline constexpr const char* kTopologyNote =
    "A topology alone has no peers and no script: it opens as a scenario of its own that shows "
    "its networks, NATs and hosts (and their initial state) with no events. To watch an "
    "exchange through it, open a scenario that names it.";

// Writes the trace as JSON Lines (sim::write_trace_file).
net::Result<void> save_trace(const Session& session, const std::string& path);
// Writes every packet hop as pcapng (sim::trace_to_pcapng).
net::Result<void> export_pcapng(const Session& session, const std::string& path);

// A default output path next to nothing in particular: "<scenario name><extension>" in the
// current folder ("classroom.jsonl").
std::string default_output_path(const Session& session, const std::string& extension);

}  // namespace rtclab::gui
