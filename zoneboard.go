// Package zoneboard holds the domain of a development zone's statistics: units, peer groups,
// indicators, periods and observations, the services that keep them, and the error type every
// layer reports through. It imports nothing of the project and knows no SQL or HTTP.
package zoneboard

import (
	"errors"
	"fmt"
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
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
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
