package ingest

import (
	"testing"

	"zoneboard/msg"
)

func TestALocationReadsInTheReadersLanguage(t *testing.T) {
	for _, tt := range []struct {
		at     Location
		zh, en string
	}{
		{Location{File: "x.csv", Row: 3, Column: 1, Header: "增速"}, "文件 x.csv，第3行，B列（增速）", "x.csv, row 3, column B (增速)"},
		{Location{File: "a.xlsx", Sheet: "表1", Row: 2, Column: -1}, "文件 a.xlsx，工作表“表1”，第2行", `a.xlsx, sheet "表1", row 2`},
		{Location{File: "a.csv", Column: -1}, "文件 a.csv", "a.csv"},
		{Location{File: "request projects", Row: 1, Column: 11, Header: "planned_start", Request: true},
			"请求（projects），第1条记录，L列（planned_start）", "request projects, row 1, column L (planned_start)"},
	} {
		if got := tt.at.In(msg.Chinese); got != tt.zh {
			t.Errorf("%+v in Chinese: %q, want %q", tt.at, got, tt.zh)
		}
		if got := tt.at.In(msg.English); got != tt.en {
			t.Errorf("%+v in English: %q, want %q", tt.at, got, tt.en)
		}
	}
}

func TestAValidationErrorListsItsProblemsInTheReadersLanguage(t *testing.T) {
	var ps problems
	ps.add(Location{File: "x.csv", Row: 2, Column: 4, Header: "growth"}, "import.growth_below_minus_100", "growth", -120.0)
	ps.add(Location{File: "x.csv", Row: 3, Column: -1}, "import.row_without_figures")
	err := ps.err().(*ValidationError)
	wantZh := "未导入任何数据：有2个问题需要修正\n" +
		"  文件 x.csv，第2行，E列（growth）：增速-120%低于-100%：任何数值的降幅都不会超过其全部；增速以百分数填写（-13.4表示-13.4%）\n" +
		"  文件 x.csv，第3行：该行既无数值也无增速：请填写其一或删除该行"
	if got := err.In(msg.Chinese); got != wantZh {
		t.Errorf("in Chinese:\n%s\nwant\n%s", got, wantZh)
	}
	wantEn := "nothing was imported: 2 problem(s) to fix\n" +
		"  x.csv, row 2, column E (growth): growth -120% is below -100%: nothing can fall by more than all of it; growth is in percent (-13.4 means -13.4%)\n" +
		"  x.csv, row 3: the row has neither a value nor a growth: fill one or delete the row"
	if got := err.Error(); got != wantEn {
		t.Errorf("in English:\n%s\nwant\n%s", got, wantEn)
	}
	if err.Problems[1].Message != "the row has neither a value nor a growth: fill one or delete the row" {
		t.Errorf("a problem's English message: %q", err.Problems[1].Message)
	}
}
