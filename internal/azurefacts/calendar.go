package azurefacts

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Minor is one Kubernetes minor version on the AKS release calendar.
type Minor struct {
	// Version is "major.minor".
	Version string
	// Preview is when AKS previews it, GA when it becomes generally
	// available (the calendar gives months; a month means its last day, the
	// conservative reading for "available by").
	Preview, GA time.Time
	// CommunityEnd is the end of community support ("End of life"): the
	// last day AKS creates clusters on it under the KubernetesOfficial plan.
	CommunityEnd time.Time
	// LTSEnd is the end of long-term support: the last day a cluster with
	// tier Premium and support plan AKSLongTermSupport can be created on it
	// (zero when the calendar lists no LTS for the minor).
	LTSEnd time.Time
}

// monthEnd is the last day of a month: the calendar's note says "Unless an
// explicit date is provided, the End of Life (EOL) date is the last day of
// the specified month."
func monthEnd(y int, m time.Month) time.Time {
	return time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Calendar is the AKS release calendar as read from SourceCalendar on
// ReadOn: the "AKS Kubernetes release calendar" table (preview, GA, end of
// life) and the "LTS versions" table (LTS end of life). 1.27 and 1.28 left
// the tables before that date; they are past every support window.
var Calendar = []Minor{
	{Version: "1.29", Preview: monthEnd(2024, time.February), GA: monthEnd(2024, time.March), CommunityEnd: monthEnd(2025, time.March), LTSEnd: monthEnd(2026, time.April)},
	{Version: "1.30", Preview: monthEnd(2024, time.June), GA: monthEnd(2024, time.July), CommunityEnd: day(2025, time.August, 22), LTSEnd: monthEnd(2026, time.July)},
	{Version: "1.31", Preview: monthEnd(2024, time.October), GA: monthEnd(2024, time.November), CommunityEnd: day(2025, time.November, 1), LTSEnd: monthEnd(2026, time.November)},
	{Version: "1.32", Preview: monthEnd(2025, time.February), GA: monthEnd(2025, time.April), CommunityEnd: monthEnd(2026, time.March), LTSEnd: monthEnd(2027, time.March)},
	{Version: "1.33", Preview: monthEnd(2025, time.May), GA: monthEnd(2025, time.June), CommunityEnd: monthEnd(2026, time.July), LTSEnd: monthEnd(2027, time.July)},
	{Version: "1.34", Preview: monthEnd(2025, time.October), GA: monthEnd(2025, time.November), CommunityEnd: monthEnd(2026, time.November), LTSEnd: monthEnd(2027, time.November)},
	{Version: "1.35", Preview: monthEnd(2026, time.February), GA: monthEnd(2026, time.March), CommunityEnd: monthEnd(2027, time.March), LTSEnd: monthEnd(2028, time.March)},
	{Version: "1.36", Preview: monthEnd(2026, time.May), GA: monthEnd(2026, time.June), CommunityEnd: monthEnd(2027, time.June), LTSEnd: monthEnd(2028, time.June)},
	{Version: "1.37", Preview: monthEnd(2026, time.September), GA: monthEnd(2026, time.October), CommunityEnd: monthEnd(2027, time.October), LTSEnd: monthEnd(2028, time.October)},
}

// Status says what AKS does with a minor version on a date.
type Status struct {
	// Minor is the "major.minor" asked about.
	Minor string
	// Known is false when the calendar has no row for it: older than the
	// table (long out of support) or newer than the calendar knows.
	Known bool
	// Newer is true when the minor is newer than every calendar row: the
	// calendar is stale, not the version wrong.
	Newer bool
	// Creatable: AKS creates clusters on it under the default
	// KubernetesOfficial plan (GA and not past community support).
	Creatable bool
	// CreatableLTS: creatable with tier Premium and AKSLongTermSupport
	// (GA and not past LTS end).
	CreatableLTS bool
	// Preview: previewed but not yet GA.
	Preview bool
	Row     Minor
}

// MinorOf reduces "1.36" or "1.36.2" to "1.36"; ok is false for anything
// that is not a version.
func MinorOf(v string) (string, bool) {
	parts := strings.Split(strings.TrimSpace(v), ".")
	if len(parts) < 2 || len(parts) > 3 {
		return "", false
	}
	for _, p := range parts {
		if _, err := strconv.Atoi(p); err != nil || p == "" {
			return "", false
		}
	}
	return parts[0] + "." + parts[1], true
}

func minorKey(v string) (int, int) {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return 0, 0
	}
	a, _ := strconv.Atoi(parts[0])
	b, _ := strconv.Atoi(parts[1])
	return a, b
}

func less(a, b string) bool {
	a1, a2 := minorKey(a)
	b1, b2 := minorKey(b)
	if a1 != b1 {
		return a1 < b1
	}
	return a2 < b2
}

