// The pieces every reader of rtclab's JSON files shares: diagnostics sorted by file and line,
// the document being read, words for messages ("did you mean"), and Fields, typed access to
// the members of one object. The scenario loader's readers (topology, script, expectations,
// peers) are written with these.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "net/core/address.h"
#include "net/core/result.h"
#include "net/core/time.h"
#include "sim/json_source_map.h"
#include "sim/scenario_loader.h"

namespace rtclab::sim::loader {

using nlohmann::json;

// --- diagnostics ------------------------------------------------------------------------------

// Every problem found, in every file read, sorted by (file, line) when reported.
class Diagnostics {
  public:
    void add(int file_order, const std::string& file, int line, const std::string& pointer,
             const std::string& message) {
        // Past this many only the count matters: a generated file can hold a million mistakes.
        if (items_.size() >= kMaxKept) {
            ++dropped_;
            return;
        }
        items_.push_back({file_order, line,
                          file + ":" + std::to_string(line) + ": " +
                              (pointer.empty() ? std::string("/") : printable(pointer, 200)) +
                              ": " + message});
    }
    std::size_t count() const { return items_.size() + dropped_; }

    net::Error error() const {
        auto sorted = items_;
        std::stable_sort(sorted.begin(), sorted.end(), [](const Item& a, const Item& b) {
            return std::pair(a.file_order, a.line) < std::pair(b.file_order, b.line);
        });
        std::string text;
        const std::size_t shown = std::min(sorted.size(), kMaxDiagnostics);
        for (std::size_t i = 0; i < shown; ++i) {
            if (i) text += '\n';
            text += sorted[i].text;
        }
        if (count() > shown) {
            text += "\n(" + std::to_string(count() - shown) +
                    " more errors not shown; fix the ones above first)";
        }
        return net::make_error(std::move(text));
    }

  private:
    static constexpr std::size_t kMaxKept = 1000;
    struct Item {
        int file_order;
        int line;
        std::string text;
    };
    std::vector<Item> items_;
    std::size_t dropped_ = 0;
};

// One JSON document being validated: where its diagnostics go and how lines are found.
struct Doc {
    std::string file;
    int order = 0;  // scenario file 0, its topology file 1
    const JsonSourceMap* map = nullptr;
    Diagnostics* diags = nullptr;

    void error(const std::string& pointer, const std::string& message) const {
        diags->add(order, file, map->line(pointer), pointer, message);
    }
    // For problems with a member's key rather than its value ("unknown key").
    void key_error(const std::string& pointer, const std::string& message) const {
        diags->add(order, file, map->key_line(pointer), pointer, message);
    }
    int line(const std::string& pointer) const { return map->line(pointer); }
};

// --- words for messages -----------------------------------------------------------------------

std::string in_quotes(std::string_view s);
std::string join(const std::vector<std::string>& items, std::size_t max_items = 30);
std::string format_number(double v);
// "the number 5", "the string 'x'", "an array": what was found where something else belonged.
std::string describe_value(const json& j);
// " (did you mean 'x'?)" for the candidate within two edits of `word`, or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);
// "unknown NAT preset 'cone'; expected one of: open, full-cone, ..."
std::string unknown_word(std::string_view what, std::string_view word,
                         const std::vector<std::string>& expected);
// 1-63 lower-case letters, digits and '-', starting with a letter or digit: a lane id.
bool is_valid_name(std::string_view s);
std::string capitalised(const std::string& name);
bool has_control_character(std::string_view s);
std::string family_name(const net::IpAddress& ip);

// --- reading the members of one object --------------------------------------------------------

// Reports members not in `known`, each at its key's line, with the closest known key.
void check_keys(const Doc& doc, const json& obj, const std::string& ptr,
                const std::vector<std::string>& known, std::string_view what);

// Typed access to the members of one object. Each reader reports what is wrong (a missing
// required key, a wrong type, a value out of range) and then returns nullopt, so a caller
// only has to carry on; the load fails as a whole once anything was reported.
class Fields {
  public:
    Fields(const Doc& doc, const json& obj, std::string ptr)
        : doc_(doc), obj_(obj), ptr_(std::move(ptr)) {}

    const std::string& ptr() const { return ptr_; }
    std::string at(std::string_view key) const { return json_pointer_child(ptr_, key); }
    const json* get(std::string_view key) const {
        const auto it = obj_.find(key);
        return it == obj_.end() ? nullptr : &*it;
    }
    bool has(std::string_view key) const { return get(key) != nullptr; }

    void missing(std::string_view key, std::string_view hint) const {
        doc_.error(ptr_, "missing required key '" + std::string(key) + "'" +
                             (hint.empty() ? "" : " (" + std::string(hint) + ")"));
    }
    void wrong_type(std::string_view key, std::string_view expected) const {
        doc_.error(at(key),
                   "expected " + std::string(expected) + ", got " + describe_value(*get(key)));
    }

