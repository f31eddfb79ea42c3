package brief

import (
	"fmt"
	"strings"
)

// Formats a briefing renders to.
const (
	FormatText     = "text"
	FormatMarkdown = "md"
	FormatHTML     = "html"
	FormatDOCX     = "docx"
)

// ContentType is the media type of a format.
func ContentType(format string) string {
	switch format {
	case FormatMarkdown:
		return "text/markdown; charset=utf-8"
	case FormatHTML:
		return "text/html; charset=utf-8"
	case FormatDOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	}
	return "text/plain; charset=utf-8"
}

// Render writes the briefing in a format.
func (b *Briefing) Render(format string) ([]byte, error) {
	switch format {
	case FormatText, "":
		return []byte(b.Text()), nil
	case FormatMarkdown:
		return []byte(b.Markdown()), nil
	case FormatHTML:
		return []byte(b.HTML()), nil
	case FormatDOCX:
		return b.DOCX()
	}
	return nil, fmt.Errorf("format %q: write text, md, html or docx", format)
}

func (b *Briefing) empty() string {
	if b.Lang == English {
		return "No figures are available for this unit and period."
	}
	return "本期暂无可用数据。"
}

// Text is the briefing as plain text.
func (b *Briefing) Text() string {
	var s strings.Builder
	s.WriteString(b.Title + "\n\n")
	if b.Lead == "" && len(b.Sections) == 0 {
		s.WriteString(b.empty() + "\n")
	}
	if b.Lead != "" {
		s.WriteString(b.Lead + "\n\n")
	}
	for _, p := range b.Sections {
		s.WriteString(p.Title + "\n" + p.Text + "\n\n")
	}
	return strings.TrimRight(s.String(), "\n") + "\n"
}

// Markdown is the briefing with headings and a table of figures.
func (b *Briefing) Markdown() string {
	var s strings.Builder
	s.WriteString("# " + b.Title + "\n\n")
	if b.Lead == "" && len(b.Sections) == 0 {
		s.WriteString(b.empty() + "\n")
	}
	if b.Lead != "" {
		s.WriteString(b.Lead + "\n\n")
	}
	for _, p := range b.Sections {
		s.WriteString("## " + p.Title + "\n\n" + p.Text + "\n\n")
	}
	if len(b.Figures) > 0 {
		header := TableHeader(b.Lang)
		s.WriteString("| " + strings.Join(header, " | ") + " |\n|" + strings.Repeat("---|", len(header)) + "\n")
		for _, f := range b.Figures {
			s.WriteString("| " + strings.Join(f.Cells, " | ") + " |\n")
		}
	}
	return strings.TrimRight(s.String(), "\n") + "\n"
}

// HTML is the print view of the briefing in the default template's masthead.
func (b *Briefing) HTML() string { return NewBulletin(b, nil, "", Edition{}).HTML() }

// DOCX is the Word file of the briefing in the default template's masthead.
func (b *Briefing) DOCX() ([]byte, error) { return NewBulletin(b, nil, "", Edition{}).DOCX() }

func xmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		default:
			if r < 0x20 && r != '\t' && r != '\n' {
				continue // not allowed in XML 1.0
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}
