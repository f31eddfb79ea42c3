package brief_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"zoneboard/brief"
)

// sampleBulletin is a briefing of n figures set in a masthead of a template that names every
// masthead field.
func sampleBulletin(t *testing.T, n int) *brief.Bulletin {
	t.Helper()
	tpl, err := brief.ParseTemplate([]byte(`
masthead:
  name: 经济运行简报
  issuer: "{unit}管委会统计局"
  date: 2020-04-20
  report_to: [市统计局]
  send_to: [工委、管委会领导]
  issue_to: [各部门, 各园区]
title: "{unit}{period}经济运行简报"
`))
	if err != nil {
		t.Fatal(err)
	}
	b := &brief.Briefing{Lang: brief.Chinese, Unit: "370171", UnitName: "济南高新区", Period: "2020-Q1", Title: "济南高新区2020年一季度经济运行简报",
		Lead:     "2020年一季度，济南高新区地区生产总值实现286.8亿元，同比下降0.7%。",
		Sections: []brief.Paragraph{{Title: "工业生产", Text: "规模以上工业增加值同比下降4.1%。"}}}
	for i := 0; i < n; i++ {
		b.Figures = append(b.Figures, brief.Figure{Indicator: fmt.Sprint("ind", i),
			Cells: []string{fmt.Sprintf("规模以上工业增加值%02d", i), "亿元", "1150.2", "10.5", "7.0", "14.4", "1/16", "2/16"}})
	}
	return brief.NewBulletin(b, tpl, "全市", brief.Edition{Issue: 7})
}

// docxParts unzips a Word file, checking that every part is well-formed XML.
func docxParts(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(bytes.NewReader(content))
		for {
			if _, err := dec.Token(); err != nil {
				if !errors.Is(err, io.EOF) {
					t.Errorf("%s is not well-formed: %v", f.Name, err)
				}
				break
			}
		}
		parts[f.Name] = string(content)
	}
	return parts
}

