package safecsv

import (
	"bytes"
	"testing"
)

func TestCell(t *testing.T) {
	for in, want := range map[string]string{
		"=SUM(A1:A9)": "'=SUM(A1:A9)", "+86 531": "'+86 531", "-cmd|' /C calc'!A0": "'-cmd|' /C calc'!A0",
		"@SUM(1)": "'@SUM(1)", "\tx": "'\tx", "\rx": "'\rx", "-5.3": "-5.3", "+7": "+7", "-0.25": "-0.25",
		"1291.5": "1291.5", "济南高新区": "济南高新区", "": "", "-": "'-", "-1e5": "'-1e5", "a=b": "a=b",
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
		if got := Unquote(Cell(in)); got != in {
			t.Errorf("Unquote(Cell(%q)) = %q", in, got)
		}
	}
	var b bytes.Buffer
	w := NewWriter(&b)
	w.WriteAll([][]string{{"name", "value"}, {"=HYPERLINK(\"http://x\")", "-3.5"}})
	if got, want := b.String(), "name,value\n\"'=HYPERLINK(\"\"http://x\"\")\",-3.5\n"; got != want {
		t.Errorf("written:\n%s\nwant:\n%s", got, want)
	}
}
