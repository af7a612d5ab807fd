package paper

import (
	"regexp"
	"strings"
)

var (
	newStyleID = regexp.MustCompile(`^(\d{4}\.\d{4,5})(v\d+)?$`)
	oldStyleID = regexp.MustCompile(`^([a-z][a-z-]*(\.[A-Z]{2})?/\d{7})(v\d+)?$`)
)

// ParseID turns what a user may paste — a bare arXiv id, one with a version
// suffix, an "arXiv:" prefix, or an arxiv.org / huggingface.co URL — into the
// bare id Hugging Face keys papers by.
func ParseID(s string) (string, error) {
	id := strings.TrimSpace(s)
	for _, prefix := range []string{
		"https://", "http://", "www.",
		"arxiv.org/abs/", "arxiv.org/pdf/", "huggingface.co/papers/",
		"arXiv:", "arxiv:",
	} {
		id = strings.TrimPrefix(id, prefix)
	}
	id = strings.TrimSuffix(strings.TrimSuffix(id, "/"), ".pdf")
	if m := newStyleID.FindStringSubmatch(id); m != nil {
		return m[1], nil
	}
	if m := oldStyleID.FindStringSubmatch(id); m != nil {
		return m[1], nil
	}
	return "", Errorf(EINVALID, "%q is not an arXiv id (expected something like 2410.17243)", truncate(s, 80))
}

// IsID reports whether s is already a bare, valid arXiv id.
func IsID(s string) bool {
	id, err := ParseID(s)
	return err == nil && id == s
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
