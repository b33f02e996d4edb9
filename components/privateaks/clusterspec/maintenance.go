package clusterspec

import (
	"github.com/privateaks/privateaks/internal/baseline"
	"github.com/privateaks/privateaks/internal/fielderr"
)

// Maintenance is the weekly window of both auto-upgrade schedules (UTC).
type Maintenance struct {
	// Day of the week, e.g. "Sunday" (default).
	Day string `json:"day,omitempty"`
	// StartHour 0-23 (nil: default 2).
	StartHour *int `json:"startHour,omitempty"`
	// DurationHours 4-24 (default 4).
	DurationHours int `json:"durationHours,omitempty"`
}

// WithDefaults fills the unset fields from internal/baseline; the start
// hour is copied so that the result shares nothing with m.
func (m Maintenance) WithDefaults() Maintenance {
	setDefault(&m.Day, baseline.MaintenanceDay)
	h := baseline.MaintenanceStartHour
	if m.StartHour != nil {
		h = *m.StartHour
	}
	m.StartHour = &h
	if m.DurationHours == 0 {
		m.DurationHours = baseline.MaintenanceHours
	}
	return m
}

// Validate returns every problem of a defaulted window, under path.
func (m Maintenance) Validate(path string) []error {
	errs := fielderr.OneOf(m.Day, fielderr.Join(path, "day"), Days...)
	if m.StartHour == nil || *m.StartHour < 0 || *m.StartHour > 23 {
		var v any
		if m.StartHour != nil {
			v = *m.StartHour
		}
		errs = append(errs, fielderr.New(fielderr.Join(path, "startHour"), v, "an hour from 0 to 23 (UTC)"))
	}
	if m.DurationHours < 4 || m.DurationHours > 24 {
		errs = append(errs, fielderr.New(fielderr.Join(path, "durationHours"), m.DurationHours, "4 to 24 hours (AKS needs at least 4)"))
	}
	return errs
}