func TestBulletinDOCXFollowsGBT9704(t *testing.T) {
	data, err := sampleBulletin(t, 3).Render(brief.FormatDOCX)
	if err != nil {
		t.Fatal(err)
	}
	parts := docxParts(t, data)
	doc, styles, fonts := parts["word/document.xml"], parts["word/styles.xml"], parts["word/fontTable.xml"]
	for _, want := range []string{
		// the masthead, in order: name, issue, office and date, red rule, title
		`<w:pStyle w:val="Masthead"/></w:pPr><w:r><w:t xml:space="preserve">经济运行简报</w:t>`,
		`<w:pStyle w:val="IssueNo"/></w:pPr><w:r><w:t xml:space="preserve">第7期</w:t>`,
		`济南高新区管委会统计局</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t xml:space="preserve">2020年4月20日</w:t>`,
		`<w:pStyle w:val="RedLine"/>`,
		`一、工业生产`,
		// A4, 天头 37 mm, 订口 28 mm, text 156 × 225 mm on lines of 28.95 pt
		`<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"`,
		`<w:docGrid w:type="lines" w:linePitch="579"/>`,
		`<w:footerReference w:type="default"`, `<w:footerReference w:type="even"`,
		// the web page's column names
		`全市增长(%)`, `占全市(%)`,
		`报：市统计局。`, `送：工委、管委会领导。`, `发：各部门，各园区。`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if order := []string{"经济运行简报</w:t>", "第7期", "2020年4月20日", "RedLine", "济南高新区2020年一季度经济运行简报", "一、工业生产", "全市增长(%)", "报："}; !inOrder(doc, order) {
		t.Errorf("document.xml does not hold %v in this order", order)
	}
	// the header row alone repeats on every page; no row breaks across pages
	if n := strings.Count(doc, "<w:tblHeader/>"); n != 1 {
		t.Errorf("%d rows repeat as the header, want 1", n)
	}
	if !strings.Contains(doc, `<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:tcW w:w="`) {
		t.Error("the table's first row is not its repeated header")
	}
	// the columns share the 156 mm of the text, the names' column the widest
	grid := regexp.MustCompile(`<w:tblGrid>(.*?)</w:tblGrid>`).FindStringSubmatch(doc)
	if grid == nil {
		t.Fatal("no table grid")
	}
	var widths []int
	for _, m := range regexp.MustCompile(`w:w="(\d+)"`).FindAllStringSubmatch(grid[1], -1) {
		w, _ := strconv.Atoi(m[1])
		widths = append(widths, w)
	}
	sum := 0
	for _, w := range widths {
		sum += w
	}
	if len(widths) != 8 || sum != 8845 {
		t.Errorf("column widths %v (sum %d), want 8 columns filling 8845 twips", widths, sum)
	} else if widths[0] <= widths[1] || widths[2] < 600 {
		t.Errorf("column widths %v are not fitted to the content", widths)
	}
	for _, want := range []string{
		`w:eastAsia="仿宋_GB2312"`, `<w:sz w:val="32"/>`, `w:line="579" w:lineRule="exact"`, // 仿宋 三号 on the line grid
		`<w:rFonts w:ascii="方正小标宋简体" w:hAnsi="方正小标宋简体" w:eastAsia="方正小标宋简体"/><w:color w:val="FF0000"/>`, // the red masthead
		`w:eastAsia="黑体"`,
		`<w:sz w:val="44"/>`, // the title in 二号
	} {
		if !strings.Contains(styles, want) {
			t.Errorf("styles.xml lacks %s", want)
		}
	}
	for _, font := range []string{"方正小标宋简体", "仿宋_GB2312", "宋体"} {
		if !regexp.MustCompile(`<w:font w:name="` + font + `"><w:altName w:val="[^"]*Noto Serif CJK SC`).MatchString(fonts) {
			t.Errorf("fontTable.xml does not let %s fall back to Noto Serif CJK SC", font)
		}
	}
	for name, side := range map[string]string{"word/footer1.xml": "right", "word/footer2.xml": "left"} {
		footer := parts[name]
		for _, want := range []string{`<w:jc w:val="` + side + `"/>`, `<w:t>—` + "\u2002" + `</w:t>`, `<w:fldChar w:fldCharType="begin"/>`,
			`<w:instrText xml:space="preserve"> PAGE </w:instrText>`, `<w:fldChar w:fldCharType="end"/>`, `<w:sz w:val="28"/>`} {
			if !strings.Contains(footer, want) {
				t.Errorf("%s lacks %s", name, want)
			}
		}
	}
	for _, name := range []string{"word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml"} {
		checkPPrOrder(t, name, parts[name])
	}
	if !strings.Contains(parts["word/settings.xml"], "<w:evenAndOddHeaders/>") {
		t.Error("odd and even pages do not have their own page numbers")
	}
	if !strings.Contains(parts["[Content_Types].xml"], `PartName="/word/footer2.xml"`) {
		t.Error("the footers are not declared")
	}
}

// pPrOrder is the order of a paragraph's properties in the schema of WordprocessingML (CT_PPr).
var pPrOrder = strings.Fields(`pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers
	pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi
	adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection
	textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange`)

// checkPPrOrder checks that every paragraph's properties come in the schema's order, which
// Word insists on.
func checkPPrOrder(t *testing.T, name, content string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(content))
	depth, pPrDepth, last := 0, -1, -1
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		switch e := tok.(type) {
		case xml.StartElement:
			depth++
			if e.Name.Local == "pPr" && pPrDepth < 0 {
				pPrDepth, last = depth, -1
			} else if depth == pPrDepth+1 && pPrDepth >= 0 {
				rank := slices.Index(pPrOrder, e.Name.Local)
				if rank < 0 {
					t.Errorf("%s: %s is not a paragraph property", name, e.Name.Local)
				} else if rank < last {
					t.Errorf("%s: %s comes after %s in a paragraph's properties", name, e.Name.Local, pPrOrder[last])
				}
				last = max(last, rank)
			}
		case xml.EndElement:
			if depth == pPrDepth {
				pPrDepth = -1
			}
			depth--
		}
	}
}

func inOrder(s string, parts []string) bool {
	for _, p := range parts {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return true
}

func TestBulletinDefaults(t *testing.T) {
	b := brief.NewBulletin(&brief.Briefing{Lang: brief.Chinese, UnitName: "济南高新区", Period: "2020-05", Title: "t"}, nil, "", brief.Edition{})
	if b.Name != "经济运行简报" || b.IssueLine() != "第5期" || b.Issuer != "济南高新区管委会统计局" {
		t.Errorf("defaults: %q %q %q", b.Name, b.IssueLine(), b.Issuer)
	}
	if now := time.Now(); b.DateLine() != fmt.Sprintf("%d年%d月%d日", now.Year(), int(now.Month()), now.Day()) {
		t.Errorf("the date defaults to %s, not today", b.DateLine())
	}
	en := brief.NewBulletin(&brief.Briefing{Lang: brief.English, UnitName: "Jinan High-tech Zone", Period: "2020-Q1"}, nil, "the city",
		brief.Edition{Issue: 4, Date: time.Date(2020, 4, 20, 0, 0, 0, 0, time.UTC)})
	if en.Name != "Economic Bulletin" || en.IssueLine() != "No. 4" || en.DateLine() != "20 April 2020" || en.Columns[4] != "The city growth (%)" ||
		len(en.Closing) != 3 || en.Closing[0].Line(brief.English) != "Submitted to: Leaders of the city; the City Statistics Bureau." {
		t.Errorf("English: %q %q %q %q %v", en.Name, en.IssueLine(), en.DateLine(), en.Columns, en.Closing)
	}
	if _, err := brief.ParseTemplate([]byte("masthead:\n  date: 2020-13-01\n")); err == nil || !strings.Contains(err.Error(), "2020-13-01") {
		t.Errorf("a wrong date is not refused: %v", err)
	}
	if _, err := brief.ParseTemplate([]byte("masthead:\n  nmae: x\n")); err == nil {
		t.Error("a misspelt masthead key is not refused")
	}
}

// need returns the path of a program, or skips the test without it; under CI=true a missing
// program is a failure, since CI installs it.
func need(t *testing.T, program, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(program)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed: CI must install the Debian package %s", program, pkg)
		}
		t.Skipf("%s is not installed (Debian package %s)", program, pkg)
	}
	return path
}

