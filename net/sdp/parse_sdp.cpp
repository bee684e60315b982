// parse_sdp(): the SDP reader (RFC 8866 §5). Declared in net/sdp/session_description.h,
// whose comment lists what is checked strictly and what loosely.
#include <string>

#include "net/sdp/field_text.h"
#include "net/sdp/session_description.h"

namespace rtclab::net::sdp {
namespace {

// Lines that belong to the session part only (RFC 8866 §5: "Session description" lists v o s
// i u e p c b t r z k a; "Media description" lists only m i c b k a).
bool is_session_only(char type) {
    return std::string_view("vostrzuep").find(type) != std::string_view::npos;
}

std::string describe_line(char type) {
    return std::string(1, type) + "= line";
}

class Parser {
  public:
    explicit Parser(std::string_view text) : text_(text) {}

    Result<SessionDescription> run() {
        std::size_t pos = 0;
        while (pos < text_.size()) {
            const std::size_t newline = text_.find('\n', pos);
            const std::size_t end = newline == std::string_view::npos ? text_.size() : newline;
            std::string_view line = text_.substr(pos, end - pos);
            pos = newline == std::string_view::npos ? text_.size() : newline + 1;
            ++number_;
            // RFC 8866 §5: lines end in CRLF, but "parsers SHOULD be tolerant and also accept
            // records terminated with a single newline character".
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

            if (line.empty()) {
                // Blank lines at the very end (a pasted description often has one) are
                // ignored; a blank line before more content is an error.
                if (text_.find_first_not_of("\r\n", pos) == std::string_view::npos) break;
                return fail("empty line (SDP has no blank lines)");
            }
            if (auto ok = take(line); !ok) return ok.error();
            last_line_ = number_;
        }
        return finish();
    }

  private:
    Error fail(const std::string& message) const { return fail_at(number_, message); }
    static Error fail_at(std::size_t number, const std::string& message) {
        return make_error("line " + std::to_string(number) + ": " + message);
    }

