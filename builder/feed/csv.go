package feed

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/playbook-dev/playbook/builder/content"
)

// csvColumns are the columns of kpis.csv, one row per KPI.
var csvColumns = []string{"brief", "brief_url", "status", "approach", "kpi_id", "kpi", "goal", "owner", "owner_person", "owner_team", "unit", "baseline", "target", "current", "due", "progress_percent", "on_track", "source", "state"}

// CSV writes the rows of kpis.csv. Its zero value is ready to use; it is
// not safe for concurrent use.
type CSV struct {
	buf bytes.Buffer
	w   *csv.Writer // one for every brief's rows: a csv.Writer holds a 4 KB buffer
}

// Head returns the header row of kpis.csv.
func (c *CSV) Head() []byte {
	return c.write(csvColumns)
}

// Rows returns the rows of kpis.csv for the KPIs of brief page p, with url
// its absolute URL and KPI states as of today.
func (c *CSV) Rows(p *content.Page, url string, today time.Time) ([]byte, error) {
	c.start()
	for _, k := range p.Brief.KPIs {
		var goal, owner, person, team, progress string
		if k.Goal != nil {
			goal = k.Goal.Title
		}
		if k.Owner != nil {
			owner, person, team = k.Owner.Title, k.Owner.Person, k.Owner.Team
		}
		if pr, ok := k.Progress(); ok {
			progress = strconv.FormatFloat(float64(int(pr*1000+0.5))/10, 'f', -1, 64)
		}
		var cur *float64
		if v, ok := k.Latest(); ok {
			cur = &v
		}
		c.w.Write([]string{
			text(p.Title), url, p.Brief.Status, p.Brief.Approach, text(k.ID), text(k.Name),
			text(goal), text(owner), text(person), text(team), text(k.Unit),
			num(k.Baseline), num(k.Target), num(cur), Date(k.Due), progress,
			strconv.FormatBool(k.OnTrack(today)), text(p.Source), k.State(today),
		})
	}
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return nil, fmt.Errorf("encoding kpis.csv: %s: %w", p.Source, err)
	}
	return bytes.Clone(c.buf.Bytes()), nil
}

func (c *CSV) start() {
	c.buf.Reset()
	if c.w == nil {
		c.w = csv.NewWriter(&c.buf)
	}
}

func (c *CSV) write(row []string) []byte {
	c.start()
	c.w.Write(row)
	c.w.Flush()
	return bytes.Clone(c.buf.Bytes())
}

// text guards a text cell against formula injection in spreadsheets: a
// cell that starts with = + - @ or a control character is prefixed with '.
func text(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func num(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}
