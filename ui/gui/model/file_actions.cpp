#include "ui/gui/model/file_actions.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "sim/trace_jsonl.h"
#include "sim/trace_pcapng.h"

namespace rtclab::gui {

namespace fs = std::filesystem;

namespace {

bool has_extension(const fs::path& p, const char* ext) {
    return p.extension() == ext;
}

void add_dir(std::vector<FileEntry>& out, const fs::path& root, const fs::path& dir,
             const char* ext, FileKind kind, bool recursive) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return;
    std::vector<FileEntry> found;
    const auto visit = [&](const fs::directory_entry& e) {
        if (!e.is_regular_file(ec) || !has_extension(e.path(), ext)) return;
        found.push_back(
            {e.path().string(), e.path().lexically_relative(root).generic_string(), kind});
    };
    if (recursive) {
        for (const auto& e : fs::recursive_directory_iterator(
                 dir, fs::directory_options::skip_permission_denied, ec))
            visit(e);
    } else {
        for (const auto& e : fs::directory_iterator(dir, ec))
            visit(e);
    }
    std::sort(found.begin(), found.end(),
              [](const FileEntry& a, const FileEntry& b) { return a.name < b.name; });
    out.insert(out.end(), found.begin(), found.end());
}

}  // namespace

std::vector<FileEntry> list_openable_files(const std::string& scenarios_dir) {
    std::vector<FileEntry> out;
    const fs::path root(scenarios_dir);
    add_dir(out, root, root, ".json", FileKind::kScenario, false);
    add_dir(out, root, root / "topologies", ".json", FileKind::kTopology, false);
    add_dir(out, root, root, ".jsonl", FileKind::kTrace, true);
    return out;
}

const char* file_kind_name(FileKind kind) {
    switch (kind) {
        case FileKind::kScenario:
            return "scenario";
        case FileKind::kTopology:
            return "topology";
        case FileKind::kTrace:
            return "trace";
    }
    return "?";
}

net::Result<void> save_trace(const Session& session, const std::string& path) {
    if (path.empty()) return net::make_error("no path given for the trace");
    return sim::write_trace_file(session.trace(), path);
}

net::Result<void> export_pcapng(const Session& session, const std::string& path) {
    if (path.empty()) return net::make_error("no path given for the pcapng file");
    const net::Bytes bytes = sim::trace_to_pcapng(session.trace());
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) return net::make_error("cannot write pcapng '" + path + "': " + std::strerror(errno));
    f.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
    f.flush();
    if (!f) return net::make_error("cannot write pcapng '" + path + "': write failed (disk full?)");
    return {};
}

std::string default_output_path(const Session& session, const std::string& extension) {
    std::string name = session.trace().scenario;
    if (name.empty()) name = "rtclab";
    return name + extension;
}

}  // namespace rtclab::gui
