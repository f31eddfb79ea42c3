package ingest

import (
	"context"
	"io"

	"github.com/xuri/excelize/v2"

	"zoneboard"
)

// WorkbookFor gathers what an xlsx export of observations holds: the observations and the
// units, groups and indicators they need, parents before children.
func WorkbookFor(ctx context.Context, store Store, observations []zoneboard.Observation) (*Export, error) {
	units, err := store.FindUnits(ctx, zoneboard.UnitFilter{})
	if err != nil {
		return nil, err
	}
	indicators, err := store.FindIndicators(ctx, zoneboard.IndicatorFilter{})
	if err != nil {
		return nil, err
	}
	groups, err := store.FindGroups(ctx)
	if err != nil {
		return nil, err
	}
	used := map[string]bool{}
	for _, o := range observations {
		used[o.Indicator] = true
	}
	var usedIndicators []zoneboard.Indicator
	for _, i := range indicators {
		if used[i.Code] {
			usedIndicators = append(usedIndicators, i)
		}
	}
	return &Export{Units: orderByParents(units), Groups: groups, Indicators: usedIndicators, Observations: observations}, nil
}

// orderByParents lists parents before their children, which reads naturally in a workbook
// and imports in one pass.
func orderByParents(units []zoneboard.Unit) []zoneboard.Unit {
	children := map[string][]zoneboard.Unit{}
	known := map[string]bool{}
	for _, u := range units {
		known[u.Code] = true
	}
	for _, u := range units {
		parent := u.Parent
		if !known[parent] {
			parent = ""
		}
		children[parent] = append(children[parent], u)
	}
	var out []zoneboard.Unit
	var walk func(string)
	walk = func(parent string) {
		for _, u := range children[parent] {
			out = append(out, u)
			walk(u.Code)
		}
	}
	walk("")
	return out
}

// WriteTableXLSX writes one sheet: a header and rows whose cells are strings or numbers.
func WriteTableXLSX(w io.Writer, sheet string, header []string, rows [][]any) error {
	wb := excelize.NewFile()
	defer wb.Close()
	if err := wb.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := wb.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", anyRow(header)); err != nil {
		return err
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = wb.WriteTo(w)
	return err
}
