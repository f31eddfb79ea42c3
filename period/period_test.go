package period

import "testing"

func TestParseCanonicalAndChineseForms(t *testing.T) {
	tests := []struct{ in, code string }{
		{"2019", "2019"},
		{"2020-H1", "2020-H1"},
		{"2020-H2", "2020-H2"},
		{"2020-Q1", "2020-Q1"},
		{"2020-q4", "2020-Q4"},
		{"2020Q2", "2020-Q2"},
		{"2020-03", "2020-03"},
		{"2020-3", "2020-03"},
		{"202003", "2020-03"},
		{"2020-01..09", "2020-01..09"},
		{"2020-1..9", "2020-01..09"},
		{"2020-01..03", "2020-Q1"},
		{"2020-01..06", "2020-H1"},
		{"2020-01..12", "2020"},
		{"2020-04..06", "2020-Q2"},
		{"2020-01..02", "2020-01..02"},
		{"2019年", "2019"},
		{"2019年全年", "2019"},
		{"2019年度", "2019"},
		{"2020年一季度", "2020-Q1"},
		{"2020年第二季度", "2020-Q2"},
		{"2020年3季度", "2020-Q3"},
		{"2020年1-3月", "2020-Q1"},
		{"2020年1—3月", "2020-Q1"},
		{"2020年1月-3月", "2020-Q1"},
		{"2020年上半年", "2020-H1"},
		{"2020年下半年", "2020-H2"},
		{"2020年前三季度", "2020-01..09"},
		{"2020年3月", "2020-03"},
		{"2020年1-2月", "2020-01..02"},
		{"２０２０年１－２月", "2020-01..02"},
		{" 2020年 1-11月 ", "2020-01..11"},
	}
	for _, tt := range tests {
		p, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := p.Code(); got != tt.code {
			t.Errorf("Parse(%q).Code() = %q, want %q", tt.in, got, tt.code)
		}
		if again, err := Parse(p.Code()); err != nil || again != p {
			t.Errorf("canonical code %q does not parse back to itself: %v %v", p.Code(), again, err)
		}
		if again, err := Parse(p.Chinese()); err != nil || again != p {
			t.Errorf("Chinese form %q does not parse back to %v: %v %v", p.Chinese(), p, again, err)
		}
	}
}

func TestParseRejectsWhatIsNotAPeriod(t *testing.T) {
	for _, in := range []string{"", "2020-13", "2020-Q5", "2020-Q0", "2020年13月", "2020-00", "2020-09..03",
		"2020-H3", "20", "abc", "2020年五季度", "2020年1-13月", "1899", "2020-1..13", "2020/03"} {
		if p, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) = %v, want an error", in, p)
		}
	}
}

func TestChineseAndEnglishForms(t *testing.T) {
	tests := []struct{ code, zh, en string }{
		{"2019", "2019年", "2019"},
		{"2020-Q1", "2020年一季度", "Q1 2020"},
		{"2020-H1", "2020年上半年", "H1 2020"},
		{"2020-01..09", "2020年前三季度", "January-September 2020"},
		{"2020-01..02", "2020年1-2月", "January-February 2020"},
		{"2020-03", "2020年3月", "March 2020"},
	}
	for _, tt := range tests {
		p := MustParse(tt.code)
		if p.Chinese() != tt.zh || p.English() != tt.en {
			t.Errorf("%s: got %q %q, want %q %q", tt.code, p.Chinese(), p.English(), tt.zh, tt.en)
		}
	}
}

func TestSameSpanLastYearAndContainment(t *testing.T) {
	p := MustParse("2020-01..09")
	if got := p.SameSpanLastYear().Code(); got != "2019-01..09" {
		t.Errorf("same span last year = %s", got)
	}
	if !p.Contains(MustParse("2020-Q2")) || p.Contains(MustParse("2020-Q4")) || p.Contains(MustParse("2019-Q1")) {
		t.Error("containment is wrong")
	}
}

func TestPreviousCumulative(t *testing.T) {
	tests := []struct {
		code         string
		step         int
		januaryAlone bool
		want         string
	}{
		{"2020-Q1", 1, false, "2020-01..02"},
		{"2020-01..02", 1, false, ""},
		{"2020-01..02", 1, true, "2020-01"},
		{"2020-01", 1, true, ""},
		{"2020-H1", 1, false, "2020-01..05"},
		{"2020-H1", 3, true, "2020-Q1"},
		{"2020", 3, true, "2020-01..09"},
		{"2020-Q1", 3, true, ""},
		{"2020-Q2", 1, true, ""},
	}
	for _, tt := range tests {
		prev, ok := MustParse(tt.code).PreviousCumulative(tt.step, tt.januaryAlone)
		got := ""
		if ok {
			got = prev.Code()
		}
		if got != tt.want {
			t.Errorf("PreviousCumulative(%s, %d, %v) = %q, want %q", tt.code, tt.step, tt.januaryAlone, got, tt.want)
		}
	}
}
