package paper

import (
	"strings"
	"testing"
)

func TestCollapseSpace(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"only space", " \n\t\r ", ""},
		{"already clean", "Attention Is All You Need", "Attention Is All You Need"},
		{"hard wrap", "Scaling for\n  Contrastive Loss", "Scaling for Contrastive Loss"},
		{"trim both ends", "  title \n", "title"},
		{"tabs and CRLF", "a\tb\r\nc", "a b c"},
		{"unicode spaces", "a\u00a0\u2003b\u3000c", "a b c"},
		{"keeps markup and LaTeX", "<b> & $\\mathcal{O}(n)$ 🚀", "<b> & $\\mathcal{O}(n)$ 🚀"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CollapseSpace(tt.in); got != tt.want {
				t.Errorf("CollapseSpace(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAuthorCount(t *testing.T) {
	p := Paper{Authors: []Author{{Name: "A", Hidden: true}, {Name: "B"}, {Name: "C"}}}
	if got := p.AuthorCount(); got != 2 {
		t.Errorf("AuthorCount() = %d, want 2", got)
	}
	if got, want := strings.Join(p.VisibleAuthors(), ","), "B,C"; got != want {
		t.Errorf("VisibleAuthors() = %q, want %q", got, want)
	}
}

func TestValidDate(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"2024-10-25", true},
		{"2024-02-29", true},
		{"2023-02-29", false},
		{"2024-1-5", false},
		{"2024-10-25T00:00:00Z", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidDate(tt.in); got != tt.want {
			t.Errorf("ValidDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
