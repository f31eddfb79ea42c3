package brief_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"zoneboard/brief"
	"zoneboard/engine"
	"zoneboard/period"
	"zoneboard/synthetic"
)

// BenchmarkBriefing30 writes a 30-indicator briefing of one district in a province of a
// million observations, and renders it in every format.
func BenchmarkBriefing30(b *testing.B) {
	ctx := context.Background()
	source := &synthetic.Source{Shape: synthetic.ForObservations(1_000_000, 1)}
	e, err := engine.New(ctx, source)
	if err != nil {
		b.Fatal(err)
	}
	var sections strings.Builder
	for s := 0; s < 6; s++ {
		fmt.Fprintf(&sections, "  - title: 第%d部分\n    title_en: Part %d\n    indicators: [", s+1, s+1)
		for i := 0; i < 5; i++ {
			if i > 0 {
				sections.WriteString(", ")
			}
			sections.WriteString(synthetic.IndicatorCode(s*5 + i))
		}
		sections.WriteString("]\n")
	}
	tpl, err := brief.ParseTemplate([]byte("title: \"{unit}{period}简报\"\ntitle_en: \"{unit} {period}\"\nlead:\n  indicators: [ind00, ind01]\nsections:\n" + sections.String()))
	if err != nil {
		b.Fatal(err)
	}
	w := &brief.Writer{Engine: e, Units: source, Indicators: source, Groups: source}
	req := brief.Request{Unit: synthetic.UnitCode(1), Period: period.YearToDate(2024, 6)}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		br, err := w.Write(ctx, tpl, req)
		if err != nil {
			b.Fatal(err)
		}
		if len(br.Figures) != 32 {
			b.Fatalf("%d figures, want 32", len(br.Figures))
		}
		for _, format := range []string{brief.FormatText, brief.FormatMarkdown, brief.FormatHTML, brief.FormatDOCX} {
			if _, err := br.Render(format); err != nil {
				b.Fatal(err)
			}
		}
	}
}
