package perf

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// LoadResult is what a load test measured.
type LoadResult struct {
	Clients  int
	Duration time.Duration
	Requests int
	Errors   int
	Latency  Timing
	// FirstError describes the first failure, if any.
	FirstError string
}

// Load sends GET requests to target from clients concurrent clients, each waiting for its
// answer before the next request, for the duration; every answer must be 200. It only targets
// this machine: a load test must never leave it. token, when set, is sent as a bearer token.
func Load(ctx context.Context, target, token string, clients int, duration time.Duration) (*LoadResult, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, err
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); !(host == "localhost" || (ip != nil && ip.IsLoopback())) {
		return nil, fmt.Errorf("perf: a load test targets this machine only (127.0.0.1, ::1 or localhost), not %s", host)
	}
	transport := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, IdleConnTimeout: time.Minute}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	deadline := time.Now().Add(duration)
	var mu sync.Mutex
	result := &LoadResult{Clients: clients, Duration: duration}
	var samples []time.Duration
	var wg sync.WaitGroup
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			errors := 0
			first := ""
			for time.Now().Before(deadline) && ctx.Err() == nil {
				start := time.Now()
				resp, err := get(ctx, client, target, token)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				if err != nil {
					errors++
					if first == "" {
						first = err.Error()
					}
					continue
				}
				mine = append(mine, time.Since(start))
			}
			mu.Lock()
			samples = append(samples, mine...)
			result.Errors += errors
			if result.FirstError == "" {
				result.FirstError = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	result.Requests = len(samples) + result.Errors
	if len(samples) == 0 {
		return result, fmt.Errorf("perf: no request succeeded: %s", result.FirstError)
	}
	result.Latency = summarise(samples)
	return result, nil
}

// Print writes the load test's figures.
func (r *LoadResult) Print(w io.Writer, target string) {
	fmt.Fprintf(w, "| load: %d clients for %s on %s | %d requests (%.0f/s), %d errors, median %.2f ms, p99 %.2f ms |\n",
		r.Clients, r.Duration, target, r.Requests, float64(r.Requests)/r.Duration.Seconds(), r.Errors,
		float64(r.Latency.Median.Microseconds())/1000, float64(r.Latency.P99.Microseconds())/1000)
}

// get sends one GET, with the bearer token when there is one.
func get(ctx context.Context, client *http.Client, target, token string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return client.Do(req)
}
