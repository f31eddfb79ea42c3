package engine

import (
	"math"
	"testing"
)

func TestCleanRemovesBinaryNoiseOnly(t *testing.T) {
	tests := map[float64]string{
		9.3 - -13.4:               "22.7",
		6.9 - 7.0:                 "-0.1",
		520.1 - 243.5:             "276.6",
		123456789012.34:           "123456789012.34",
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
		// Whatever the path, the result is within 1e-13 of the number.
		if math.Abs(Clean(x)-x) > math.Abs(x)*1e-13 {
			t.Errorf("Clean(%v) = %v moves the number", x, Clean(x))
		}
	}
}
