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
// a message naming the file, row and column and what is wrong, and an untouched database: in
// Chinese by default, in English with --lang en.
func TestImportRefusesBadInput(t *testing.T) {
	good := "370171,gdp,2021,1300,6\n"
	const zhAt = "文件 bad.csv，"
	tests := []struct {
		name    string
		content string
		where   string // the location the English message must name
		what    string // a fragment of what it must say
		zhWhere string // the location the Chinese message must name
		zhWhat  string // a fragment of what it must say in Chinese
	}{
		{"UnknownUnit", header + good + "999999,gdp,2021,1,1\n", "bad.csv, row 3, column A (unit)", `"999999" is not a known unit`,
			zhAt + "第3行，A列（unit）", "“999999”不是已知的单位编码或名称"},
		{"UnknownUnitName", header + "高新区,gdp,2021,1,1\n", "bad.csv, row 2, column A (unit)", `"高新区" is not a known unit`,
			zhAt + "第2行，A列（unit）", "“高新区”不是已知的单位编码或名称"},
		{"UnknownIndicator", header + "370171,gpd,2021,1,1\n", "bad.csv, row 2, column B (indicator)", `"gpd" is not a known indicator`,
			zhAt + "第2行，B列（indicator）", "“gpd”不是已知的指标编码或名称"},
		{"MonthThirteen", header + "370171,retail_sales,2020-13,1,1\n", "bad.csv, row 2, column C (period)", "month 13 is not between 1 and 12",
			zhAt + "第2行，C列（period）", "时期“2020-13”无法识别：月份13不在1至12之间"},
		{"QuarterFive", header + "370171,gdp,2020-Q5,1,1\n", "bad.csv, row 2, column C (period)", "there is no quarter 5",
			zhAt + "第2行，C列（period）", "没有第5季度"},
		{"ChineseMonthThirteen", header + "370171,retail_sales,2020年13月,1,1\n", "bad.csv, row 2, column C (period)", "month 13 is not between 1 and 12",
			zhAt + "第2行，C列（period）", "月份13不在1至12之间"},
		{"LettersForANumber", header + "370171,gdp,2021,abc,1\n", "bad.csv, row 2, column D (value)", `"abc" is not a number`,
			zhAt + "第2行，D列（value）", "“abc”不是数字"},
		{"MisplacedComma", header + "370171,gdp,2021,\"12,3.4\",1\n", "bad.csv, row 2, column D (value)", "a comma may only group thousands",
			zhAt + "第2行，D列（value）", "逗号只能用作千位分隔"},
		{"GrowthNotANumber", header + "370171,gdp,2021,1300,6..5\n", "bad.csv, row 2, column E (growth)", `"6..5" is not a number`,
			zhAt + "第2行，E列（growth）", "“6..5”不是数字"},
		{"ConflictingDuplicate", header + good + "370171,gdp,2021,1300.5,6\n", "bad.csv, row 3", "also given, differently, at bad.csv, row 2",
			zhAt + "第3行", "济南高新区（370171）地区生产总值（gdp）2021年的数据在文件 bad.csv，第2行也有填报，且数值不同"},
		{"CumulativeFallsInFile", header + "370171,retail_sales,2021-01..02,50,1\n370171,retail_sales,2021-Q1,40,1\n",
			"bad.csv, row 3, column D (value)", "falls from 50 亿元 (2021-01..02, at bad.csv, row 2, column D (value)) to 40 亿元 (2021-Q1, this row)",
			zhAt + "第3行，D列（value）", "济南高新区（370171）社会消费品零售总额（retail_sales）2021年1-3月累计40亿元，低于文件 bad.csv，第2行，D列（value）的2021年1-2月累计50亿元：累计值在年内不能下降，请核对两期数据"},
		{"CumulativeFallsAgainstStored", header + "370171,retail_sales,2020-Q1,1,1\n", "bad.csv, row 2, column D (value)",
			"already stored", zhAt + "第2行，D列（value）", "低于已存2020年1-2月累计"},
		{"GrowthBelowMinusHundred", header + "370171,gdp,2021,1300,-100.5\n", "bad.csv, row 2, column E (growth)", "below -100%",
			zhAt + "第2行，E列（growth）", "增速-100.5%低于-100%"},
		{"NegativeValue", header + "370171,gdp,2021,-3,1\n", "bad.csv, row 2, column D (value)", "-3 is negative",
			zhAt + "第2行，D列（value）", "济南高新区（370171）地区生产总值（gdp）2021年为-3，该指标不能为负数"},
		{"NeitherValueNorGrowth", header + "370171,gdp,2021,,\n", "bad.csv, row 2", "neither a value nor a growth",
			zhAt + "第2行", "该行既无数值也无增速"},
		{"QuarterlyIndicatorMonthlyPeriod", header + "370171,gdp,2021-01..05,500,1\n", "bad.csv, row 2, column C (period)", "published by quarter",
			zhAt + "第2行，C列（period）", "地区生产总值（gdp）按季度发布，但2021年1-5月不是从季初到季末"},
		{"JanuaryOfAJanuaryFebruarySeries", header + "370171,retail_sales,2021-01,20,1\n", "bad.csv, row 2, column C (period)", "2021-01..02",
			zhAt + "第2行，C列（period）", "1月数据与2月合并发布"},
		{"UnknownColumn", "unit,indicator,period,value,grwth\n" + good, "bad.csv, row 1, column E (grwth)", "not a column of a observations file",
			zhAt + "第1行，E列（grwth）", "“grwth”不是数据文件的列"},
		{"NoHeader", "370171,gdp,2021,1300,6\n", "bad.csv, row 1", "no header found", zhAt + "第1行", "未找到表头"},
		{"BrokenQuotes", header + "370171,gdp,\"2021,1300,6\n", "bad.csv, line 2", "check the quotes", "bad.csv第2行", "请检查该行的引号"},
		{"UnknownUnitKind", "code,name,kind,parent\nX1,某园区,campus,370171\n", "bad.csv, row 2, column C (kind)", `"campus" is not a unit kind`,
			zhAt + "第2行，C列（kind）", "“campus”不是单位类型"},
		{"UnitWithUnknownParent", "code,name,kind,parent\nX1,某园区,park,nowhere\n", "bad.csv, row 2, column D (parent)", `"nowhere" is not a known unit`,
			zhAt + "第2行，D列（parent）", "上级单位：“nowhere”不是已知的单位编码或名称"},
		{"IndicatorWithBadFrequency", "code,name,frequency\nx,某指标,weekly\n", "bad.csv, row 2, column C (frequency)", `"weekly" is not a frequency`,
			zhAt + "第2行，C列（frequency）", "“weekly”不是有效的发布频率"},
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
			if !strings.Contains(errText, "未导入任何数据") || !strings.Contains(errText, tt.zhWhere) || !strings.Contains(errText, tt.zhWhat) {
				t.Errorf("the message does not say %q at %q:\n%s", tt.zhWhat, tt.zhWhere, errText)
			}
			_, errText, status = c.run("--lang", "en", "import", c.file("bad.csv", tt.content))
			if status != 1 {
				t.Errorf("exit %d, want 1", status)
			}
			if !strings.Contains(errText, "nothing was imported") || !strings.Contains(errText, tt.where) || !strings.Contains(errText, tt.what) {
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
	want := fmt.Sprintf("文件 long.csv，第%d行，E列（growth）", rows+2)
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
	if status != 1 || !strings.Contains(errText, "文件 bad.xlsx，工作表“数据”，第3行，D列（数值）：“三百”不是数字") {
		t.Errorf("exit %d:\n%s", status, errText)
	}
	c.assertUnchanged(before)
}

func TestImportRefusesFilesItCannotRead(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	before := c.snapshot()
	cases := map[string]string{
		filepath.Join(c.dir, "missing.csv"):          "无法读取",
		c.file("old.xls", "\xD0\xCF\x11\xE0rest"):    "旧版Excel 97-2003工作簿",
		c.file("broken.xlsx", "PK\x03\x04not a zip"): "无法作为xlsx工作簿读取",
		c.file("fake.xlsx", "unit,indicator\n"):      "不是有效的xlsx工作簿",
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
	if !strings.Contains(out, "试导入，未写入任何数据") || !strings.Contains(out, "数据：新增1，修改1，未变0") {
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
	if !strings.Contains(out, "数据：新增1") || !strings.Contains(out, "对比组：新增1") {
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
	if !strings.Contains(out, "数据：新增0，修改0，未变3951") {
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
	if status != 1 || !strings.Contains(errText, "未找到表头") {
		t.Errorf("exit %d: %s", status, errText)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("refusing the file took %s", took)
	}
	c.assertUnchanged(before)
}

// TestCommandsSpeakTheLanguageAsked checks where the CLI takes its language from: --lang
// before or after the command, else $ZONEBOARD_LANG, else Chinese.
func TestCommandsSpeakTheLanguageAsked(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	bad := c.file("bad.csv", header+"370171,gdp,2021,abc,1\n")
	const zh, en = "文件 bad.csv，第2行，D列（value）：“abc”不是数字", `bad.csv, row 2, column D (value): "abc" is not a number`
	for _, tt := range []struct {
		env  string
		args []string
		want string
	}{
		{"", []string{"import", bad}, zh},
		{"", []string{"--lang", "en", "import", bad}, en},
		{"", []string{"--lang=en", "import", bad}, en},
		{"", []string{"import", "--lang", "en", bad}, en},
		{"en", []string{"import", bad}, en},
		{"en", []string{"import", "--lang", "zh", bad}, zh},
		{"zh", []string{"import", bad}, zh},
	} {
		c.lang = tt.env
		_, errText, status := c.run(tt.args...)
		if status != 1 || !strings.Contains(errText, tt.want) {
			t.Errorf("ZONEBOARD_LANG=%q zoneboard %s: exit %d, want 1 and %q:\n%s", tt.env, strings.Join(tt.args, " "), status, tt.want, errText)
		}
	}
	c.lang = ""
	for _, args := range [][]string{{"--lang", "fr", "import", bad}, {"import", "--lang", "de", bad}, {"--lang"}} {
		if _, errText, status := c.run(args...); status != 2 || !strings.Contains(errText, "zh或en") && !strings.Contains(errText, "zh or en") {
			t.Errorf("zoneboard %s: exit %d, want 2 and a message naming zh or en:\n%s", strings.Join(args, " "), status, errText)
		}
	}
	c.lang = "fr"
	if _, errText, status := c.run("import", bad); status != 2 || !strings.Contains(errText, "ZONEBOARD_LANG应为zh或en，而不是“fr”") {
		t.Errorf("ZONEBOARD_LANG=fr: exit %d:\n%s", status, errText)
	}
	// A briefing is written in the language of the command, however it is asked for.
	c.lang = ""
	for _, args := range [][]string{{"--lang", "en", "brief"}, {"brief", "--lang", "en"}} {
		out := c.mustRun(append(args, "--unit", "370171", "--period", "2019")...)
		if strings.Contains(out, "简报") || !strings.Contains(out, "2019") {
			t.Errorf("zoneboard %s: not an English briefing:\n%.300s", strings.Join(args, " "), out)
		}
	}
	if out := c.mustRun("brief", "--unit", "370171", "--period", "2019"); !strings.Contains(out, "简报") {
		t.Errorf("a briefing without --lang is not in Chinese:\n%.300s", out)
	}
}
