package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestScripts runs the scripted files that pin the behaviour of the engine
// (engine/testdata/*.test), of the briefings (brief/testdata/*.test) and of the plan's
// judgement (plan/testdata/*.test). A script is a
// sequence of blocks separated by blank lines:
//
//	load                      CSV lines of any importable kind, imported with 'zoneboard import'
//	demo                      the demo data, loaded with 'zoneboard demo --load-only'
//	query FLAGS               'zoneboard query FLAGS --format csv', followed by
//	expect                    CSV lines: a header naming the columns to check, then the rows in order
//	expect error TEXT         the command fails with exit 1 and a message containing TEXT
//	check FLAGS / expect ...  the same for 'zoneboard check'
//	plan WHAT FLAGS / expect  the same for 'zoneboard plan' (csv; 'plan tree' is text, for contains)
//	remind FLAGS / expect     the same for 'zoneboard remind' (csv)
//	dashboard FLAGS / expect  'zoneboard dashboard FLAGS --format csv': the cards; with --format
//	                          text, followed by contains / lacks
//	indicators FLAGS / expect 'zoneboard indicators FLAGS --format csv'
//	brief FLAGS               'zoneboard brief FLAGS' (text), followed by
//	contains / lacks          lines that the output must contain / must not contain
//	file NAME                 the lines after it become a file that later commands name as NAME
//
// Numbers match when they agree to the last digit written in the expectation (12.18 matches
// 12.1799); an empty cell expects an empty one (a single empty cell is written ""). Lines
// starting with # are comments.
func TestScripts(t *testing.T) {
	for _, dir := range []string{"engine", "brief", "plan"} {
		files, err := filepath.Glob("../../" + dir + "/testdata/*.test")
		if err != nil || len(files) == 0 {
			t.Fatalf("no scripts found in %s: %v", dir, err)
		}
		for _, file := range files {
			t.Run(dir+"/"+strings.TrimSuffix(filepath.Base(file), ".test"), func(t *testing.T) { runScript(t, file) })
		}
	}
}

type scriptBlock struct {
	line  int
	lines []string
}

func readBlocks(t *testing.T, file string) []scriptBlock {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var blocks []scriptBlock
	var cur *scriptBlock
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), " \t\r")
		switch {
		case strings.HasPrefix(strings.TrimSpace(line), "#"):
			continue
		case line == "":
			cur = nil
		default:
			if cur == nil {
				blocks = append(blocks, scriptBlock{line: n})
				cur = &blocks[len(blocks)-1]
			}
			cur.lines = append(cur.lines, line)
		}
	}
	return blocks
}

