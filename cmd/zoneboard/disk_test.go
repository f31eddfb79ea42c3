package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"zoneboard/internal/testdep"
)

// smallDisk mounts a tmpfs of the given size (root only, as CI runs) and unmounts it at the
// end.
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "disk")
	os.MkdirAll(dir, 0o755)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		testdep.Missing(t, "full-disk and read-only tests", "mounting a tmpfs (root)", fmt.Sprintf("run as root: %s", strings.TrimSpace(string(out))))
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

// fill writes a file until the disk is full, and returns it for removing.
func fill(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	block := make([]byte, 64<<10)
	for {
		if _, err := f.Write(block); err != nil {
			if !strings.Contains(err.Error(), "no space") {
				t.Fatal(err)
			}
			return path
		}
	}
}

func putFigure(t *testing.T, base string, value float64) (int, string) {
	t.Helper()
	body := fmt.Sprintf(`{"observations":[{"unit":"370171","indicator":"gdp","period":"2021","value":%g,"growth":8}]}`, value)
	req, _ := http.NewRequest("PUT", base+"/api/v1/observations", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}

// TestAFullDiskRefusesWritesAndKeepsReads fills the database's disk: writes are refused with
// a clear 503 (exit status 1 on the CLI), reads go on, /healthz says so, and once space is
// freed writes work again without any repair.
func TestAFullDiskRefusesWritesAndKeepsReads(t *testing.T) {
	c := newCLI(t)
	c.db = filepath.Join(smallDisk(t, "12m"), "zoneboard.db")
	c.mustRun("demo", "--load-only")
	base := c.startServer(t)
	filler := fill(t, filepath.Dir(c.db))
	// A write large enough to need new pages.
	var b strings.Builder
	b.WriteString("unit,indicator,period,value,growth,note\n")
	for y := 2001; y <= 2018; y++ {
		for m := 1; m <= 12; m++ {
			fmt.Fprintf(&b, "370171,listed_firms,%d-%02d,%d,,%s\n", y, m, y-1900, strings.Repeat("说明", 40))
		}
	}
	big := c.file("big.csv", b.String())
	// the big file itself may not fit on the full disk: it lives in the test's own directory
	_, errText, status := c.run("import", big)
	if status != 1 || !strings.Contains(errText, "disk is full") || !strings.Contains(errText, "nothing was written") {
		t.Errorf("import on a full disk: exit %d, %s", status, errText)
	}
	if status, body := putFigure(t, base, 1400); status != 503 || !strings.Contains(body, "disk is full") {
		t.Errorf("PUT on a full disk: %d %s\n%s", status, body, c.log.String())
	}
	if h := getJSON(t, base+"/healthz", 200); h["status"] != "degraded" || !strings.Contains(fmt.Sprint(h["reason"]), "disk is full") {
		t.Errorf("/healthz on a full disk: %v", h)
	}
	if q := getJSON(t, base+"/api/v1/query?indicator=gdp&period=2020&unit=370171", 200); q == nil {
		t.Error("no reads on a full disk")
	}
	if out := c.mustRun("query", "--indicator", "gdp", "--period", "2020", "--unit", "370171"); !strings.Contains(out, "1291.5") {
		t.Errorf("CLI read on a full disk: %s", out)
	}
	os.Remove(filler)
	if status, body := putFigure(t, base, 1400); status != 200 {
		t.Errorf("PUT after freeing space: %d %s", status, body)
	}
	if h := getJSON(t, base+"/healthz", 200); h["status"] != "ok" {
		t.Errorf("/healthz after freeing space: %v", h)
	}
}

// TestAReadOnlyDatabaseServesReads remounts the database's disk read-only: the server starts
// and serves reads, writes get 503, /healthz reports it, the CLI reads and refuses writes.
func TestAReadOnlyDatabaseServesReads(t *testing.T) {
	c := newCLI(t)
	disk := smallDisk(t, "32m")
	c.db = filepath.Join(disk, "zoneboard.db")
	c.mustRun("demo", "--load-only")
	// the test admin and its token, while the disk is writable
	c.mustRun("user", "add", "test-admin", "--role", "admin")
	printed := strings.TrimSpace(c.mustRun("user", "token", "test-admin", "--name", "tests"))
	token := printed[strings.LastIndex(printed, "\n")+1:]
	if err := syscall.Mount("", disk, "", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("cannot remount read-only: %v", err)
	}
	_, errText, status := c.run("import", c.file("one.csv", "unit,indicator,period,value,growth\n370171,gdp,2021,1400,8\n"))
	if status != 1 || !strings.Contains(errText, "read-only") {
		t.Errorf("import into a read-only database: exit %d, %s", status, errText)
	}
	if out := c.mustRun("query", "--indicator", "gdp", "--period", "2020", "--unit", "370171"); !strings.Contains(out, "1291.5") {
		t.Errorf("CLI read of a read-only database: %s", out)
	}
	base, _ := c.startServerWithoutAdmin(t)
	tokens.Store(strings.TrimPrefix(base, "http://"), token)
	if h := getJSON(t, base+"/healthz", 200); h["status"] != "degraded" || !strings.Contains(fmt.Sprint(h["reason"]), "read-only") {
		t.Errorf("/healthz of a read-only database: %v", h)
	}
	if status, body := putFigure(t, base, 1400); status != 503 || !strings.Contains(body, "read-only") {
		t.Errorf("PUT into a read-only database: %d %s", status, body)
	}
}
