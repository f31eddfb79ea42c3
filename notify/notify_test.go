package notify

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRedactHidesKeys(t *testing.T) {
	for in, want := range map[string]string{
		"https://open.feishu.cn/open-apis/bot/v2/hook/0123-secret": "https://open.feishu.cn/…",
		"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc": "https://qyapi.weixin.qq.com/…",
		"smtp://robot:p%40ss@mail.example.org:587":                 "smtp://robot@mail.example.org:587",
		"http://127.0.0.1:9000":                                    "http://127.0.0.1:9000",
	} {
		if got := redact(in); got != want || strings.Contains(got, "secret") || strings.Contains(got, "p%40ss") {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMessageEncodesChineseAndNoHeaderCanBeInjected(t *testing.T) {
	m := message(Mail{From: "a@example.org", To: []string{"b@example.org"}, Subject: "【督办提醒】综合保税区\r\nBcc: evil@example.org",
		Body: "章锦综保区封关验收已逾期"})
	head, body, _ := strings.Cut(string(m), "\r\n\r\n")
	if strings.Contains(head, "\r\nBcc:") || !strings.Contains(head, "Subject: =?utf-8?b?") {
		t.Errorf("headers:\n%s", head)
	}
	decoded, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(body, "\r\n", ""))
	if err != nil || string(decoded) != "章锦综保区封关验收已逾期" {
		t.Errorf("body %q: %v", decoded, err)
	}
}

func TestWebhookReportsFailures(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Errorf("content type %q", r.Header.Get("Content-Type"))
		}
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	err := Webhook(context.Background(), srv.URL+"/hook/secret-key", map[string]string{"a": "b"})
	if err == nil || !strings.Contains(err.Error(), "502") || strings.Contains(err.Error(), "secret-key") {
		t.Errorf("a failing webhook: %v", err)
	}
	if err := Webhook(context.Background(), "ftp://example.org/x", nil); err == nil {
		t.Error("an ftp webhook was accepted")
	}
}
