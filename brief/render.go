package brief

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
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

// HTML is a standalone page that reads on screen and prints on A4.
func (b *Briefing) HTML() string {
	lang := "zh-CN"
	if b.Lang == English {
		lang = "en"
	}
	var s strings.Builder
	fmt.Fprintf(&s, `<!doctype html>
<html lang="%s">
<head>
<meta charset="utf-8">
<title>%s</title>
<style>
  @page { size: A4; margin: 25mm 22mm; }
  body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; font-size: 15px; line-height: 1.9;
         max-width: 46em; margin: 2em auto; color: #111; }
  h1 { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "SimHei", sans-serif; font-size: 1.6em; text-align: center;
       margin-bottom: 1.2em; }
  h2 { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "SimHei", sans-serif; font-size: 1.1em; margin: 1.4em 0 0.3em; }
  p { text-indent: 2em; margin: 0.4em 0; text-align: justify; }
  table { border-collapse: collapse; width: 100%%; margin-top: 1.5em; font-size: 0.85em; page-break-inside: avoid; }
  th, td { border: 1px solid #444; padding: 0.3em 0.5em; }
  th { background: #eee; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; }
  @media print { body { margin: 0; max-width: none; } }
</style>
</head>
<body>
<h1>%s</h1>
`, lang, html.EscapeString(b.Title), html.EscapeString(b.Title))
	if b.Lead == "" && len(b.Sections) == 0 {
		s.WriteString("<p>" + html.EscapeString(b.empty()) + "</p>\n")
	}
	if b.Lead != "" {
		s.WriteString("<p class=\"lead\">" + html.EscapeString(b.Lead) + "</p>\n")
	}
	for _, p := range b.Sections {
		s.WriteString("<h2>" + html.EscapeString(p.Title) + "</h2>\n<p>" + html.EscapeString(p.Text) + "</p>\n")
	}
	if len(b.Figures) > 0 {
		s.WriteString("<table>\n<thead><tr>")
		for _, h := range TableHeader(b.Lang) {
			s.WriteString("<th>" + html.EscapeString(h) + "</th>")
		}
		s.WriteString("</tr></thead>\n<tbody>\n")
		for _, f := range b.Figures {
			s.WriteString("<tr>")
			for i, cell := range f.Cells {
				class := ""
				if i >= 2 {
					class = ` class="n"`
				}
				s.WriteString("<td" + class + ">" + html.EscapeString(cell) + "</td>")
			}
			s.WriteString("</tr>\n")
		}
		s.WriteString("</tbody>\n</table>\n")
	}
	s.WriteString("</body>\n</html>\n")
	return s.String()
}

// DOCX is the briefing as a Word document: title, paragraphs and the table of figures, in
// fonts that Word and LibreOffice have for Chinese.
func (b *Briefing) DOCX() ([]byte, error) {
	var body strings.Builder
	para := func(text, style string) {
		body.WriteString(`<w:p>`)
		if style != "" {
			body.WriteString(`<w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`)
		}
		body.WriteString(`<w:r><w:t xml:space="preserve">` + xmlEscape(text) + `</w:t></w:r></w:p>`)
	}
	para(b.Title, "Title")
	if b.Lead == "" && len(b.Sections) == 0 {
		para(b.empty(), "Body")
	}
	if b.Lead != "" {
		para(b.Lead, "Body")
	}
	for _, p := range b.Sections {
		para(p.Title, "Heading1")
		para(p.Text, "Body")
	}
	if len(b.Figures) > 0 {
		body.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="Figures"/><w:tblW w:w="5000" w:type="pct"/>` +
			`<w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/>` +
			`<w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr>`)
		row := func(cells []string, header bool) {
			body.WriteString(`<w:tr>`)
			for i, cell := range cells {
				jc := "left"
				if i >= 2 {
					jc = "right"
				}
				run := `<w:r>`
				if header {
					run += `<w:rPr><w:b/></w:rPr>`
				}
				body.WriteString(`<w:tc><w:p><w:pPr><w:jc w:val="` + jc + `"/></w:pPr>` + run + `<w:t xml:space="preserve">` +
					xmlEscape(cell) + `</w:t></w:r></w:p></w:tc>`)
			}
			body.WriteString(`</w:tr>`)
		}
		row(TableHeader(b.Lang), true)
		for _, f := range b.Figures {
			row(f.Cells, false)
		}
		body.WriteString(`</w:tbl>`)
	}
	document := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() +
		`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1300" w:bottom="1440" w:left="1300" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr></w:body></w:document>`
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range []struct{ name, content string }{
		{"[Content_Types].xml", docxContentTypes},
		{"_rels/.rels", docxRels},
		{"word/_rels/document.xml.rels", docxDocumentRels},
		{"word/styles.xml", docxStyles},
		{"word/document.xml", document},
	} {
		w, err := zw.Create(f.name)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write([]byte(f.content)); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

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

const docxContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>`

const docxRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`

const docxDocumentRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>`

// The styles follow the conventions of Chinese official documents: a 仿宋-like serif body
// with first-line indent, a 黑体-like sans title and headings.
const docxStyles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="SimSun"/><w:sz w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="360" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/><w:spacing w:after="360"/></w:pPr><w:rPr><w:rFonts w:eastAsia="SimHei"/><w:b/><w:sz w:val="36"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="240" w:after="60"/></w:pPr><w:rPr><w:rFonts w:eastAsia="SimHei"/><w:b/><w:sz w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Body"><w:name w:val="Body Text"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="200" w:firstLine="480"/><w:jc w:val="both"/></w:pPr></w:style>
<w:style w:type="table" w:styleId="Figures"><w:name w:val="Figures"/><w:rPr><w:sz w:val="20"/></w:rPr></w:style>
</w:styles>`
