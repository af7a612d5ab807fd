package search

import (
	"strings"
	"unicode/utf8"
)

// Titles and abstracts carry TeX: "$L_2$ Norm", "$μ$LO", "$\mathcal{O}(n)$".
// Search reads them as the text they typeset ("L2 Norm", "μLO", "O(n)"), on
// the index side and the query side alike, and maps every byte it produces
// back to the byte of the original it came from, so that highlights land on
// the original text.

// hasTeX reports whether s may hold TeX markup worth reading as text.
func hasTeX(s string) bool {
	return strings.IndexByte(s, '$') >= 0 || strings.IndexByte(s, '\\') >= 0
}

// plainText returns s as the text its TeX typesets (s itself when it holds
// none).
func plainText(s string) string {
	if !hasTeX(s) {
		return s
	}
	t, _ := detex(s, false)
	return t
}

// texCommand is what a TeX command stands for in plain text.
type texCommand uint8

const (
	cmdWord   texCommand = iota // unknown: its name, as a word of its own
	cmdFormat                   // formatting (\textbf{x}, \mathcal{O}): only its argument
	cmdSpace                    // a symbol or spacing (\times, \leq, \quad): a word break
	cmdGreek                    // a Greek letter: its name, which folding gives Greek letters too
)

var texCommands = func() map[string]texCommand {
	m := map[string]texCommand{}
	for _, c := range strings.Fields(`text textit textbf textsc texttt textrm textsf textup textsl textnormal
		emph mathcal mathbf mathrm mathit mathbb mathsf mathtt mathfrak mathscr mathnormal boldsymbol bm
		operatorname mbox hbox underline overline widehat widetilde hat tilde bar vec dot ddot check breve
		acute grave mathring displaystyle textstyle scriptstyle limits nolimits left right big Big bigg Bigg
		bigl bigr Bigl Bigr tt bf it rm sc sf em small large Large normalsize footnotesize`) {
		m[c] = cmdFormat
	}
	for _, c := range strings.Fields(`times cdot cdots ldots dots vdots ddots leq geq le ge neq ne approx sim
		simeq equiv propto to rightarrow leftarrow Rightarrow Leftarrow leftrightarrow mapsto infty pm mp in
		notin quad qquad frac dfrac tfrac sqrt sum prod int oint partial mid vert lvert rvert Vert langle rangle
		lfloor rfloor lceil rceil ast star circ bullet prime forall exists cup cap subset subseteq supset supseteq
		oplus otimes odot wedge vee neg setminus emptyset top bot perp parallel ll gg uparrow downarrow
		cdotp colon ldotp hline newline linebreak`) {
		m[c] = cmdSpace
	}
	for _, c := range strings.Fields(`alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota
		kappa varkappa lambda mu nu xi omicron pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega
		Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho Sigma Tau Upsilon
		Phi Chi Psi Omega`) {
		m[c] = cmdGreek
	}
	return m
}()

// greekName is the Latin name of a Greek-letter command: \varphi is phi.
func greekName(cmd string) string {
	return strings.ToLower(strings.TrimPrefix(cmd, "var"))
}

// detex returns s as plain text: math delimiters ($, $$) dropped, and inside
// math sub- and superscript marks and braces too ($L_2$ → L2, $VILA^2$ →
// VILA2); formatting commands reduced to their argument, Greek-letter
// commands to the letter's name, escaped specials to the character (\$ →
// $, \& → &), other symbols to a space. A $ without a partner is a dollar
// sign. With offs, it also returns for every byte of the text the offset in
// s of the byte it came from.
func detex(s string, offs bool) (string, []int) {
	var out []byte
	var at []int
	emit := func(b byte, from int) {
		out = append(out, b)
		if offs {
			at = append(at, from)
		}
	}
	emitString := func(t string, from int, spread bool) {
		for i := 0; i < len(t); i++ {
			if spread {
				emit(t[i], from+i)
			} else {
				emit(t[i], from)
			}
		}
	}
	// Which $ open or close math: pairs in order; a last odd one is a
	// dollar sign. $$ counts as one delimiter.
	delims := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++ // an escaped character, \$ included
		case '$':
			if i+1 < len(s) && s[i+1] == '$' {
				i++
			}
			delims++
		}
	}
	pairs := delims / 2 * 2
	math := false
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '$' && pairs > 0:
			pairs--
			math = !math
			i++
			if i < len(s) && s[i] == '$' {
				i++
			}
		case c == '\\':
			i = detexCommand(s, i, emit, emitString)
		case math && (c == '_' || c == '^' || c == '{' || c == '}'):
			i++
		case math && c == '~':
			emit(' ', i)
			i++
		case !math && (c == '{' || c == '}'):
			i++
		case c < utf8.RuneSelf:
			emit(c, i)
			i++
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			for j := range size {
				emit(s[i+j], i)
			}
			i += size
		}
	}
	return string(out), at
}

// detexCommand reads the command at s[i] (a backslash), emits what it
// stands for and returns where the input continues.
func detexCommand(s string, i int, emit func(byte, int), emitString func(string, int, bool)) int {
	j := i + 1
	for j < len(s) && ('a' <= s[j] && s[j] <= 'z' || 'A' <= s[j] && s[j] <= 'Z') {
		j++
	}
	if j == i+1 {
		// A one-character command: an escaped special, an accent or a space.
		if j >= len(s) || s[j] >= utf8.RuneSelf {
			return j // a lone backslash: the text goes on
		}
		switch c := s[j]; c {
		case '$', '&', '%', '#', '_', '{', '}':
			emit(c, j)
		case ',', ';', ':', '!', ' ', '\\', '\n', '\t':
			emit(' ', i)
		}
		// Accents (\" \' \` \^ \~ \= \.) leave the letter that follows.
		return j + 1
	}
	name := s[i+1 : j]
	switch texCommands[name] {
	case cmdFormat:
	case cmdSpace:
		emit(' ', i)
	case cmdGreek:
		// The name as written, lowercased, the bytes of "\varphi" that
		// spell "phi" standing for it.
		g := greekName(name)
		emitString(g, j-len(g), true)
	default:
		if len(name) == 1 {
			return j // an accent like \c or \v: the letter follows
		}
		emit(' ', i)
		emitString(name, i+1, true)
		emit(' ', j-1)
	}
	return j
}