    Result<void> take(std::string_view line) {
        if (line.size() > kMaxSdpLineBytes)
            return fail("the line is " + std::to_string(line.size()) +
                        " bytes long; this parser accepts lines up to " +
                        std::to_string(kMaxSdpLineBytes) + " bytes");
        if (const auto nul = line.find('\0'); nul != std::string_view::npos)
            return fail("NUL byte at column " + std::to_string(nul + 1) +
                        " (SDP text cannot contain NUL)");
        if (const auto cr = line.find('\r'); cr != std::string_view::npos)
            return fail("carriage return at column " + std::to_string(cr + 1) +
                        " not followed by a line feed");
        // RFC 8866 §5: "<type>=<value>" where "<type> MUST be exactly one case-significant
        // character" and "whitespace MUST NOT be used on either side of the "=" sign".
        if (line.size() < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z')
            return fail(quoted(line) + " is not a <type>=<value> line (a lower-case letter, " +
                        "'=' and the value)");
        const char type = line[0];
        const std::string_view value = line.substr(2);

        // v=0 o= s= open every description, in this order (RFC 8866 §5).
        if (number_ == 1) {
            if (type != 'v')
                return fail("a description starts with v=0 (RFC 8866 §5.1), found " + quoted(line));
            if (value != "0")
                return fail("v= line: version " + quoted(value) +
                            " is not 0 (RFC 8866 §5.1: \"This memo defines version 0\")");
            return {};
        }
        if (number_ == 2) {
            if (type != 'o')
                return fail("expected the o= (origin) line after v=0 (RFC 8866 §5), found " +
                            quoted(line));
            auto origin = Origin::parse(value);
            if (!origin) return fail("o= line: " + origin.error().message);
            d_.origin = std::move(*origin);
            return {};
        }
        if (number_ == 3) {
            if (type != 's')
                return fail("expected the s= (session name) line after o= (RFC 8866 §5), found " +
                            quoted(line));
            d_.session_name = std::string(value);
            return {};
        }
        if (type == 'v' || type == 'o' || type == 's')
            return fail(describe_line(type) + " appears again; there is one, on line " +
                        (type == 'v'   ? "1"
                         : type == 'o' ? "2"
                                       : "3"));

        if (type == 'm') return start_media(value);
        if (section_ == nullptr) return take_session_line(type, value);
        return take_media_line(type, value);
    }

    Result<void> take_session_line(char type, std::string_view value) {
        switch (type) {
            case 'c': {
                if (d_.connection) return fail("c= line: the session part has two c= lines");
                auto c = ConnectionData::parse(value);
                if (!c) return fail("c= line: " + c.error().message);
                d_.connection = std::move(*c);
                return {};
            }
            case 't': {
                auto t = Timing::parse(value);
                if (!t) return fail("t= line: " + t.error().message);
                if (!seen_t_) {
                    d_.timing = *t;
                    seen_t_ = true;
                    return {};
                }
                break;  // a further t= line: kept as text, in its place
            }
            case 'r':
            case 'z':
                // r= repeats "the immediately preceding t=" (RFC 8866 §5.10); z= adjusts
                // those repeat times (§5.11).
                if (!seen_t_)
                    return fail(describe_line(type) +
                                " comes before any t= line; it must follow one");
                break;
            case 'a':
                return take_attribute(d_, value);
            default:
                break;
        }
        d_.lines.emplace_back(LineValue{RawLine{type, std::string(value)}});
        return {};
    }

    Result<void> take_media_line(char type, std::string_view value) {
        if (is_session_only(type))
            return fail(describe_line(type) + " belongs to the session part; it cannot appear " +
                        "in the media section that starts on line " + std::to_string(m_line_));
        switch (type) {
            case 'c': {
                if (section_->connection)
                    return fail("c= line: the media section that starts on line " +
                                std::to_string(m_line_) + " has two c= lines");
                auto c = ConnectionData::parse(value);
                if (!c) return fail("c= line: " + c.error().message);
                section_->connection = std::move(*c);
                return {};
            }
            case 'a':
                return take_attribute(*section_, value);
            default:
                break;
        }
        section_->lines.emplace_back(LineValue{RawLine{type, std::string(value)}});
        return {};
    }

    Result<void> take_attribute(Section& section, std::string_view value) {
        auto line = parse_attribute_line(value);
        if (!line) return fail(line.error().message);
        section.lines.push_back(std::move(*line));
        return {};
    }

    Result<void> start_media(std::string_view value) {
        // RFC 8866 §5: the session part's t= comes before the media descriptions.
        if (!seen_t_)
            return fail(
                "m= line: the session part has no t= line (RFC 8866 §5.9 requires one "
                "before the first m=)");
        auto m = MediaSection::parse_media_line(value);
        if (!m) return fail("m= line: " + m.error().message);
        d_.media.push_back(std::move(*m));
        section_ = &d_.media.back();
        m_line_ = number_;
        return {};
    }

    Result<SessionDescription> finish() {
        if (last_line_ == 0)
            return fail_at(1, "the description is empty; it starts with v=0 (RFC 8866 §5.1)");
        if (last_line_ < 2) return fail_at(2, "the description ends before its o= (origin) line");
        if (last_line_ < 3)
            return fail_at(3, "the description ends before its s= (session name) line");
        if (!seen_t_)
            return fail_at(last_line_,
                           "the description ends without a t= line (RFC 8866 §5.9 requires one)");
        return std::move(d_);
    }

    std::string_view text_;
    std::size_t number_ = 0;     // the 1-based number of the line being read
    std::size_t last_line_ = 0;  // the number of the last line read that was not blank
    SessionDescription d_;
    MediaSection* section_ = nullptr;  // the media section being read, or null in the session part
    std::size_t m_line_ = 0;           // the line number of its m= line
    bool seen_t_ = false;
};

}  // namespace

Result<SessionDescription> parse_sdp(std::string_view text) {
    return Parser(text).run();
}

}  // namespace rtclab::net::sdp
