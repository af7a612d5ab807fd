// Package corpus generates deterministic, realistic-looking Daily Papers
// archives for tests and benchmarks: ML titles and abstracts, international
// author names (some with diacritics), long-tail upvotes, AI keywords,
// organizations, 30–60 papers per weekday going back in time.
package corpus

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

var (
	firstNames = strings.Fields(`Zesen Hang Kehan Sicong Zhiqiang Fei Deli Xin Lidong Wei Yu Jie Lei Jing Hao Yang Chen
		Mei Ling Tao Rui Xiaoyu Yiming Junyang Haotian Ming Li Shuai Aditya Priya Rohan Ananya Vikram Sneha Arjun Kavya
		Hiroshi Yuki Takumi Sakura Kenji Minji Seojun Jiwoo Hyunwoo Olga Dmitri Sergei Anastasia Pavel Rustem Aigerim
		Nurlan Marco Matteo Alessandro Giulia Elisa Francesca Lorenzo José María Lucía Javier Sofía Andrés Mateo Camila
		François Hélène Amélie Loïc Chloé Théo Jürgen Jörg Müge Björn Søren Åsa Øyvind Łukasz Wojciech Zoë Renée Ayşe
		Çağrı Emre Mehmet Thomas Sarah Michael Emily David Anna James Laura Daniel Julia Noah Emma Liam Olivia Ethan Ava
		Omar Fatima Youssef Leila Ahmed Nour Kwame Amara Chidi Ngozi Thanh Minh Duc Linh Quang Nguyễn Anh Tuấn Jakub
		Tomáš Dávid Ignacio Joaquín Raúl Inês João Gonçalo Ren Kai Noam Yael Tal Eitan Mikhail Ilya Andrey Katarzyna`)
	lastNames = strings.Fields(`Cheng Zhang Li Leng Hu Wu Zhao Bing Wang Liu Chen Yang Huang Zhou Xu Sun Ma Zhu Lin
		He Guo Luo Gao Zheng Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du
		Sharma Patel Gupta Singh Kumar Reddy Iyer Nair Rao Mehta Tanaka Suzuki Takahashi Watanabe Ito Yamamoto Nakamura
		Kim Lee Park Choi Jung Kang Cho Yoon Ivanov Smirnov Kuznetsov Popov Petrov Yeshpanov Efimov Boytsov Garosi
		Farina Conti Mancini Ricci Rossi Bianchi Romano García Fernández López Martínez Sánchez Pérez Gómez Díaz Müller
		Schmidt Schneider Fischer Weber Meyer Wagner Becker Schäfer Köhler Jørgensen Sørensen Łęcki Dvořák Novák Horváth
		Nagy Öztürk Yılmaz Kaya Çelik Şahin Dubois Lefèvre Moreau Girard Bonnet Smith Johnson Williams Brown Jones Miller
		Davis Wilson Anderson Taylor Thomas Moore Martin Jackson Thompson White Harris Clark Lewis Robinson Walker
		Hassan Ali Ibrahim Mensah Okafor Nwosu Nguyen Tran Pham Hoang Vu Cohen Levi Mizrahi Silva Santos Oliveira Costa`)
	orgs = []string{"Google DeepMind", "Meta AI", "Microsoft Research", "OpenAI", "Alibaba Qwen", "DeepSeek",
		"Tsinghua University", "Peking University", "Shanghai AI Laboratory", "ByteDance Seed", "NVIDIA",
		"Stanford University", "MIT", "Carnegie Mellon University", "UC Berkeley", "ETH Zürich", "EPFL",
		"University of Oxford", "University of Cambridge", "Mila – Québec AI Institute", "KAIST", "Seoul National University",
		"University of Tokyo", "Hugging Face", "Allen Institute for AI", "Apple", "Amazon AGI", "Tencent Hunyuan",
		"Moonshot AI", "Zhipu AI", "Mistral AI", "Sakana AI", "Nazarbayev University", "Technische Universität München",
		"Université de Montréal", "Max Planck Institute for Informatics", "Salesforce Research", "IBM Research",
		"Samsung AI Center", "Baidu", "Kuaishou Technology", "Shanghai Jiao Tong University", "Zhejiang University"}
	methods = strings.Fields(`diffusion transformer attention retrieval reinforcement alignment distillation quantization
		tokenization decoding reasoning planning grounding segmentation captioning generation editing compression pruning
		merging routing scaling pretraining finetuning adaptation evaluation benchmarking calibration verification
		self-correction chain-of-thought speculative contrastive autoregressive multimodal multilingual agentic`)
	objects = strings.Fields(`models agents transformers LLMs VLMs policies embeddings tokenizers datasets benchmarks
		rewards representations experts adapters kernels caches trajectories videos images scenes meshes molecules proteins
		robots programs proofs documents graphs tables speech audio`)
	adjs = strings.Fields(`efficient scalable robust unified lightweight sparse dense adaptive hierarchical causal
		long-context open-vocabulary zero-shot few-shot self-supervised instruction-tuned reward-guided memory-efficient
		training-free data-efficient interpretable faithful compositional temporal spatial 3D 4D real-time on-device
		low-rank mixture-of-experts vision-language text-to-image text-to-video image-to-3D`)
	tasks = strings.Fields(`mathematical-reasoning code-generation video-understanding image-synthesis question-answering
		machine-translation speech-recognition visual-grounding document-parsing tool-use web-navigation embodied-control
		motion-generation novel-view-synthesis protein-design theorem-proving summarization sentiment-analysis
		named-entity-recognition open-domain-QA instruction-following long-video-generation`)
	nouns = strings.Fields(`framework approach method pipeline architecture objective recipe baseline benchmark dataset
		model policy encoder decoder backbone module mechanism strategy algorithm loss regularizer curriculum`)
	verbs = strings.Fields(`improves outperforms reduces enables accelerates stabilizes generalizes scales matches
		surpasses simplifies unifies`)
	syllables = strings.Fields(`ka zen lu mo ra vi to qi xa nor bel fin gal hex ion jet kor lyn mir nex orb pix quo rex
		sol tri uni vox wav yol zor dex fle gra hol`)
	words = strings.Fields(`however moreover specifically notably furthermore consequently existing prior recent
		large small latent visual textual semantic structural global local fine-grained coarse human synthetic
		real-world downstream upstream computational inference training budget latency throughput accuracy
		performance quality diversity fidelity consistency robustness generalization efficiency capability
		context window sequence token layer head parameter gradient optimizer schedule noise sampler step
		reward signal preference feedback annotation supervision distribution shift domain modality spectrum`)
	ends = []string{"Code and models are publicly available.", "We release our code, data and checkpoints.",
		"Project page and demo are available online.", "Our results suggest a simple recipe for future work.",
		"We hope this work inspires further research.", ""}
)

