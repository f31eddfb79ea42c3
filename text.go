package zoneboard

import (
	"fmt"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxTextLength bounds any one text a user writes (a name, a note, a source, a task's
// description), in characters: enough for a paragraph, and a bound on what one cell may make
// every reader hold.
const MaxTextLength = 4000

// CheckText refuses a text that the stores would treat differently or that no person
// typed: invalid UTF-8 (PostgreSQL refuses it, SQLite keeps it), NUL and the other control
// characters but tab and line breaks (PostgreSQL refuses NUL, SQLite cuts some readers at
// it), and more than MaxTextLength characters. what names the field for the message.
func CheckText(what, s string) error {
	if !utf8.ValidString(s) {
		return Errorf(EInvalid, "%s is not valid UTF-8 text: save the file as UTF-8 or retype it", what)
	}
	n := 0
	for _, r := range s {
		n++
		if r == '\t' || r == '\n' || r == '\r' {
			continue
		}
		if unicode.IsControl(r) {
			return Errorf(EInvalid, "%s holds the control character U+%04X at character %d: remove it", what, r, n)
		}
	}
	if n > MaxTextLength {
		return Errorf(EInvalid, "%s has %d characters, more than the %d allowed: shorten it", what, n, MaxTextLength)
	}
	return nil
}

// CheckTexts applies CheckText to every text of a record or a batch of records (strings,
// nested structs and slices), naming the record by its code where it has one ("unit 370171:
// name"), so that a store gives the same clear refusal whatever its engine.
func CheckTexts(v any) error {
	return checkValue(reflect.ValueOf(v), "")
}

func checkValue(v reflect.Value, where string) error {
	switch v.Kind() {
	case reflect.String:
		return CheckText(where, v.String())
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return checkValue(v.Elem(), where)
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return nil // bytes are data, not text
		}
		if obs, ok := v.Interface().([]Observation); ok {
			return checkObservations(obs) // millions of them: without reflection
		}
		for i := 0; i < v.Len(); i++ {
			item := v.Index(i)
			label := where
			if name := recordName(item); name != "" {
				label = strings.TrimSuffix(strings.TrimSuffix(where, "s"), "_") + " " + name
			} else if where != "" {
				label = fmt.Sprintf("%s %d", where, i+1)
			}
			if err := checkValue(item, label); err != nil {
				return err
			}
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			if err := checkValue(it.Key(), where); err != nil {
				return err
			}
			if err := checkValue(it.Value(), where); err != nil {
				return err
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name := fieldName(f)
			label := name
			if f.Anonymous {
				label = where
			} else if where != "" {
				label = where + ": " + name
			}
			if err := checkValue(v.Field(i), label); err != nil {
				return err
			}
		}
	}
	return nil
}

// fieldName is the field's name as files and the API write it.
func fieldName(f reflect.StructField) string {
	if tag, _, _ := strings.Cut(f.Tag.Get("json"), ","); tag != "" && tag != "-" {
		return tag
	}
	var b strings.Builder
	for i, r := range f.Name {
		if unicode.IsUpper(r) && i > 0 {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// recordName names a record by its code, or an observation by its unit, indicator and period.
func recordName(v reflect.Value) string {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return ""
	}
	if o, ok := v.Interface().(Observation); ok {
		return o.Unit + " " + o.Indicator + " " + o.Period.Code()
	}
	if code := v.FieldByName("Code"); code.IsValid() && code.Kind() == reflect.String && utf8.ValidString(code.String()) {
		return code.String()
	}
	return ""
}

func checkObservations(obs []Observation) error {
	for i := range obs {
		o := &obs[i]
		for _, f := range [...]struct{ name, text string }{{"status", o.Status}, {"source", o.Source}, {"note", o.Note}, {"recorded_by", o.RecordedBy}} {
			if f.text == "" {
				continue
			}
			if CheckText(f.name, f.text) != nil { // the label is built only for the message
				return CheckText("observation "+o.Unit+" "+o.Indicator+" "+o.Period.Code()+": "+f.name, f.text)
			}
		}
	}
	return nil
}
