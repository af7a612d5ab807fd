package hftest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Full texts: GET /papers/{id}.md serves a paper's Markdown, as Hugging Face
// renders it from the arXiv HTML (LaTeXML) of the paper: headings, TeX math
// in $…$ and $$…$$, pipe tables, code blocks, figures as image links to
// arxiv.org, links. The fake serves what SetFullText gave, else, with
// GenerateFullTexts, Markdown generated from the paper (Markdown); a fault
// set by SetFullTextFault comes first.

// Faults of one paper's full text.
const (
	FullTextOK       = ""
	FullTextNotFound = "404"  // no full text: the paper has no page yet
	FullText429      = "429"  // rate limited in the pages bucket, reset in FullText429Reset seconds
	FullText500      = "500"  // an internal error
	FullTextSlow     = "slow" // answers after FullTextSlowDelay
	FullTextHTML     = "html" // a captive portal's web page, with 200
)

// FullText429Reset is the t= of a full-text 429, in seconds.
const FullText429Reset = 30

// SetFullText serves md as the full text of id ("" serves a 404).
func (f *Fake) SetFullText(id, md string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fullTexts == nil {
		f.fullTexts = map[string]string{}
	}
	f.fullTexts[id] = md
	if md == "" {
		f.fullTexts[id] = "\x00none"
	}
}

// SetFullTextFault makes the full text of id fail with fault (FullTextOK
// recovers).
func (f *Fake) SetFullTextFault(id, fault string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fullTextFaults == nil {
		f.fullTextFaults = map[string]string{}
	}
	if fault == FullTextOK {
		delete(f.fullTextFaults, id)
		return
	}
	f.fullTextFaults[id] = fault
}

