package main

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"zoneboard/internal/testdep"
)

// need returns the path of a program the test needs, or skips the test without it (a failure
// under CI=true, since CI installs it).
func need(t *testing.T, program, pkg string) string {
	t.Helper()
	return testdep.Program(t, t.Name(), program, pkg)
}

var seedStatements = []string{"线上销售额完成274.0亿元", "增长9.3%", "总量、增速均列全市各县区第一位", "高出全市平均增速22.7个百分点",
	"进出口总额完成147.2亿元", "占全市52.4%", "全市平均增速的2.3倍"}

// flat removes the spaces and line breaks that a PDF's text layout puts between CJK and Latin
// characters, so that phrases can be found in it.
func flat(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\f' {
			return -1
		}
		return r
	}, s)
}

// TestBriefingDOCXOpensInLibreOffice converts the Word briefing to PDF with LibreOffice, as a
// reader's office would open it, and reads the seed's statements back from the PDF.
func TestBriefingDOCXOpensInLibreOffice(t *testing.T) {
	soffice := need(t, "soffice", "libreoffice-writer-nogui")
	pdftotext := need(t, "pdftotext", "poppler-utils")
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	docx := filepath.Join(c.dir, "brief.docx")
	c.mustRun("brief", "--unit", "370171", "--period", "2020-Q1", "-o", docx)
	out, err := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(c.dir, "lo"),
		"--convert-to", "pdf", "--outdir", c.dir, docx).CombinedOutput()
	pdf := filepath.Join(c.dir, "brief.pdf")
	if _, statErr := os.Stat(pdf); statErr != nil {
		t.Fatalf("LibreOffice did not convert the briefing: %v\n%s", err, out)
	}
	text, err := exec.Command(pdftotext, pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	body := flat(string(text))
	for _, want := range append(seedStatements, "济南高新区2020年一季度经济运行简报", "计量单位") {
		if !strings.Contains(body, want) {
			t.Errorf("the PDF of the Word briefing lacks %q", want)
		}
	}
}

// TestBriefingHTMLRendersInChromium loads the HTML briefing in headless Chromium, reads the
// text it lays out and takes a screenshot.
func TestBriefingHTMLRendersInChromium(t *testing.T) {
	chromium := need(t, "chromium", "chromium")
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	page := filepath.Join(c.dir, "brief.html")
	c.mustRun("brief", "--unit", "370171", "--period", "2020-Q1", "-o", page)
	flags := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--user-data-dir=" + filepath.Join(c.dir, "chromium")}
	dom, err := exec.Command(chromium, append(flags, "--dump-dom", "file://"+page)...).Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	for _, want := range append(seedStatements, "<table>", "<h1>济南高新区2020年一季度经济运行简报</h1>") {
		if !strings.Contains(string(dom), want) {
			t.Errorf("the page Chromium rendered lacks %q", want)
		}
	}
	shot := filepath.Join(c.dir, "brief.png")
	out, err := exec.Command(chromium, append(flags, "--screenshot="+shot, "--window-size=1000,1400", "file://"+page)...).CombinedOutput()
	if info, statErr := os.Stat(shot); statErr != nil || info.Size() < 20000 {
		t.Errorf("no screenshot of the briefing (%v): %s", err, out)
	}
}

func TestBriefingFormats(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	md := c.mustRun("brief", "--unit", "370171", "--period", "2019", "--format", "md")
	if !strings.HasPrefix(md, "# 济南高新区2019年经济运行简报\n") || !strings.Contains(md, "| 指标 | 计量单位 |") || !strings.Contains(md, "| 地区生产总值 | 亿元 | 1150.2 | 10.5 | 7.0 |") {
		t.Errorf("markdown:\n%s", md)
	}
	tpl := c.mustRun("brief", "--print-template")
	if !strings.Contains(tpl, "multiple_at_least: 1.8") {
		t.Errorf("the printed template:\n%s", tpl)
	}
	custom := c.file("mine.yaml", strings.Replace(tpl, "title: \"{unit}{period}经济运行简报\"", "title: \"{unit}{period}简报（内部）\"", 1))
	if out := c.mustRun("brief", "--unit", "370171", "--period", "2019", "--template", custom); !strings.HasPrefix(out, "济南高新区2019年简报（内部）") {
		t.Errorf("the edited template's title is not used:\n%s", out)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"brief", "--unit", "370171", "--period", "2019", "--template", c.file("bad.yaml", "titel: x\n")}, "field titel not found"},
		{[]string{"brief", "--unit", "nobody", "--period", "2019"}, `unit "nobody" is not a known unit`},
		{[]string{"brief", "--unit", "370171", "--period", "2019-13"}, "month 13"},
	} {
		if _, errText, status := c.run(tt.args...); status != 1 || !strings.Contains(errText, tt.want) {
			t.Errorf("%v: exit %d, %s", tt.args, status, errText)
		}
	}
	if _, _, status := c.run("brief", "--unit", "370171", "--period", "2019", "--format", "pdf"); status != 2 {
		t.Errorf("an unknown format: exit %d, want 2", status)
	}
}

