package paper

import (
	"errors"
	"fmt"
)

// Error codes. Every layer maps its failures to one of these so that the CLI,
// the HTTP API and the UI can tell the user what happened and what to do next.
const (
	EINTERNAL    = "internal"
	EINVALID     = "invalid"    // bad input from the user
	ENOTFOUND    = "not_found"  // no such paper or day
	EOFFLINE     = "offline"    // the network or the API could not be reached
	ERATELIMIT   = "rate_limit" // Hugging Face asked us to slow down
	EUPSTREAM    = "upstream"   // the API answered with an error or garbage
	ELOCKED      = "locked"     // another process holds the data directory
	EDISKFULL    = "disk_full"  // too little free space to write safely
	EREADONLY    = "read_only"  // the data directory cannot be written (read-only file system, permissions)
	EDAMAGED     = "damaged"    // a file of the data directory is damaged; the message says what was kept and what to do
	ECANCELED    = "canceled"
	ETAKEN       = "taken"       // another application holds it (a system-wide key)
	EUNSUPPORTED = "unsupported" // this system can't do it (a global key on macOS)
)

// Codes lists every error code, for the front doors' tables (and the
// frontend's generated types).
var Codes = []string{EINTERNAL, EINVALID, ENOTFOUND, EOFFLINE, ERATELIMIT, EUPSTREAM, ELOCKED, EDISKFULL, EREADONLY,
	EDAMAGED, ECANCELED, ETAKEN, EUNSUPPORTED}

// ErrorInfo is an error as a user sees it: the one shape every front door
// (window, browser, command line) passes on.
type ErrorInfo struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Info returns err's code and user-safe message.
func Info(err error) ErrorInfo { return ErrorInfo{Code: ErrorCode(err), Message: ErrorMessage(err)} }

// Error is an error with a code and a message that is safe to show a user.
// Err keeps the underlying chain for the log.
type Error struct {
	Code    string
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with a formatted, user-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an *Error that keeps err as its cause.
func Wrap(code string, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Message
	}
	return "An internal error occurred."
}
