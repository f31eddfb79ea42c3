package ingest

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"zoneboard/internal/safecsv"

	"zoneboard"
	"zoneboard/msg"
)

// notPublished are the marks bulletins print where a figure is not published.
var notPublished = map[string]bool{"": true, "-": true, "—": true, "–": true, "－": true, "…": true, "...": true, "/": true, "——": true}

var thousands = regexp.MustCompile(`^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$`)

// parseNumber reads a published figure: 1150.2, -13.4, 1,150.2 (grouped thousands), or a mark
// of a figure not published. percent allows a trailing % sign, as growth columns carry.
func parseNumber(s string, percent bool) (*float64, error) {
	s = strings.TrimSpace(foldWidth(s))
	if notPublished[s] {
		return nil, nil
	}
	text := s
	if percent {
		s = strings.TrimSuffix(s, "%")
	}
	if strings.Contains(s, ",") {
		if !thousands.MatchString(s) {
			return nil, msg.New("value.comma", "text", msg.Quoted(text))
		}
		s = strings.ReplaceAll(s, ",", "")
	}
	v, err := strconv.ParseFloat(s, 64)
	if !plainDecimal(s) { // ParseFloat also takes 0x1p4, 1_0 after 0x, Inf and NaN
		err = strconv.ErrSyntax
	}
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return nil, msg.New("value.not_number", "text", msg.Quoted(text))
	}
	if math.Abs(v) > maxPlausible {
		return nil, msg.New("value.implausible", "text", msg.Quoted(text))
	}
	return &v, nil
}

// maxPlausible bounds a figure: 10^15 is a thousand times the world's product in yuan.
const maxPlausible = 1e15

// plainDecimal says whether s is written as statistics write numbers: a plain decimal (the
// same reading as the CSV writer's, safecsv.Number), with an optional exponent as a workbook
// stores 1.5E-2.
func plainDecimal(s string) bool {
	mantissa, exponent, hasExponent := strings.Cut(strings.ToLower(s), "e")
	if !safecsv.Number(mantissa) {
		return false
	}
	if !hasExponent {
		return true
	}
	if strings.HasPrefix(exponent, "+") || strings.HasPrefix(exponent, "-") {
		exponent = exponent[1:]
	}
	return exponent != "" && strings.Trim(exponent, "0123456789") == ""
}

// foldWidth turns full-width digits and signs into ASCII.
func foldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '．':
			return '.'
		case r == '，':
			return ','
		case r == '－':
			return '-'
		case r == '％':
			return '%'
		case r == '＋':
			return '+'
		}
		return r
	}, s)
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "true", "1", "是", "累计", "√":
		return true, nil
	case "no", "n", "false", "0", "否", "", "×":
		return false, nil
	}
	return false, msg.New("value.not_yes_no", "text", msg.Quoted(s))
}

// choice reads one of a fixed set of words, in English or Chinese.
func choice(s string, words map[string]string, what string) (string, error) {
	key := strings.ToLower(strings.TrimSpace(s))
	if v, ok := words[key]; ok {
		return v, nil
	}
	var allowed []string
	seen := map[string]bool{}
	for _, v := range words {
		if !seen[v] {
			seen[v] = true
			allowed = append(allowed, v)
		}
	}
	slices.Sort(allowed)
	return "", msg.New("value.not_a_choice", "text", msg.Quoted(s), "what", msg.Noun(what), "choices", allowed)
}

var (
	frequencyWords = map[string]string{
		"month": "month", "monthly": "month", "月": "month", "月度": "month", "按月": "month",
		"quarter": "quarter", "quarterly": "quarter", "季": "quarter", "季度": "quarter", "按季": "quarter",
		"year": "year", "yearly": "year", "annual": "year", "年": "year", "年度": "year", "按年": "year",
	}
	quantityWords = map[string]string{
		"": "", "amount": "amount", "总量": "amount", "金额": "amount", "数额": "amount", "量": "amount",
		"count": "count", "个数": "count", "计数": "count", "数量": "count",
		"ratio": "ratio", "比率": "ratio", "比例": "ratio", "比重": "ratio", "占比": "ratio", "强度": "ratio", "率": "ratio",
		"per_capita": "per_capita", "人均": "per_capita", "人均值": "per_capita",
		"index": "index", "指数": "index",
	}
	priceBasisWords = map[string]string{
		"nominal": "nominal", "现价": "nominal", "名义": "nominal", "当年价": "nominal", "": "nominal",
		"real": "real", "可比价": "real", "不变价": "real", "实际": "real",
	}
	aggregateWords = map[string]string{
		"sum": "sum", "求和": "sum", "加总": "sum", "合计": "sum", "": "sum",
		"none": "none", "不汇总": "none", "无": "none", "不可加": "none",
	}
	betterWords = map[string]string{
		"up": "up", "正向": "up", "越大越好": "up", "higher": "up", "": "up",
		"down": "down", "逆向": "down", "越小越好": "down", "lower": "down",
	}
	statusWords = map[string]string{
		"": "", "preliminary": zoneboard.StatusPreliminary, "初步": zoneboard.StatusPreliminary, "快报": zoneboard.StatusPreliminary,
		"初步数": zoneboard.StatusPreliminary, "final": zoneboard.StatusFinal, "最终": zoneboard.StatusFinal, "正式": zoneboard.StatusFinal,
		"终核": zoneboard.StatusFinal, "revised": zoneboard.StatusRevised, "修订": zoneboard.StatusRevised, "修订数": zoneboard.StatusRevised,
	}
)