// on reports whether asOf falls on or before the day t (whole days, UTC).
func onOrBefore(asOf, t time.Time) bool {
	a := asOf.UTC()
	return !day(a.Year(), a.Month(), a.Day()).After(t)
}

// VersionStatus is the calendar's answer for a minor ("1.36" or "1.36.2")
// on asOf.
func VersionStatus(minor string, asOf time.Time) Status {
	m, ok := MinorOf(minor)
	st := Status{Minor: minor}
	if !ok {
		return st
	}
	st.Minor = m
	for _, row := range Calendar {
		if row.Version != m {
			continue
		}
		st.Known, st.Row = true, row
		ga := !onOrBefore(asOf, row.GA.AddDate(0, 0, -1)) // asOf >= GA day
		st.Preview = !ga && !onOrBefore(asOf, row.Preview.AddDate(0, 0, -1))
		st.Creatable = ga && onOrBefore(asOf, row.CommunityEnd)
		st.CreatableLTS = ga && !row.LTSEnd.IsZero() && onOrBefore(asOf, row.LTSEnd)
		return st
	}
	if len(Calendar) > 0 && less(Calendar[len(Calendar)-1].Version, m) {
		st.Newer = true
	}
	return st
}

// CreatableVersions are the minors AKS creates clusters on, on asOf, under
// the default KubernetesOfficial support plan, oldest first.
func CreatableVersions(asOf time.Time) []string {
	var out []string
	for _, row := range Calendar {
		if VersionStatus(row.Version, asOf).Creatable {
			out = append(out, row.Version)
		}
	}
	sort.Slice(out, func(i, j int) bool { return less(out[i], out[j]) })
	return out
}

// CreatableLTSVersions are the minors creatable on asOf with tier Premium
// and support plan AKSLongTermSupport, oldest first.
func CreatableLTSVersions(asOf time.Time) []string {
	var out []string
	for _, row := range Calendar {
		if VersionStatus(row.Version, asOf).CreatableLTS {
			out = append(out, row.Version)
		}
	}
	return out
}

// CheckVersion is the one check of a requested Kubernetes version against
// the calendar, shared by stack validation, the component's argument check
// and the acceptance model. "" (AKS's default at creation) is always fine.
// lts says the cluster has tier Premium and plan AKSLongTermSupport. A
// minor newer than the calendar is accepted: then the calendar is stale.
// The error says what is creatable on asOf.
func CheckVersion(version string, lts bool, asOf time.Time) error {
	if strings.TrimSpace(version) == "" {
		return nil
	}
	if _, ok := MinorOf(version); !ok {
		return fmt.Errorf("%q is not a Kubernetes version (want major.minor such as %q)", version, lastCreatable(asOf))
	}
	st := VersionStatus(version, asOf)
	date := asOf.UTC().Format("2006-01-02")
	creatable := func() string {
		s := fmt.Sprintf("AKS creates %s on %s", strings.Join(CreatableVersions(asOf), ", "), date)
		if l := CreatableLTSVersions(asOf); len(l) > 0 {
			s += fmt.Sprintf(" (with tier Premium and support plan AKSLongTermSupport also %s)", strings.Join(l, ", "))
		}
		return s + "; leave kubernetesVersion unset for AKS's default"
	}
	switch {
	case st.Newer:
		return nil
	case !st.Known:
		return fmt.Errorf("Kubernetes %s is older than every version on the AKS release calendar and no longer creatable: %s", st.Minor, creatable())
	case st.Creatable, lts && st.CreatableLTS:
		return nil
	case st.Preview, asOf.Before(st.Row.GA):
		return fmt.Errorf("Kubernetes %s is not generally available on %s (preview %s, GA %s): %s", st.Minor, date, st.Row.Preview.Format("2006-01"), st.Row.GA.Format("2006-01"), creatable())
	case st.CreatableLTS:
		return fmt.Errorf("Kubernetes %s left community support on %s; on %s it is creatable only with tier Premium and support plan AKSLongTermSupport (LTS until %s): %s",
			st.Minor, st.Row.CommunityEnd.Format("2006-01-02"), date, st.Row.LTSEnd.Format("2006-01-02"), creatable())
	default:
		end := st.Row.CommunityEnd
		if !st.Row.LTSEnd.IsZero() {
			end = st.Row.LTSEnd
		}
		return fmt.Errorf("Kubernetes %s is past its last support date (%s) on %s: %s", st.Minor, end.Format("2006-01-02"), date, creatable())
	}
}

// lastCreatable is the newest minor creatable on asOf ("" if none), for
// examples in messages.
func lastCreatable(asOf time.Time) string {
	v := CreatableVersions(asOf)
	if len(v) == 0 {
		return "1.36"
	}
	return v[len(v)-1]
}
