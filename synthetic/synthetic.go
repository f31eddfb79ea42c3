// Package synthetic makes seeded, realistic-looking statistics for benchmarks and load tests:
// a province of cities and their districts, monthly year-to-date indicators over years, with
// published growth. The same seed always gives the same data, as files or as figures.
package synthetic

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"

	"zoneboard"
	"zoneboard/period"
)

// Shape says how large a synthetic province is.
type Shape struct {
	Units      int // units below the province: cities, then districts and zones under them
	Indicators int
	Years      int
	FirstYear  int
	Seed       uint64
}

// PeriodsPerYear are the year-to-date periods published each year: January-February, then
// January to each month up to the year.
const PeriodsPerYear = 11

// Rows is the number of observations the shape yields.
func (s Shape) Rows() int { return s.Units * s.Indicators * s.Years * PeriodsPerYear }

// ForObservations returns a shape of about n observations with 60 indicators over 10 years.
func ForObservations(n int, seed uint64) Shape {
	s := Shape{Indicators: 60, Years: 10, FirstYear: 2015, Seed: seed}
	s.Units = max(1, int(math.Round(float64(n)/float64(s.Indicators*s.Years*PeriodsPerYear))))
	return s
}

// UnitCode and IndicatorCode name the generated records.
func UnitCode(i int) string      { return fmt.Sprintf("U%04d", i) }
func IndicatorCode(i int) string { return fmt.Sprintf("ind%02d", i) }

// cityOf is the city a unit belongs to: every 16th unit is a city over the 15 after it.
func cityOf(i int) int { return i - i%16 }

// Units returns the province and its units.
func (s Shape) UnitList() []zoneboard.Unit {
	units := []zoneboard.Unit{{Code: "P", Name: "示例省", NameEn: "Province", Kind: zoneboard.KindProvince}}
	for i := 0; i < s.Units; i++ {
		if i%16 == 0 {
			units = append(units, zoneboard.Unit{Code: UnitCode(i), Name: fmt.Sprintf("示例市%d", i/16+1),
				NameEn: fmt.Sprintf("City %d", i/16+1), Kind: zoneboard.KindCity, Parent: "P"})
		} else {
			units = append(units, zoneboard.Unit{Code: UnitCode(i), Name: fmt.Sprintf("示例区%d", i), NameEn: fmt.Sprintf("District %d", i),
				Kind: zoneboard.KindDistrict, Parent: UnitCode(cityOf(i))})
		}
	}
	return units
}

// IndicatorList returns the indicators: monthly, cumulative, nominal, in 亿元.
func (s Shape) IndicatorList() []zoneboard.Indicator {
	var out []zoneboard.Indicator
	for i := 0; i < s.Indicators; i++ {
		out = append(out, zoneboard.Indicator{Code: IndicatorCode(i), Name: fmt.Sprintf("示例指标%d", i), NameEn: fmt.Sprintf("Indicator %d", i),
			Unit: "亿元", Frequency: zoneboard.Monthly, Cumulative: true, PriceBasis: zoneboard.Nominal, Aggregate: zoneboard.AggregateSum,
			Better: zoneboard.BetterUp, Decimals: 1})
	}
	return out
}

// Groups returns one peer group: the province's cities.
func (s Shape) Groups() []zoneboard.Group {
	g := zoneboard.Group{Code: "cities", Name: "各市"}
	for i := 0; i < s.Units; i += 16 {
		g.Members = append(g.Members, UnitCode(i))
	}
	return []zoneboard.Group{g}
}

// Figures calls fn with every observation, in key order (unit, indicator, period): per unit and
// indicator a yearly level that grows a few percent a year, spread over the months, with the
// growth published from the second year on.
func (s Shape) Figures(fn func(zoneboard.Figures) error) error {
	rng := rand.New(rand.NewPCG(s.Seed, 0x5eed))
	prev := make([]float64, 13)
	monthly := make([]float64, 13)
	for u := 0; u < s.Units; u++ {
		unit := UnitCode(u)
		for ind := 0; ind < s.Indicators; ind++ {
			indicator := IndicatorCode(ind)
			level := 10 + rng.Float64()*990
			clear(prev)
			for y := 0; y < s.Years; y++ {
				level *= 1 + (rng.Float64()*0.2 - 0.05)
				cum := 0.0
				for m := 1; m <= 12; m++ {
					cum += level / 12 * (0.8 + rng.Float64()*0.4)
					monthly[m] = cum
				}
				for m := 2; m <= 12; m++ {
					v := math.Round(monthly[m]*10) / 10
					g := math.NaN()
					if prev[m] > 0 {
						g = math.Trunc((v/prev[m]-1)*1000) / 10
					}
					prev[m] = v
					if err := fn(zoneboard.Figures{Unit: unit, Indicator: indicator, Period: period.YearToDate(s.FirstYear+y, m), Value: v, Growth: g}); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// WriteDefinitions writes the units file and the indicators file.
func (s Shape) WriteDefinitions(units, indicators io.Writer) error {
	uw := bufio.NewWriter(units)
	fmt.Fprintln(uw, "code,name,name_en,kind,parent")
	for _, u := range s.UnitList() {
		fmt.Fprintf(uw, "%s,%s,%s,%s,%s\n", u.Code, u.Name, u.NameEn, u.Kind, u.Parent)
	}
	if err := uw.Flush(); err != nil {
		return err
	}
	iw := bufio.NewWriter(indicators)
	fmt.Fprintln(iw, "code,name,name_en,unit,frequency,cumulative,price_basis,aggregate,better,decimals,january_alone,allow_negative")
	for _, i := range s.IndicatorList() {
		fmt.Fprintf(iw, "%s,%s,%s,%s,month,yes,nominal,sum,up,1,no,no\n", i.Code, i.Name, i.NameEn, i.Unit)
	}
	return iw.Flush()
}

// WriteObservations writes the figures as an observations CSV.
func (s Shape) WriteObservations(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	fmt.Fprintln(bw, "unit,indicator,period,value,growth")
	buf := make([]byte, 0, 128)
	err := s.Figures(func(f zoneboard.Figures) error {
		buf = buf[:0]
		buf = append(buf, f.Unit...)
		buf = append(buf, ',')
		buf = append(buf, f.Indicator...)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(f.Period.Year), 10)
		buf = append(buf, "-01.."...)
		if f.Period.Last < 10 {
			buf = append(buf, '0')
		}
		buf = strconv.AppendInt(buf, int64(f.Period.Last), 10)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, f.Value, 'f', 1, 64)
		buf = append(buf, ',')
		if !math.IsNaN(f.Growth) {
			buf = strconv.AppendFloat(buf, f.Growth, 'f', 1, 64)
		}
		buf = append(buf, '\n')
		_, err := bw.Write(buf)
		return err
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}
