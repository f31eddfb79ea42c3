// Package demo holds the demo dataset, 济南高新区 and its city, peers and parks in 2019-2020,
// as the data files under data/, and loads it through the ordinary importer.
package demo

import (
	"context"
	"embed"
	"io/fs"

	"zoneboard"
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
	return im.Import(ctx, files, ingest.Options{Actor: "demo", Audit: zoneboard.AuditNote{Action: zoneboard.ActionDemoLoad}})
}

// Users are the demo's users, one of each role, and reporters of the zone and of a park.
var Users = []zoneboard.User{
	{Name: "admin", DisplayName: "系统管理员", Role: zoneboard.RoleAdmin},
	{Name: "analyst", DisplayName: "经济运行分析员", Role: zoneboard.RoleAnalyst},
	{Name: "zone-reporter", DisplayName: "高新区统计填报员", Role: zoneboard.RoleReporter, Scope: []string{"370171"}},
	{Name: "bonded-reporter", DisplayName: "综合保税区填报员", Role: zoneboard.RoleReporter, Scope: []string{"370171-01"}},
	{Name: "zo-reporter", DisplayName: "中欧制造业发展中心填报员", Role: zoneboard.RoleReporter, Scope: []string{"370171-02"}},
	{Name: "viewer", DisplayName: "领导查阅", Role: zoneboard.RoleViewer},
}

// AsOf is the day the demo's plan is judged at: the end of May 2020, when the seed article was
// written, so that the plan shows what was done and due then rather than everything overdue.
const AsOf = "2020-05-31"
