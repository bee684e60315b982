#include "net/stun/summary.h"

#include "net/stun/error_code.h"

namespace rtclab::net::stun {

std::string summarize(const Message& m) {
    std::string out;
    const std::string_view title = method_title(m.method);
    if (title.empty()) {
        out = "Method ";
        out += method_name(m.method);
    } else {
        out = title;
    }
    out += ' ';
    out += class_title(m.cls);

    if (m.cls == MessageClass::kErrorResponse) {
        if (auto e = m.error_code()) {
            out += ": " + std::to_string(e->first) + " ";
            out += e->second.empty() ? std::string(reason_phrase(e->first)) : e->second;
            // Trailing space when neither phrase exists.
            while (!out.empty() && out.back() == ' ')
                out.pop_back();
        }
    } else if (m.cls == MessageClass::kSuccessResponse) {
        std::string details;
        auto add = [&details](const std::string& part) {
            details += details.empty() ? ": " : ", ";
            details += part;
        };
        if (auto a = m.xor_relayed_address()) add("XOR-RELAYED-ADDRESS " + a->to_string());
        if (auto a = m.xor_mapped_address()) {
            add("XOR-MAPPED-ADDRESS " + a->to_string());
        } else if (auto b = m.mapped_address()) {
            add("MAPPED-ADDRESS " + b->to_string());
        }
        if (auto l = m.lifetime()) add("LIFETIME " + std::to_string(*l));
        out += details;
    }
    return out;
}

}  // namespace rtclab::net::stun