// pdfPages converts a document to PDF with LibreOffice, finding fonts through fontconfig with
// the stand-ins of brief/fonts/official-fonts.conf as a Linux office installs them, and
// returns the PDF's path and the text of each page.
func pdfPages(t *testing.T, dir, docx string) (string, []string) {
	t.Helper()
	soffice := need(t, "soffice", "libreoffice-writer-nogui")
	pdftotext := need(t, "pdftotext", "poppler-utils")
	stand, err := filepath.Abs("../../brief/fonts/official-fonts.conf")
	if err != nil {
		t.Fatal(err)
	}
	fontsConf := filepath.Join(dir, "fonts.conf")
	if err := os.WriteFile(fontsConf, []byte(`<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>`+
		`<include ignore_missing="yes">/etc/fonts/fonts.conf</include><include>`+stand+`</include></fontconfig>`), 0o644); err != nil {
		t.Fatal(err)
	}
	convert := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "lo"), "--convert-to", "pdf", "--outdir", dir, docx)
	convert.Env = append(os.Environ(), "FONTCONFIG_FILE="+fontsConf)
	out, err := convert.CombinedOutput()
	pdf := strings.TrimSuffix(docx, filepath.Ext(docx)) + ".pdf"
	if _, statErr := os.Stat(pdf); statErr != nil {
		t.Fatalf("LibreOffice did not convert %s: %v\n%s", docx, err, out)
	}
	text, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return pdf, strings.Split(strings.TrimSuffix(string(text), "\f"), "\f")
}

// TestBriefingDOCXIsABulletinInLibreOffice opens the Word briefing of the demo, with its plan
// section (more than one page), in LibreOffice and reads on its pages what GB/T 9704-2012
// puts there: the masthead on the first, a page number "— N —" on each, the table's header on
// every page the table runs over, the closing lines on the last; and the text in a CJK serif
// on lines 28.95 pt apart inside the margins.
func TestBriefingDOCXIsABulletinInLibreOffice(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	docx := filepath.Join(c.dir, "bulletin.docx")
	c.mustRun("brief", "--unit", "370171", "--period", "2020-Q1", "--issue", "7", "--date", "2020-04-20", "-o", docx)
	pdf, pages := pdfPages(t, c.dir, docx)
	if len(pages) < 2 {
		t.Fatalf("the briefing has %d page, want two or more:\n%s", len(pages), strings.Join(pages, "\f"))
	}
	first := flat(pages[0])
	for _, want := range []string{"经济运行简报", "第7期", "济南高新区管委会统计局", "2020年4月20日", "济南高新区2020年一季度经济运行简报", "一、工业生产"} {
		if !strings.Contains(first, want) {
			t.Errorf("the first page lacks %q:\n%s", want, pages[0])
		}
	}
	if !strings.HasPrefix(strings.TrimSpace(pages[0]), "经济运行简报") {
		t.Errorf("the first page does not open with the masthead:\n%s", pages[0])
	}
	// the header row as the web page names its columns; a header may wrap on two lines
	header := regexp.MustCompile(`指标\s+计量单位\s+本期`)
	tableFrom, tableTo := -1, -1
	for i, page := range pages {
		if want := fmt.Sprintf("— %d —", i+1); !strings.Contains(page, want) {
			t.Errorf("page %d lacks its number %q:\n%s", i+1, want, page)
		}
		if i > 0 && strings.Contains(flat(page), "经济运行简报第7期") {
			t.Errorf("page %d repeats the masthead", i+1)
		}
		if tableFrom < 0 && strings.Contains(flat(page), "主要指标") {
			tableFrom = i
		}
		if regexp.MustCompile(`上市挂牌企业\s+家\s+112`).MatchString(page) { // the table's last row
			tableTo = i
		}
	}
	if tableFrom < 0 || tableTo < tableFrom {
		t.Fatalf("no table from its caption to its last row (pages %d to %d)", tableFrom+1, tableTo+1)
	}
	for i := tableFrom; i <= tableTo; i++ {
		if !header.MatchString(pages[i]) || !strings.Contains(pages[i], "全市增长") {
			t.Errorf("page %d holds the table without its header row:\n%s", i+1, pages[i])
		}
	}
	last := flat(pages[len(pages)-1])
	for _, want := range []string{"报：市委、市政府领导，市统计局。", "送：工委、管委会领导。", "发：各部门，各园区，各街道。"} {
		if !strings.Contains(last, want) {
			t.Errorf("the last page lacks the closing line %q", want)
		}
	}
	fonts, err := exec.Command(need(t, "pdffonts", "poppler-utils"), pdf).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(fonts), "NotoSerifCJK") {
		t.Errorf("the text is not set in the stand-in CJK serif:\n%s", fonts)
	}
	checkLineGrid(t, pdf, len(pages))
}

