package ingest

import (
	"fmt"
	"io"
	"strconv"
	"zoneboard/internal/safecsv"

	"github.com/xuri/excelize/v2"

	"zoneboard"
)

// Export is what an export writes: the observations and, for a workbook, the units, groups
// and indicators they refer to, so that importing the workbook into an empty store reproduces
// the data.
type Export struct {
	Units        []zoneboard.Unit
	Groups       []zoneboard.Group
	Indicators   []zoneboard.Indicator
	Observations []zoneboard.Observation
}

var (
	unitHeader        = []string{"code", "name", "name_en", "kind", "parent", "partitioned"}
	groupHeader       = []string{"group", "group_name", "unit"}
	indicatorHeader   = []string{"code", "name", "name_en", "unit", "frequency", "cumulative", "price_basis", "aggregate", "better", "decimals", "january_alone", "allow_negative", "stock", "formula", "order", "measure", "catalog"}
	observationHeader = []string{"unit", "indicator", "period", "value", "growth", "status", "source", "note"}
)

// FormatNumber writes a number unrounded, in the shortest form that reads back to the same
// value: 1150.2, not 1150.200000000000045.
func FormatNumber(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (e *Export) sheets() []struct {
	name   string
	header []string
	rows   func(yield func([]string) bool)
} {
	return []struct {
		name   string
		header []string
		rows   func(yield func([]string) bool)
	}{
		{"units", unitHeader, func(yield func([]string) bool) {
			for _, u := range e.Units {
				if !yield([]string{u.Code, u.Name, u.NameEn, string(u.Kind), u.Parent, yesNo(u.Partitioned)}) {
					return
				}
			}
		}},
		{"indicators", indicatorHeader, func(yield func([]string) bool) {
			for _, i := range e.Indicators {
				if !yield([]string{i.Code, i.Name, i.NameEn, i.Unit, string(i.Frequency), yesNo(i.Cumulative), i.PriceBasis,
					i.Aggregate, i.Better, strconv.Itoa(i.Decimals), yesNo(i.JanuaryAlone), yesNo(i.AllowNegative), yesNo(i.Stock), i.Formula, strconv.Itoa(i.Order), i.Measure, i.Catalog}) {
					return
				}
			}
		}},
		{"groups", groupHeader, func(yield func([]string) bool) {
			for _, g := range e.Groups {
				for _, m := range g.Members {
					if !yield([]string{g.Code, g.Name, m}) {
						return
					}
				}
			}
		}},
		{"observations", observationHeader, func(yield func([]string) bool) {
			for _, o := range e.Observations {
				if !yield(observationRecord(o)) {
					return
				}
			}
		}},
	}
}

func observationRecord(o zoneboard.Observation) []string {
	return []string{o.Unit, o.Indicator, o.Period.Code(), FormatNumber(o.Value), FormatNumber(o.Growth), o.Status, o.Source, o.Note}
}

// WriteCSV writes the observations in the observations layout, UTF-8 without a BOM.
func WriteCSV(w io.Writer, observations []zoneboard.Observation) error {
	cw := safecsv.NewWriter(w)
	if err := cw.Write(observationHeader); err != nil {
		return err
	}
	for _, o := range observations {
		if err := cw.Write(observationRecord(o)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes a workbook with one sheet per kind, numbers as numbers.
func WriteXLSX(w io.Writer, e *Export) error {
	wb := excelize.NewFile()
	defer wb.Close()
	for n, s := range e.sheets() {
		if n == 0 {
			if err := wb.SetSheetName("Sheet1", s.name); err != nil {
				return err
			}
		} else if _, err := wb.NewSheet(s.name); err != nil {
			return err
		}
		sw, err := wb.NewStreamWriter(s.name)
		if err != nil {
			return err
		}
		if err := sw.SetRow("A1", anyRow(s.header)); err != nil {
			return err
		}
		r := 2
		var writeErr error
		for rec := range s.rows {
			row := anyRow(rec)
			if s.name == "observations" {
				for _, c := range []int{3, 4} { // value and growth are numbers, for the reader's formulas
					if v, err := strconv.ParseFloat(rec[c], 64); err == nil {
						row[c] = v
					}
				}
			}
			cellName, _ := excelize.CoordinatesToCellName(1, r)
			if writeErr = sw.SetRow(cellName, row); writeErr != nil {
				break
			}
			r++
		}
		if writeErr != nil {
			return fmt.Errorf("export: unable to write sheet %s: %w", s.name, writeErr)
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	_, err := wb.WriteTo(w)
	return err
}

func anyRow(rec []string) []any {
	row := make([]any, len(rec))
	for i, s := range rec {
		row[i] = s
	}
	return row
}
