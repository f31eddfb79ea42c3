package main

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
)

// get fetches a URL as the test admin and returns the status and body.
func get(t *testing.T, url string) (int, []byte) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// TestBriefingAPISetsTheIssue asks the API for the Word file and the print view of an issue and
// finds its number and date in the masthead; a wrong issue or date is refused.
func TestBriefingAPISetsTheIssue(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	api := c.startServer(t) + "/api/v1/brief?unit=370171&period=2020-Q1"

	status, page := get(t, api+"&format=html&issue=9&date=2020-04-20")
	if status != http.StatusOK {
		t.Fatalf("html: status %d: %s", status, page)
	}
	for _, want := range []string{`<div class="name">经济运行简报</div>`, `<div class="issue">第9期</div>`, `<span>济南高新区管委会统计局</span><span>2020年4月20日</span>`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the print view lacks %s", want)
		}
	}
	status, data := get(t, api+"&format=docx&issue=9&date=2020-04-20")
	if status != http.StatusOK {
		t.Fatalf("docx: status %d: %s", status, data)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var document string
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			content, _ := io.ReadAll(rc)
			rc.Close()
			document = string(content)
		}
	}
	for _, want := range []string{">第9期<", ">2020年4月20日<", ">报：市委、市政府领导，市统计局。<"} {
		if !strings.Contains(document, want) {
			t.Errorf("the Word file lacks %s", want)
		}
	}
	// without an issue, the issue is the month the period ends in
	if _, page := get(t, api+"&format=html"); !strings.Contains(string(page), `<div class="issue">第3期</div>`) {
		t.Error("the default issue of 2020-Q1 is not 第3期")
	}
	for _, query := range []string{"&format=docx&issue=0", "&format=docx&issue=x", "&format=html&date=2020-13-01"} {
		if status, body := get(t, api+query); status != http.StatusBadRequest || !strings.Contains(string(body), `"invalid"`) {
			t.Errorf("%s: status %d: %s", query, status, body)
		}
	}
}
