package ingest_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"zoneboard/ingest"
)

// Files are read as they are, or refused saying why: an empty file, a column named twice,
// a cell beyond the header; a workbook's hidden sheet is named in the report.
func TestFilesReadAsTheyAre(t *testing.T) {
	ctx := context.Background()
	im, _ := smallZone(t)
	for _, c := range []struct{ name, data, want string }{
		{"empty.csv", "", "empty.csv: the file is empty"},
		{"blank.csv", "\n ,, \n\n", "blank.csv: the file is empty"},
		{"twice.csv", "unit,indicator,period,value,单位\nZ,trade,2021-01..09,150,Z\n", `twice.csv, row 1, column E (单位): "单位" names the same column as "unit" in column A`},
		{"extra.csv", "unit,indicator,period,value\nZ,trade,2021-01..09,150,30\n", `extra.csv, row 2, column E: "30" stands beyond the header's 4 columns`},
		{"unnamed.csv", "unit,indicator,period,value,\nZ,trade,2021-01..09,150,x\n", `unnamed.csv, row 2, column E: "x" stands in a column without a header`},
	} {
		_, err := im.Import(ctx, []ingest.File{{Name: c.name, Data: []byte(c.data)}}, ingest.Options{DryRun: true})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	// A file is read in its encoding or refused with the line and byte: damaged UTF-8 is not
	// decoded as GBK, and GBK with a byte GBK does not define is not decoded at all.
	utf8Damaged := "unit,indicator,period,value,note\nZ,trade,2021-01..09,150,第一季度\nZ,trade,2021-01..06,90,第二\xff季度\nZ,trade,2021-01..03,40,第三季度说明文字较长一些\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("unit,indicator,period,value,note\nZ,trade,2021-01..09,150,第一季度\n")
	for _, c := range []struct{ name, data, want string }{
		{"damaged.csv", utf8Damaged, "damaged.csv: line 3, byte 30 is not valid UTF-8"},
		{"badgbk.csv", gbk + "Z,trade,2021-01..06,90,\x80\n", "badgbk.csv: line 3, byte 24 is neither UTF-8 nor valid GBK"},
		{"truncated.csv", "unit,indicator,period,value,note\nZ,trade,2021-01..09,150,中国\xe4\xb8\n", "truncated.csv: line 2, character"},
	} {
		_, err := im.Import(ctx, []ingest.File{{Name: c.name, Data: []byte(c.data)}}, ingest.Options{DryRun: true})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	if report, err := im.Import(ctx, []ingest.File{{Name: "gbk.csv", Data: []byte(gbk)}}, ingest.Options{DryRun: true}); err != nil || report.Result.Observations.Created != 1 {
		t.Errorf("a GBK file: %+v, %v", report, err)
	}
	// Trailing empty cells, as spreadsheets save them, are no extra cells.
	if _, err := im.Import(ctx, []ingest.File{{Name: "trailing.csv", Data: []byte("unit,indicator,period,value\nZ,trade,2021-01..09,150,,\n")}}, ingest.Options{DryRun: true}); err != nil {
		t.Errorf("trailing empty cells: %v", err)
	}
	// Cells a raw reader would misread are refused where they are: a logical value, a formula
	// whose value was never computed (it would read as not published).
	wb := excelize.NewFile()
	wb.SetSheetRow("Sheet1", "A1", &[]any{"unit", "indicator", "period", "value", "growth"})
	wb.SetSheetRow("Sheet1", "A2", &[]any{"Z", "trade", "2021-01..09", 150})
	wb.SetCellBool("Sheet1", "E2", true)
	wb.SetSheetRow("Sheet1", "A3", &[]any{"Z", "trade", "2021-01..06"})
	wb.SetCellFormula("Sheet1", "D3", "=D2*0.6")
	var cells bytes.Buffer
	wb.Write(&cells)
	_, err := im.Import(ctx, []ingest.File{{Name: "cells.xlsx", Data: cells.Bytes()}}, ingest.Options{DryRun: true})
	for _, want := range []string{`cells.xlsx, sheet "Sheet1", row 2, column E: the cell holds a logical value (1, TRUE or FALSE)`,
		`cells.xlsx, sheet "Sheet1", row 3, column D: the cell's formula was never computed`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("a workbook with odd cells: %v, want %q", err, want)
		}
	}
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"unit", "indicator", "period", "value"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"Z", "trade", "2021-01..09", 150})
	f.NewSheet("底稿")
	f.SetSheetRow("底稿", "A1", &[]any{"unit", "indicator", "period", "value"})
	f.SetSheetRow("底稿", "A2", &[]any{"Z", "trade", "2021-01..06", 90})
	f.SetSheetVisible("底稿", false)
	var buf bytes.Buffer
	f.Write(&buf)
	report, err := im.Import(ctx, []ingest.File{{Name: "hidden.xlsx", Data: buf.Bytes()}}, ingest.Options{DryRun: true})
	if err != nil || len(report.Files) != 1 || len(report.Files[0].Hidden) != 1 || report.Files[0].Hidden[0] != "底稿" || report.Result.Observations.Created != 1 {
		t.Errorf("a workbook with a hidden sheet: %+v, %v", report, err)
	}
}

// A row that clears a month's value (growth only) hides the stored value of that month from
// the check that year-to-date values do not fall, in the importer and in the store alike.
func TestAClearedValueLeavesTheSeries(t *testing.T) {
	ctx := context.Background()
	im, _ := smallZone(t)
	if _, err := im.Import(ctx, []ingest.File{{Name: "stored.csv", Data: []byte("unit,indicator,period,value,growth\nZ,trade,2021-Q1,100,\nZ,trade,2021-01..04,120,\n")}}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	file := ingest.File{Name: "correction.csv", Data: []byte("unit,indicator,period,value,growth\nZ,trade,2021-Q1,,5\nZ,trade,2021-01..04,90,\n")}
	if _, err := im.Import(ctx, []ingest.File{file}, ingest.Options{}); err != nil {
		t.Errorf("clearing 1-3月 and lowering 1-4月 in one file: %v", err)
	}
}
