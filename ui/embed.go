// Package ui serves the web front end, built by Vite into ui/dist and embedded in the binary.
// Paths that are not files (the front end's own routes, such as /dashboard?unit=370171) get
// index.html, so that shared and bookmarked addresses open the right page. Without a built
// front end the root page says how to build it.
package ui

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed all:dist
var dist embed.FS

// Handler serves the built front end.
func Handler() http.Handler {
	files, _ := fs.Sub(dist, "dist")
	index, err := fs.ReadFile(files, "index.html")
	if err != nil {
		return http.HandlerFunc(notBuilt)
	}
	static := http.FileServerFS(files)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if name != "" && name != "index.html" {
			if info, err := fs.Stat(files, name); err == nil && !info.IsDir() {
				if strings.HasPrefix(name, "assets/") {
					// Vite names assets by their content, so they never change.
					w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				}
				static.ServeHTTP(w, r)
				return
			}
			if path.Ext(name) != "" {
				http.NotFound(w, r) // a missing file, not a page
				return
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(index)
	})
}

// Built reports whether the binary holds a built front end.
func Built() bool {
	_, err := fs.Stat(dist, "dist/index.html")
	return err == nil
}

func notBuilt(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(`<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>zoneboard</title>
<h1>zoneboard</h1>
<p>The server is running; the web UI is not built into this binary. Build it with <code>make build</code>
(it runs <code>npm ci</code> and <code>npm run build</code> in ui/, then embeds ui/dist). The JSON API is at
<a href="/api/v1/openapi.json">/api/v1/</a>; the health check at <a href="/healthz">/healthz</a>.</p>
</html>`))
}
