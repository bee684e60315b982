#include "ui/cli/transcript.h"

#include <cstdio>
#include <ostream>
#include <string>

#include "sim/trace_format.h"

namespace rtclab::cli {

namespace {

std::string time_ms(std::int64_t us) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%10.3f", static_cast<double>(us) / 1000.0);
    return buf;
}

std::string pad(std::string s, std::size_t width) {
    // Width in characters, counting UTF-8 continuation bytes as nothing.
    std::size_t chars = 0;
    for (unsigned char c : s) chars += (c & 0xc0) != 0x80;
    if (chars < width) s.append(width - chars, ' ');
    return s;
}

}  // namespace

void print_transcript(const sim::Trace& t, std::ostream& out) {
    out << "scenario " << t.scenario;
    if (!t.title.empty()) out << ": " << t.title;
    out << " (seed " << t.seed << ")\n";
    out << "lanes:";
    for (const auto& l : t.lanes) out << ' ' << l.id;
    out << "\n\n" << pad("   time ms", 11) << "  " << pad("lanes", 28) << "  event\n";
    for (std::size_t i = 0; i < t.size(); ++i) {
        const std::string kind = sim::event_kind(t, i);
        const auto lanes = sim::event_lanes(t, i);
        std::string where;
        for (std::size_t k = 0; k < lanes.size(); ++k) where += (k ? " → " : "") + lanes[k].get<std::string>();
        const bool decision = kind.rfind("nat.", 0) == 0 || sim::is_lost_datagram_kind(kind);
        std::string line = time_ms(t.event(i).t_us) + "  ";
        if (decision) {
            line += "    " + where + ": " + sim::event_summary(t, i);
        } else {
            std::string summary = sim::event_summary(t, i);
            if (kind.rfind("packet.", 0) == 0) {
                const auto detail = sim::event_detail(t, i);
                summary = "[" + detail.value("network", std::string()) + "] " + summary;
            }
            line += pad(where, 28) + "  " + summary;
        }
        out << line << '\n';
    }
}

void print_expectations(const std::vector<sim::ExpectationResult>& results, std::ostream& out) {
    if (results.empty()) return;
    out << "\nexpectations:\n";
    std::size_t held = 0;
    for (const auto& r : results) {
        out << (r.passed ? "  ✔ " : "  ✘ ") << r.what;
        if (!r.passed) out << "\n      " << r.why;
        out << '\n';
        held += r.passed;
    }
    out << held << " of " << results.size() << " expectations hold\n";
}

}  // namespace rtclab::cli
