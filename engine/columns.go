package engine

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"zoneboard/internal/safecsv"
)

// Columns are the query's columns, in the order of the contract, for csv and json alike.
var Columns = []string{"unit", "unit_name", "indicator", "period", "value", "growth", "growth_source", "ref", "ref_value",
	"ref_growth", "share_of_ref", "gap_pp", "multiple", "rank_by_value", "rank_by_growth", "peers"}

// Clean removes the binary noise of a computed number (9.3 - -13.4 is 22.700000000000003 in
// floating point) by keeping 15 significant digits, which is more than any statistic
// publishes; it is not the rounding for display.
func Clean(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) || x == 0 {
		return x
	}
	// Noise sits in the last two or three of a double's 17 digits: a number that 12
	// significant digits give back to within 1e-13 of itself was a short decimal (6.9 - 7
	// is -0.0999999999999996, that is -0.1); any other keeps 15 digits.
	if short := roundSignificant(x, 12); math.Abs(short-x) <= math.Abs(x)*1e-13 {
		return short
	}
	return roundSignificant(x, 15)
}

// roundSignificant rounds x to n significant digits. Dividing by an exact power of ten gives
// the double nearest to the decimal, which prints as the short decimal.
func roundSignificant(x float64, n int) float64 {
	exponent := int(math.Floor(math.Log10(math.Abs(x))))
	if shift := n - 1 - exponent; shift >= 0 && shift < len(powersOfTen) {
		return math.Round(x*powersOfTen[shift]) / powersOfTen[shift]
	}
	y, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', n, 64), 64)
	return y
}

var powersOfTen = func() []float64 {
	p := make([]float64, 23) // 10^22 is the largest power of ten a float64 holds exactly
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// FormatNumber writes a number unrounded, empty when it does not apply.
func FormatNumber(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(Clean(x), 'f', -1, 64)
}

func formatRank(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// Values returns the row's cells as text, the contract's columns then the extras.
func (r *Row) Values() []string {
	out := []string{r.Unit, r.UnitName, r.Indicator, r.Period.Code(), FormatNumber(r.Value), FormatNumber(r.Growth),
		r.GrowthSource, r.Ref, FormatNumber(r.RefValue), FormatNumber(r.RefGrowth), FormatNumber(r.ShareOfRef),
		FormatNumber(r.GapPP), FormatNumber(r.Multiple), formatRank(r.RankByValue), formatRank(r.RankByGrowth),
		strconv.Itoa(r.Peers)}
	for _, x := range r.Extras {
		switch x := x.(type) {
		case float64:
			out = append(out, FormatNumber(x))
		case string:
			out = append(out, x)
		}
	}
	return out
}

// WriteCSV writes rows with a header of the columns and the extras.
func WriteCSV(w io.Writer, rows []Row, extras []string) error {
	cw := safecsv.NewWriter(w)
	if err := cw.Write(append(append([]string(nil), Columns...), extras...)); err != nil {
		return err
	}
	for i := range rows {
		if err := cw.Write(rows[i].Values()); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// JSON returns the row as a JSON object with the fields in column order, null where a number
// does not apply; extras follow under their names.
func (r *Row) JSON(extras []string) json.RawMessage {
	var b bytes.Buffer
	b.WriteByte('{')
	field := func(name string, value any) {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(name)
		b.Write(key)
		b.WriteByte(':')
		switch v := value.(type) {
		case float64:
			if math.IsNaN(v) || math.IsInf(v, 0) {
				b.WriteString("null")
				return
			}
			b.WriteString(strconv.FormatFloat(Clean(v), 'f', -1, 64))
		case int:
			if v == 0 && name != "peers" {
				b.WriteString("null")
				return
			}
			b.WriteString(strconv.Itoa(v))
		default:
			enc, _ := json.Marshal(v)
			b.Write(enc)
		}
	}
	field("unit", r.Unit)
	field("unit_name", r.UnitName)
	field("indicator", r.Indicator)
	field("period", r.Period.Code())
	field("value", r.Value)
	field("growth", r.Growth)
	field("growth_source", r.GrowthSource)
	field("ref", r.Ref)
	field("ref_value", r.RefValue)
	field("ref_growth", r.RefGrowth)
	field("share_of_ref", r.ShareOfRef)
	field("gap_pp", r.GapPP)
	field("multiple", r.Multiple)
	field("rank_by_value", r.RankByValue)
	field("rank_by_growth", r.RankByGrowth)
	field("peers", r.Peers)
	for i, name := range extras {
		if i < len(r.Extras) {
			field(name, r.Extras[i])
		}
	}
	b.WriteByte('}')
	return b.Bytes()
}