// Generate returns n papers published on weekdays before start, newest
// first: the same seed, n and start always give the same papers.
func Generate(seed int64, n int, start time.Time) []paper.Paper {
	r := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	ps := make([]paper.Paper, 0, n)
	day := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
	nextNum := map[string]int{} // YYMM → next arXiv number
	for len(ps) < n {
		for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
			day = day.AddDate(0, 0, -1)
		}
		count := min(30+r.IntN(31), n-len(ps))
		for range count {
			ps = append(ps, generate(r, day, nextNum))
		}
		day = day.AddDate(0, 0, -1)
	}
	return ps
}

func generate(r *rand.Rand, day time.Time, nextNum map[string]int) paper.Paper {
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	published := day.AddDate(0, 0, -1-r.IntN(4))
	yymm := published.Format("0601")
	num, ok := nextNum[yymm]
	if !ok {
		num = 100 + r.IntN(400)
	}
	num += 1 + r.IntN(40)
	nextNum[yymm] = num
	id := fmt.Sprintf("%s.%05d", yymm, num)

	name := coinName(r)
	title := titleFor(r, name, pick)
	var authors []paper.Author
	na := 1 + int(math.Min(14, r.ExpFloat64()*5))
	for i := range na {
		a := paper.Author{Name: pick(firstNames) + " " + pick(lastNames)}
		if r.IntN(6) == 0 {
			a.User = strings.ToLower(strings.ReplaceAll(a.Name, " ", ""))
		}
		a.Hidden = i > 0 && r.IntN(40) == 0
		authors = append(authors, a)
	}
	var keywords []string
	for range 2 + r.IntN(6) {
		k := pick(adjs) + " " + pick(methods)
		if r.IntN(3) == 0 {
			k = strings.ReplaceAll(pick(tasks), "-", " ")
		}
		if !slices.Contains(keywords, k) {
			keywords = append(keywords, k)
		}
	}
	org := ""
	if r.IntN(5) < 2 {
		org = pick(orgs)
	}
	// Long tail: most papers get a handful of upvotes, a few get hundreds.
	upvotes := int(math.Exp(r.NormFloat64()*1.3 + 1.6))
	p := paper.Paper{
		ID:           id,
		Title:        title,
		Abstract:     abstractFor(r, name, keywords, pick),
		Authors:      authors,
		Upvotes:      upvotes,
		NumComments:  r.IntN(4) * r.IntN(3),
		Day:          day.Format(time.DateOnly),
		PublishedAt:  published.Format(time.DateOnly),
		SubmittedAt:  day.Add(time.Duration(r.IntN(20*3600)) * time.Second),
		Organization: org,
		AIKeywords:   keywords,
		SubmittedBy:  "akhaliq",
		Thumbnail:    "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/" + id + ".png",
	}
	if r.IntN(2) == 0 {
		p.GithubRepo = "https://github.com/" + strings.ToLower(strings.Fields(authors[0].Name)[1]) + "/" + strings.ToLower(name)
		p.GithubStars = int(math.Exp(r.NormFloat64()*1.5 + 3))
	}
	return p
}

