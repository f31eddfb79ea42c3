package ingest_test

import (
	"bytes"
	"context"
	"testing"

	"zoneboard/ingest"
)

// BenchmarkReimportCSV1M imports 990,000 rows that are all stored already: validation against
// the store and the comparison of every row, with nothing to write.
func BenchmarkReimportCSV1M(b *testing.B) {
	var data bytes.Buffer
	if err := province.WriteObservations(&data); err != nil {
		b.Fatal(err)
	}
	file := ingest.File{Name: "observations.csv", Data: data.Bytes()}
	db := openBenchStore(b, "sqlite", province)
	im := &ingest.Importer{Store: db}
	if _, err := im.Import(context.Background(), []ingest.File{file}, ingest.Options{}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		report, err := im.Import(context.Background(), []ingest.File{file}, ingest.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if report.Result.Observations.Unchanged != province.Rows() {
			b.Fatalf("unchanged %d, want %d", report.Result.Observations.Unchanged, province.Rows())
		}
	}
}
