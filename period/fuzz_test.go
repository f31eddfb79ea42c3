package period

import "testing"

// FuzzParse: any text parses or is refused, never panics, and what parses reads back from its
// canonical code as the same period.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"2019", "2020-Q1", "2020年一季度", "2020年1-9月", "2020-01..09", "202003", "2020-3", "2020年上半年",
		"2020年前三季度", "2020Q5", "2020-13", "99999", "2020年1月-9月", "２０２０年", "2020-01..13", "-2020", "2020年全年", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			return
		}
		q, err := Parse(p.Code())
		if err != nil || q != p {
			t.Fatalf("Parse(%q) = %v, whose code %q reads back as %v, %v", s, p, p.Code(), q, err)
		}
		if p.First < 1 || p.Last > 12 || p.First > p.Last {
			t.Fatalf("Parse(%q) = %+v: not a span of months", s, p)
		}
	})
}