// checkLineGrid reads where pdftotext finds the lines of 三号 text on each page and checks the
// text area of GB/T 9704: lines 28.95 pt apart (22 to a page) between 28 mm from the left and
// 156 mm further, below 37 mm from the top.
func checkLineGrid(t *testing.T, pdf string, pages int) {
	t.Helper()
	const mm = 72 / 25.4
	out, err := exec.Command(need(t, "pdftotext", "poppler-utils"), "-bbox-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	number := func(s string) float64 { f, _ := strconv.ParseFloat(s, 64); return f }
	line := regexp.MustCompile(`<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">`)
	for i, page := range strings.Split(string(out), "<page ")[1:] {
		var tops []float64
		for _, m := range line.FindAllStringSubmatch(page, -1) {
			xMin, yMin, xMax, yMax := number(m[1]), number(m[2]), number(m[3]), number(m[4])
			if h := yMax - yMin; h > 26 && h < 31 && i == 0 {
				tops = nil // the title (二号): the masthead above it is not on the grid
				continue
			}
			if h := yMax - yMin; h < 20 || h > 22 || yMin > (37+225)*mm { // 16 pt lines of the text area
				continue
			}
			tops = append(tops, yMin)
			if xMin < 28*mm-1 || xMax > (28+156)*mm+16.5 || yMin < 37*mm-1 { // a closing comma may hang out
				t.Errorf("page %d: a line at (%.1f, %.1f)-(%.1f) is outside the text area", i+1, xMin, yMin, xMax)
			}
		}
		if len(tops) > 22 {
			t.Errorf("page %d holds %d lines of text, more than 22", i+1, len(tops))
		}
		for j := 1; j < len(tops); j++ {
			steps := (tops[j] - tops[j-1]) / 28.95
			if steps < 0.98 || math.Abs(steps-math.Round(steps)) > 0.02 {
				t.Errorf("page %d: lines at %.1f and %.1f are not on the 28.95 pt grid", i+1, tops[j-1], tops[j])
			}
		}
		if i == 1 && len(tops) < 18 {
			t.Errorf("the second page, of text only, holds %d lines", len(tops))
		}
	}
}

// TestBriefingPrintViewIsABulletin prints the HTML briefing to PDF with Chromium and reads the
// masthead on the first page and a page number on each.
func TestBriefingPrintViewIsABulletin(t *testing.T) {
	chromium := need(t, "chromium", "chromium")
	pdftotext := need(t, "pdftotext", "poppler-utils")
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	page := filepath.Join(c.dir, "bulletin.html")
	c.mustRun("brief", "--unit", "370171", "--period", "2020-Q1", "--issue", "7", "--date", "2020-04-20", "-o", page)
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"@page { size: A4; margin: 37mm 26mm 35mm 28mm; }", `content: "—\2002" counter(page) "\2002—"`, `local("方正小标宋简体")`,
		`local("仿宋_GB2312")`, `<div class="issue">第7期</div>`, `<th>全市增长<wbr>(%)</th>`, `<p>报：市委、市政府领导，市统计局。</p>`} {
		if !strings.Contains(string(html), want) {
			t.Errorf("the print view lacks %s", want)
		}
	}
	pdf := filepath.Join(c.dir, "bulletin.pdf")
	out, err := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
		"--user-data-dir="+filepath.Join(c.dir, "chromium"), "--no-pdf-header-footer", "--print-to-pdf="+pdf, "file://"+page).CombinedOutput()
	if _, statErr := os.Stat(pdf); statErr != nil {
		t.Fatalf("chromium did not print the page: %v\n%s", err, out)
	}
	text, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(strings.TrimSuffix(string(text), "\f"), "\f")
	if len(pages) < 2 {
		t.Fatalf("the print view has %d page, want two or more", len(pages))
	}
	if first := flat(pages[0]); !strings.HasPrefix(first, "经济运行简报第7期济南高新区管委会统计局") {
		t.Errorf("the first page does not open with the masthead:\n%s", pages[0])
	}
	for i, p := range pages {
		if want := fmt.Sprintf("— %d —", i+1); !strings.Contains(p, want) {
			t.Errorf("printed page %d lacks its number %q:\n%s", i+1, want, p)
		}
	}
}

func TestBriefingIssueAndDateFlags(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	page := c.mustRun("brief", "--unit", "370171", "--period", "2019", "--format", "html", "--issue", "12", "--date", "2020年1月20日")
	if !strings.Contains(page, `<div class="issue">第12期</div>`) || !strings.Contains(page, "<span>2020年1月20日</span>") {
		t.Errorf("the issue and date are not in the masthead:\n%s", page)
	}
	if _, errText, status := c.run("brief", "--unit", "370171", "--period", "2019", "--issue", "-1"); status != 2 || !strings.Contains(errText, "--issue") {
		t.Errorf("a negative issue: exit %d, %s", status, errText)
	}
	if _, errText, status := c.run("brief", "--unit", "370171", "--period", "2019", "--date", "20.1.2020"); status != 1 || !strings.Contains(errText, "2020-04-20") {
		t.Errorf("a wrong date: exit %d, %s", status, errText)
	}
}
