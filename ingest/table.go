package ingest

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"
	"zoneboard/internal/safecsv"
	"zoneboard/msg"

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
	// hidden marks a workbook's hidden sheet: not read, and named in the report so that no
	// figure is left out unnoticed.
	hidden bool
	// request is true for the records of a form or a request, which are no file.
	request bool
	// cellIssues are the sheet's cells that raw values would misread (see workbookCellIssues).
	cellIssues []cellIssue
}

func (t *table) at(row, column int, header string) Location {
	return Location{File: t.file, Sheet: t.sheet, Row: row + 1, Column: column, Header: header, Request: t.request}
}

// File is an input file's name (for messages and the actor) and its content.
type File struct {
	Name string
	Data []byte
}

// readTables reads a CSV or xlsx file into tables; close releases what the file holds open.
// The kind of file is known from its content, not only its name, so a workbook saved as .csv
// by mistake is still read.
func readTables(ctx context.Context, f File, budget *cellBudget) (tables []*table, close func(), err error) {
	name := filepath.Base(f.Name)
	if bytes.HasPrefix(f.Data, []byte("PK\x03\x04")) {
		return readWorkbook(ctx, name, f.Data, budget)
	}
	if bytes.HasPrefix(f.Data, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return nil, nil, msg.New("file.xls", "file", name)
	}
	ext := strings.ToLower(filepath.Ext(name))
	if ext == ".xlsx" || ext == ".xlsm" {
		return nil, nil, msg.New("file.invalid_xlsx", "file", name)
	}
	t, err := readCSV(ctx, name, f.Data, budget)
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
		return msg.New("import.cell_budget", "file", name, "limit", b.limit)
	}
	return nil
}

// readCSV reads UTF-8 (with or without a BOM) or, when the bytes are not UTF-8, GB18030, the
// superset of GBK that Excel on Chinese Windows saves.
func readCSV(ctx context.Context, name string, data []byte, budget *cellBudget) (*table, error) {
	bom := bytes.HasPrefix(data, []byte("\xEF\xBB\xBF"))
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		// A file is read in one encoding or refused: UTF-8 with a damaged byte is not GBK,
		// and GBK with a byte no GBK text holds is not decoded into replacement characters.
		if at, mostlyUTF8 := utf8Damage(data); bom || mostlyUTF8 {
			line, col := lineAndByte(data, at)
			return nil, msg.New("file.bad_utf8", "line", line, "byte", col)
		}
		if at := firstInvalidGB18030(data); at >= 0 {
			line, col := lineAndByte(data, at)
			return nil, msg.New("file.bad_gbk", "line", line, "byte", col)
		}
		decoded, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return nil, msg.New("file.encoding", "file", name)
		}
		// A sequence GB18030 defines by its bytes but maps to no character (a user-defined
		// pair) decodes to U+FFFD: refused too, unless the file wrote U+FFFD itself.
		if at := bytes.IndexRune(decoded, utf8.RuneError); at >= 0 && !bytes.Contains(data, []byte{0x84, 0x31, 0xA4, 0x37}) {
			line := 1 + bytes.Count(decoded[:at], []byte("\n"))
			char := utf8.RuneCount(decoded[bytes.LastIndexByte(decoded[:at], '\n')+1:at]) + 1
			return nil, msg.New("file.bad_gbk_char", "line", line, "char", char)
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
				return nil, msg.New("file.csv_quotes", "file", name, "line", pe.Line, "column", pe.Column, "error", pe.Err.Error())
			}
			return nil, msg.New("file.csv", "file", name, "error", err.Error())
		}
		if err := budget.take(name, len(rec)); err != nil {
			return nil, err
		}
		if len(t.rows)%4096 == 0 && ctx.Err() != nil { // a cancelled import stops reading
			return nil, ctx.Err()
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
func readWorkbook(ctx context.Context, name string, data []byte, budget *cellBudget) (tables []*table, close func(), err error) {
	// The unzipped workbook may be far larger than the upload: bound it.
	wb, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: 64 << 20})
	if err != nil {
		return nil, nil, msg.New("file.unreadable_xlsx", "file", name, "error", err.Error())
	}
	close = func() { wb.Close() }
	issues, err := workbookCellIssues(data)
	if err != nil {
		close()
		return nil, nil, msg.New("file.invalid_xlsx", "file", name)
	}
	for _, sheet := range wb.GetSheetList() {
		if visible, err := wb.GetSheetVisible(sheet); err == nil && !visible {
			tables = append(tables, &table{file: name, sheet: sheet, hidden: true})
			continue
		}
		rows, err := readSheet(ctx, wb, sheet, budget)
		if err != nil {
			close()
			return nil, nil, msg.New("file.sheet", "file", name, "sheet", sheet, "error", err.Error())
		}
		t := &table{file: name, sheet: sheet, rows: rows, cellIssues: issues[sheet]}
		t.fillMerges = func() error { return fillMerges(wb, t) }
		tables = append(tables, t)
	}
	return tables, close, nil
}

func fillMerges(wb *excelize.File, t *table) error {
	merges, err := wb.GetMergeCells(t.sheet)
	if err != nil {
		return msg.New("file.merged_cells", "file", t.file, "sheet", t.sheet, "error", err.Error())
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
func readSheet(ctx context.Context, wb *excelize.File, sheet string, budget *cellBudget) ([][]string, error) {
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
			return nil, msg.New("file.too_many_columns", "row", len(rows)+1, "columns", len(row), "max", maxColumns)
		}
		if err := budget.take("the workbook", len(row)); err != nil {
			return nil, err
		}
		if len(rows)%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		rows = append(rows, row)
	}
	return rows, it.Error()
}

// utf8Damage finds the first byte that is not UTF-8 and says whether the file is nevertheless
// UTF-8 text with damage (its Chinese characters read as UTF-8 at least ten times as often as
// bytes fail), rather than GBK text, whose byte pairs only now and then form UTF-8.
func utf8Damage(data []byte) (first int, mostlyUTF8 bool) {
	first = -1
	good, bad := 0, 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			if first < 0 {
				first = i
			}
			bad++
		case size > 1:
			good++
		}
		i += max(size, 1)
	}
	return first, good >= 10*bad
}

// firstInvalidGB18030 is the offset of the first byte sequence GB18030 does not define, or -1:
// one byte below 0x80; two bytes 81-FE then 40-7E or 80-FE; four bytes 81-FE 30-39 81-FE 30-39.
func firstInvalidGB18030(data []byte) int {
	for i := 0; i < len(data); {
		b := data[i]
		switch {
		case b < 0x80:
			i++
		case b >= 0x81 && b <= 0xFE && i+1 < len(data) && (data[i+1] >= 0x40 && data[i+1] <= 0x7E || data[i+1] >= 0x80 && data[i+1] <= 0xFE):
			i += 2
		case b >= 0x81 && b <= 0xFE && i+3 < len(data) && data[i+1] >= 0x30 && data[i+1] <= 0x39 &&
			data[i+2] >= 0x81 && data[i+2] <= 0xFE && data[i+3] >= 0x30 && data[i+3] <= 0x39:
			i += 4
		default:
			return i
		}
	}
	return -1
}

// lineAndByte is the 1-based line of an offset and the byte within that line.
func lineAndByte(data []byte, at int) (line, col int) {
	line = 1 + bytes.Count(data[:at], []byte("\n"))
	return line, at - bytes.LastIndexByte(data[:at], '\n')
}
