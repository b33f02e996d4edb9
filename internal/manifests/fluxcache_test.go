package manifests

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/internal/clustervars"
)

// In mode "manifests" with manifests.imageRegistry set, fluxbootstrap
// rewrites ghcr.io/fluxcd/<name>:<tag> to <registry>/fluxcd/<name>:<tag>;
// every controller image of the pinned install manifest must then have a
// cache rule from exactly that upstream to exactly that target.
func TestFluxImagesHaveCacheRules(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, "components/fluxbootstrap/testdata/flux-install.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	images := regexp.MustCompile(`image:\s*(ghcr\.io/fluxcd/[a-z0-9-]+):`).FindAllStringSubmatch(string(b), -1)
	if len(images) == 0 {
		t.Fatal("no ghcr.io/fluxcd images in the install manifest: the check would pass vacuously")
	}
	for _, m := range images {
		src := m[1]
		want := strings.TrimPrefix(src, "ghcr.io/")
		found := false
		for _, r := range clustervars.CacheRules {
			found = found || (r.Source == src && r.Target == want)
		}
		if !found {
			t.Errorf("Flux image %s: no cache rule %s -> %s in clustervars.CacheRules", src, src, want)
		}
	}
}
