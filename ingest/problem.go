// Package ingest reads the files statistics offices exchange (CSV in UTF-8 or GBK, xlsx
// workbooks, the statistics bureau's wide tables with merged two-row headers), validates every
// row against the store and the other rows, and hands one all-or-nothing batch to the store.
// It also writes exports in the same layouts. It never writes a row it has not validated.
package ingest

import (
	"fmt"
	"sort"
	"strings"

	"zoneboard"
	"zoneboard/msg"
)

// Location is a place in an input file: the file, the sheet of a workbook, the row (1-based,
// as a spreadsheet numbers it) and the column (0-based index; -1 when the whole row is meant).
type Location struct {
	File   string `json:"file"`
	Sheet  string `json:"sheet,omitempty"`
	Row    int    `json:"row,omitempty"`
	Column int    `json:"-"`
	// Header is the column's header text as the file wrote it.
	Header string `json:"column,omitempty"`
	// Request is true when the records came from a form or a request, not a file: File then
	// names the request ("request", "request projects").
	Request bool `json:"-"`
}

// ColumnLetter is the spreadsheet name of the column: A, B, ..., Z, AA.
func (l Location) ColumnLetter() string {
	if l.Column < 0 {
		return ""
	}
	n := l.Column + 1
	var s []byte
	for n > 0 {
		n--
		s = append([]byte{byte('A' + n%26)}, s...)
		n /= 26
	}
	return string(s)
}

func (l Location) String() string { return l.In(msg.English) }

// In names the place as the reader's language does: "a.csv, sheet "表1", row 3, column B (growth)"
// or "文件 a.csv，工作表“表1”，第3行，B列（growth）".
func (l Location) In(lang string) string {
	if msg.Normalize(lang) == msg.Chinese {
		parts := []string{"文件 " + l.File}
		if l.Request {
			parts[0] = "请求"
			if kind, ok := strings.CutPrefix(l.File, "request "); ok {
				parts[0] += "（" + kind + "）"
			}
			if l.Row > 0 {
				// A request's rows are its records, numbered from 1.
				parts = append(parts, fmt.Sprintf("第%d条记录", l.Row))
				l.Row = 0
			}
		}
		if l.Sheet != "" {
			parts = append(parts, "工作表“"+l.Sheet+"”")
		}
		if l.Row > 0 {
			parts = append(parts, fmt.Sprintf("第%d行", l.Row))
		}
		if l.Column >= 0 {
			column := l.ColumnLetter() + "列"
			if l.Header != "" {
				column += "（" + l.Header + "）"
			}
			parts = append(parts, column)
		}
		return strings.Join(parts, "，")
	}
	var b strings.Builder
	b.WriteString(l.File)
	if l.Sheet != "" {
		fmt.Fprintf(&b, ", sheet %q", l.Sheet)
	}
	if l.Row > 0 {
		fmt.Fprintf(&b, ", row %d", l.Row)
	}
	if l.Column >= 0 {
		fmt.Fprintf(&b, ", column %s", l.ColumnLetter())
		if l.Header != "" {
			fmt.Fprintf(&b, " (%s)", l.Header)
		}
	}
	return b.String()
}

// Problem is one thing wrong with the input, where it is and what to do about it.
type Problem struct {
	Location
	// Message is the English text; Text is the message in each language.
	Message string   `json:"message"`
	Text    msg.Text `json:"-"`
}

func (p Problem) String() string { return p.In(msg.English) }

// In is the place and the problem in the reader's language.
func (p Problem) In(lang string) string {
	if msg.Normalize(lang) == msg.Chinese {
		return p.Location.In(lang) + "：" + p.Explanation(lang)
	}
	return p.Location.In(lang) + ": " + p.Explanation(lang)
}

// Explanation is what is wrong and what to do, in the reader's language, without the place.
func (p Problem) Explanation(lang string) string {
	if p.Text == nil {
		return p.Message
	}
	return p.Text.In(lang)
}

// maxProblems bounds the report: a file with a systematic fault would otherwise repeat one
// message a million times.
const maxProblems = 200

// ValidationError lists every problem found; nothing was written.
type ValidationError struct {
	Problems []Problem
	// Omitted counts the problems found beyond maxProblems.
	Omitted int
	// Written is true when the records came from a form or a request rather than files.
	Written bool
}

func (e *ValidationError) Error() string { return e.In(msg.English) }

// In lists the problems in the reader's language.
func (e *ValidationError) In(lang string) string {
	var b strings.Builder
	b.WriteString(e.Summary().In(lang))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.In(lang))
	}
	if e.Omitted > 0 {
		b.WriteString("\n  ")
		b.WriteString(msg.New("import.more_problems", "count", e.Omitted).In(lang))
	}
	return b.String()
}

// Summary says that nothing was written and how many problems there are to fix.
func (e *ValidationError) Summary() msg.Message {
	if e.Written {
		return msg.New("import.nothing_written", "count", len(e.Problems)+e.Omitted)
	}
	return msg.New("import.nothing_imported", "count", len(e.Problems)+e.Omitted)
}

// Unwrap makes the error an invalid-input error for the CLI and the API.
func (e *ValidationError) Unwrap() error {
	return &zoneboard.Error{Code: zoneboard.EInvalid, Message: e.Error(), Text: e}
}

// problems collects problems up to maxProblems.
type problems struct {
	list    []Problem
	omitted int
}

// add reports the catalogue message id, with its arguments as name, value pairs, at a place.
func (ps *problems) add(at Location, id string, args ...any) {
	ps.addText(at, msg.New(id, args...))
}

// addError reports an error found reading a cell, in the reader's language where it has one.
func (ps *problems) addError(at Location, err error) {
	ps.addText(at, msg.FromError(err))
}

func (ps *problems) addText(at Location, text msg.Text) {
	if len(ps.list) >= maxProblems {
		ps.omitted++
		return
	}
	ps.list = append(ps.list, Problem{Location: at, Message: text.In(msg.English), Text: text})
}

// merge adds the problems that another reader found.
func (ps *problems) merge(other *problems) {
	for _, p := range other.list {
		if len(ps.list) >= maxProblems {
			ps.omitted++
			continue
		}
		ps.list = append(ps.list, p)
	}
	ps.omitted += other.omitted
}

func (ps *problems) any() bool { return len(ps.list) > 0 || ps.omitted > 0 }

func (ps *problems) err() error {
	if !ps.any() {
		return nil
	}
	// Report in the order of the files, as a person reads them, not the order of the checks.
	sort.SliceStable(ps.list, func(i, j int) bool {
		a, b := ps.list[i].Location, ps.list[j].Location
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Sheet != b.Sheet {
			return a.Sheet < b.Sheet
		}
		if a.Row != b.Row {
			return a.Row < b.Row
		}
		return a.Column < b.Column
	})
	return &ValidationError{Problems: ps.list, Omitted: ps.omitted}
}
