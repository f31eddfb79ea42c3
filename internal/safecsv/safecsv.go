// Package safecsv writes CSV that a spreadsheet cannot be tricked into running: a cell that
// starts with =, +, -, @, a tab or a carriage return is a formula to Excel and LibreOffice
// (CSV injection), so it is written with a leading apostrophe, as OWASP recommends. Numbers
// stay numbers: "-5.3" is a decline, not a formula. Every CSV the program writes goes
// through it; the importer drops the apostrophe again, so an export reads back unchanged.
package safecsv

import (
	"encoding/csv"
	"io"
)

// Writer is a csv.Writer whose cells are neutralised.
type Writer struct {
	w   *csv.Writer
	buf []string
}

// NewWriter returns a writer to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: csv.NewWriter(w)} }

// Write writes one record.
func (w *Writer) Write(record []string) error {
	w.buf = w.buf[:0]
	for _, c := range record {
		w.buf = append(w.buf, Cell(c))
	}
	return w.w.Write(w.buf)
}

// WriteAll writes the records and flushes.
func (w *Writer) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.w.Flush()
	return w.w.Error()
}

// Flush writes what is buffered.
func (w *Writer) Flush() { w.w.Flush() }

// Error reports an error of a Write or Flush.
func (w *Writer) Error() error { return w.w.Error() }

// Cell is the text to write for a cell: itself, or with a leading apostrophe when a
// spreadsheet would read it as a formula.
func Cell(s string) string {
	if s == "" || !triggers(s[0]) || Number(s) {
		return s
	}
	return "'" + s
}

// Unquote undoes Cell for the importer: an apostrophe before a formula character is dropped.
func Unquote(s string) string {
	if len(s) >= 2 && s[0] == '\'' && triggers(s[1]) {
		return s[1:]
	}
	return s
}

func triggers(c byte) bool {
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'
}

// Number reports whether s is a plain decimal number: an optional sign, digits, an optional
// fraction, and nothing else (no exponent, no spaces, no formula).
func Number(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			digits++
		}
	}
	return digits > 0 && i == len(s)
}