// TestBulletinTableRepeatsItsHeaderInLibreOffice opens a bulletin with a table of 80 rows in
// LibreOffice and reads the header row on every page the table runs over.
func TestBulletinTableRepeatsItsHeaderInLibreOffice(t *testing.T) {
	soffice := need(t, "soffice", "libreoffice-writer-nogui")
	pdftotext := need(t, "pdftotext", "poppler-utils")
	dir := t.TempDir()
	data, err := sampleBulletin(t, 80).Render(brief.FormatDOCX)
	if err != nil {
		t.Fatal(err)
	}
	docx := filepath.Join(dir, "bulletin.docx")
	if err := os.WriteFile(docx, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "lo"), "--convert-to", "pdf", "--outdir", dir, docx).CombinedOutput()
	if _, statErr := os.Stat(filepath.Join(dir, "bulletin.pdf")); statErr != nil {
		t.Fatalf("LibreOffice did not convert the bulletin: %v\n%s", err, out)
	}
	text, err := exec.Command(pdftotext, "-layout", filepath.Join(dir, "bulletin.pdf"), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(strings.TrimSuffix(string(text), "\f"), "\f")
	rowsSeen := 0
	for i, page := range pages {
		rows := len(regexp.MustCompile(`规模以上工业增加值 ?\d\d`).FindAllString(page, -1))
		if rows == 0 {
			continue
		}
		rowsSeen += rows
		if !regexp.MustCompile(`指标\s+计量单位\s+本期`).MatchString(page) {
			t.Errorf("page %d holds %d rows of the table without its header:\n%s", i+1, rows, page)
		}
		if want := fmt.Sprintf("— %d —", i+1); !strings.Contains(page, want) {
			t.Errorf("page %d lacks its number %q", i+1, want)
		}
	}
	if rowsSeen != 80 || len(pages) < 3 {
		t.Errorf("%d rows on %d pages, want 80 rows on 3 pages or more", rowsSeen, len(pages))
	}
}

// TestBulletinPageHolds22LinesOf28Characters sets a long paragraph of Chinese in LibreOffice and
// counts the characters of its lines and the lines of a full page.
func TestBulletinPageHolds22LinesOf28Characters(t *testing.T) {
	soffice := need(t, "soffice", "libreoffice-writer-nogui")
	pdftotext := need(t, "pdftotext", "poppler-utils")
	dir := t.TempDir()
	b := &brief.Briefing{Lang: brief.Chinese, UnitName: "济南高新区", Period: "2020-Q1", Title: "济南高新区2020年一季度经济运行简报",
		Lead: strings.Repeat("经济运行平稳向好", 200)}
	data, err := brief.NewBulletin(b, nil, "全市", brief.Edition{Issue: 1}).DOCX()
	if err != nil {
		t.Fatal(err)
	}
	docx := filepath.Join(dir, "lines.docx")
	if err := os.WriteFile(docx, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "lo"), "--convert-to", "pdf", "--outdir", dir, docx).CombinedOutput()
	if _, statErr := os.Stat(filepath.Join(dir, "lines.pdf")); statErr != nil {
		t.Fatalf("LibreOffice did not convert the bulletin: %v\n%s", err, out)
	}
	text, err := exec.Command(pdftotext, "-layout", filepath.Join(dir, "lines.pdf"), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(strings.TrimSuffix(string(text), "\f"), "\f")
	if len(pages) < 3 {
		t.Fatalf("%d pages, want 3 or more", len(pages))
	}
	for i, page := range pages[1 : len(pages)-1] { // the pages of text only
		var lines []string
		for _, line := range strings.Split(page, "\n") {
			if line = strings.TrimSpace(line); strings.ContainsAny(line, "经济运行平稳向好") {
				lines = append(lines, line)
			}
		}
		if len(lines) != 22 {
			t.Errorf("page %d holds %d lines, want 22", i+2, len(lines))
		}
		for _, line := range lines {
			if n := len([]rune(line)); n != 28 {
				t.Errorf("page %d: a line of %d characters, want 28: %s", i+2, n, line)
			}
		}
	}
}