    // The member if present and of the wanted type; reports otherwise.
    const json* typed(std::string_view key, bool required, std::string_view hint,
                      bool (json::*is)() const noexcept, std::string_view expected) const {
        const json* v = get(key);
        if (!v) {
            if (required) missing(key, hint);
            return nullptr;
        }
        if (!(v->*is)()) {
            wrong_type(key, expected);
            return nullptr;
        }
        return v;
    }

    std::optional<std::string> string(std::string_view key, bool required,
                                      std::string_view hint = {},
                                      std::size_t max_bytes = 4096) const {
        const json* v = typed(key, required, hint, &json::is_string, "a string");
        if (!v) return std::nullopt;
        const auto& s = v->get_ref<const std::string&>();
        if (s.size() > max_bytes) {
            doc_.error(at(key), "too long: " + std::to_string(s.size()) + " bytes; at most " +
                                    std::to_string(max_bytes) + " are allowed");
            return std::nullopt;
        }
        return s;
    }

    std::optional<std::string> name(std::string_view key, bool required,
                                    std::string_view hint = {}) const {
        auto s = string(key, required, hint, 1024);
        if (!s) return std::nullopt;
        if (!is_valid_name(*s)) {
            doc_.error(at(key), in_quotes(*s) +
                                    " is not a valid name: use 1-63 lower-case letters, digits "
                                    "and '-', starting with a letter or digit (names become "
                                    "trace lane ids)");
            return std::nullopt;
        }
        return s;
    }

    std::optional<bool> boolean(std::string_view key, bool required,
                                std::string_view hint = {}) const {
        const json* v = typed(key, required, hint, &json::is_boolean, "true or false");
        if (!v) return std::nullopt;
        return v->get<bool>();
    }

    const json* object(std::string_view key, bool required, std::string_view hint = {}) const {
        return typed(key, required, hint, &json::is_object, "an object ({...})");
    }
    const json* array(std::string_view key, bool required, std::string_view hint = {}) const {
        return typed(key, required, hint, &json::is_array, "an array ([...])");
    }

    std::optional<double> number(std::string_view key, double lo, double hi, bool required,
                                 std::string_view hint = {}) const {
        const json* v = typed(key, required, hint, &json::is_number, "a number");
        if (!v) return std::nullopt;
        const double d = v->get<double>();
        if (!(d >= lo && d <= hi)) {
            out_of_range(key, lo, hi, v->dump());
            return std::nullopt;
        }
        return d;
    }

    // An integer: JSON Schema's "integer", so 5 and 5.0 are both 5, and 5.5 is refused.
    std::optional<std::int64_t> integer(std::string_view key, std::int64_t lo, std::int64_t hi,
                                        bool required, std::string_view hint = {}) const {
        const json* v = typed(key, required, hint, &json::is_number, "an integer");
        if (!v) return std::nullopt;
        if (v->is_number_float()) {
            const double d = v->get<double>();
            if (d != std::floor(d)) {
                doc_.error(at(key), "expected an integer, got " + describe_value(*v) +
                                        " (write a whole number)");
                return std::nullopt;
            }
            if (!(d >= static_cast<double>(lo) && d <= static_cast<double>(hi))) {
                out_of_range(key, static_cast<double>(lo), static_cast<double>(hi), v->dump());
                return std::nullopt;
            }
            return static_cast<std::int64_t>(d);
        }
        if (v->is_number_unsigned()) {
            const auto u = v->get<std::uint64_t>();
            if (hi < 0 || u > static_cast<std::uint64_t>(hi) ||
                (lo > 0 && u < static_cast<std::uint64_t>(lo))) {
                out_of_range(key, static_cast<double>(lo), static_cast<double>(hi), v->dump());
                return std::nullopt;
            }
            return static_cast<std::int64_t>(u);
        }
        const auto i = v->get<std::int64_t>();
        if (i < lo || i > hi) {
            out_of_range(key, static_cast<double>(lo), static_cast<double>(hi), v->dump());
            return std::nullopt;
        }
        return i;
    }

    std::optional<net::IpAddress> ip(std::string_view key, bool required,
                                     std::string_view hint = {}) const {
        auto s = string(key, required, hint, 256);
        if (!s) return std::nullopt;
        if (has_control_character(*s)) {
            doc_.error(at(key), "an IP address cannot contain control characters");
            return std::nullopt;
        }
        auto ip = net::IpAddress::parse(*s);
        if (!ip) {
            doc_.error(at(key), printable(ip.error().message, 200));
            return std::nullopt;
        }
        return *ip;
    }

  private:
    void out_of_range(std::string_view key, double lo, double hi, const std::string& got) const {
        doc_.error(at(key), "must be between " + format_number(lo) + " and " + format_number(hi) +
                                ", got " + printable(got, 40));
    }

    const Doc& doc_;
    const json& obj_;
    std::string ptr_;
};

// Refuses arrays longer than rtclab is meant for (the checks between their items are not all
// linear); true when it did.
bool too_many(const Doc& doc, const json& arr, const std::string& ptr, std::size_t max,
              std::string_view what);

net::Duration millis_to_duration(double ms);

}  // namespace rtclab::sim::loader