func runScript(t *testing.T, file string) {
	c := newCLI(t)
	blocks := readBlocks(t, file)
	var lastOut, lastErr string
	var lastStatus int
	var lastCommand string
	files := map[string]string{}
	for i, b := range blocks {
		where := fmt.Sprintf("%s:%d", filepath.Base(file), b.line)
		head := b.lines[0]
		switch {
		case head == "load":
			path := c.file(fmt.Sprintf("load%d.csv", i), strings.Join(b.lines[1:], "\n")+"\n")
			if _, errText, status := c.run("import", path); status != 0 {
				t.Fatalf("%s: the load was refused:\n%s", where, errText)
			}
		case strings.HasPrefix(head, "file "):
			name := strings.TrimSpace(strings.TrimPrefix(head, "file "))
			files[name] = c.file(name, strings.Join(b.lines[1:], "\n")+"\n")
		case head == "demo":
			c.mustRun("demo", "--load-only")
		case strings.HasPrefix(head, "query ") || strings.HasPrefix(head, "check ") || strings.HasPrefix(head, "brief ") ||
			strings.HasPrefix(head, "plan ") || strings.HasPrefix(head, "remind") || strings.HasPrefix(head, "dashboard ") ||
			strings.HasPrefix(head, "indicators"):
			args := splitArgs(head)
			for i, a := range args {
				if path, ok := files[a]; ok {
					args[i] = path
				}
			}
			if args[0] != "brief" && !(args[0] == "plan" && args[1] == "tree") && !slices.Contains(args, "--format") {
				args = append(args, "--format", "csv")
			}
			lastCommand = head
			lastOut, lastErr, lastStatus = c.run(args...)
			if len(b.lines) > 1 {
				t.Fatalf("%s: a command stands alone; put its expect block after a blank line", where)
			}
		case strings.HasPrefix(head, "expect error"):
			want := strings.TrimSpace(strings.TrimPrefix(head, "expect error"))
			if lastStatus != 1 || !strings.Contains(lastErr, want) {
				t.Errorf("%s: %s: exit %d, want 1 with %q:\n%s%s", where, lastCommand, lastStatus, want, lastErr, lastOut)
			}
		case head == "contains" || head == "lacks":
			if lastStatus != 0 {
				t.Errorf("%s: %s failed (exit %d):\n%s", where, lastCommand, lastStatus, lastErr)
				continue
			}
			for _, line := range b.lines[1:] {
				if strings.Contains(lastOut, line) != (head == "contains") {
					t.Errorf("%s: %s: the output %s %q:\n%s", where, lastCommand, map[bool]string{true: "lacks", false: "contains"}[head == "contains"], line, lastOut)
				}
			}
		case head == "expect":
			if lastStatus != 0 {
				t.Errorf("%s: %s failed (exit %d):\n%s", where, lastCommand, lastStatus, lastErr)
				continue
			}
			compareRows(t, where, lastCommand, lastOut, b.lines[1:])
		default:
			t.Fatalf("%s: unknown block %q", where, head)
		}
	}
}

// splitArgs splits a command line at spaces, keeping "quoted strings" whole.
func splitArgs(s string) []string {
	var args []string
	var cur strings.Builder
	quoted := false
	for _, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
		case r == ' ' && !quoted:
			if cur.Len() > 0 {
				args = append(args, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if cur.Len() > 0 {
		args = append(args, cur.String())
	}
	return args
}

func compareRows(t *testing.T, where, command, output string, expectLines []string) {
	t.Helper()
	got, err := csv.NewReader(strings.NewReader(output)).ReadAll()
	if err != nil || len(got) == 0 {
		t.Errorf("%s: %s: output is not CSV: %v\n%s", where, command, err, output)
		return
	}
	want, err := csv.NewReader(strings.NewReader(strings.Join(expectLines, "\n"))).ReadAll()
	if err != nil || len(want) == 0 {
		t.Errorf("%s: the expectation is not CSV: %v", where, err)
		return
	}
	index := map[string]int{}
	for i, name := range got[0] {
		index[name] = i
	}
	for _, name := range want[0] {
		if _, ok := index[name]; !ok {
			t.Errorf("%s: %s: the output has no column %q (it has %v)", where, command, name, got[0])
			return
		}
	}
	if len(got)-1 != len(want)-1 {
		t.Errorf("%s: %s: %d rows, want %d\n%s", where, command, len(got)-1, len(want)-1, output)
		return
	}
	for r := 1; r < len(want); r++ {
		for c, name := range want[0] {
			exp, act := want[r][c], got[r][index[name]]
			if !cellMatches(exp, act) {
				t.Errorf("%s: %s: row %d, %s = %q, want %q", where, command, r, name, act, exp)
			}
		}
	}
}

// cellMatches compares a number to the precision the expectation is written in.
func cellMatches(want, got string) bool {
	if want == got {
		return true
	}
	w, err1 := strconv.ParseFloat(want, 64)
	g, err2 := strconv.ParseFloat(got, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	decimals := 0
	if i := strings.IndexByte(want, '.'); i >= 0 {
		decimals = len(want) - i - 1
	}
	return math.Abs(w-g) <= 0.5*math.Pow(10, -float64(decimals))+1e-9
}
