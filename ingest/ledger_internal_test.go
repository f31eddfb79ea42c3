package ingest

import "testing"

func TestMonthHeaders(t *testing.T) {
	for text, want := range map[string][2]int{
		"1月": {0, 1}, "12月": {0, 12}, "一月": {0, 1}, "十二月": {0, 12}, "3月份": {0, 3}, "5月完成": {0, 5},
		"2020-01": {2020, 1}, "2020年3月": {2020, 3}, "2020/11": {2020, 11}, "1月(万元)": {0, 1}, "43831": {2020, 1},
	} {
		year, month, ok := monthHeader(text)
		if !ok || [2]int{year, month} != want {
			t.Errorf("monthHeader(%q) = %d, %d, %v; want %v", text, year, month, ok, want)
		}
	}
	for _, text := range []string{"13月", "月份", "累计完成", "1-12月累计完成", "本月完成", "2020", ""} {
		if _, _, ok := monthHeader(text); ok {
			t.Errorf("monthHeader(%q) took it for a month", text)
		}
	}
}

func TestYearIn(t *testing.T) {
	for text, want := range map[string]int{
		"2020年济南高新区重点项目投资台账（单位：亿元）": 2020, "ledger_2021": 2021, "台账 2019": 2019, "重点项目台账": 0, "20200630台账": 0,
	} {
		if got := yearIn(text); got != want {
			t.Errorf("yearIn(%q) = %d, want %d", text, got, want)
		}
	}
}

func TestLedgerCodeIsStable(t *testing.T) {
	if a, b := ledgerCode(2020, "齐鲁软件园三期"), ledgerCode(2020, "齐鲁软件园三期"); a != b || len(a) != 13 || a[:5] != "2020-" {
		t.Errorf("ledgerCode = %q, %q", a, b)
	}
}
