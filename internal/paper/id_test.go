package paper

import (
	"testing"
)

func TestParseID(t *testing.T) {
	tests := []struct {
		name, in, want string // want "" means an EINVALID error
	}{
		{"bare", "2410.17243", "2410.17243"},
		{"four-digit number", "0704.0001", "0704.0001"},
		{"version suffix", "2410.17243v2", "2410.17243"},
		{"surrounding space", " \t2410.17243\n", "2410.17243"},
		{"arXiv prefix", "arXiv:2410.17243", "2410.17243"},
		{"lowercase prefix with version", "arxiv:2410.17243v12", "2410.17243"},
		{"abs URL", "https://arxiv.org/abs/2410.17243", "2410.17243"},
		{"abs URL with version", "https://arxiv.org/abs/2410.17243v3", "2410.17243"},
		{"abs URL with www", "http://www.arxiv.org/abs/2410.17243", "2410.17243"},
		{"pdf URL", "https://arxiv.org/pdf/2410.17243", "2410.17243"},
		{"pdf URL with .pdf", "https://arxiv.org/pdf/2410.17243v1.pdf", "2410.17243"},
		{"HF URL", "https://huggingface.co/papers/2410.17243", "2410.17243"},
		{"HF URL with slash", "huggingface.co/papers/2410.17243/", "2410.17243"},
		{"HF URL with fragment", "https://huggingface.co/papers/2410.17243#community", "2410.17243"},
		{"abs URL with query", "https://arxiv.org/abs/2410.17243?context=cs", "2410.17243"},
		{"old style", "hep-th/9901001", "hep-th/9901001"},
		{"old style with version", "hep-th/9901001v2", "hep-th/9901001"},
		{"old style with subject class", "math.GT/0309136", "math.GT/0309136"},
		{"old style abs URL", "https://arxiv.org/abs/hep-th/9901001", "hep-th/9901001"},
		{"empty", "", ""},
		{"word", "transformers", ""},
		{"six digits", "2410.172431", ""},
		{"short year", "241.17243", ""},
		{"dangling v", "2410.17243v", ""},
		{"two ids", "2410.17243 2410.17244", ""},
		{"other host", "https://example.com/abs/2410.17243", ""},
		{"path traversal", "../../etc/passwd", ""},
		{"uppercase archive", "HEP-TH/9901001", ""},
		{"www archive", "www.www.AB/1234567", ""},
		{"query only", "?2410.17243", ""},
		{"bare path segment", "abs/abs/1234567", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseID(tt.in)
			if tt.want == "" {
				if err == nil || ErrorCode(err) != EINVALID {
					t.Fatalf("ParseID(%q) = %q, %v; want an %s error", tt.in, got, err, EINVALID)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseID(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
			if !IsID(got) {
				t.Errorf("IsID(%q) = false, want true", got)
			}
		})
	}
}

func TestIsID(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"2410.17243", true},
		{"hep-th/9901001", true},
		{"2410.17243v2", false},
		{"arXiv:2410.17243", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsID(tt.in); got != tt.want {
			t.Errorf("IsID(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func FuzzParseID(f *testing.F) {
	for _, s := range []string{
		"2410.17243", "2410.17243v2", "arXiv:2410.17243", "https://arxiv.org/abs/2410.17243v3",
		"https://arxiv.org/pdf/2410.17243v1.pdf", "https://huggingface.co/papers/2410.17243#x",
		"hep-th/9901001", "math.GT/0309136v1", "www.www.AB/1234567", "abs/abs/1234567",
		"https://www.arxiv.org/abs/hep-th/9901001v2?x#y", "", "garbage", "\x00\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseID(s)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("ParseID(%q): error code %q, want %q", s, ErrorCode(err), EINVALID)
			}
			return
		}
		again, err := ParseID(id)
		if err != nil || again != id {
			t.Fatalf("ParseID(%q) = %q, which re-parses to %q, %v", s, id, again, err)
		}
		if !IsID(id) {
			t.Fatalf("IsID(%q) = false for a parsed id", id)
		}
	})
}
