package ingest_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"zoneboard/ingest"
	"zoneboard/sqlstore"
	"zoneboard/synthetic"
)

// province is a realistic province: 150 units, 60 monthly indicators, 10 years: 990,000 rows.
var province = synthetic.Shape{Units: 150, Indicators: 60, Years: 10, FirstYear: 2015, Seed: 1}

func definitions(b *testing.B, shape synthetic.Shape) []ingest.File {
	var units, indicators bytes.Buffer
	if err := shape.WriteDefinitions(&units, &indicators); err != nil {
		b.Fatal(err)
	}
	return []ingest.File{{Name: "units.csv", Data: units.Bytes()}, {Name: "indicators.csv", Data: indicators.Bytes()}}
}

// openBenchStore opens an empty store with the shape's units and indicators: SQLite in a
// temporary directory, or PostgreSQL when ZONEBOARD_BENCH_POSTGRES names a scratch database.
func openBenchStore(b *testing.B, dialect string, shape synthetic.Shape) *sqlstore.DB {
	ctx := context.Background()
	dsn := filepath.Join(b.TempDir(), "bench.db")
	if dialect == "postgres" {
		dsn = os.Getenv("ZONEBOARD_BENCH_POSTGRES")
		if dsn == "" {
			b.Skip("set ZONEBOARD_BENCH_POSTGRES to a scratch PostgreSQL database to benchmark it; its tables are emptied")
		}
	}
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if dialect == "postgres" {
		if err := db.Truncate(ctx); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := (&ingest.Importer{Store: db}).Import(ctx, definitions(b, shape), ingest.Options{}); err != nil {
		b.Fatal(err)
	}
	return db
}

func benchmarkImportCSV(b *testing.B, dialect string) {
	var data bytes.Buffer
	if err := province.WriteObservations(&data); err != nil {
		b.Fatal(err)
	}
	file := ingest.File{Name: "observations.csv", Data: data.Bytes()}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := openBenchStore(b, dialect, province)
		b.StartTimer()
		report, err := (&ingest.Importer{Store: db}).Import(context.Background(), []ingest.File{file}, ingest.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if report.Result.Observations.Created != province.Rows() {
			b.Fatalf("created %d, want %d", report.Result.Observations.Created, province.Rows())
		}
	}
	b.ReportMetric(float64(province.Rows())*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkImportCSV1M imports 990,000 observation rows into an empty SQLite store.
func BenchmarkImportCSV1M(b *testing.B) { benchmarkImportCSV(b, "sqlite") }

// BenchmarkImportCSV1MPostgres imports the same rows into PostgreSQL.
func BenchmarkImportCSV1MPostgres(b *testing.B) { benchmarkImportCSV(b, "postgres") }

// BenchmarkImportXLSX100k imports a 100,000-row observations workbook into SQLite.
func BenchmarkImportXLSX100k(b *testing.B) {
	shape := synthetic.Shape{Units: 150, Indicators: 6, Years: 10, FirstYear: 2015, Seed: 2} // 99,000 rows
	var data bytes.Buffer
	if err := shape.WriteObservations(&data); err != nil {
		b.Fatal(err)
	}
	workbook := csvToWorkbook(b, data.Bytes())
	file := ingest.File{Name: "observations.xlsx", Data: workbook}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := openBenchStore(b, "sqlite", shape)
		b.StartTimer()
		report, err := (&ingest.Importer{Store: db}).Import(context.Background(), []ingest.File{file}, ingest.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if report.Result.Observations.Created != shape.Rows() {
			b.Fatalf("created %d, want %d", report.Result.Observations.Created, shape.Rows())
		}
	}
	b.ReportMetric(float64(shape.Rows())*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func csvToWorkbook(b *testing.B, csvData []byte) []byte {
	wb := excelize.NewFile()
	sw, err := wb.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	for i, line := range bytes.Split(bytes.TrimSpace(csvData), []byte("\n")) {
		fields := bytes.Split(line, []byte(","))
		row := make([]any, len(fields))
		for j, f := range fields {
			row[j] = string(f)
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", i+1), row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := wb.WriteTo(&out); err != nil {
		b.Fatal(err)
	}
	return out.Bytes()
}
