// Package notify delivers reminders: by e-mail through an SMTP server, or as JSON posted to a
// webhook (a chat robot, a ticket system). Secrets in a server's address never reach a
// message or an error.
package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/smtp"
	"net/url"
	"strings"
	"time"
)

// Webhook posts a JSON payload to a URL and expects a 2xx answer within ten seconds.
func Webhook(ctx context.Context, target string, payload any) error {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("the webhook %q is not an http:// or https:// address", redact(target))
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("the webhook %s did not answer: %v", redact(target), unwrapURLError(err))
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("the webhook %s answered %s", redact(target), resp.Status)
	}
	return nil
}

// Mail is an e-mail to send.
type Mail struct {
	From    string
	To      []string
	Subject string
	Body    string
}

// Send delivers a mail through the SMTP server smtp://[user:password@]host:port, with
// STARTTLS when the server offers it; a password is only sent over TLS or to this machine.
func Send(ctx context.Context, server string, m Mail) error {
	u, err := url.Parse(server)
	if err != nil || u.Scheme != "smtp" || u.Host == "" {
		return fmt.Errorf("the mail server %q is not an address like smtp://host:25", redact(server))
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "25")
	}
	dialer := net.Dialer{Timeout: 10 * time.Second}
	conn, err := dialer.DialContext(ctx, "tcp", host)
	if err != nil {
		return fmt.Errorf("cannot reach the mail server %s: %v", u.Host, err)
	}
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	c, err := smtp.NewClient(conn, u.Hostname())
	if err != nil {
		conn.Close()
		return fmt.Errorf("the mail server %s: %v", u.Host, err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: u.Hostname(), MinVersion: tls.VersionTLS12}); err != nil {
			return fmt.Errorf("the mail server %s: STARTTLS failed: %v", u.Host, err)
		}
	}
	if u.User != nil {
		password, _ := u.User.Password()
		// PlainAuth itself refuses to send a password in the clear except to localhost.
		if err := c.Auth(smtp.PlainAuth("", u.User.Username(), password, u.Hostname())); err != nil {
			return fmt.Errorf("the mail server %s refused the sign-in: %v", u.Host, err)
		}
	}
	if err := c.Mail(m.From); err != nil {
		return fmt.Errorf("the mail server %s refused the sender %s: %v", u.Host, m.From, err)
	}
	for _, to := range m.To {
		if err := c.Rcpt(to); err != nil {
			return fmt.Errorf("the mail server %s refused the recipient %s: %v", u.Host, to, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(message(m)); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("the mail server %s did not take the message: %v", u.Host, err)
	}
	return c.Quit()
}

// message writes a UTF-8 mail: the subject encoded for Chinese, the body in base64 lines.
func message(m Mail) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMIME-Version: 1.0\r\n", m.From, strings.Join(m.To, ", "),
		mime.BEncoding.Encode("utf-8", m.Subject), time.Now().Format(time.RFC1123Z))
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(m.Body))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes()
}

// redact hides the password, the path and the query (which often hold a key) of an address.
func redact(address string) string {
	u, err := url.Parse(address)
	if err != nil {
		return "(an address that does not parse)"
	}
	// Chat robots' webhooks carry their key in the path or the query: show the host only.
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" {
		return u.Scheme + "://" + u.Host + "/…"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	return u.String()
}

func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}
