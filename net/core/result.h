// Error values and Result<T>: how every decoder and loader in rtclab reports failure.
//
// Errors are values, not exceptions (the ninja way): a parser returns a Result that holds
// either the value or an Error naming where the input went wrong.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <variant>

namespace rtclab::net {

struct Error {
    static constexpr std::size_t kNoOffset = static_cast<std::size_t>(-1);

    std::string message;             // what is wrong, in words a user can act on
    std::size_t offset = kNoOffset;  // byte offset into the input, where one applies

    // "offset 12: message" when an offset is known, else just the message.
    std::string describe() const {
        if (offset == kNoOffset) return message;
        return "offset " + std::to_string(offset) + ": " + message;
    }
};

inline Error make_error(std::string message, std::size_t offset = Error::kNoOffset) {
    return Error{std::move(message), offset};
}

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
    Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &std::get<0>(v_); }
    const T* operator->() const { return &std::get<0>(v_); }
    T& operator*() & { return std::get<0>(v_); }
    const T& operator*() const& { return std::get<0>(v_); }

    const Error& error() const { return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const { return error_; }

private:
    Error error_;
    bool ok_ = true;
};

}  // namespace rtclab::net
