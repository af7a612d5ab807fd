package search

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// hfEntry is the part of a Hugging Face API entry the tests need, decoded
// here with encoding/json so that these tests do not depend on internal/hf.
type hfEntry struct {
	Paper struct {
		ID      string `json:"id"`
		Authors []struct {
			Name   string `json:"name"`
			Hidden bool   `json:"hidden"`
		} `json:"authors"`
		PublishedAt  string   `json:"publishedAt"`
		SubmittedAt  string   `json:"submittedOnDailyAt"`
		Title        string   `json:"title"`
		Summary      string   `json:"summary"`
		Upvotes      int      `json:"upvotes"`
		AIKeywords   []string `json:"ai_keywords"`
		Organization *struct {
			Fullname string `json:"fullname"`
		} `json:"organization"`
	} `json:"paper"`
	Title string `json:"title"`
}

func (e hfEntry) toPaper(day string) paper.Paper {
	p := paper.Paper{
		ID:          e.Paper.ID,
		Title:       paper.CollapseSpace(e.Title),
		Abstract:    paper.CollapseSpace(e.Paper.Summary),
		Upvotes:     e.Paper.Upvotes,
		Day:         day,
		AIKeywords:  e.Paper.AIKeywords,
		PublishedAt: e.Paper.PublishedAt[:min(10, len(e.Paper.PublishedAt))],
	}
	if p.Title == "" {
		p.Title = paper.CollapseSpace(e.Paper.Title)
	}
	if p.Day == "" && len(e.Paper.SubmittedAt) >= 10 {
		p.Day = e.Paper.SubmittedAt[:10]
	}
	if e.Paper.Organization != nil {
		p.Organization = e.Paper.Organization.Fullname
	}
	for _, a := range e.Paper.Authors {
		p.Authors = append(p.Authors, paper.Author{Name: a.Name, Hidden: a.Hidden})
	}
	return p
}

// hfPapers decodes the real API samples in testdata/hf.
func hfPapers(t testing.TB) []paper.Paper {
	t.Helper()
	files, err := filepath.Glob("testdata/hf/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	var out []paper.Paper
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		day := ""
		if strings.HasPrefix(filepath.Base(f), "daily_papers_") {
			day = strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "daily_papers_"), ".json")
		}
		var es []hfEntry
		if strings.HasPrefix(strings.TrimSpace(string(b)), "{") {
			var e hfEntry
			err = json.Unmarshal(b, &e)
			es = []hfEntry{e}
		} else {
			err = json.Unmarshal(b, &es)
		}
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, e := range es {
			out = append(out, e.toPaper(day))
		}
	}
	return out
}

func authors(names ...string) []paper.Author {
	var as []paper.Author
	for _, n := range names {
		as = append(as, paper.Author{Name: n})
	}
	return as
}

// handPapers is a small hand-written corpus with one paper per feature the
// quality test checks.
var handPapers = []paper.Paper{
	{ID: "2212.09748", Title: "Scalable Diffusion Models with Transformers", Authors: authors("William Peebles", "Saining Xie"),
		Abstract: "We explore a new class of diffusion models based on the transformer architecture. We train latent diffusion models of images, replacing the commonly-used U-Net backbone with a transformer that operates on latent patches.",
		Upvotes:  150, Day: "2024-03-04", AIKeywords: []string{"diffusion transformers", "latent diffusion", "Gflops"}, Organization: "UC Berkeley"},
	{ID: "2405.01234", Title: "Transformer Backbones for Fast Diffusion Image Editing", Authors: authors("Ana Souza", "Tomás Ruiz"),
		Abstract: "Image editing with pretrained generative models is slow. We distil a transformer backbone into a fast editor.",
		Upvotes:  12, Day: "2024-05-03", AIKeywords: []string{"image editing"}},
	{ID: "2401.04321", Title: "A Survey of Vision Transformers", Authors: authors("Kai Han", "Yunhe Wang"),
		Abstract: "Transformers have become the dominant architecture in vision. This survey reviews them.",
		Upvotes:  30, Day: "2024-01-10"},
	{ID: "2402.11111", Title: "Attention Sinks in Long-Context Language Models", Authors: authors("Jürgen Müller", "Hélène Dubois", "Søren Kierkegaard"),
		Abstract: "We find that large language models dump attention on the first tokens and exploit this for streaming inference.",
		Upvotes:  44, Day: "2024-02-20", AIKeywords: []string{"attention sinks", "streaming LLM"}},
	{ID: "2402.22222", Title: "Zero-Shot Speech Recognition for Low-Resource Languages", Authors: authors("François Lefèvre", "Łukasz Kaiser"),
		Abstract: "Automatic speech recognition for languages with little labelled audio remains hard.",
		Upvotes:  8, Day: "2024-02-21", Organization: "Université de Montréal"},
	{ID: "2403.33333", Title: "Learning Dynamics of Sparse Autoencoders", Authors: authors("Chris Olah", "Neel Nanda"),
		Abstract: "Sparse autoencoders recover interpretable features. Surprisingly, features resembling chlorophyll absorption spectra emerge in models trained on plant imagery.",
		Upvotes:  20, Day: "2024-03-15", AIKeywords: []string{"sparse autoencoders", "mechanistic interpretability"}},
	{ID: "2403.44444", Title: "Faster Inference for Large Models", Authors: authors("Yaniv Leviathan", "Matan Kalman"),
		Abstract: "We accelerate sampling from autoregressive models without changing the outputs.",
		Upvotes:  60, Day: "2024-03-20", AIKeywords: []string{"speculative decoding", "draft model"}},
	{ID: "2404.55555", Title: "LLM Agents for Web Navigation", Authors: authors("Shunyu Yao", "Karthik Narasimhan"),
		Abstract: "Language model agents that browse the web to complete tasks.",
		Upvotes:  25, Day: "2024-04-02", AIKeywords: []string{"LLM agents", "web navigation"}},
	{ID: "2404.66666", Title: "A Survey of LLM-based Autonomous Agents", Authors: authors("Lei Wang", "Chen Ma"),
		Abstract: "Autonomous agents built on large language models are surveyed.",
		Upvotes:  5, Day: "2024-04-03", AIKeywords: []string{"LLM agents", "survey"}},
	{ID: "2405.77777", Title: "Protein Folding with Geometric Deep Learning", Authors: authors("Mohammed AlQuraishi"),
		Abstract: "We predict protein structures with equivariant networks.",
		Upvotes:  3, PublishedAt: "2025-05-17", Organization: "Columbia University"},
	{ID: "2505.88888", Title: "Reinforcement Learning from Human Feedback at Scale", Authors: authors("Long Ouyang", "Jan Leike"),
		Abstract: "We fine-tune language models with human preferences using PPO.",
		Upvotes:  95, Day: "2025-05-26", Organization: "OpenAI", AIKeywords: []string{"RLHF", "PPO"}},
	{ID: "2505.99999", Title: "Reward Models for Reasoning", Authors: authors("José Hernández"),
		Abstract: "Process reward models score each reasoning step.",
		Upvotes:  51, Day: "2025-05-27", AIKeywords: []string{"process reward models"}},
}

func fixtureCorpus(t testing.TB) []paper.Paper {
	return append(append([]paper.Paper{}, handPapers...), hfPapers(t)...)
}
