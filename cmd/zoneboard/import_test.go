package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

const header = "unit,indicator,period,value,growth\n"

// TestImportRefusesBadInput checks that each kind of bad input is refused with exit status 1,
// a message naming the file, row and column and what is wrong, and an untouched database.
func TestImportRefusesBadInput(t *testing.T) {
	good := "370171,gdp,2021,1300,6\n"
	tests := []struct {
		name    string
		content string
		where   string // the location the message must name
		what    string // a fragment of what it must say
	}{
		{"UnknownUnit", header + good + "999999,gdp,2021,1,1\n", "bad.csv, row 3, column A (unit)", `"999999" is not a known unit`},
		{"UnknownUnitName", header + "高新区,gdp,2021,1,1\n", "bad.csv, row 2, column A (unit)", `"高新区" is not a known unit`},
		{"UnknownIndicator", header + "370171,gpd,2021,1,1\n", "bad.csv, row 2, column B (indicator)", `"gpd" is not a known indicator`},
		{"MonthThirteen", header + "370171,retail_sales,2020-13,1,1\n", "bad.csv, row 2, column C (period)", "month 13 is not between 1 and 12"},
		{"QuarterFive", header + "370171,gdp,2020-Q5,1,1\n", "bad.csv, row 2, column C (period)", "there is no quarter 5"},
		{"ChineseMonthThirteen", header + "370171,retail_sales,2020年13月,1,1\n", "bad.csv, row 2, column C (period)", "month 13 is not between 1 and 12"},
		{"LettersForANumber", header + "370171,gdp,2021,abc,1\n", "bad.csv, row 2, column D (value)", `"abc" is not a number`},
		{"MisplacedComma", header + "370171,gdp,2021,\"12,3.4\",1\n", "bad.csv, row 2, column D (value)", "a comma may only group thousands"},
		{"GrowthNotANumber", header + "370171,gdp,2021,1300,6..5\n", "bad.csv, row 2, column E (growth)", `"6..5" is not a number`},
		{"ConflictingDuplicate", header + good + "370171,gdp,2021,1300.5,6\n", "bad.csv, row 3", "also given, differently, at bad.csv, row 2"},
		{"CumulativeFallsInFile", header + "370171,retail_sales,2021-01..02,50,1\n370171,retail_sales,2021-Q1,40,1\n",
			"bad.csv, row 3, column D (value)", "falls from 50 亿元 (2021-01..02, at bad.csv, row 2, column D (value)) to 40 亿元 (2021-Q1, this row)"},
		{"CumulativeFallsAgainstStored", header + "370171,retail_sales,2020-Q1,1,1\n", "bad.csv, row 2, column D (value)",
			"already stored"},
		{"GrowthBelowMinusHundred", header + "370171,gdp,2021,1300,-100.5\n", "bad.csv, row 2, column E (growth)", "below -100%"},
		{"NegativeValue", header + "370171,gdp,2021,-3,1\n", "bad.csv, row 2, column D (value)", "-3 is negative"},
		{"NeitherValueNorGrowth", header + "370171,gdp,2021,,\n", "bad.csv, row 2", "neither a value nor a growth"},
		{"QuarterlyIndicatorMonthlyPeriod", header + "370171,gdp,2021-01..05,500,1\n", "bad.csv, row 2, column C (period)", "published by quarter"},
		{"JanuaryOfAJanuaryFebruarySeries", header + "370171,retail_sales,2021-01,20,1\n", "bad.csv, row 2, column C (period)", "2021-01..02"},
		{"UnknownColumn", "unit,indicator,period,value,grwth\n" + good, "bad.csv, row 1, column E (grwth)", "not a column of a observations file"},
		{"NoHeader", "370171,gdp,2021,1300,6\n", "bad.csv, row 1", "no header found"},
		{"BrokenQuotes", header + "370171,gdp,\"2021,1300,6\n", "bad.csv, line 2", "check the quotes"},
		{"UnknownUnitKind", "code,name,kind,parent\nX1,某园区,campus,370171\n", "bad.csv, row 2, column C (kind)", `"campus" is not a unit kind`},
		{"UnitWithUnknownParent", "code,name,kind,parent\nX1,某园区,park,nowhere\n", "bad.csv, row 2, column D (parent)", `"nowhere" is not a known unit`},
		{"IndicatorWithBadFrequency", "code,name,frequency\nx,某指标,weekly\n", "bad.csv, row 2, column C (frequency)", `"weekly" is not a frequency`},
	}
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	before := c.snapshot()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.t = t
			_, errText, status := c.run("import", c.file("bad.csv", tt.content))
			if status != 1 {
				t.Errorf("exit %d, want 1", status)
			}
			if !strings.Contains(errText, tt.where) || !strings.Contains(errText, tt.what) {
				t.Errorf("the message does not say %q at %q:\n%s", tt.what, tt.where, errText)
			}
			c.assertUnchanged(before)
		})
	}
}

