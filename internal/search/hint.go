package search

import (
	"regexp"
	"strings"
	"unicode"
)

// misspeltUpvotes is an upvote filter written without its colon (upvotes>50).
var misspeltUpvotes = regexp.MustCompile(`(?i)^(up)?votes?(>=|<=|>|<|=)\d*$`)

// Hint explains how to write a filter the query seems to attempt but that
// ParseQuery reads as a plain word ("" when there is none), so a search
// box can say why `upvotes>50` finds nothing.
func Hint(s string) string {
	for _, w := range strings.FieldsFunc(s, unicode.IsSpace) {
		lw := strings.ToLower(w)
		switch {
		case misspeltUpvotes.MatchString(w):
			return "Write an upvote filter as upvotes:>50 (or just >50)."
		case strings.HasPrefix(lw, "upvotes:") && !(&Query{}).filter(w):
			return "Write an upvote filter as upvotes:>50, upvotes:<10 or upvotes:25."
		case lw == "upvotes:":
			return "Give a number after upvotes:, like upvotes:>50."
		case strings.HasPrefix(lw, "date:") && lw != "date:" && !validDatePrefix(w[len("date:"):]):
			return "Write dates as date:2026, date:2026-05 or date:2026-05-22 (two-digit months and days)."
		case lw == "date:":
			return "Give a date after date:, like date:2026-05 or date:2026-05-22."
		case lw == "author:":
			return `Give a name after author:, like author:hinton or author:"Geoffrey Hinton".`
		}
	}
	return ""
}
