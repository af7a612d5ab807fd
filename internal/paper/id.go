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
	// A pasted page URL may carry a query or a fragment (…/papers/2410.17243#community).
	if i := strings.IndexAny(id, "?#"); i > 0 {
		id = id[:i]
	}
	id = strings.TrimPrefix(strings.TrimPrefix(id, "https://"), "http://")
	// Path segments are stripped only after a host: "abs/0101001" or
	// "www.XX/…" alone could be an old-style id.
	for _, host := range []string{"www.arxiv.org/", "arxiv.org/", "www.huggingface.co/", "huggingface.co/"} {
		if rest, ok := strings.CutPrefix(id, host); ok {
			for _, dir := range []string{"abs/", "pdf/", "html/", "papers/"} {
				if r, ok := strings.CutPrefix(rest, dir); ok {
					rest = r
					break
				}
			}
			id = rest
			break
		}
	}
	id = strings.TrimPrefix(strings.TrimPrefix(id, "arXiv:"), "arxiv:")
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
