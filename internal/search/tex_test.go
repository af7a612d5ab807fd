package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

func TestDetex(t *testing.T) {
	tests := []struct{ in, want string }{
		{`A Simple and Effective $L_2$ Norm-Based Strategy`, `A Simple and Effective L2 Norm-Based Strategy`},
		{`$μ$LO: Compute-Efficient`, `μLO: Compute-Efficient`},
		{`Complexity $\mathcal{O}(n)$ here`, `Complexity O(n) here`},
		{`$\mathcal{O}(n \log n)$`, `O(n  log  n)`},
		{`$\textit{Trans-LoRA}$: towards`, `Trans-LoRA: towards`},
		{`$VILA^2$: VILA Augmented VILA`, `VILA2: VILA Augmented VILA`},
		{`SL$^{2}$A-INR`, `SL2A-INR`},
		{`LLM$\times$MapReduce`, `LLM MapReduce`},
		{`$\alpha$-bench and $\Omega$ and $\varphi$`, `alpha-bench and omega and phi`},
		{`$\nabla^2$DFT`, ` nabla 2DFT`},
		{`Prefill \& Decode, 100\% of \#1`, `Prefill & Decode, 100% of #1`},
		{`AutoCoder with \textsc{AIEV-Instruct}`, `AutoCoder with AIEV-Instruct`},
		{`Network\ for Time Series`, `Network for Time Series`},
		{`M\"uller and Erd\H{o}s`, `Muller and Erdos`},
		{`$$x_1$$ display`, `x1 display`},
		// Dollar signs that are money stay what they are.
		{`Can Frontier LLMs Earn $1 Million from Real-World Freelance`, `Can Frontier LLMs Earn $1 Million from Real-World Freelance`},
		{`Fixing 7,400 Bugs for 1$: Cheap`, `Fixing 7,400 Bugs for 1$: Cheap`},
		{`\$OneMillion-Bench: How Far`, `$OneMillion-Bench: How Far`},
		{`unterminated \`, `unterminated `},
		{`a\ü b`, `aü b`},
	}
	for _, tt := range tests {
		got, offs := detex(tt.in, true)
		if got != tt.want {
			t.Errorf("detex(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got2, _ := detex(tt.in, false); got2 != got {
			t.Errorf("detex(%q) without offsets = %q, with %q", tt.in, got2, got)
		}
		if len(offs) != len(got) {
			t.Fatalf("detex(%q): %d offsets for %d bytes", tt.in, len(offs), len(got))
		}
		// Every letter and digit comes from the same letter of the input
		// (the name of \Omega from "Omega"), and offsets never go back.
		for i := range len(got) {
			c := got[i]
			if i > 0 && offs[i] < offs[i-1] {
				t.Errorf("detex(%q): offset %d of byte %d goes back", tt.in, offs[i], i)
			}
			if isWordByte(c) && strings.ToLower(tt.in[offs[i]:offs[i]+1]) != string(c|0x20) && !('0' <= c && c <= '9' && tt.in[offs[i]] == c) {
				t.Errorf("detex(%q): byte %d %q comes from %q", tt.in, i, c, tt.in[offs[i]])
			}
		}
	}
}

// texPapers are real Daily Papers titles with TeX and Greek letters.
var texPapers = []paper.Paper{
	{ID: "2406.11430", Title: "A Simple and Effective $L_2$ Norm-Based Strategy for KV Cache Compression", Day: "2024-06-18", Upvotes: 20,
		Abstract: "The deployment of large language models is hindered by the $L_2$ norm of key embeddings in the KV cache."},
	{ID: "2406.00153", Title: "$μ$LO: Compute-Efficient Meta-Generalization of Learned Optimizers", Day: "2024-06-04", Upvotes: 5,
		Abstract: "Learned optimizers (LOs) can significantly reduce the wall-clock training time of neural networks. We use the Maximal Update Parametrization ($\\mu$P)."},
	{ID: "2505.15270", Title: "Scaling Diffusion Transformers Efficiently via μP", Day: "2025-05-23", Upvotes: 30,
		Abstract: "Diffusion Transformers have emerged as the foundation for vision generative models."},
	{ID: "2406.12045", Title: "$τ$-bench: A Benchmark for Tool-Agent-User Interaction in Real-World Domains", Day: "2024-06-21", Upvotes: 7,
		Abstract: "Existing benchmarks do not test language agents on their interaction with human users."},
	{ID: "2410.13859", Title: "$\\gamma-$MoD: Exploring Mixture-of-Depth Adaptation for Multimodal Large Language Models", Day: "2024-10-18", Upvotes: 9,
		Abstract: "Despite the significant progress in multimodal large language models, their high computational cost is a barrier."},
	{ID: "2605.90002", Title: `Complexity $\mathcal{O}(n \log n)$ with $\alpha < \beta$ & "quotes"`, Day: "2026-05-26", Upvotes: 42,
		Abstract: `We prove $\sum_{i=1}^{n} x_i^2 \leq \frac{1}{2}$ and \textbf{bold} claims.`},
	{ID: "2509.25911", Title: "Mem-α: Learning Memory Construction via Reinforcement Learning", Day: "2025-10-01", Upvotes: 11,
		Abstract: "Large language model agents are constrained by limited context windows."},
	{ID: "2502.12115", Title: "SWE-Lancer: Can Frontier LLMs Earn $1 Million from Real-World Freelance Software Engineering?", Day: "2025-02-18", Upvotes: 40,
		Abstract: "We introduce SWE-Lancer, a benchmark of over 1,400 freelance software engineering tasks from Upwork, valued at $1 million USD total."},
}

// marked returns the runes of s at offsets, as TitleMatches gives them.
func marked(s string, offs []int) string {
	var b strings.Builder
	for _, o := range offs {
		r, _ := utf8.DecodeRuneInString(s[o:])
		b.WriteRune(r)
	}
	return b.String()
}

func TestSearchTeXAndGreek(t *testing.T) {
	ix := New()
	ix.Rebuild(append(fixtureCorpus(t), texPapers...))
	tests := []struct {
		q     string
		top   string
		title string // what TitleMatches marks in the top result's title
	}{
		{q: "L2 norm KV cache compression", top: "2406.11430", title: "L2NormKVCacheCompression"},
		{q: "$L_2$ norm", top: "2406.11430", title: "L2Norm"},
		{q: "l2 norm-based", top: "2406.11430", title: "L2NormBased"},
		{q: "μLO learned optimizers", top: "2406.00153", title: "μLOLearnedOptimizers"},
		{q: "muLO", top: "2406.00153", title: "μLO"},
		{q: "muP", top: "2505.15270", title: "μP"},
		{q: "μP diffusion", top: "2505.15270", title: "DiffusionμP"},
		{q: "mup scaling", top: "2505.15270", title: "ScalingμP"},
		{q: "tau-bench", top: "2406.12045", title: "τbench"},
		{q: "τ bench", top: "2406.12045", title: "τbench"},
		{q: "gamma MoD", top: "2410.13859", title: "gammaMoD"},
		{q: "γ-MoD", top: "2410.13859", title: "gammaMoD"},
		{q: "O(n) complexity", top: "2605.90002", title: "ComplexityOn"},
		{q: `$\mathcal{O}(n)$ complexity`, top: "2605.90002", title: "ComplexityOn"},
		{q: "complexity alpha beta", top: "2605.90002", title: "Complexityalphabeta"},
		{q: "mem alpha", top: "2509.25911", title: "Memα"},
		{q: "Mem-α", top: "2509.25911", title: "Memα"},
		{q: "earn 1 million", top: "2502.12115", title: "Earn1Million"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			rs := ix.Search(tt.q, 5)
			if len(rs) == 0 || rs[0].ID != tt.top {
				t.Fatalf("Search(%q) = %v, want %s first", tt.q, ids(rs), tt.top)
			}
			title := ""
			for _, p := range texPapers {
				if p.ID == tt.top {
					title = p.Title
				}
			}
			if got := marked(title, rs[0].TitleMatches); got != tt.title {
				t.Errorf("Search(%q) marks %q in %q, want %q (offsets %v)", tt.q, got, title, tt.title, rs[0].TitleMatches)
			}
		})
	}
	// The abstract is read as text too: "μP" there is $\mu$P.
	if got := ids(ix.Search("maximal update mup", 5)); !slices.Equal(got, []string{"2406.00153"}) {
		t.Errorf("Search(maximal update mup) = %v, want the paper with $\\mu$P in its abstract", got)
	}
	// A TeX-only command name is not a word of the title.
	if got := ids(ix.Search("mathcal", 5)); len(got) != 0 {
		t.Errorf("Search(mathcal) = %v, want nothing", got)
	}
}

func TestSnippetTeX(t *testing.T) {
	abs := `We use the Maximal Update Parametrization ($\mu$P) and an $L_2$ penalty.`
	got, hl := Snippet(abs, []string{"mup", "l2"}, 200)
	if got != abs {
		t.Fatalf("Snippet = %q, want the abstract", got)
	}
	var words []string
	for _, h := range hl {
		words = append(words, got[h[0]:h[1]])
	}
	if want := []string{`mu$P`, `L_2`}; !slices.Equal(words, want) {
		t.Errorf("highlights = %q, want %q", words, want)
	}
}

func FuzzDetex(f *testing.F) {
	for _, p := range texPapers {
		f.Add(p.Title)
		f.Add(p.Abstract)
	}
	f.Add(`\`)
	f.Add(`$$$\$`)
	f.Add(`$\alpha\Omega\varphi\"{u}\c c$x`)
	f.Fuzz(func(t *testing.T, s string) {
		out, offs := detex(s, true)
		if len(offs) != len(out) {
			t.Fatalf("detex(%q): %d offsets for %d bytes", s, len(offs), len(out))
		}
		for i, o := range offs {
			if o < 0 || o >= len(s) || i > 0 && o < offs[i-1] {
				t.Fatalf("detex(%q): offset %d of byte %d out of order or range", s, o, i)
			}
		}
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("detex(%q) = %q, not UTF-8", s, out)
		}
		f, fo := foldMapTeX(s)
		if len(fo) != len(f) {
			t.Fatalf("foldMapTeX(%q): %d offsets for %d bytes", s, len(fo), len(f))
		}
		for _, o := range fo {
			if o < 0 || o >= len(s) || utf8.ValidString(s) && !utf8.RuneStart(s[o]) {
				t.Fatalf("foldMapTeX(%q): offset %d is not a rune start", s, o)
			}
		}
	})
}
