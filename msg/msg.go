// Package msg is the one catalogue of the messages zoneboard says to a person, in Chinese and
// English. A Message is a catalogue id with named arguments; it renders in the language of the
// person who reads it. The package knows no SQL, HTTP or other part of the project.
package msg

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// The languages every message has.
const (
	Chinese = "zh"
	English = "en"
)

// Default is the language of a reader who asked for none.
const Default = Chinese

// Text is anything that reads differently in each language.
type Text interface {
	In(lang string) string
}

// Message is one catalogue entry with its arguments, given as name, value pairs: the names are
// the entry's placeholders without braces.
type Message struct {
	ID   string
	Args []any
}

// New returns the message id with its arguments as name, value pairs.
func New(id string, args ...any) Message { return Message{ID: id, Args: args} }

// Error makes a Message an error whose text is English, for logs and code that reads errors as
// strings; In gives the reader's language.
func (m Message) Error() string { return m.In(English) }

// In renders the message in lang (zh or en; anything else reads as Chinese).
func (m Message) In(lang string) string {
	entry, ok := catalogue[m.ID]
	if !ok {
		// An id missing from the catalogue is a defect the catalogue test catches; still
		// show the reader something that names it.
		return m.ID
	}
	format := entry.zh
	if Normalize(lang) == English {
		format = entry.en
	}
	return expand(format, func(name string) (string, bool) {
		for i := 0; i+1 < len(m.Args); i += 2 {
			if m.Args[i] == name {
				return Value(m.Args[i+1], lang), true
			}
		}
		return "", false
	})
}

// expand replaces each {name} of format by lookup(name); an unknown name stays as written.
func expand(format string, lookup func(string) (string, bool)) string {
	var b strings.Builder
	for {
		open := strings.IndexByte(format, '{')
		if open < 0 {
			b.WriteString(format)
			return b.String()
		}
		end := strings.IndexByte(format[open:], '}')
		if end < 0 {
			b.WriteString(format)
			return b.String()
		}
		end += open
		b.WriteString(format[:open])
		if v, ok := lookup(format[open+1 : end]); ok {
			b.WriteString(v)
		} else {
			b.WriteString(format[open : end+1])
		}
		format = format[end+1:]
	}
}

// Placeholders lists the names of the {placeholders} of a text, in order, each once.
func Placeholders(text string) []string {
	var names []string
	seen := map[string]bool{}
	expand(text, func(name string) (string, bool) {
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
		return "", true
	})
	return names
}

// Value renders one argument in lang: texts and errors in their language, numbers as a person
// writes them, lists joined as the language joins them.
func Value(v any, lang string) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case Text:
		return v.In(lang)
	case error:
		var t Text
		if errors.As(v, &t) {
			return t.In(lang)
		}
		return v.Error()
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case *float64:
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	case int:
		return strconv.Itoa(v)
	case []string:
		if Normalize(lang) == English {
			return strings.Join(v, ", ")
		}
		return strings.Join(v, "、")
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprint(v)
}

// Named is a unit, indicator or other thing known by a code and a name in each language:
// 历下区（370102） in Chinese, Lixia District (370102) in English.
type Named struct {
	Code   string
	Name   string
	NameEn string
}

// In names the thing with its code; without a name, by its code alone.
func (n Named) In(lang string) string {
	name := n.Name
	if Normalize(lang) == English && n.NameEn != "" {
		name = n.NameEn
	}
	switch {
	case name == "" || name == n.Code:
		return n.Code
	case n.Code == "":
		return name
	case Normalize(lang) == English:
		return name + " (" + n.Code + ")"
	}
	return name + "（" + n.Code + "）"
}

// Both is a text given in each language, such as a word the program does not keep in its
// catalogue because it comes from the data.
type Both struct{ Zh, En string }

// In returns the text of lang, or the Chinese one where no English is given.
func (b Both) In(lang string) string {
	if Normalize(lang) == English && b.En != "" {
		return b.En
	}
	return b.Zh
}

// Quoted shows a text as the reader's language quotes it: “…” in Chinese, "…" in English.
type Quoted string

func (q Quoted) In(lang string) string {
	if Normalize(lang) == English {
		return strconv.Quote(string(q))
	}
	return "“" + string(q) + "”"
}

// Normalize reads a language tag: zh, zh-CN, zh_Hans read as zh; en, en-US as en; anything
// else, and nothing, as the default.
func Normalize(lang string) string {
	if l, ok := Parse(lang); ok {
		return l
	}
	return Default
}

// Parse reads a language tag as zh or en; ok is false for any other language.
func Parse(tag string) (lang string, ok bool) {
	tag = strings.ToLower(strings.TrimSpace(tag))
	switch {
	case tag == "zh" || strings.HasPrefix(tag, "zh-") || strings.HasPrefix(tag, "zh_"):
		return Chinese, true
	case tag == "en" || strings.HasPrefix(tag, "en-") || strings.HasPrefix(tag, "en_"):
		return English, true
	}
	return "", false
}

// FromAcceptLanguage picks zh or en from an HTTP Accept-Language header by the weights it
// gives; ok is false when it names neither.
func FromAcceptLanguage(header string) (lang string, ok bool) {
	best, bestWeight := "", -1.0
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		l, known := Parse(tag)
		if !known {
			continue
		}
		weight := 1.0
		if q, found := strings.CutPrefix(strings.TrimSpace(params), "q="); found {
			if w, err := strconv.ParseFloat(q, 64); err == nil {
				weight = w
			}
		}
		if weight > bestWeight && weight > 0 {
			best, bestWeight = l, weight
		}
	}
	return best, best != ""
}

// FromError is an error as a text: in the reader's language where the error has one (a
// Message, or an error that wraps a Text), else its own message.
func FromError(err error) Text { return errorText{err} }

type errorText struct{ err error }

func (e errorText) In(lang string) string { return Value(e.err, lang) }

// Noun is the catalogue's word for a kind of thing, such as "unit" or "due day": the entry
// noun.unit or noun.due_day.
func Noun(word string) Message { return New("noun." + strings.ReplaceAll(word, " ", "_")) }
