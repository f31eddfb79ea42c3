package brief

import (
	"archive/zip"
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// The page of GB/T 9704-2012 in twips (1/1440 inch): A4, 天头 37 mm, 订口 28 mm, a text area
// of 156 × 225 mm holding 22 lines of 28 characters of 3号 (16 pt) type.
const (
	pageWidth    = 11906
	pageHeight   = 16838
	marginTop    = 2098 // 37 mm
	marginLeft   = 1587 // 28 mm
	marginRight  = 1474 // 210 − 28 − 156 mm
	marginBottom = 1984 // 297 − 37 − 225 mm
	footerFrom   = 1247 // the page number's line 7 mm under the text area
	textWidth    = pageWidth - marginLeft - marginRight
	linePitch    = 579 // 28.95 pt: 22 lines in 225 mm
	// charSpacing narrows 16 pt characters by 0.25 pt, in twentieths of a point, so that 28
	// of them fill the 156 mm of a line.
	charSpacing = -5
)

// Fonts of official documents, and the installed CJK fonts that stand in for them where they
// are missing (a Linux office has neither 方正小标宋简体 nor 仿宋_GB2312).
const (
	fontTitle   = "方正小标宋简体"   // 小标宋: the masthead and the title
	fontBody    = "仿宋_GB2312" // 仿宋: the text
	fontHeading = "黑体"        // 黑体: first-level headings
	fontPageNo  = "宋体"        // 宋体: page numbers
	fontLatin   = "Times New Roman"
	serifCJK    = "Noto Serif CJK SC"
	sansCJK     = "Noto Sans CJK SC"
)

// Sizes in half points: 初号 42 pt, 二号 22 pt, 三号 16 pt, 四号 14 pt, 五号 10.5 pt.
const (
	sizeMasthead = 84
	sizeTitle    = 44
	sizeBody     = 32
	sizeSmall    = 28
	sizeTable    = 21
)

const red = "FF0000"

// DOCX is the bulletin as a Word file laid out after GB/T 9704-2012: the red masthead, the
// title in 小标宋, the text in 仿宋 三号 on a grid of 22 lines of 28 characters, the table of
// figures with its header row repeated on every page, the closing lines and page numbers
// "— 1 —" outside on odd and even pages.
func (b *Bulletin) DOCX() ([]byte, error) {
	var d docxBody
	d.para(`<w:pStyle w:val="Masthead"/>`, b.Name)
	d.para(`<w:pStyle w:val="IssueNo"/>`, b.IssueLine())
	d.para(`<w:pStyle w:val="Issuer"/>`, b.Issuer, "\t", b.DateLine())
	d.para(`<w:pStyle w:val="RedLine"/>`)
	d.para(`<w:pStyle w:val="Title"/>`, b.Title)
	if b.Lead == "" && len(b.Sections) == 0 {
		d.para(`<w:pStyle w:val="Body"/>`, b.empty())
	}
	if b.Lead != "" {
		d.para(`<w:pStyle w:val="Body"/>`, b.Lead)
	}
	for i, p := range b.Sections {
		if b.Lang == English { // 黑体 sets only the Chinese headings apart: English ones are bold
			d.runs(`<w:pStyle w:val="Heading1"/>`, `<w:b/>`, p.Title)
		} else {
			d.para(`<w:pStyle w:val="Heading1"/>`, b.sectionHeading(i, p.Title))
		}
		d.para(`<w:pStyle w:val="Body"/>`, p.Text)
	}
	if len(b.Figures) > 0 {
		d.para(`<w:pStyle w:val="TableCaption"/><w:keepNext/>`, figuresCaption(b.Lang))
		d.figures(b.Columns, b.Figures)
	}
	if len(b.Closing) > 0 {
		d.closing(b.Closing, b.Lang)
	}
	// Word ends a document with a paragraph, not a table: one too small to start a page
	d.WriteString(`<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>`)
	document := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>` +
		d.String() + fmt.Sprintf(`<w:sectPr><w:footerReference w:type="default" r:id="rId4"/><w:footerReference w:type="even" r:id="rId5"/>`+
		`<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="%d" w:gutter="0"/>`+
		`<w:pgNumType w:fmt="decimal"/><w:docGrid w:type="lines" w:linePitch="%d"/></w:sectPr></w:body></w:document>`,
		pageWidth, pageHeight, marginTop, marginRight, marginBottom, marginLeft, footerFrom, linePitch)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range []struct{ name, content string }{
		{"[Content_Types].xml", docxContentTypes},
		{"_rels/.rels", docxRels},
		{"word/_rels/document.xml.rels", docxDocumentRels},
		{"word/styles.xml", docxStyles()},
		{"word/settings.xml", docxSettings},
		{"word/fontTable.xml", docxFontTable()},
		{"word/footer1.xml", pageNumberFooter("right")},
		{"word/footer2.xml", pageNumberFooter("left")},
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

func figuresCaption(lang string) string {
	if lang == English {
		return "Key figures"
	}
	return "主要指标"
}

type docxBody struct{ strings.Builder }

// para writes a paragraph of the properties pPr and the texts, a "\t" being a tab.
func (d *docxBody) para(pPr string, texts ...string) { d.runs(pPr, "", texts...) }

// runs writes a paragraph of the texts in runs of the properties rPr.
func (d *docxBody) runs(pPr, rPr string, texts ...string) {
	d.WriteString(`<w:p><w:pPr>` + inSchemaOrder(pPr) + `</w:pPr>`)
	if rPr != "" {
		rPr = `<w:rPr>` + rPr + `</w:rPr>`
	}
	for _, t := range texts {
		if t == "\t" {
			d.WriteString(`<w:r><w:tab/></w:r>`)
			continue
		}
		d.WriteString(`<w:r>` + rPr + `<w:t xml:space="preserve">` + xmlEscape(t) + `</w:t></w:r>`)
	}
	d.WriteString(`</w:p>`)
}

// figures writes the table of figures: columns as wide as their content, the header row
// repeated at the top of every page, no row split across pages.
func (d *docxBody) figures(header []string, figures []Figure) {
	rows := make([][]string, len(figures))
	for i, f := range figures {
		rows[i] = f.Cells
	}
	widths := fitColumns(header, rows, textWidth, sizeTable*10)
	d.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + fmt.Sprint(textWidth) + `" w:type="dxa"/><w:jc w:val="center"/>` +
		`<w:tblBorders><w:top w:val="single" w:sz="8"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="8"/>` +
		`<w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders>` +
		`<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>` +
		`<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		d.WriteString(`<w:gridCol w:w="` + fmt.Sprint(w) + `"/>`)
	}
	d.WriteString(`</w:tblGrid>`)
	row := func(cells []string, header bool) {
		d.WriteString(`<w:tr><w:trPr><w:cantSplit/>`)
		if header {
			d.WriteString(`<w:tblHeader/>`)
		}
		d.WriteString(`</w:trPr>`)
		for i, cell := range cells {
			jc := "center"
			switch {
			case header:
			case i == 0:
				jc = "left"
			case i >= 2 && i <= 5:
				jc = "right"
			}
			style := "TableText"
			if header {
				style = "TableHeader"
			}
			w := 0
			if i < len(widths) {
				w = widths[i]
			}
			d.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + fmt.Sprint(w) + `" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>`)
			d.para(`<w:pStyle w:val="`+style+`"/><w:jc w:val="`+jc+`"/>`, cell)
			d.WriteString(`</w:tc>`)
		}
		d.WriteString(`</w:tr>`)
	}
	row(header, true)
	for _, r := range rows {
		row(r, false)
	}
	d.WriteString(`</w:tbl>`)
}

