#include "ui/gui/model/packet_fields.h"

#include <algorithm>

namespace rtclab::gui {

namespace {

std::string make_label(const std::string& name, const std::string& value) {
    return value.empty() ? name : name + ": " + value;
}

}  // namespace

std::size_t FieldTree::add(std::string name, std::string value, std::size_t offset, std::size_t length,
                           FieldTone tone) {
    PacketField f;
    f.label = make_label(name, value);
    f.name = std::move(name);
    f.value = std::move(value);
    f.offset = offset;
    f.length = length;
    f.depth = open_.size();
    f.tone = tone;
    fields_.push_back(std::move(f));
    const std::size_t index = fields_.size() - 1;
    fields_[index].end = index + 1;
    for (const std::size_t g : open_) fields_[g].end = index + 1;
    return index;
}

std::size_t FieldTree::open(std::string name, std::string value, std::size_t offset, std::size_t length,
                            FieldTone tone) {
    const std::size_t index = add(std::move(name), std::move(value), offset, length, tone);
    open_.push_back(index);
    return index;
}

void FieldTree::close() {
    if (!open_.empty()) open_.pop_back();
}

void FieldTree::close_all() { open_.clear(); }

void FieldTree::set_value(std::size_t index, std::string value) {
    PacketField& f = fields_[index];
    f.value = std::move(value);
    f.label = make_label(f.name, f.value);
}

std::size_t FieldTree::find(std::string_view name, std::size_t from, std::size_t to) const {
    to = std::min(to, fields_.size());
    for (std::size_t i = from; i < to; ++i) {
        if (fields_[i].name == name) return i;
    }
    return kNone;
}

std::size_t FieldTree::find_child(std::size_t parent, std::string_view name) const {
    if (parent >= fields_.size()) return kNone;
    return find(name, parent + 1, fields_[parent].end);
}

std::vector<std::size_t> FieldTree::innermost_by_byte(std::size_t frame_size) const {
    std::vector<std::size_t> by_byte(frame_size, kNone);
    for (std::size_t i = 0; i < fields_.size(); ++i) {
        const PacketField& f = fields_[i];
        if (f.offset >= frame_size) continue;
        const std::size_t stop = f.offset + std::min(f.length, frame_size - f.offset);
        for (std::size_t b = f.offset; b < stop; ++b) {
            // Pre-order: a field seen later that overlaps is a descendant (or a sibling drawn
            // over the same bytes, which the decoders do not make), so it is the deeper one.
            if (by_byte[b] == kNone || fields_[by_byte[b]].depth <= f.depth) by_byte[b] = i;
        }
    }
    return by_byte;
}

}  // namespace rtclab::gui
