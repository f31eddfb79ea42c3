package engine

import (
	"math"
	"strconv"
	"testing"
)

func TestCleanRemovesBinaryNoiseOnly(t *testing.T) {
	tests := map[float64]string{
		9.3 - -13.4:               "22.7",
		147.2 / 280.9 * 100:       "52.4029903880384",
		48.1 / 20.9:               "2.30143540669856",
		1150.2:                    "1150.2",
		0.1 + 0.2:                 "0.3",
		-6.4:                      "-6.4",
		123456789.123:             "123456789.123",
		1e-7 * 3:                  "0.0000003",
		12.1799351928331 * 1:      "12.1799351928331",
		(1150.2/1040.9 - 1) * 100: "10.5005283888942",
	}
	for x, want := range tests {
		if got := FormatNumber(x); got != want {
			t.Errorf("FormatNumber(%v) = %s, want %s", x, got, want)
		}
		// Whatever the path, the result agrees with 15 significant digits.
		ref, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 15, 64), 64)
		if math.Abs(Clean(x)-ref) > math.Abs(ref)*1e-15 {
			t.Errorf("Clean(%v) = %v, want %v", x, Clean(x), ref)
		}
	}
}