// closing writes the 版记 after the text: the lines 报, 送 and 发 between two rules the width of
// the text, kept together on the last page. (GB/T 9704 sets it at the foot of the last page; a
// table floated there covers the text in LibreOffice when the page is full.)
func (d *docxBody) closing(lines []Recipients, lang string) {
	d.para(`<w:pStyle w:val="Body"/><w:keepNext/>`) // a line apart from the text, and Word keeps two tables apart only by a paragraph
	d.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + fmt.Sprint(textWidth) + `" w:type="dxa"/>` +
		`<w:tblBorders><w:top w:val="single" w:sz="8"/><w:bottom w:val="single" w:sz="8"/></w:tblBorders>` +
		`<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr>` +
		`<w:tblGrid><w:gridCol w:w="` + fmt.Sprint(textWidth) + `"/></w:tblGrid>`)
	for i, line := range lines {
		d.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="` + fmt.Sprint(textWidth) + `" w:type="dxa"/></w:tcPr>`)
		keep := ""
		if i < len(lines)-1 {
			keep = `<w:keepNext/>`
		}
		d.para(`<w:pStyle w:val="Closing"/>`+keep, line.Line(lang))
		d.WriteString(`</w:tc></w:tr>`)
	}
	d.WriteString(`</w:tbl>`)
}

// textWidthEm is how wide a text sets, in ems of its type: a Chinese character or full-width
// sign one em, Latin letters, digits and signs their usual share of one.
func textWidthEm(s string) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case r >= 0x2E80 || unicode.Is(unicode.Han, r):
			w += 1
		case r >= '0' && r <= '9':
			w += 0.5
		case r == ' ' || r == '.' || r == ',' || r == '/':
			w += 0.28
		case r == '(' || r == ')' || r == '-':
			w += 0.34
		case r == '%':
			w += 0.84
		case unicode.IsUpper(r):
			w += 0.68
		default:
			w += 0.46
		}
	}
	return w
}

// breakableAfter says whether a header may break after r and before next: at a space, before
// an opening bracket, or between two Chinese characters of a header without brackets.
func breakableAfter(r, next rune, bracketed bool) bool {
	return r == ' ' || next == '(' || (!bracketed && r >= 0x2E80 && next >= 0x2E80)
}

// twoLineWidth is the width of the text set on two lines broken where that is narrowest.
func twoLineWidth(s string) float64 {
	runes := []rune(s)
	best := textWidthEm(s)
	for i := 0; i+1 < len(runes); i++ {
		if !breakableAfter(runes[i], runes[i+1], strings.ContainsRune(s, '(')) {
			continue
		}
		first, second := strings.TrimSpace(string(runes[:i+1])), strings.TrimSpace(string(runes[i+1:]))
		best = min(best, max(textWidthEm(first), textWidthEm(second)))
	}
	return best
}

// fitColumns shares the width of a table (in twips) among its columns after their content at
// an em of em twips: each column as wide as its widest cell and its header on one line, else
// its header on two lines, else the first column (the names) wrapping; what is left over is
// shared in proportion.
func fitColumns(header []string, rows [][]string, total, em int) []int {
	const padding = 57*2 + 60 // the cell's margins and a little air
	n := len(header)
	body := make([]float64, n)
	for _, r := range rows {
		for i := 0; i < n && i < len(r); i++ {
			body[i] = max(body[i], textWidthEm(r[i]))
		}
	}
	width := func(headerEm func(string) float64) ([]float64, float64) {
		w, sum := make([]float64, n), 0.0
		for i := range header {
			w[i] = max(body[i], headerEm(header[i]))*float64(em) + padding
			sum += w[i]
		}
		return w, sum
	}
	w, sum := width(textWidthEm)
	if sum > float64(total) {
		// headers on two lines, then back on one line where the room left allows, the
		// cheapest first
		oneLine := w
		w, sum = width(twoLineWidth)
		for {
			best := -1
			for i := range w {
				if need := oneLine[i] - w[i]; need > 0 && sum+need <= float64(total) && (best < 0 || need < oneLine[best]-w[best]) {
					best = i
				}
			}
			if best < 0 {
				break
			}
			sum += oneLine[best] - w[best]
			w[best] = oneLine[best]
		}
	}
	if sum > float64(total) && n > 1 {
		others := sum - w[0]
		w[0] = max(float64(total)-others, 4*float64(em)+padding)
		sum = others + w[0]
	}
	out := make([]int, n)
	used := 0
	for i := range w {
		out[i] = int(w[i] * float64(total) / sum)
		used += out[i]
	}
	if n > 0 {
		out[0] += total - used
	}
	return out
}

// pageNumberFooter is a footer with the page number as GB/T 9704 sets it: 4号 half-width
// digits between two dashes, "— 1 —", a character in from the outer edge (right on odd
// pages, left on even ones). The dashes stand an en space off the digits, which PDF readers
// keep as a space.
func pageNumberFooter(side string) string {
	run := func(inner string) string {
		return `<w:r><w:rPr><w:rFonts w:ascii="` + fontPageNo + `" w:hAnsi="` + fontPageNo + `" w:eastAsia="` + fontPageNo + `" w:hint="eastAsia"/><w:sz w:val="28"/></w:rPr>` + inner + `</w:r>`
	}
	ind := `<w:ind w:right="280"/>`
	if side == "left" {
		ind = `<w:ind w:left="280"/>`
	}
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr>` + inSchemaOrder(`<w:pStyle w:val="Footer"/><w:jc w:val="`+side+`"/>`+ind) + `</w:pPr>` +
		run("<w:t>—\u2002</w:t>") + run(`<w:fldChar w:fldCharType="begin"/>`) + run(`<w:instrText xml:space="preserve"> PAGE </w:instrText>`) +
		run(`<w:fldChar w:fldCharType="separate"/>`) + run(`<w:t>1</w:t>`) + run(`<w:fldChar w:fldCharType="end"/>`) +
		run("<w:t>\u2002—</w:t>") + `</w:p></w:ftr>`
}

const docxContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
</Types>`

const docxRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`

const docxDocumentRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>
</Relationships>`

// The settings set odd and even pages apart, for the page numbers.
const docxSettings = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>` +
	`<w:characterSpacingControl w:val="compressPunctuation"/><w:compat>` +
	`<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>`

// pPrOrder is the order in which WordprocessingML wants a paragraph's properties (CT_PPr);
// Word refuses a file that has them in another order.
var pPrOrder = strings.Fields(`pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers
	pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi
	adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection
	textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange`)

// inSchemaOrder puts the properties of a paragraph, a run of elements such as
// <w:jc w:val="center"/><w:spacing .../>, in the order of the schema.
func inSchemaOrder(props string) string {
	type element struct {
		rank int
		xml  string
	}
	var elements []element
	for rest := props; rest != ""; {
		name := rest[len("<w:") : strings.IndexAny(rest[1:], " />")+1]
		end := strings.Index(rest, ">") + 1
		if rest[end-2] != '/' { // a container: up to its closing tag
			end = strings.Index(rest, "</w:"+name+">") + len("</w:"+name+">")
		}
		rank := slices.Index(pPrOrder, name)
		if rank < 0 {
			rank = len(pPrOrder)
		}
		elements = append(elements, element{rank, rest[:end]})
		rest = rest[end:]
	}
	slices.SortStableFunc(elements, func(a, b element) int { return a.rank - b.rank })
	var out strings.Builder
	for _, e := range elements {
		out.WriteString(e.xml)
	}
	return out.String()
}

