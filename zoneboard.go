// Package zoneboard holds the domain of a development zone's statistics: units, peer groups,
// indicators, periods and observations, the services that keep them, and the error type every
// layer reports through. It imports nothing of the project but its message catalogue (msg) and
// knows no SQL or HTTP.
package zoneboard

import (
	"errors"
	"fmt"

	"zoneboard/msg"
)

// Error codes, shared by the CLI's exit status and the API's HTTP status.
const (
	EInvalid      = "invalid"
	ENotFound     = "not_found"
	EConflict     = "conflict"
	EUnauthorized = "unauthorized"
	EForbidden    = "forbidden"
	ETooLarge     = "too_large"
	// ETooManyRequests refuses a caller that tried too often, such as wrong passwords.
	ETooManyRequests = "too_many_requests"
	// EUnavailable refuses a write the database cannot take now (its disk is full, it is
	// read-only): reads still work, and the write may be tried again later.
	EUnavailable = "unavailable"
	EInternal    = "internal"
)

// Error is a failure whose message is safe to show to the user who caused it.
type Error struct {
	Code string
	// Message is the English text, for logs and for callers that read errors as strings.
	Message string
	// Text, when set, is the message in each language; without it the reader gets Message.
	Text msg.Text
}

func (e *Error) Error() string { return e.Message }

// In is the message in the reader's language.
func (e *Error) In(lang string) string {
	if e.Text != nil {
		return e.Text.In(lang)
	}
	return e.Message
}

// Errorf returns an *Error with the given code and a formatted message in English only: for
// failures a user does not meet, or meets only as "internal error".
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Fail returns an *Error with the given code and the catalogue message id with its arguments
// (name, value pairs), so that each reader gets it in their language.
func Fail(code, id string, args ...any) *Error {
	m := msg.New(id, args...)
	return &Error{Code: code, Message: m.In(msg.English), Text: m}
}

// ErrorCode returns the code of the first *Error in err's chain, or EInternal.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EInternal
}

// ErrorMessage returns the user-facing message of err; internal errors get a generic one
// because their text may reveal paths, SQL or addresses.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// ErrorText returns the user-facing message of err in lang; internal errors get a generic one.
func ErrorText(err error, lang string) string {
	var e *Error
	if errors.As(err, &e) {
		return e.In(lang)
	}
	return msg.New("internal").In(lang)
}
