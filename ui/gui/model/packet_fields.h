// FieldTree: a packet decoded layer by layer — every field with its name, its value as text and
// the bytes [offset, offset + length) of the frame it covers, nested by layer — the packet
// inspector's tree, and the map from a byte back to the innermost field holding it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rtclab::gui {

// How a field's text is coloured: a check that passed or failed, something the inspector
// could not check, or bytes that do not decode.
enum class FieldTone : std::uint8_t { kPlain, kValid, kInvalid, kUnchecked, kError };

struct PacketField {
    std::string name;             // "UDP", "source port", "XOR-MAPPED-ADDRESS"
    std::string value;            // "5000", "203.0.113.10:5000"; may be empty (a layer)
    std::string label;            // "name: value" (or the name alone), formatted once
    std::size_t offset = 0;       // into the frame
    std::size_t length = 0;       // 0 for facts that cover no bytes (e.g. which key checked)
    std::size_t depth = 0;        // 0 for a layer
    std::size_t end = 0;          // index just after this field's last descendant (pre-order)
    FieldTone tone = FieldTone::kPlain;
    bool expanded = false;        // shown open at first: payload layers and what carries them

    bool has_children(std::size_t index) const { return end > index + 1; }
    bool covers(std::size_t byte) const { return byte >= offset && byte - offset < length; }
};

class FieldTree {
public:
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

    // Adds a field as the last child of the open group (or at the top); returns its index.
    std::size_t add(std::string name, std::string value, std::size_t offset, std::size_t length,
                    FieldTone tone = FieldTone::kPlain);
    // Adds a field whose following fields are its children until close().
    std::size_t open(std::string name, std::string value, std::size_t offset, std::size_t length,
                     FieldTone tone = FieldTone::kPlain);
    void close();
    // Closes every open group (the decoders call it once at the end).
    void close_all();

    // Changes a field's value (and tone) once more is known, e.g. a layer's summary.
    void set_value(std::size_t index, std::string value);
    void set_tone(std::size_t index, FieldTone tone) { fields_[index].tone = tone; }
    void set_length(std::size_t index, std::size_t length) { fields_[index].length = length; }
    void set_expanded(std::size_t index) { fields_[index].expanded = true; }

    const std::vector<PacketField>& fields() const { return fields_; }
    std::size_t size() const { return fields_.size(); }
    const PacketField& operator[](std::size_t i) const { return fields_[i]; }

    // The first field named `name` in pre-order, within [from, to) of the fields; kNone when
    // there is none. find_child looks only among the descendants of `parent`.
    std::size_t find(std::string_view name, std::size_t from = 0, std::size_t to = kNone) const;
    std::size_t find_child(std::size_t parent, std::string_view name) const;

    // For each byte of a frame of `frame_size` bytes, the innermost field covering it (the
    // deepest; fields are added parent first, so a later overlapping field is a descendant), or
    // kNone for bytes no field covers.
    std::vector<std::size_t> innermost_by_byte(std::size_t frame_size) const;

private:
    std::vector<PacketField> fields_;
    std::vector<std::size_t> open_;  // indexes of the open groups, outermost first
};

}  // namespace rtclab::gui
