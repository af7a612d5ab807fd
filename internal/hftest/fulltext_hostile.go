package hftest

import (
	"fmt"
	"strings"
)

// HostileMarkdown is a full text that tries everything a reader must
// survive: raw HTML that runs script or loads things (script, img onerror,
// iframe, style, svg, object, a meta refresh), javascript:, vbscript: and
// data: links in every Markdown form (inline, reference, autolink, image),
// plain-http and protocol-relative images, TeX that KaTeX would turn into
// links or HTML (\href, \url, \htmlClass, \includegraphics), entities,
// bidirectional and control characters, a huge table (2,000 rows), lists
// nested 300 deep, blockquotes nested 300 deep, a 200 KB line and a long
// unclosed code fence. About 1.5 MB: under the client's 8 MB cap.
func HostileMarkdown(title string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s <script>window.__pwned=101</script>\n\n", title)
	b.WriteString(`<script>window.__pwned=102</script>

<img src="x" onerror="window.__pwned=103">

<iframe src="javascript:window.__pwned=104"></iframe>

<style>body { display: none }</style>

<svg onload="window.__pwned=105"><circle r="10"/></svg>

<object data="https://evil.example.com/x.swf"></object>

<meta http-equiv="refresh" content="0;url=https://evil.example.com/">

<a href="javascript:window.__pwned=106">a raw link</a>

## Links

[inline javascript](javascript:window.__pwned=107) · [upper case](JaVaScRiPt:window.__pwned=108) ·
[entity encoded](&#106;avascript:window.__pwned=109) · [vbscript](vbscript:msgbox(1)) ·
[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xMTA8L3NjcmlwdD4=) ·
[plain http](http://insecure.example.com/) · [protocol relative](//evil.example.com/) ·
[fine](https://arxiv.org/abs/1706.03762) · <javascript:window.__pwned=111> · <https://example.org/autolink>

[reference javascript][evil] and [reference fine][ok].

[evil]: javascript:window.__pwned=112
[ok]: https://huggingface.co/papers

## Images

![a remote figure](https://arxiv.org/html/1706.03762v7/x1.png)
![plain http image](http://insecure.example.com/tracker.png)
![protocol relative](//evil.example.com/pixel.gif)
![javascript image](javascript:window.__pwned=113)
![data image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9IndpbmRvdy5fX3B3bmVkPTExNCIvPg==)

## Math that must not become links or HTML

Inline $\href{javascript:window.__pwned=115}{\text{click}}$ and $\url{javascript:window.__pwned=116}$ and
$\htmlClass{x}{y}$ and $\includegraphics{https://evil.example.com/x.png}$.

$$
\href{javascript:window.__pwned=117}{x^2} + \htmlStyle{color:red}{y} = \mathrm{z}
$$

Unbalanced: $\frac{1}{2 and $$ never closed \left( \right.

## Text

Entities: &lt;script&gt;window.__pwned=118&lt;/script&gt; &amp; &#x3C;b&#x3E;.
Bidi: ` + "\u202Egnirts desrever\u202C" + ` and zero-width` + "\u200B\u200Djoiners" + `; a NUL here: ` + "\x00" + ` and an escape ` + "\x1b[31m" + `red` + "\x1b[0m" + `.

`)
	b.WriteString("## A huge table\n\n| n |")
	for c := range 12 {
		fmt.Fprintf(&b, " col %d |", c)
	}
	b.WriteString("\n|---|")
	for range 12 {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for row := range 2000 {
		fmt.Fprintf(&b, "| %d |", row)
		for c := range 12 {
			fmt.Fprintf(&b, " <b onmouseover=\"window.__pwned=119\">%d</b> |", row*c)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n## Deeply nested\n\n")
	for d := range 300 {
		fmt.Fprintf(&b, "%s- level %d\n", strings.Repeat("  ", d), d)
	}
	b.WriteString("\n")
	for d := range 300 {
		fmt.Fprintf(&b, "%s quote %d\n", strings.Repeat(">", d+1), d)
	}
	b.WriteString("\n## A long line\n\n")
	b.WriteString(strings.Repeat("Supercalifragilisticexpialidocious ", 6000))
	b.WriteString("\n\n## Never closed\n\n```html\n<script>window.__pwned=120</script>\n")
	b.WriteString(strings.Repeat("still code\n", 1000))
	return b.String()
}
