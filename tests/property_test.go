package tests

// The property: every stack config that validation accepts yields a plan
// with no failing control (waived ones aside), and a first preview of it
// registers what the update does. Configs come from internal/configgen,
// deterministic per seed, so a failure names the seed that reproduces it.

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/privateaks/privateaks/internal/configgen"
	"github.com/privateaks/privateaks/internal/plan"
	"github.com/privateaks/privateaks/stacks"
	"github.com/privateaks/privateaks/stacks/stackconfig"
	"github.com/privateaks/privateaks/testkit"
)

// genOpts let generated configs use Flux mode "manifests" with the test
// fixture (read relative to this package's directory).
var genOpts = configgen.Options{ManifestsFile: fluxFixture, ManifestsVersion: "v2.4.0"}

// propertyN is the number of seeds: PRIVATEAKS_PROPERTY_N, default 40.
func propertyN(t *testing.T) int {
	s := os.Getenv("PRIVATEAKS_PROPERTY_N")
	if s == "" {
		return 40
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		t.Fatalf("PRIVATEAKS_PROPERTY_N=%q: want a positive integer", s)
	}
	return n
}

// verifyViolations lists res's failures, one line each: every finding of
// a control that failed and was not waived, and every finding of the
// independent models (res.Models: access today; egress and acceptance as
// they land).
func verifyViolations(res *plan.Result) []string {
	var out []string
	for _, c := range res.Controls {
		if c.Status != plan.StatusFail {
			continue
		}
		for _, f := range c.Findings {
			out = append(out, c.ID+" "+f)
		}
		if len(c.Findings) == 0 {
			out = append(out, c.ID+" failed")
		}
	}
	for _, f := range res.Models.Findings() {
		where := f.Resource
		if i := strings.LastIndex(where, "::"); i >= 0 {
			where = where[i+2:]
		}
		if f.Path != "" {
			where += " " + f.Path
		}
		out = append(out, fmt.Sprintf("%s/%s %s: %s", f.Model, f.Rule, where, f.Message))
	}
	sort.Strings(out)
	return out
}

// checkGenerated plans one generated config and returns what is wrong
// with it; valid is false when validation rejected the config (not a
// violation: the property holds only for accepted configs). With preview,
// it also runs the config as a first preview and compares it with the
// planned update.
func checkGenerated(g configgen.Generated, preview bool) (violations []string, valid bool) {
	if _, err := stackconfig.Load(g.Raw); err != nil {
		return nil, false
	}
	stack := fmt.Sprintf("gen%d", g.Seed)
	res, err := plan.Raw("privateaks", stack, g.Raw)
	if err != nil {
		var ve *stackconfig.ValidationError
		if errors.As(err, &ve) {
			return []string{"plan rejected a config stackconfig.Load accepts: " + err.Error()}, true
		}
		return []string{"the program failed: " + err.Error()}, true
	}
	violations = verifyViolations(res)
	if res.Failed() && len(violations) == 0 {
		violations = append(violations, "plan.Result.Failed() is true without a failing control or model finding")
	}
	if !preview {
		return violations, true
	}
	// The first preview of the same config: no error, same resources and
	// options, inputs unknown only where Azure computes them.
	secret := make([]string, 0, len(g.Raw.Secrets))
	for k := range g.Raw.Secrets {
		secret = append(secret, k)
	}
	sort.Strings(secret)
	pre := testkit.New("privateaks", stack)
	if err := pre.Run(stacks.Program(g.Raw), testkit.WithConfig(g.Raw.Values, secret), testkit.Preview()); err != nil {
		return append(violations, "the program failed in a preview: "+err.Error()), true
	}
	problems, _ := compareModes(res.Resources, pre.Resources())
	for _, p := range problems {
		violations = append(violations, "preview: "+p)
	}
	return violations, true
}

// previewEvery is how often a seed is also previewed (every 4th: a
// preview doubles a seed's cost); the fuzz target previews every seed.
const previewEvery = 4

func TestPropertyGeneratedConfigs(t *testing.T) {
	n := propertyN(t)
	start := time.Now()
	var valid, bad, previewed atomic.Int64
	t.Run("seeds", func(t *testing.T) {
		for seed := uint64(0); seed < uint64(n); seed++ {
			t.Run(fmt.Sprint(seed), func(t *testing.T) {
				t.Parallel()
				g := configgen.Generate(seed, genOpts)
				preview := seed%previewEvery == 0
				violations, ok := checkGenerated(g, preview)
				if !ok {
					return
				}
				valid.Add(1)
				if preview {
					previewed.Add(1)
				}
				if len(violations) == 0 {
					return
				}
				bad.Add(1)
				const show = 8
				more := ""
				if len(violations) > show {
					more = fmt.Sprintf("\n    ... and %d more", len(violations)-show)
					violations = violations[:show]
				}
				t.Errorf("seed %d (%s):\n    %s%s", seed, g.Summary, strings.Join(violations, "\n    "), more)
			})
		}
	})
	t.Logf("property: %d seeds generated, %d valid configs planned (%d also previewed), %d with violations, %.1fs",
		n, valid.Load(), previewed.Load(), bad.Load(), time.Since(start).Seconds())
	if valid.Load() == 0 {
		t.Fatal("no generated config was valid: the property tested nothing")
	}
}

// TestPropertyCatchesAViolation proves the property can fail: a generated
// config with a control broken after validation (the firewall policy's
// IDPS turned off without a waiver) is reported.
func TestPropertyCatchesAViolation(t *testing.T) {
	for seed := uint64(0); seed < 50; seed++ {
		g := configgen.Generate(seed, genOpts)
		cfg, err := stackconfig.Load(g.Raw)
		if err != nil || cfg.Hub.Firewall.Sku != "Premium" || cfg.Hub.Firewall.IdpsMode != "Deny" {
			continue
		}
		if base, err := plan.Raw("privateaks", "base", g.Raw); err != nil || len(verifyViolations(base)) > 0 {
			continue // a seed the property already flags proves nothing here
		}
		hub := withConfig(t, g.Raw, "hub", func(v map[string]any) {
			fw, _ := v["firewall"].(map[string]any)
			if fw == nil {
				fw = map[string]any{}
			}
			fw["idpsMode"] = "Alert"
			v["firewall"] = fw
		})
		res, err := plan.Raw("privateaks", "mutant", hub)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(verifyViolations(res), "\n")
		if !strings.Contains(got, "PAKS-NET-06") || !strings.Contains(got, `IDPS mode "Alert"`) || !res.Failed() {
			t.Fatalf("seed %d with IDPS Alert and no waiver: violations %q, Failed %v", seed, got, res.Failed())
		}
		return
	}
	t.Fatal("no seed below 50 generated a clean plan with a Premium firewall in Deny mode")
}

// FuzzGeneratedConfig checks the property for arbitrary seeds:
// go test ./tests/ -run '^$' -fuzz FuzzGeneratedConfig -fuzztime 60s
func FuzzGeneratedConfig(f *testing.F) {
	for _, s := range []uint64{0, 1, 7, 42, 1 << 32, 1<<64 - 1} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		g := configgen.Generate(seed, genOpts)
		violations, ok := checkGenerated(g, true)
		if !ok {
			t.Skip("validation rejects this config")
		}
		if len(violations) > 0 {
			t.Fatalf("seed %d (%s):\n    %s", seed, g.Summary, strings.Join(violations, "\n    "))
		}
	})
}
