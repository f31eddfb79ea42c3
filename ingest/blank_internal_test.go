package ingest

import (
	"slices"
	"strings"
	"testing"

	"zoneboard"
)

// TestBlankDropDownsHoldWhatTheImporterReads checks every value of every drop-down list of
// the blank templates, in both languages, against the importer's readers.
func TestBlankDropDownsHoldWhatTheImporterReads(t *testing.T) {
	if refused := blankChoicesRefused(); len(refused) > 0 {
		t.Errorf("the importer refuses these drop-down values: %v", refused)
	}
}

// blankChoicesRefused reports each drop-down value the importer would refuse.
func blankChoicesRefused() []string {
	readers := map[string]map[string]string{
		"status": statusWords, "frequency": frequencyWords, "price_basis": priceBasisWords, "aggregate": aggregateWords,
		"better": betterWords, "indicators/measure": quantityWords, "targets/measure": measureWords,
		"level": projectLevelWords, "type": projectTypeWords,
	}
	var refused []string
	for key, words := range choicesOf {
		for _, w := range words {
			for _, v := range []string{w.en, w.zh} {
				ok := false
				switch {
				case slices.Equal(words, yesNoWords):
					_, err := parseBool(v)
					ok = err == nil
				case key == "units/kind":
					_, ok = zoneboard.ParseUnitKind(v)
				default:
					_, ok = readers[key][strings.ToLower(v)]
				}
				if !ok {
					refused = append(refused, key+": "+v)
				}
			}
		}
	}
	return refused
}
