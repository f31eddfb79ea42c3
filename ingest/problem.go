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

func (l Location) String() string {
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
	Message string `json:"message"`
}

func (p Problem) String() string { return p.Location.String() + ": " + p.Message }

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

func (e *ValidationError) Error() string {
	var b strings.Builder
	verb := "imported"
	if e.Written {
		verb = "written"
	}
	fmt.Fprintf(&b, "nothing was %s: %d problem(s) to fix", verb, len(e.Problems)+e.Omitted)
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	if e.Omitted > 0 {
		fmt.Fprintf(&b, "\n  ... and %d more", e.Omitted)
	}
	return b.String()
}

// Unwrap makes the error an invalid-input error for the CLI and the API.
func (e *ValidationError) Unwrap() error {
	return &zoneboard.Error{Code: zoneboard.EInvalid, Message: e.Error()}
}

// problems collects problems up to maxProblems.
type problems struct {
	list    []Problem
	omitted int
}

func (ps *problems) add(at Location, format string, args ...any) {
	if len(ps.list) >= maxProblems {
		ps.omitted++
		return
	}
	ps.list = append(ps.list, Problem{Location: at, Message: fmt.Sprintf(format, args...)})
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
