package calc

import (
	"math"
	"slices"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 || (IsMissing(a) && IsMissing(b)) }

func TestTwoArgumentFunctions(t *testing.T) {
	m := Missing
	tests := []struct {
		name   string
		f      func(float64, float64) (float64, bool)
		a, b   float64
		want   float64
		wantOK bool
	}{
		{"Growth", Growth, 110, 100, 10, true},
		{"GrowthFromZeroBase", Growth, 5, 0, m, false},
		{"GrowthMissing", Growth, m, 100, m, false},
		{"GrowthFall", Growth, 86.6, 100, -13.4, true},
		{"Gap", Gap, 9.3, -13.4, 22.7, true},
		{"GapMissing", Gap, 9.3, m, m, false},
		{"MultipleSeed", Multiple, 10.5, 7.0, 1.5, true},
		{"MultipleReferenceZero", Multiple, 5, 0, m, false},
		{"MultipleReferenceFalling", Multiple, 9.3, -13.4, m, false},
		{"MultipleBothFalling", Multiple, -2, -5, m, false},
		{"MultipleBelowReference", Multiple, 4, 7, m, false},
		{"MultipleEqual", Multiple, 7, 7, m, false},
		{"ShareSeed", Share, 147.2, 280.9, 147.2 / 280.9 * 100, true},
		{"ShareOfZero", Share, 1, 0, m, false},
		{"TwoYearAverage", TwoYearAverage, 21, 0, (math.Sqrt(1.21) - 1) * 100, true},
		{"TwoYearAverageAfterAFall", TwoYearAverage, -10, 12, (math.Sqrt(0.9*1.12) - 1) * 100, true},
		{"RatioDoubled", Ratio, 80, 40, 2, true},
		{"ImpliedRateDoublingInFiveYears", ImpliedYearlyRate, 2, 5, (math.Pow(2, 0.2) - 1) * 100, true},
		{"Completion", Completion, 41.1, 44.05, 41.1 / 44.05 * 100, true},
		{"CompletionOverHundred", Completion, 120, 100, 120, true},
		{"Ahead", AheadOfTimeProgress, 93.3, 75, 18.3, true},
		{"PointChange", PointChange, 10.5, 10.2, 0.3, true},
	}
	for _, tt := range tests {
		got, ok := tt.f(tt.a, tt.b)
		if ok != tt.wantOK || !near(got, tt.want) {
			t.Errorf("%s(%v, %v) = %v, %v; want %v, %v", tt.name, tt.a, tt.b, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestRanksShareTiesAndSkipMissing(t *testing.T) {
	values := []float64{5, 9, Missing, 9, 3, 7}
	if got, want := Ranks(values, true), []int{4, 1, 0, 1, 5, 3}; !slices.Equal(got, want) {
		t.Errorf("higher is better: %v, want %v", got, want)
	}
	if got, want := Ranks(values, false), []int{2, 4, 0, 4, 1, 3}; !slices.Equal(got, want) {
		t.Errorf("lower is better: %v, want %v", got, want)
	}
	if got := RankOf(9, values, true); got != 1 {
		t.Errorf("RankOf(9) = %d, want 1", got)
	}
	if got := RankOf(Missing, values, true); got != 0 {
		t.Errorf("RankOf(missing) = %d, want 0", got)
	}
}

func TestPullAndContribution(t *testing.T) {
	// Industry rises from 300 to 330 while GDP rises from 1000 to 1080.
	if pull, ok := Pull(330, 300, 1000); !ok || !near(pull, 3) {
		t.Errorf("Pull = %v, %v; want 3", pull, ok)
	}
	if c, ok := Contribution(330, 300, 1080, 1000); !ok || !near(c, 37.5) {
		t.Errorf("Contribution = %v, %v; want 37.5", c, ok)
	}
	if _, ok := Contribution(330, 300, 1000, 1000); ok {
		t.Error("a contribution to a total that did not change must not apply")
	}
}

func TestDoublingAndTimeProgress(t *testing.T) {
	if !Doubled(80, 40) || Doubled(79.9, 40) || !Quadrupled(160, 40) || Quadrupled(159, 40) {
		t.Error("doubling thresholds are wrong")
	}
	if tp, ok := TimeProgress(6); !ok || tp != 50 {
		t.Errorf("TimeProgress(6) = %v", tp)
	}
	if _, ok := TimeProgress(13); ok {
		t.Error("month 13 has no time progress")
	}
}

func TestRegistryCallsTheFunctions(t *testing.T) {
	for name, f := range Functions {
		args := make([]float64, len(f.Args))
		for i := range args {
			args[i] = float64(i + 2)
		}
		f.Call(args) // must not panic for its declared arity
		if f.Name != name || f.Description == "" {
			t.Errorf("registry entry %q is incomplete", name)
		}
	}
	if got, ok := Functions["multiple"].Call([]float64{10.5, 7}); !ok || !near(got, 1.5) {
		t.Errorf("multiple via the registry = %v, %v", got, ok)
	}
}

func TestFormula(t *testing.T) {
	known := func(code string) bool { return code == "gdp" || code == "population" }
	f, err := ParseFormula("gdp * 10000 / population", known)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(f.Inputs, []string{"gdp", "population"}) {
		t.Errorf("inputs = %v", f.Inputs)
	}
	if got := f.Eval(map[string]float64{"gdp": 1150.2, "population": 100}); !near(got, 115020) {
		t.Errorf("Eval = %v", got)
	}
	if got := f.Eval(map[string]float64{"gdp": 1150.2, "population": 0}); !IsMissing(got) {
		t.Errorf("division by zero = %v, want missing", got)
	}
	if got := f.Eval(map[string]float64{"gdp": 1150.2}); !IsMissing(got) {
		t.Errorf("a missing input = %v, want missing", got)
	}
	g, err := ParseFormula("share(gdp, population)", known)
	if err != nil {
		t.Fatal(err)
	}
	if got := g.Eval(map[string]float64{"gdp": 1, "population": 4}); !near(got, 25) {
		t.Errorf("share = %v", got)
	}
	for _, bad := range []string{"gdp +", "gdp / pop", "gdp(", `"text"`} {
		if _, err := ParseFormula(bad, known); err == nil {
			t.Errorf("ParseFormula(%q) accepted", bad)
		}
	}
}

func TestRanksOfALargeGroupAgreeWithRankOf(t *testing.T) {
	values := make([]float64, 200)
	for i := range values {
		values[i] = float64((i * 37) % 50)
	}
	values[3] = Missing
	for _, up := range []bool{true, false} {
		ranks := Ranks(values, up)
		for i, x := range values {
			if want := RankOf(x, values, up); ranks[i] != want {
				t.Fatalf("up=%v: rank of values[%d]=%v is %d, want %d", up, i, x, ranks[i], want)
			}
		}
	}
}
