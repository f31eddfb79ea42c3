package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"
	"zoneboard/internal/safecsv"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// table is one grid of text cells: a CSV file or one sheet of a workbook. rows[i] is the
// file's row i+1.
type table struct {
	file  string
	sheet string
	rows  [][]string
	// fillMerges copies merged ranges' values into their cells. Reading a sheet's merges
	// parses the whole sheet again, so it runs only for tables that need it (a bureau table's
	// merged header), not for long tables of a hundred thousand rows.
	fillMerges func() error
}

func (t *table) at(row, column int, header string) Location {
	return Location{File: t.file, Sheet: t.sheet, Row: row + 1, Column: column, Header: header}
}

// File is an input file's name (for messages and the actor) and its content.
type File struct {
	Name string
	Data []byte
}

// readTables reads a CSV or xlsx file into tables; close releases what the file holds open.
// The kind of file is known from its content, not only its name, so a workbook saved as .csv
// by mistake is still read.
func readTables(f File, budget *cellBudget) (tables []*table, close func(), err error) {
	name := filepath.Base(f.Name)
	if bytes.HasPrefix(f.Data, []byte("PK\x03\x04")) {
		return readWorkbook(name, f.Data, budget)
	}
	if bytes.HasPrefix(f.Data, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return nil, nil, fmt.Errorf("%s is an old Excel 97-2003 workbook (.xls): save it as .xlsx or CSV in Excel and import that", name)
	}
	ext := strings.ToLower(filepath.Ext(name))
	if ext == ".xlsx" || ext == ".xlsm" {
		return nil, nil, fmt.Errorf("%s is not a valid xlsx workbook: open it in Excel and save it again", name)
	}
	t, err := readCSV(name, f.Data, budget)
	if err != nil {
		return nil, nil, err
	}
	return []*table{t}, func() {}, nil
}

// cellBudget bounds the cells an import holds in memory, over all its files; nil is no bound.
type cellBudget struct{ limit, used int }

// take counts a row's cells, refusing the row that goes over the budget.
func (b *cellBudget) take(name string, cells int) error {
	if b == nil {
		return nil
	}
	b.used += cells
	if b.used > b.limit {
		return fmt.Errorf("%s: the import holds more than %d cells, its budget here: split the files, or import them on the server with 'zoneboard import'", name, b.limit)
	}
	return nil
}

// readCSV reads UTF-8 (with or without a BOM) or, when the bytes are not UTF-8, GB18030, the
// superset of GBK that Excel on Chinese Windows saves.
func readCSV(name string, data []byte, budget *cellBudget) (*table, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		decoded, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return nil, fmt.Errorf("%s is neither UTF-8 nor GBK text: save it as CSV UTF-8", name)
		}
		data = decoded
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	t := &table{file: name}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("%s, line %d, column %d: %v: check the quotes on that line", name, pe.Line, pe.Column, pe.Err)
			}
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		if err := budget.take(name, len(rec)); err != nil {
			return nil, err
		}
		for i, c := range rec {
			rec[i] = safecsv.Unquote(c) // the apostrophe an export puts before =, +, -, @
		}
		t.rows = append(t.rows, rec)
	}
	return t, nil
}

// readWorkbook reads every visible sheet, raw cell values (not the displayed format, which may
// round). The workbook stays open for fillMerges until close is called.
func readWorkbook(name string, data []byte, budget *cellBudget) (tables []*table, close func(), err error) {
	// The unzipped workbook may be far larger than the upload: bound it.
	wb, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: 64 << 20})
	if err != nil {
		return nil, nil, fmt.Errorf("%s is not a readable xlsx workbook (%v): open it in Excel and save it again", name, err)
	}
	close = func() { wb.Close() }
	for _, sheet := range wb.GetSheetList() {
		if visible, err := wb.GetSheetVisible(sheet); err == nil && !visible {
			continue
		}
		rows, err := readSheet(wb, sheet, budget)
		if err != nil {
			close()
			return nil, nil, fmt.Errorf("%s, sheet %q cannot be read: %v", name, sheet, err)
		}
		t := &table{file: name, sheet: sheet, rows: rows}
		t.fillMerges = func() error { return fillMerges(wb, t) }
		tables = append(tables, t)
	}
	return tables, close, nil
}

func fillMerges(wb *excelize.File, t *table) error {
	merges, err := wb.GetMergeCells(t.sheet)
	if err != nil {
		return fmt.Errorf("%s, sheet %q: its merged cells cannot be read: %v", t.file, t.sheet, err)
	}
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		// Only a table's title and header are merged for reading; a merge deep in the
		// sheet or over a huge range is left as it is rather than filled cell by cell.
		if r1 > mergeRows || c2 > mergeColumns {
			continue
		}
		r2 = min(r2, mergeRows)
		for r := r1; r <= r2; r++ {
			for len(t.rows) < r {
				t.rows = append(t.rows, nil)
			}
			for c := c1; c <= c2; c++ {
				for len(t.rows[r-1]) < c {
					t.rows[r-1] = append(t.rows[r-1], "")
				}
				t.rows[r-1][c-1] = m.GetCellValue()
			}
		}
	}
	return nil
}

// Bounds on what a workbook may make the importer hold.
const (
	maxUnzipped  = 1 << 30
	mergeRows    = 20
	mergeColumns = 500
	maxColumns   = 2000
)

// cell returns the trimmed text of a cell, or "" beyond the row's end.
func cell(row []string, column int) string {
	if column < 0 || column >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[column])
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// readSheet reads a sheet's rows through the streaming reader, refusing a sheet wider than
// maxColumns: a cell far to the right would make every row that long.
func readSheet(wb *excelize.File, sheet string, budget *cellBudget) ([][]string, error) {
	it, err := wb.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var rows [][]string
	for it.Next() {
		row, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, err
		}
		if len(row) > maxColumns {
			return nil, fmt.Errorf("row %d reaches column %d; a table may have at most %d columns: delete the cells far to the right", len(rows)+1, len(row), maxColumns)
		}
		if err := budget.take("the workbook", len(row)); err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	return rows, it.Error()
}
