// Package demo holds the demo dataset, 济南高新区 and its city, peers and parks in 2019-2020,
// as the data files under data/, and loads it through the ordinary importer.
package demo

import (
	"context"
	"embed"
	"io/fs"

	"zoneboard/ingest"
)

//go:embed data/*.csv
var data embed.FS

// Files returns the demo's data files.
func Files() ([]ingest.File, error) {
	names, err := fs.Glob(data, "data/*.csv")
	if err != nil {
		return nil, err
	}
	var files []ingest.File
	for _, name := range names {
		b, err := data.ReadFile(name)
		if err != nil {
			return nil, err
		}
		files = append(files, ingest.File{Name: name, Data: b})
	}
	return files, nil
}

// Load imports the demo dataset; loading it again changes nothing.
func Load(ctx context.Context, store ingest.Store) (*ingest.Report, error) {
	files, err := Files()
	if err != nil {
		return nil, err
	}
	im := &ingest.Importer{Store: store}
	return im.Import(ctx, files, ingest.Options{Actor: "demo"})
}