func TestImportRefusesALastBadRowAfterManyGoodOnes(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	before := c.snapshot()
	var b strings.Builder
	b.WriteString(header)
	rows := 0
	for year := 2021; year < 2031; year++ {
		for _, unit := range []string{"370102", "370103", "370104", "370105", "370112", "370113", "370114", "370115", "370116", "370117"} {
			for m := 2; m <= 12; m++ {
				fmt.Fprintf(&b, "%s,retail_sales,%d-01..%02d,%d,5.5\n", unit, year, m, 10*m)
				rows++
			}
		}
	}
	b.WriteString("370171,retail_sales,2031-01..02,12,abc\n")
	_, errText, status := c.run("import", c.file("long.csv", b.String()))
	want := fmt.Sprintf("long.csv, row %d, column E (growth)", rows+2)
	if status != 1 || !strings.Contains(errText, want) {
		t.Errorf("exit %d, want 1 and a message naming %q:\n%s", status, want, errText)
	}
	c.assertUnchanged(before)
}

func TestImportNamesTheSheetOfAWorkbook(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	before := c.snapshot()
	wb := excelize.NewFile()
	wb.SetSheetName("Sheet1", "数据")
	for i, row := range [][]any{{"单位", "指标", "时期", "数值", "增速"}, {"济南高新区", "地区生产总值", "2021年", 1300, 6}, {"济南高新区", "地区生产总值", "2021年一季度", "三百", 5}} {
		wb.SetSheetRow("数据", fmt.Sprintf("A%d", i+1), &row)
	}
	path := filepath.Join(c.dir, "bad.xlsx")
	if err := wb.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	_, errText, status := c.run("import", path)
	if status != 1 || !strings.Contains(errText, `bad.xlsx, sheet "数据", row 3, column D (数值): "三百" is not a number`) {
		t.Errorf("exit %d:\n%s", status, errText)
	}
	c.assertUnchanged(before)
}

func TestImportRefusesFilesItCannotRead(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	before := c.snapshot()
	cases := map[string]string{
		filepath.Join(c.dir, "missing.csv"):          "cannot read",
		c.file("old.xls", "\xD0\xCF\x11\xE0rest"):    "old Excel 97-2003 workbook",
		c.file("broken.xlsx", "PK\x03\x04not a zip"): "not a readable xlsx workbook",
		c.file("fake.xlsx", "unit,indicator\n"):      "not a valid xlsx workbook",
	}
	for path, want := range cases {
		_, errText, status := c.run("import", path)
		if status != 1 || !strings.Contains(errText, want) {
			t.Errorf("%s: exit %d, want 1 and %q:\n%s", filepath.Base(path), status, want, errText)
		}
	}
	c.assertUnchanged(before)
}

func TestImportDryRunWritesNothing(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	before := c.snapshot()
	out := c.mustRun("import", "--dry-run", c.file("new.csv", header+"370171,gdp,2021,1300,6\n370171,gdp,2019,1150.2,10.5\n"))
	if !strings.Contains(out, "dry run, nothing written") || !strings.Contains(out, "observations  1 new, 1 changed, 0 unchanged") {
		t.Errorf("dry run report:\n%s", out)
	}
	c.assertUnchanged(before)
}

