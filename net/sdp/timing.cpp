#include "net/sdp/timing.h"

#include "net/sdp/field_text.h"

namespace rtclab::net::sdp {

Result<Timing> Timing::parse(std::string_view value) {
    const auto f = split_fields(value);
    if (f.size() != 2)
        return make_error("has " + std::to_string(f.size()) +
                          " fields, it needs 2: <start-time> <stop-time>");
    auto start = parse_decimal(f[0], "start time", 0, UINT64_MAX);
    if (!start) return start.error();
    auto stop = parse_decimal(f[1], "stop time", 0, UINT64_MAX);
    if (!stop) return stop.error();
    return Timing{*start, *stop};
}

std::string Timing::to_string() const {
    return std::to_string(start_time) + " " + std::to_string(stop_time);
}

}  // namespace rtclab::net::sdp