// docxFontTable names the stand-ins of each font of official documents, as the comma-separated
// alternative names that Word and WPS try when the font itself is not installed: another name
// of the same font, then an installed CJK serif (or sans for 黑体). LibreOffice does not read
// them and asks fontconfig instead; brief/fonts/official-fonts.conf gives it the same stand-ins.
func docxFontTable() string {
	font := func(name, family, panose string, alternatives ...string) string {
		return `<w:font w:name="` + name + `"><w:altName w:val="` + strings.Join(alternatives, ",") + `"/><w:panose1 w:val="` + panose + `"/><w:charset w:val="86"/>` +
			`<w:family w:val="` + family + `"/><w:pitch w:val="variable"/></w:font>`
	}
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		font(fontTitle, "roman", "02000000000000000000", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", serifCJK, "Source Han Serif SC", "宋体") +
		font(fontBody, "roman", "02010609030101010101", "仿宋", "FangSong", "STFangsong", serifCJK, "Source Han Serif SC") +
		font(fontHeading, "modern", "02010609060101010101", "SimHei", sansCJK, "Source Han Sans SC") +
		font(fontPageNo, "roman", "02010600030101010101", "SimSun", serifCJK, "Source Han Serif SC") +
		`<w:font w:name="` + fontLatin + `"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
		`</w:fonts>`
}

// docxStyles are the styles of the bulletin. Each east-asian font is followed by its stand-in
// through the font table; sizes are those of GB/T 9704.
func docxStyles() string {
	fonts := func(eastAsia string) string {
		return `<w:rFonts w:ascii="` + fontLatin + `" w:hAnsi="` + fontLatin + `" w:eastAsia="` + eastAsia + `" w:cs="` + fontLatin + `"/>`
	}
	exact := func(twips int) string {
		return fmt.Sprintf(`<w:spacing w:before="0" w:after="0" w:line="%d" w:lineRule="exact"/>`, twips)
	}
	style := func(id, name, pPr, rPr string) string {
		custom := ` w:customStyle="1"`
		if slices.Contains([]string{"Title", "heading 1", "Body Text", "footer"}, name) { // Word's own styles
			custom = ""
		}
		return `<w:style w:type="paragraph"` + custom + ` w:styleId="` + id + `"><w:name w:val="` + name + `"/><w:basedOn w:val="Normal"/><w:qFormat/>` +
			`<w:pPr>` + inSchemaOrder(pPr) + `</w:pPr><w:rPr>` + rPr + `</w:rPr></w:style>`
	}
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:docDefaults><w:rPrDefault><w:rPr>` + fonts(fontBody) + fmt.Sprintf(`<w:spacing w:val="%d"/><w:kern w:val="2"/><w:sz w:val="%d"/><w:szCs w:val="%d"/>`, charSpacing, sizeBody, sizeBody) +
		`<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr>` + inSchemaOrder(`<w:widowControl w:val="0"/><w:jc w:val="both"/>`+exact(linePitch)) + `</w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
		style("Masthead", "Masthead", `<w:jc w:val="center"/><w:spacing w:before="579" w:after="0" w:line="1158" w:lineRule="exact"/>`,
			`<w:rFonts w:ascii="`+fontTitle+`" w:hAnsi="`+fontTitle+`" w:eastAsia="`+fontTitle+`"/><w:color w:val="`+red+`"/><w:spacing w:val="20"/>`+fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, sizeMasthead, sizeMasthead)) +
		style("IssueNo", "Issue number", `<w:jc w:val="center"/><w:spacing w:before="289" w:after="0" w:line="579" w:lineRule="exact"/>`, "") +
		style("Issuer", "Issuer and date", `<w:tabs><w:tab w:val="right" w:pos="`+fmt.Sprint(textWidth-320)+`"/></w:tabs><w:ind w:left="320" w:right="320"/><w:jc w:val="left"/>`+
			`<w:spacing w:before="289" w:after="0" w:line="579" w:lineRule="exact"/>`, "") +
		style("RedLine", "Masthead rule", `<w:pBdr><w:bottom w:val="single" w:sz="18" w:space="0" w:color="`+red+`"/></w:pBdr>`+
			`<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="120" w:lineRule="exact"/>`, `<w:sz w:val="4"/>`) +
		style("Title", "Title", `<w:jc w:val="center"/><w:spacing w:before="1158" w:after="579" w:line="579" w:lineRule="exact"/>`,
			`<w:rFonts w:ascii="`+fontTitle+`" w:hAnsi="`+fontTitle+`" w:eastAsia="`+fontTitle+`"/>`+fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, sizeTitle, sizeTitle)) +
		style("Heading1", "heading 1", `<w:keepNext/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:outlineLvl w:val="0"/>`, fonts(fontHeading)) +
		style("Body", "Body Text", `<w:ind w:firstLineChars="200" w:firstLine="640"/>`, "") +
		style("TableCaption", "Table caption", `<w:jc w:val="center"/><w:spacing w:before="579" w:after="0" w:line="579" w:lineRule="exact"/>`, fonts(fontHeading)) +
		style("TableHeader", "Table header", `<w:snapToGrid w:val="0"/><w:jc w:val="center"/><w:spacing w:before="40" w:after="40" w:line="260" w:lineRule="atLeast"/>`,
			fonts(fontHeading)+fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, sizeTable, sizeTable)) +
		style("TableText", "Table text", `<w:snapToGrid w:val="0"/><w:spacing w:before="40" w:after="40" w:line="260" w:lineRule="atLeast"/>`,
			fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, sizeTable, sizeTable)) +
		style("Closing", "Closing lines", `<w:snapToGrid w:val="0"/><w:ind w:left="840" w:right="280" w:hanging="560"/><w:jc w:val="left"/><w:spacing w:before="60" w:after="60" w:line="440" w:lineRule="atLeast"/>`,
			fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, sizeSmall, sizeSmall)) +
		style("Footer", "footer", `<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>`, `<w:sz w:val="28"/>`) +
		`</w:styles>`
}