// TestImportOfEveryShape imports each example file of ingest/testdata and checks a figure of each.
func TestImportOfEveryShape(t *testing.T) {
	tests := []struct {
		file, unit, indicator, period, want string
	}{
		{"observations.csv", "370171", "industrial_va", "2019", "370171,industrial_va,2019,,12.4,final,济南市统计局,growth only"},
		{"observations_gbk.csv", "370102", "retail_sales", "2020-Q1", "370102,retail_sales,2020-Q1,1402.3,-17.2,,,含批零住餐"},
		{"bureau_2020Q1.csv", "3701", "retail_sales", "2020-Q1", "3701,retail_sales,2020-Q1,912.6543,-18.6,,2020年1-3月济南市各县区主要经济指标,"},
		{"bureau_2020Q1.xlsx", "370171", "imports_exports", "2020-Q1", "370171,imports_exports,2020-Q1,147.2,48.1,,2020年1-3月济南市各县区主要经济指标,"},
		{"bureau_2020Q1.xlsx", "370171", "industrial_va", "2020-Q1", "370171,industrial_va,2020-Q1,,5.6,,2020年1-3月济南市各县区主要经济指标,"},
		{"workbook_zh.xlsx", "P-B", "park_revenue", "2020-Q1", "P-B,park_revenue,2020-Q1,8.4,-2.5,,园区报表,"},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.unit+"/"+tt.indicator, func(t *testing.T) {
			c := newCLI(t)
			c.mustRun("import", "../../demo/data/units.csv", "../../demo/data/indicators.csv")
			c.mustRun("import", filepath.Join("../../ingest/testdata", tt.file))
			out := c.mustRun("export", "--unit", tt.unit, "--indicator", tt.indicator, "--period", tt.period)
			if !strings.Contains(out, "\n"+tt.want+"\n") {
				t.Errorf("export:\n%s\nwant the row %s", out, tt.want)
			}
		})
	}
}

func TestImportTakesFilesInDependencyOrder(t *testing.T) {
	c := newCLI(t)
	obs := c.file("obs.csv", header+"Z1,x,2020,5,1\n")
	units := c.file("units.csv", "code,name,kind,parent\nZ1,园区一,park,Z\nZ,开发区,zone,\n")
	inds := c.file("inds.csv", "code,name,frequency,cumulative\nx,收入,year,yes\n")
	groups := c.file("groups.csv", "group,unit\nall,Z1\nall,开发区\n")
	out := c.mustRun("import", obs, groups, inds, units)
	if !strings.Contains(out, "observations  1 new") || !strings.Contains(out, "groups        1 new") {
		t.Errorf("report:\n%s", out)
	}
}

func TestExportRoundTrips(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	before := c.snapshot()
	csvPath := filepath.Join(c.dir, "all.csv")
	c.mustRun("export", "-o", csvPath)
	out := c.mustRun("import", csvPath)
	if !strings.Contains(out, "observations  0 new, 0 changed, 3951 unchanged") {
		t.Errorf("re-importing the CSV export:\n%s", out)
	}
	xlsxPath := filepath.Join(c.dir, "all.xlsx")
	c.mustRun("export", "--format", "xlsx", "-o", xlsxPath)

	fresh := newCLI(t)
	fresh.mustRun("import", xlsxPath)
	after := fresh.snapshot()
	if len(after.Observations) != len(before.Observations) || len(after.Units) != len(before.Units) || len(after.Groups) != len(before.Groups) {
		t.Fatalf("the workbook reproduced %d units, %d groups, %d observations; want %d, %d, %d", len(after.Units), len(after.Groups),
			len(after.Observations), len(before.Units), len(before.Groups), len(before.Observations))
	}
	for i, o := range after.Observations {
		b := before.Observations[i]
		if !o.SameContent(b) {
			t.Fatalf("observation %d: %+v, want %+v", i, o, b)
		}
	}
	for i, u := range after.Units {
		if !u.SameContent(before.Units[i]) {
			t.Errorf("unit %d: %+v, want %+v", i, u, before.Units[i])
		}
	}
	if _, err := os.Stat(filepath.Join(c.dir, "all.xlsx")); err != nil {
		t.Error(err)
	}
}

// TestImportOfAWorkbookWithAHugeMergeIsRefusedQuickly guards against a tiny file whose one
// merged range covers 20 million cells (ingest/testdata/huge_merge.xlsx, 6 KB: A1:GR100000):
// it must not be filled cell by cell.
func TestImportOfAWorkbookWithAHugeMergeIsRefusedQuickly(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	before := c.snapshot()
	start := time.Now()
	_, errText, status := c.run("import", "../../ingest/testdata/huge_merge.xlsx")
	if status != 1 || !strings.Contains(errText, "no header found") {
		t.Errorf("exit %d: %s", status, errText)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("refusing the file took %s", took)
	}
	c.assertUnchanged(before)
}