// coinName makes up a method name, as most titles open with one.
func coinName(r *rand.Rand) string {
	var b strings.Builder
	for range 2 + r.IntN(2) {
		b.WriteString(syllables[r.IntN(len(syllables))])
	}
	s := b.String()
	switch r.IntN(4) {
	case 0:
		return strings.ToUpper(s)
	case 1:
		return strings.ToUpper(s[:1]) + s[1:] + "-" + fmt.Sprint(1+r.IntN(9)) + "B"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func titleFor(r *rand.Rand, name string, pick func([]string) string) string {
	task := strings.ReplaceAll(pick(tasks), "-", " ")
	var t string
	switch r.IntN(5) {
	case 0:
		t = fmt.Sprintf("%s: %s %s %s for %s", name, upper1(pick(adjs)), upper1(pick(methods)), upper1(pick(objects)), task)
	case 1:
		t = fmt.Sprintf("%s: Towards %s %s via %s %s", name, upper1(pick(adjs)), upper1(pick(objects)), upper1(pick(methods)), upper1(pick(nouns)))
	case 2:
		t = fmt.Sprintf("%s %s Is All You Need for %s %s", upper1(pick(adjs)), upper1(pick(methods)), upper1(task), upper1(pick(objects)))
	case 3:
		t = fmt.Sprintf("%s: Scaling %s %s with %s %s", name, upper1(pick(methods)), upper1(pick(objects)), upper1(pick(adjs)), upper1(pick(nouns)))
	default:
		t = fmt.Sprintf("Rethinking %s in %s %s: %s %s", upper1(pick(methods)), upper1(pick(adjs)), upper1(pick(objects)), name, upper1(task))
	}
	return t
}

func abstractFor(r *rand.Rand, name string, keywords []string, pick func([]string) string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s have shown strong %s on %s, yet %s %s remains %s. ",
		upper1(pick(adjs)), pick(objects), pick(words),
		strings.ReplaceAll(pick(tasks), "-", " "), pick(words), pick(words), pick([]string{"costly", "limited", "brittle", "unclear", "underexplored"}))
	fmt.Fprintf(&b, "In this work, we introduce %s, a %s %s %s that %s %s %s. ", name, pick(adjs), pick(methods), pick(nouns),
		pick(verbs), pick(words), pick(words))
	for b.Len() < 1300 {
		switch r.IntN(4) {
		case 0:
			fmt.Fprintf(&b, "%s, %s %s the %s of %s %s by %d%% while keeping %s %s. ", upper1(pick(words)), name, pick(verbs),
				pick(words), pick(adjs), pick(objects), 2+r.IntN(60), pick(words), pick(words))
		case 1:
			fmt.Fprintf(&b, "We propose a %s %s based on %s %s and %s. ", pick(adjs), pick(nouns), pick(methods), pick(objects),
				keywords[r.IntN(len(keywords))])
		case 2:
			fmt.Fprintf(&b, "Experiments on %d %s benchmarks show that our %s %s strong %s baselines with %dx fewer %s. ",
				2+r.IntN(12), strings.ReplaceAll(pick(tasks), "-", " "), pick(nouns), pick(verbs), pick(methods),
				2+r.IntN(9), pick(words))
		default:
			fmt.Fprintf(&b, "We further analyze the %s %s of %s %s and find that %s %s %s. ", pick(words), pick(words),
				pick(adjs), pick(objects), pick(words), pick(words), pick(verbs))
		}
	}
	b.WriteString(pick(ends))
	return strings.TrimSpace(b.String())
}

func upper1(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Day is the papers of one Daily Papers date.
type Day struct {
	Date   string
	Papers []paper.Paper
}

// Days groups papers by Day, newest date first, keeping their order within
// a day. Papers without a Day are left out.
func Days(ps []paper.Paper) []Day {
	idx := map[string]int{}
	var out []Day
	for _, p := range ps {
		if p.Day == "" {
			continue
		}
		i, ok := idx[p.Day]
		if !ok {
			i = len(out)
			idx[p.Day] = i
			out = append(out, Day{Date: p.Day})
		}
		out[i].Papers = append(out[i].Papers, p)
	}
	slices.SortStableFunc(out, func(a, b Day) int { return strings.Compare(b.Date, a.Date) })
	return out
}
