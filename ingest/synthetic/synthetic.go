// Package synthetic writes seeded, realistic-looking statistics files for benchmarks and
// load tests: a province of units with peer groups, indicators and monthly year-to-date values.
package synthetic

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
)

// Shape says how large a synthetic province is.
type Shape struct {
	Units      int // units below the province: cities, then districts and zones under them
	Indicators int
	Years      int
	FirstYear  int
	Seed       uint64
}

// Rows is the number of observation rows the shape yields: monthly year-to-date periods
// from January-February to the year, eleven a year.
func (s Shape) Rows() int { return s.Units * s.Indicators * s.Years * 11 }

// UnitCode and IndicatorCode name the generated records.
func UnitCode(i int) string      { return fmt.Sprintf("U%04d", i) }
func IndicatorCode(i int) string { return fmt.Sprintf("ind%02d", i) }

// WriteDefinitions writes the units file (a province, cities of 15 units each) and the
// indicators file as two CSVs.
func (s Shape) WriteDefinitions(units, indicators io.Writer) error {
	uw := bufio.NewWriter(units)
	fmt.Fprintln(uw, "code,name,name_en,kind,parent")
	fmt.Fprintln(uw, "P,示例省,Province,province,")
	for i := 0; i < s.Units; i++ {
		if i%16 == 0 {
			fmt.Fprintf(uw, "%s,示例市%d,City %d,city,P\n", UnitCode(i), i/16+1, i/16+1)
		} else {
			fmt.Fprintf(uw, "%s,示例区%d,District %d,district,%s\n", UnitCode(i), i, i, UnitCode(i-i%16))
		}
	}
	if err := uw.Flush(); err != nil {
		return err
	}
	iw := bufio.NewWriter(indicators)
	fmt.Fprintln(iw, "code,name,name_en,unit,frequency,cumulative,price_basis,aggregate,better,decimals,january_alone,allow_negative")
	for i := 0; i < s.Indicators; i++ {
		fmt.Fprintf(iw, "%s,示例指标%d,Indicator %d,亿元,month,yes,nominal,sum,up,1,no,no\n", IndicatorCode(i), i, i)
	}
	return iw.Flush()
}

// WriteObservations writes the observations CSV: per unit and indicator a yearly level that
// grows a few percent a year, spread over the months, with published growth.
func (s Shape) WriteObservations(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	rng := rand.New(rand.NewPCG(s.Seed, 0x5eed))
	fmt.Fprintln(bw, "unit,indicator,period,value,growth")
	buf := make([]byte, 0, 128)
	for u := 0; u < s.Units; u++ {
		for ind := 0; ind < s.Indicators; ind++ {
			level := 10 + rng.Float64()*990
			prev := make([]float64, 13)
			for y := 0; y < s.Years; y++ {
				year := s.FirstYear + y
				level *= 1 + (rng.Float64()*0.2 - 0.05)
				cum := 0.0
				monthly := make([]float64, 13)
				for m := 1; m <= 12; m++ {
					cum += level / 12 * (0.8 + rng.Float64()*0.4)
					monthly[m] = cum
				}
				for m := 2; m <= 12; m++ {
					v := float64(int(monthly[m]*10+0.5)) / 10
					buf = buf[:0]
					buf = append(buf, UnitCode(u)...)
					buf = append(buf, ',')
					buf = append(buf, IndicatorCode(ind)...)
					buf = append(buf, ',')
					buf = strconv.AppendInt(buf, int64(year), 10)
					buf = append(buf, "-01.."...)
					if m < 10 {
						buf = append(buf, '0')
					}
					buf = strconv.AppendInt(buf, int64(m), 10)
					buf = append(buf, ',')
					buf = strconv.AppendFloat(buf, v, 'f', 1, 64)
					buf = append(buf, ',')
					if prev[m] > 0 {
						buf = strconv.AppendFloat(buf, float64(int((v/prev[m]-1)*1000))/10, 'f', 1, 64)
					}
					buf = append(buf, '\n')
					prev[m] = v
					if _, err := bw.Write(buf); err != nil {
						return err
					}
				}
			}
		}
	}
	return bw.Flush()
}