// fullText answers GET /papers/{id}.md.
func (f *Fake) fullText(w http.ResponseWriter, id string) {
	f.FullTextRequests.Add(1)
	f.mu.RLock()
	fault := f.fullTextFaults[id]
	md, set := f.fullTexts[id]
	entry, known := f.byID[id]
	gen, delay := f.GenerateFullTexts, f.FullTextSlowDelay
	f.mu.RUnlock()
	switch fault {
	case FullTextNotFound:
		writeError(w, http.StatusNotFound, "Not Found")
		return
	case FullText429:
		w.Header().Set("RateLimit", fmt.Sprintf(`"pages";r=0;t=%d`, FullText429Reset))
		w.Header().Set("RateLimit-Policy", `"fixed window";"pages";q=100;w=300`)
		writeError(w, http.StatusTooManyRequests, "Too many requests")
		return
	case FullText500:
		writeError(w, http.StatusInternalServerError, "Internal Error")
		return
	case FullTextHTML:
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<!doctype html><html><body>Please log in to the Wi-Fi</body></html>")
		return
	case FullTextSlow:
		time.Sleep(cmp.Or(delay, 30*time.Second))
	}
	switch {
	case set && md == "\x00none":
		writeError(w, http.StatusNotFound, "Not Found")
		return
	case set:
	case known && gen:
		var p struct {
			Paper struct {
				ID      string `json:"id"`
				Title   string `json:"title"`
				Summary string `json:"summary"`
				Authors []struct {
					Name   string `json:"name"`
					Hidden bool   `json:"hidden"`
				} `json:"authors"`
			} `json:"paper"`
		}
		_ = json.Unmarshal(entry, &p)
		pp := paper.Paper{ID: p.Paper.ID, Title: p.Paper.Title, Abstract: p.Paper.Summary}
		for _, a := range p.Paper.Authors {
			pp.Authors = append(pp.Authors, paper.Author{Name: a.Name, Hidden: a.Hidden})
		}
		md = Markdown(pp)
	default:
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	fmt.Fprint(w, md)
}

// BodyWord is a word that the generated full text of id holds (in its
// method section) and that no title, abstract or other paper's text does:
// what a test searches for to find a paper by its body alone.
func BodyWord(id string) string {
	h := fnv.New64a()
	h.Write([]byte(id))
	v := h.Sum64()
	var b strings.Builder
	b.WriteString("zq")
	for range 8 {
		b.WriteByte(byte('a' + v%26))
		v /= 26
	}
	return b.String()
}

// Markdown generates the full text of p: deterministic for its id, 50–150
// KB, with the shapes of a real one — a title, authors, the abstract,
// numbered sections and subsections, inline and display TeX, tables,
// figures as image links to arxiv.org, code blocks, lists, citations and
// references — and a long tail of rare words, numbers and names, so that
// its vocabulary grows with the number of papers as real texts' does.
func Markdown(p paper.Paper) string {
	h := fnv.New64a()
	h.Write([]byte(p.ID))
	seed := h.Sum64()
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	g := &gen{r: r, id: p.ID}
	g.b.Grow(160 << 10)
	target := 50<<10 + r.IntN(100<<10)

	fmt.Fprintf(&g.b, "# %s\n\n", p.Title)
	names := make([]string, 0, len(p.Authors))
	for _, a := range p.Authors {
		if !a.Hidden {
			names = append(names, a.Name)
		}
	}
	if len(names) > 0 {
		fmt.Fprintf(&g.b, "%s\n\n", strings.Join(names, ", "))
	}
	fmt.Fprintf(&g.b, "## Abstract\n\n%s\n\n", p.Abstract)
	sections := []string{"Introduction", "Related Work", "Method", "Experiments", "Results", "Analysis", "Discussion", "Limitations", "Conclusion"}
	n := 0
	for n = 0; g.b.Len() < target*9/10; n++ {
		title := sections[n%len(sections)]
		if n >= len(sections) {
			title = fmt.Sprintf("Additional %s %d", strings.ToLower(title), n/len(sections))
		}
		fmt.Fprintf(&g.b, "## %d %s\n\n", n+1, title)
		if title == "Method" {
			fmt.Fprintf(&g.b, "We call the central step of our approach %s calibration. ", BodyWord(p.ID))
		}
		for s := range 1 + r.IntN(3) {
			fmt.Fprintf(&g.b, "### %d.%d %s\n\n", n+1, s+1, g.title())
			for range 2 + r.IntN(4) {
				g.block()
			}
		}
	}
	g.b.WriteString("## References\n\n")
	for i := range 30 + r.IntN(40) {
		fmt.Fprintf(&g.b, "- [%d] %s %s, %s. %s. *arXiv preprint arXiv:%02d%02d.%05d*, %d.\n", i+1,
			g.pick(firstNames), g.pick(lastNames), g.pick(lastNames), g.sentence(6, 12), 18+r.IntN(8), 1+r.IntN(12), r.IntN(30000), 2018+r.IntN(8))
	}
	g.b.WriteString("\n")
	return g.b.String()
}

type gen struct {
	r   *rand.Rand
	b   strings.Builder
	id  string
	fig int
	tab int
	eq  int
}

func (g *gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

// word is a word of a paper: common ones often, then a Zipf long tail of
// made-up terms shared across papers, and now and then a number.
func (g *gen) word() string {
	switch x := g.r.Float64(); {
	case x < 0.45:
		return g.pick(common)
	case x < 0.75:
		return g.pick(science)
	case x < 0.95:
		// rank k of a Zipf tail over 60k made-up words: a few are
		// everywhere, most are in a handful of papers
		k := int(math.Pow(60000, g.r.Float64()))
		return rareWord(k)
	default:
		return fmt.Sprintf("%d.%d", g.r.IntN(100), g.r.IntN(1000))
	}
}

// rareWord is the k-th made-up word, from syllables.
func rareWord(k int) string {
	var b strings.Builder
	for k >= 0 {
		b.WriteString(syllables[k%len(syllables)])
		k = k/len(syllables) - 1
	}
	return b.String()
}

func (g *gen) sentence(lo, hi int) string {
	n := lo + g.r.IntN(hi-lo+1)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = g.word()
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

func (g *gen) title() string {
	return g.pick(titleWords) + " " + g.pick(science) + " " + g.pick(science)
}

func (g *gen) paragraph() {
	for i := range 3 + g.r.IntN(6) {
		if i > 0 {
			g.b.WriteByte(' ')
		}
		g.b.WriteString(g.sentence(8, 28))
		switch g.r.IntN(8) {
		case 0:
			fmt.Fprintf(&g.b, " $%s$", g.pick(inlineMath))
		case 1:
			fmt.Fprintf(&g.b, " [%d, %d]", 1+g.r.IntN(60), 1+g.r.IntN(60))
		case 2:
			fmt.Fprintf(&g.b, " (see Table %d)", max(g.tab, 1))
		case 3:
			fmt.Fprintf(&g.b, " **%s**", g.pick(science))
		}
		g.b.WriteByte('.')
	}
	g.b.WriteString("\n\n")
}

// block is a paragraph, mostly, or a display equation, a table, a figure,
// a list or a code block.
func (g *gen) block() {
	switch x := g.r.IntN(20); {
	case x < 13:
		g.paragraph()
	case x < 15:
		g.eq++
		fmt.Fprintf(&g.b, "$$\n%s \\tag{%d}\n$$\n\n", g.pick(displayMath), g.eq)
	case x < 17:
		g.table()
	case x < 18:
		g.fig++
		fmt.Fprintf(&g.b, "![Figure %d: %s](https://arxiv.org/html/%sv1/x%d.png)\n\nFigure %d: %s.\n\n", g.fig, g.sentence(4, 8), g.id, g.fig, g.fig, g.sentence(8, 20))
	case x < 19:
		for i := range 3 + g.r.IntN(4) {
			fmt.Fprintf(&g.b, "%d. %s.\n", i+1, g.sentence(6, 16))
		}
		g.b.WriteString("\n")
	default:
		fmt.Fprintf(&g.b, "```python\ndef %s(x, k=%d):\n    # %s\n    return torch.softmax(x @ W_%s / math.sqrt(d), dim=-1)[:k]\n```\n\n",
			rareWord(g.r.IntN(900)), 1+g.r.IntN(64), g.sentence(3, 8), rareWord(g.r.IntN(900)))
	}
}

func (g *gen) table() {
	g.tab++
	cols := 3 + g.r.IntN(5)
	fmt.Fprintf(&g.b, "Table %d: %s.\n\n| Method |", g.tab, g.sentence(6, 14))
	for c := 1; c < cols; c++ {
		fmt.Fprintf(&g.b, " %s |", g.pick(benchmarks))
	}
	g.b.WriteString("\n|---|")
	for c := 1; c < cols; c++ {
		g.b.WriteString("---:|")
	}
	g.b.WriteString("\n")
	for range 3 + g.r.IntN(8) {
		fmt.Fprintf(&g.b, "| %s-%dB |", g.pick(modelNames), 1+g.r.IntN(70))
		for c := 1; c < cols; c++ {
			fmt.Fprintf(&g.b, " %.1f |", 20+g.r.Float64()*79)
		}
		g.b.WriteString("\n")
	}
	g.b.WriteString("\n")
}

var (
	syllables = strings.Fields(`ka zen lu mo ra vi to qi xa nor bel fin gal hex ion jet kor lyn mir nex orb pix quo
		rex sol tri uni vox wav yol dex fle gra hol ump sib tav`)
	firstNames = strings.Fields(`Ashish Noam Niki Jakob Llion Aidan Lukasz Illia Jared Dario Tom Alec Ilya Geoffrey
		Yoshua Yann Fei-Fei Kaiming Ross Jian Xiangyu Shaoqing Diederik Max Durk Sepp Jürgen Zoë Chloé Søren`)
	lastNames = strings.Fields(`Vaswani Shazeer Parmar Uszkoreit Jones Gomez Kaiser Polosukhin Kaplan Amodei Brown
		Radford Sutskever Hinton Bengio LeCun Li He Girshick Sun Zhang Ren Kingma Welling Hochreiter Schmidhuber
		Müller Ångström Dvořák`)
	common = strings.Fields(`the of and to in a is that for we with on as by this are be our from an which it at
		can these not or than more also each both when where while then its their such into over only however
		between two one all show use using used based given first new each other most between under three
		results method approach model models data set sets work performance different large small same further
		significantly improves improved compared table figure section shown propose proposed study find observe`)
	science = strings.Fields(`attention transformer diffusion retrieval reinforcement alignment distillation
		quantization tokenization decoding reasoning planning grounding segmentation generation compression
		pruning scaling pretraining finetuning adaptation evaluation benchmark calibration verification
		contrastive autoregressive multimodal multilingual agentic embedding encoder decoder latent gradient
		optimizer schedule sampler reward policy preference annotation supervision distribution domain modality
		ablation baseline dataset corpus vocabulary perplexity accuracy recall precision throughput latency
		memory kernel cache trajectory video image scene mesh molecule protein robot program proof document
		graph table speech audio convolution normalization residual dropout softmax logits entropy divergence
		variance bias estimator objective loss regularizer curriculum horizon exploration exploitation`)
	titleWords = strings.Fields(`Scaling Analysis Training Evaluating Understanding Efficient Robust Learning
		Improving Towards Revisiting Benchmarking Measuring Characterizing`)
	benchmarks = strings.Fields(`MMLU GSM8K MATH HumanEval MBPP ARC HellaSwag TruthfulQA BBH GPQA MMMU VQAv2
		COCO ImageNet LibriSpeech WMT AIME SWE-bench`)
	modelNames = strings.Fields(`Llama Qwen Mistral Gemma Phi DeepSeek Falcon OLMo Pythia Mixtral`)
	inlineMath = []string{`\mathcal{O}(n \log n)`, `\alpha = 0.1`, `x_i \in \mathbb{R}^d`, `\theta^\star`,
		`p_\theta(y \mid x)`, `\lVert W \rVert_2 \leq 1`, `\beta_1, \beta_2`, `k \ll n`, `\mathrm{softmax}(QK^\top / \sqrt{d})`,
		`\epsilon \sim \mathcal{N}(0, I)`, `L_2`, `\nabla_\theta \mathcal{L}`, `T = 1000`, `\lambda \to 0`}
	displayMath = []string{
		`\mathcal{L}(\theta) = -\mathbb{E}_{(x,y) \sim \mathcal{D}} \left[ \log p_\theta(y \mid x) \right]`,
		`\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left( \frac{Q K^\top}{\sqrt{d_k}} \right) V`,
		`x_t = \sqrt{\bar{\alpha}_t}\, x_0 + \sqrt{1 - \bar{\alpha}_t}\, \epsilon, \quad \epsilon \sim \mathcal{N}(0, I)`,
		`\nabla_\theta J(\theta) = \mathbb{E}_{\tau \sim \pi_\theta} \left[ \sum_{t=0}^{T} \nabla_\theta \log \pi_\theta(a_t \mid s_t)\, A_t \right]`,
		`D_{\mathrm{KL}}(P \,\|\, Q) = \sum_{i} P(i) \log \frac{P(i)}{Q(i)}`,
		`\begin{aligned} h_t &= \sigma(W_h h_{t-1} + U_h x_t + b_h) \\ y_t &= W_y h_t + b_y \end{aligned}`,
	}
)
