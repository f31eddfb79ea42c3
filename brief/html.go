package brief

import (
	"fmt"
	"html"
	"strings"
)

// printStyle sets the print view as the Word file: A4 with the margins of GB/T 9704-2012,
// 小标宋 for the masthead and title, 仿宋 三号 on a 28.95 pt line for the text, page numbers
// "— 1 —" outside at the foot of odd and even pages (the dashes an en space off the digits,
// which PDF readers keep as a space). Each font falls back to an installed CJK serif.
const printStyle = `
  @font-face { font-family: "ZB Title"; src: local("方正小标宋简体"), local("FZXiaoBiaoSong-B05S"), local("FZXBSJW--GB1-0"),
               local("Noto Serif CJK SC Bold"), local("NotoSerifCJKsc-Bold"), local("Source Han Serif SC Bold"), local("SimSun"); }
  @font-face { font-family: "ZB Text"; src: local("仿宋_GB2312"), local("FangSong_GB2312"), local("仿宋"), local("FangSong"), local("STFangsong"),
               local("Noto Serif CJK SC"), local("NotoSerifCJKsc-Regular"), local("Source Han Serif SC"), local("SimSun"); }
  @font-face { font-family: "ZB Heading"; src: local("黑体"), local("SimHei"), local("Noto Sans CJK SC"), local("NotoSansCJKsc-Regular"),
               local("Source Han Sans SC"); }
  @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
  @page :right { @bottom-right { content: "—\2002" counter(page) "\2002—"; font: 14pt "Times New Roman", "SimSun", "Noto Serif CJK SC", serif;
                                 vertical-align: top; padding: 5mm 5mm 0 0; } }
  @page :left { @bottom-left { content: "—\2002" counter(page) "\2002—"; font: 14pt "Times New Roman", "SimSun", "Noto Serif CJK SC", serif;
                               vertical-align: top; padding: 5mm 0 0 5mm; } }
  html { background: #e8e8e8; }
  body { font-family: "Times New Roman", "ZB Text", "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 28.95pt; color: #000;
         width: 156mm; margin: 12mm auto; padding: 20mm 26mm 24mm 28mm; background: #fff; box-shadow: 0 1px 6px rgba(0, 0, 0, 0.15); }
  body:lang(zh-CN) { letter-spacing: -0.21pt; }
  .masthead { text-align: center; color: #f00; }
  .masthead .name { font-family: "ZB Title", "Noto Serif CJK SC", serif; font-size: 42pt; line-height: 57.9pt; letter-spacing: 1pt;
                    margin: 28.95pt 0 0; font-weight: normal; }
  .masthead .issue { color: #000; margin: 14.5pt 0 0; }
  .masthead .issuer { color: #000; display: flex; justify-content: space-between; margin: 14.5pt 16pt 0; }
  .masthead hr { border: 0; border-top: 2.25pt solid #f00; margin: 2pt 0 0; }
  h1 { font-family: "Times New Roman", "ZB Title", "Noto Serif CJK SC", serif; font-size: 22pt; line-height: 28.95pt; font-weight: normal;
       text-align: center; margin: 57.9pt 0 28.95pt; }
  h2 { font-family: "Times New Roman", "ZB Heading", "Noto Sans CJK SC", sans-serif; font-size: 16pt; font-weight: normal; margin: 0;
       text-indent: 2em; break-after: avoid; }
  p { text-indent: 2em; margin: 0; text-align: justify; }
  .caption { font-family: "Times New Roman", "ZB Heading", "Noto Sans CJK SC", sans-serif; text-align: center; text-indent: 0; margin-top: 28.95pt; break-after: avoid; }
  table { border-collapse: collapse; width: 100%; font-size: 10.5pt; line-height: 1.35; letter-spacing: 0; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  th, td { border: 0.75pt solid #000; padding: 2pt 3pt; }
  table { border-top-width: 1pt; border-bottom-width: 1pt; }
  th { font-family: "Times New Roman", "ZB Heading", "Noto Sans CJK SC", sans-serif; font-weight: normal; text-align: center; word-break: keep-all; }
  td.n, td.c { white-space: nowrap; }
  :lang(zh-CN) td:first-child { white-space: nowrap; }
  :lang(en) h1, :lang(en) h2 { font-weight: bold; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; }
  td.c { text-align: center; }
  .closing { margin-top: 28.95pt; border-top: 1pt solid #000; border-bottom: 1pt solid #000; font-size: 14pt; line-height: 22pt;
             break-inside: avoid; }
  .closing p { text-indent: -2em; padding: 3pt 1em 3pt 3em; }
  @media print {
    html { background: none; }
    body { width: auto; margin: 0; padding: 0; box-shadow: none; }
  }
`

// HTML is the bulletin's print view: a standalone page with the masthead of the Word file,
// that prints on A4 as GB/T 9704-2012 lays a page out.
func (b *Bulletin) HTML() string {
	lang := "zh-CN"
	if b.Lang == English {
		lang = "en"
	}
	e := html.EscapeString
	var s strings.Builder
	fmt.Fprintf(&s, "<!doctype html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n",
		lang, e(b.Title), printStyle)
	fmt.Fprintf(&s, "<header class=\"masthead\">\n<div class=\"name\">%s</div>\n<div class=\"issue\">%s</div>\n"+
		"<div class=\"issuer\"><span>%s</span><span>%s</span></div>\n<hr>\n</header>\n",
		e(b.Name), e(b.IssueLine()), e(b.Issuer), e(b.DateLine()))
	fmt.Fprintf(&s, "<h1>%s</h1>\n", e(b.Title))
	if b.Lead == "" && len(b.Sections) == 0 {
		s.WriteString("<p>" + e(b.empty()) + "</p>\n")
	}
	if b.Lead != "" {
		s.WriteString("<p class=\"lead\">" + e(b.Lead) + "</p>\n")
	}
	for i, p := range b.Sections {
		s.WriteString("<h2>" + e(b.sectionHeading(i, p.Title)) + "</h2>\n<p>" + e(p.Text) + "</p>\n")
	}
	if len(b.Figures) > 0 {
		s.WriteString("<p class=\"caption\">" + e(figuresCaption(b.Lang)) + "</p>\n<table>\n<thead><tr>")
		for _, h := range b.Columns {
			s.WriteString("<th>" + strings.Replace(e(h), "(", "<wbr>(", 1) + "</th>") // a header wraps before its unit
		}
		s.WriteString("</tr></thead>\n<tbody>\n")
		for _, f := range b.Figures {
			s.WriteString("<tr>")
			for i, cell := range f.Cells {
				class := ""
				switch {
				case i >= 2 && i <= 5:
					class = ` class="n"`
				case i > 0:
					class = ` class="c"`
				}
				s.WriteString("<td" + class + ">" + e(cell) + "</td>")
			}
			s.WriteString("</tr>\n")
		}
		s.WriteString("</tbody>\n</table>\n")
	}
	if len(b.Closing) > 0 {
		s.WriteString("<footer class=\"closing\">\n")
		for _, line := range b.Closing {
			s.WriteString("<p>" + e(line.Line(b.Lang)) + "</p>\n")
		}
		s.WriteString("</footer>\n")
	}
	s.WriteString("</body>\n</html>\n")
	return s.String()
}
