package msg

import (
	"errors"
	"fmt"
	"testing"
)

func TestNamedShowsTheNameWithTheCode(t *testing.T) {
	for _, tt := range []struct {
		named  Named
		zh, en string
	}{
		{Named{Code: "370102", Name: "历下区", NameEn: "Lixia District"}, "历下区（370102）", "Lixia District (370102)"},
		{Named{Code: "370102", Name: "历下区"}, "历下区（370102）", "历下区 (370102)"},
		{Named{Code: "370102"}, "370102", "370102"},
		{Named{Code: "gdp", Name: "gdp"}, "gdp", "gdp"},
	} {
		if got := tt.named.In(Chinese); got != tt.zh {
			t.Errorf("%+v in Chinese: %q, want %q", tt.named, got, tt.zh)
		}
		if got := tt.named.In(English); got != tt.en {
			t.Errorf("%+v in English: %q, want %q", tt.named, got, tt.en)
		}
	}
}

func TestAMessageRendersItsArgumentsInTheReadersLanguage(t *testing.T) {
	m := New("import.negative", "unit", Named{Code: "370102", Name: "历下区", NameEn: "Lixia District"},
		"indicator", Named{Code: "gdp", Name: "地区生产总值", NameEn: "GDP"}, "period", Both{Zh: "2020年", En: "2020"}, "value", -3.5)
	if got, want := m.In(Chinese), "历下区（370102）地区生产总值（gdp）2020年为-3.5，该指标不能为负数：请更正符号，或为该指标设置allow_negative"; got != want {
		t.Errorf("Chinese:\n%s\nwant\n%s", got, want)
	}
	if got, want := m.In(English), "-3.5 is negative, but GDP (gdp) cannot be (Lixia District (370102), 2020): correct the sign, or set allow_negative for the indicator"; got != want {
		t.Errorf("English:\n%s\nwant\n%s", got, want)
	}
	if m.Error() != m.In(English) {
		t.Errorf("a message as an error reads %q", m.Error())
	}
	// An error argument speaks the reader's language when it can.
	wrapped := fmt.Errorf("while reading: %w", New("period.empty"))
	if got := New("import.parent", "error", wrapped).In(Chinese); got != "上级单位：为空" {
		t.Errorf("a wrapped message in Chinese: %q", got)
	}
	if got := New("import.parent", "error", errors.New("plain")).In(Chinese); got != "上级单位：plain" {
		t.Errorf("a plain error in Chinese: %q", got)
	}
	if got := New("value.not_a_choice", "text", Quoted("x"), "what", Noun("frequency"), "choices", []string{"month", "year"}).In(Chinese); got != "“x”不是有效的发布频率：请填写month、year之一" {
		t.Errorf("a list in Chinese: %q", got)
	}
}

func TestTheLanguageOfARequest(t *testing.T) {
	for _, tt := range []struct {
		header string
		want   string
		ok     bool
	}{
		{"", "", false},
		{"zh-CN,zh;q=0.9,en;q=0.8", Chinese, true},
		{"en-US,en;q=0.9", English, true},
		{"fr-FR,fr;q=0.9,en;q=0.5,zh;q=0.3", English, true},
		{"zh;q=0.2, en;q=0.7", English, true},
		{"en;q=0, zh-TW", Chinese, true},
		{"de, fr", "", false},
	} {
		got, ok := FromAcceptLanguage(tt.header)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Accept-Language %q: %q %v, want %q %v", tt.header, got, ok, tt.want, tt.ok)
		}
	}
	for tag, want := range map[string]string{"zh": Chinese, "ZH-cn": Chinese, "en_GB": English, "": Chinese, "fr": Chinese} {
		if got := Normalize(tag); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", tag, got, want)
		}
	}
}
