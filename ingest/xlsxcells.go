package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"zoneboard/msg"
)

// cellIssue is a workbook cell that would be read as something it is not: a TRUE/FALSE or an
// error value (#DIV/0!) where a figure or a text is expected, a formula whose value was never
// computed (a reader sees an empty cell), a shared string that does not exist.
type cellIssue struct {
	row, column int // 0-based
	text        msg.Message
}

// workbookCellIssues reads the workbook's sheets as XML, without the values, to find the
// cells that a reader of raw values would read wrongly; by sheet name. It streams each sheet
// once: linear in the workbook's size.
func workbookCellIssues(data []byte) (map[string][]cellIssue, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.TrimPrefix(f.Name, "/")] = f
	}
	sheets, err := sheetPaths(files)
	if err != nil {
		return nil, err
	}
	shared, err := countSharedStrings(files["xl/sharedStrings.xml"])
	if err != nil {
		return nil, err
	}
	out := map[string][]cellIssue{}
	for name, p := range sheets {
		f := files[p]
		if f == nil {
			continue
		}
		issues, err := sheetCellIssues(f, shared)
		if err != nil {
			return nil, err
		}
		if len(issues) > 0 {
			out[name] = issues
		}
	}
	return out, nil
}

func openPart(f *zip.File) (io.ReadCloser, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	// the same bound as the reader's own: a part may not unzip beyond it
	return struct {
		io.Reader
		io.Closer
	}{io.LimitReader(rc, maxUnzipped), rc}, nil
}

// sheetPaths maps each sheet's name to its part, through the workbook and its relationships.
func sheetPaths(files map[string]*zip.File) (map[string]string, error) {
	type rel struct {
		ID     string `xml:"Id,attr"`
		Target string `xml:"Target,attr"`
	}
	var rels struct {
		Rels []rel `xml:"Relationship"`
	}
	var book struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	for part, v := range map[string]any{"xl/_rels/workbook.xml.rels": &rels, "xl/workbook.xml": &book} {
		f := files[part]
		if f == nil {
			return nil, nil
		}
		rc, err := openPart(f)
		if err != nil {
			return nil, err
		}
		err = xml.NewDecoder(rc).Decode(v)
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
	}
	out := map[string]string{}
	for _, s := range book.Sheets {
		if t, ok := targets[s.ID]; ok {
			out[s.Name] = t
		}
	}
	return out, nil
}

// countSharedStrings counts the workbook's shared strings (<si> items).
func countSharedStrings(f *zip.File) (int, error) {
	if f == nil {
		return 0, nil
	}
	rc, err := openPart(f)
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	n := 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return 0, err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "si" {
			n++
		}
	}
}

// sheetCellIssues streams one sheet's cells.
func sheetCellIssues(f *zip.File, shared int) ([]cellIssue, error) {
	rc, err := openPart(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var issues []cellIssue
	var (
		inCell, inValue, hasFormula bool
		ref, kind                   string
		value                       strings.Builder
	)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return issues, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "c":
				inCell, hasFormula, ref, kind = true, false, "", ""
				value.Reset()
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "r":
						ref = a.Value
					case "t":
						kind = a.Value
					}
				}
			case "f":
				hasFormula = inCell
			case "v":
				inValue = inCell
			}
		case xml.CharData:
			if inValue && value.Len() < 64 {
				value.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inValue = false
			case "c":
				inCell = false
				col, row, err := excelize.CellNameToCoordinates(ref)
				if err != nil {
					continue // a cell without its reference: the reader places it, nothing to check here
				}
				v := strings.TrimSpace(value.String())
				issue := cellIssue{row: row - 1, column: col - 1}
				switch {
				case kind == "b":
					issue.text = msg.New("file.cell_boolean", "value", v)
				case kind == "e":
					issue.text = msg.New("file.cell_error", "value", v)
				case hasFormula && v == "":
					issue.text = msg.New("file.cell_formula_uncomputed")
				case kind == "s":
					if n, err := strconv.Atoi(v); err != nil || n < 0 || n >= shared {
						issue.text = msg.New("file.cell_shared_string", "value", v)
					}
				}
				if issue.text.ID != "" && len(issues) < maxProblems {
					issues = append(issues, issue)
				}
			}
		}
	}
}
