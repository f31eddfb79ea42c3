package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// need returns the path of a program the test needs, or skips the test without it; under
// CI=true a missing program is a failure, since CI installs it.
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
		{[]string{"brief", "--unit", "nobody", "--period", "2019"}, "“nobody”不是已知的单位编码或名称"},
		{[]string{"brief", "--unit", "370171", "--period", "2019-13"}, "月份13不在1至12之间"},
		{[]string{"brief", "--lang", "en", "--unit", "nobody", "--period", "2019"}, `unit "nobody" is not a known unit`},
		{[]string{"brief", "--lang", "en", "--unit", "370171", "--period", "2019-13"}, "month 13"},
	} {
		if _, errText, status := c.run(tt.args...); status != 1 || !strings.Contains(errText, tt.want) {
			t.Errorf("%v: exit %d, %s", tt.args, status, errText)
		}
	}
	if _, _, status := c.run("brief", "--unit", "370171", "--period", "2019", "--format", "pdf"); status != 2 {
		t.Errorf("an unknown format: exit %d, want 2", status)
	}
}
