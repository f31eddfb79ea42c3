package brief

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"sync"

	"gopkg.in/yaml.v3"

	"zoneboard"
)

//go:embed default.yaml
var defaultTemplate []byte

// Template says what a briefing holds: its title, the lead's headline indicators and shared
// statements, the sections in order, and how each indicator is named and phrased. It is a file
// that users edit, not code.
type Template struct {
	// Masthead is the bulletin's head (版头) and closing lines (版记) as the issuing office
	// prints them on the Word file and the print view.
	Masthead Masthead `yaml:"masthead"`

	Title           string    `yaml:"title"`
	TitleEn         string    `yaml:"title_en"`
	RefName         string    `yaml:"ref_name"`
	RefNameEn       string    `yaml:"ref_name_en"`
	PeersName       string    `yaml:"peers_name"`
	PeersNameEn     string    `yaml:"peers_name_en"`
	RankTop         int       `yaml:"rank_top"`
	ChangeThreshold float64   `yaml:"change_threshold"`
	Lead            Lead      `yaml:"lead"`
	Sections        []Section `yaml:"sections"`
	// Others, when set, is a last section holding the indicators that no other section names
	// (a zone's own indicators, outside the catalogue), in their display order.
	Others     *Section                     `yaml:"others"`
	Plan       PlanSection                  `yaml:"plan"`
	Indicators map[string]IndicatorPhrasing `yaml:"indicators"`
}

// Lead is the first paragraph.
type Lead struct {
	Indicators []string   `yaml:"indicators"`
	Together   []Together `yaml:"together"`
}

// Together is a statement several indicators share ("...增速均达到全市平均水平1.8倍以上"),
// made only when it holds for every one of them.
type Together struct {
	Indicators      []string `yaml:"indicators"`
	Names           []string `yaml:"names"`
	NamesEn         []string `yaml:"names_en"`
	MultipleAtLeast float64  `yaml:"multiple_at_least"`
}

// Section is a themed paragraph. Its indicators, like every indicator a template names, are
// named by code, by name or by an entry of the indicator catalogue (gdp, 地区生产总值, 进出口总额),
// so that one template serves zones whose codes differ.
type Section struct {
	Title      string   `yaml:"title"`
	TitleEn    string   `yaml:"title_en"`
	Indicators []string `yaml:"indicators"`
}

// IndicatorPhrasing overrides how one indicator is written.
type IndicatorPhrasing struct {
	Name       string `yaml:"name"`
	NameEn     string `yaml:"name_en"`
	Verb       string `yaml:"verb"`
	Multiple   string `yaml:"multiple"`
	MultipleEn string `yaml:"multiple_en"`
	// Share is whether to state the share of the reference; unset means yes.
	Share *bool `yaml:"share"`
}

var parsedDefault = sync.OnceValue(func() *Template {
	t, err := ParseTemplate(defaultTemplate)
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return t
})

// DefaultTemplate returns the template shipped with zoneboard; it is shared, so do not change it.
func DefaultTemplate() *Template { return parsedDefault() }

// DefaultTemplateText is the default template's file, to copy and edit.
func DefaultTemplateText() []byte { return defaultTemplate }

// ParseTemplate reads a template file, refusing unknown keys so that a misspelt key is not
// silently ignored.
func ParseTemplate(data []byte) (*Template, error) {
	var t Template
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("briefing template: %v", err)
	}
	if t.RankTop == 0 {
		t.RankTop = 3
	}
	if t.ChangeThreshold == 0 {
		t.ChangeThreshold = 1
	}
	for i, tg := range t.Lead.Together {
		if len(tg.Names) > 0 && len(tg.Names) != len(tg.Indicators) {
			return nil, fmt.Errorf("briefing template: lead.together[%d] has %d names for %d indicators", i, len(tg.Names), len(tg.Indicators))
		}
		if len(tg.NamesEn) > 0 && len(tg.NamesEn) != len(tg.Indicators) {
			return nil, fmt.Errorf("briefing template: lead.together[%d] has %d English names for %d indicators", i, len(tg.NamesEn), len(tg.Indicators))
		}
		if tg.MultipleAtLeast <= 0 {
			return nil, fmt.Errorf("briefing template: lead.together[%d] needs multiple_at_least above 0", i)
		}
	}
	return &t, nil
}

// TemplateSetting is where the briefing template users edit in the application is saved.
const TemplateSetting = "brief_template"

// SavedTemplate is the template users saved in the application, else fallback (nil: the
// built-in one). The server and the CLI write the same briefing from the same store.
func SavedTemplate(ctx context.Context, settings zoneboard.SettingService, fallback *Template) (*Template, error) {
	text, err := settings.Setting(ctx, TemplateSetting)
	if err != nil || text == "" {
		return fallback, err
	}
	return ParseTemplate([]byte(text))
}
