package emulator

import (
	"regexp"
	"strconv"
	"time"
)

// APIVersion is one Graph API version of Meta's calendar.
type APIVersion struct {
	Name     string    `json:"name"`
	Released time.Time `json:"released"`
	// Expires is zero while Meta has set no date.
	Expires time.Time `json:"expires,omitempty"`
}

// Versions is Meta's calendar as docs/development/cloud-api.md gives it. A version
// answers from its release to its expiry, on the emulator's clock; older
// ones answer 2635, newer ones are unknown.
var Versions = []APIVersion{
	{Name: "v19.0", Released: date(2024, 1, 23), Expires: date(2026, 5, 21)},
	{Name: "v20.0", Released: date(2024, 5, 21), Expires: date(2026, 9, 24)},
	{Name: "v21.0", Released: date(2024, 10, 2), Expires: date(2027, 1, 21)},
	{Name: "v22.0", Released: date(2025, 1, 21), Expires: date(2027, 5, 20)},
	{Name: "v23.0", Released: date(2025, 5, 29), Expires: date(2027, 10, 8)},
	{Name: "v24.0", Released: date(2025, 10, 8), Expires: date(2028, 2, 18)},
	{Name: "v25.0", Released: date(2026, 2, 18), Expires: date(2028, 7, 29)},
	{Name: "v26.0", Released: date(2026, 7, 29)},
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var versionPattern = regexp.MustCompile(`^v([0-9]+)\.0$`)

type versionStatus int

const (
	versionCurrent versionStatus = iota
	versionMalformed
	versionUnknown
	versionExpired
)

func versionState(v string, now time.Time) versionStatus {
	m := versionPattern.FindStringSubmatch(v)
	if m == nil {
		return versionMalformed
	}
	for _, known := range Versions {
		if known.Name == v {
			switch {
			case now.Before(known.Released):
				return versionUnknown
			case !known.Expires.IsZero() && !now.Before(known.Expires):
				return versionExpired
			}
			return versionCurrent
		}
	}
	if n, _ := strconv.Atoi(m[1]); n < 19 {
		return versionExpired
	}
	return versionUnknown
}
