package hftest

import (
	"fmt"
	"strings"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Hostile returns papers whose text and links try everything a page should
// survive: markup, script, non-https links, entities, LaTeX, right-to-left
// text, a 533-author paper and very long strings. ids are 2605.90001….
func Hostile(day string) []paper.Paper {
	many := make([]paper.Author, 533)
	for i := range many {
		many[i] = paper.Author{Name: fmt.Sprintf("Author Number %d", i+1)}
	}
	many = append(many, paper.Author{Name: "Hidden Person", Hidden: true})
	long := strings.Repeat("Supercalifragilisticexpialidocious", 40)
	return []paper.Paper{
		{ID: "2605.90001", Day: day, Upvotes: 99, NumComments: 3,
			Title:      `<script>window.__pwned=1</script>Attention <b>Is</b> All You Need`,
			Abstract:   `We show <img src=x onerror="window.__pwned=2"> that <iframe src="javascript:window.__pwned=3"></iframe> markup stays text. AT&amp;T & co. use &lt;tags&gt;.`,
			Authors:    []paper.Author{{Name: `<img src=x onerror=window.__pwned=4>`}, {Name: "Zoë Ångström"}},
			GithubRepo: "javascript:window.__pwned=5", ProjectPage: "http://insecure.example.com/page",
			AIKeywords: []string{`<svg onload=window.__pwned=6>`, "safety"}, Organization: `<u>Evil Org</u>`,
			AISummary: `<a href="javascript:alert(1)">click</a>`},
		{ID: "2605.90002", Day: day, Upvotes: 42,
			Title:      `Complexity $\mathcal{O}(n \log n)$ with $\alpha < \beta$ & "quotes"`,
			Abstract:   `We prove $\sum_{i=1}^{n} x_i^2 \leq \frac{1}{2}$ and \textbf{bold} claims; 🚀 emoji and math ∀x∈ℝ.`,
			Authors:    []paper.Author{{Name: "Ada Lovelace"}},
			GithubRepo: "https://github.com/example/ok", GithubStars: 1234,
			ProjectPage: "https://example.org/project"},
		{ID: "2605.90003", Day: day, Upvotes: 7,
			Title:    "نموذج لغوي كبير للغة العربية — Arabic LLM \u202Egnirts desrever\u202C",
			Abstract: "טקסט בעברית mixed with English and \u200F marks.",
			Authors:  many, Organization: "Very Large Collaboration"},
		{ID: "2605.90004", Day: day, Upvotes: 1,
			Title:    long,
			Abstract: strings.Repeat(long+" ", 20),
			Authors:  []paper.Author{{Name: long}}, AIKeywords: []string{long}},
	}
}
