// Section: what the session part of a description and each media section share -- their
// ordered lines, typed look-up and in-place editing of those lines, and the attributes
// allowed at both levels: ICE credentials and options, DTLS fingerprint and setup role
// (RFC 8839 §5.4: "can appear at either the session-level or media-level. When present in
// both, the value in the media-level takes precedence").
//
// Editing follows one rule, so that an edit changes exactly the lines it means to:
//   - set(v) replaces the first line of v's type where it stands, or, if there is none,
//     inserts v at its conventional place (see insert_conventional);
//   - add(v) inserts v after the last line of its type (or at its conventional place);
//   - append(v) puts v at the very end, for a builder that writes lines in its own order;
//   - remove_all<T>() deletes every line of type T.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "net/sdp/line.h"
#include "net/sdp/transport_parameters.h"

namespace rtclab::net::sdp {

struct Section {
    // Every line after the section's fixed lines, in order (see line.h).
    std::vector<Line> lines;

    // --- generic, typed access ----------------------------------------------------------------
    template <class T>
    const T* find() const {
        for (const Line& line : lines)
            if (const T* v = std::get_if<T>(&line.value)) return v;
        return nullptr;
    }
    // A mutable pointer: editing through it changes that line (and only it) on output.
    template <class T>
    T* find() {
        for (Line& line : lines)
            if (T* v = std::get_if<T>(&line.value)) return v;
        return nullptr;
    }
    template <class T>
    std::vector<T> all() const {
        std::vector<T> out;
        for (const Line& line : lines)
            if (const T* v = std::get_if<T>(&line.value)) out.push_back(*v);
        return out;
    }
    template <class T>
    bool has() const {
        return find<T>() != nullptr;
    }
    template <class T>
    void set(T value) {
        if (T* existing = find<T>()) {
            *existing = std::move(value);
        } else {
            insert_conventional(LineValue{std::move(value)});
        }
    }
    template <class T>
    void add(T value) {
        for (std::size_t i = lines.size(); i-- > 0;) {
            if (std::holds_alternative<T>(lines[i].value)) {
                lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                             Line(LineValue{std::move(value)}));
                return;
            }
        }
        insert_conventional(LineValue{std::move(value)});
    }
    void append(LineValue value) { lines.emplace_back(std::move(value)); }
    template <class T>
    std::size_t remove_all() {
        return std::erase_if(
            lines, [](const Line& line) { return std::holds_alternative<T>(line.value); });
    }
    // A flag attribute (a=rtcp-mux, ...): present or not.
    template <class T>
    void set_flag(bool on) {
        if (on && !has<T>()) insert_conventional(LineValue{T{}});
        if (!on) remove_all<T>();
    }

    // Inserts before the first line that comes later in the conventional attribute order --
    // the order browsers write (Chrome's, which follows RFC 8829 §5.2.1) -- skipping raw lines;
    // at the end if none does.
    void insert_conventional(LineValue value);
    // The index insert_conventional() would insert `value` at.
    std::size_t conventional_index(const LineValue& value) const;

    // --- attributes allowed at session and media level ----------------------------------------
    std::optional<std::string> ice_ufrag() const;
    void set_ice_ufrag(std::string ufrag);
    std::optional<std::string> ice_pwd() const;
    void set_ice_pwd(std::string pwd);
    std::vector<std::string> ice_options() const;  // empty when absent
    void set_ice_options(std::vector<std::string> options);
    std::vector<Fingerprint> fingerprints() const;
    std::optional<Fingerprint> fingerprint() const;  // the first one
    void set_fingerprint(Fingerprint fingerprint);   // replaces them all by one
    std::optional<SetupRole> setup() const;
    void set_setup(SetupRole role);

    // The five together, as this section states them (not inheriting from the session).
    TransportParameters transport() const;
    // Sets what `params` has (and leaves alone what it does not: an absent ufrag keeps the
    // line there is).
    void set_transport(const TransportParameters& params);
};

}  // namespace rtclab::net::sdp
