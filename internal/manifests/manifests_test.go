package manifests

import (
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/privateaks/privateaks/internal/clustervars"
)

// Every overlay builds, substitutes and decodes strictly (buildAll fails
// otherwise), and every workload passes the policy assignments' constraints.
func TestOverlaysConform(t *testing.T) {
	for _, b := range buildAll(t) {
		if len(b.objects) == 0 {
			t.Errorf("%s/%s %s: %s builds no objects", b.stack, b.spoke, b.kustomization, b.path)
		}
		for _, f := range Check(b.objects, constraints(b.vars)) {
			t.Errorf("%s/%s %s: %s", b.stack, b.spoke, b.kustomization, f)
		}
		t.Logf("%s/%s %s (%s): %d objects, 0 findings", b.stack, b.spoke, b.kustomization, b.path, len(b.objects))
	}
}

// The tenant namespaces in the manifests are exactly those the stack config
// gives teams (namespaceAccess keys and workload-identity service account
// namespaces), each restricted, with quota, limits and default-deny.
func TestTenantNamespacesMatchStackConfig(t *testing.T) {
	byStack := map[string][]built{}
	for _, b := range buildAll(t) {
		byStack[b.stack] = append(byStack[b.stack], b)
	}
	for _, st := range stacks {
		c := loadStack(t, st)
		want := clustervars.TenantNamespaces(c)
		for _, spoke := range c.SpokeKeys() {
			var objs []Object
			for _, b := range byStack[st] {
				if b.spoke == spoke {
					objs = append(objs, b.objects...)
				}
			}
			var got []string
			for _, o := range objs {
				if ns, ok := o.Value.(*corev1.Namespace); ok && ns.Labels["privateaks.io/tenant"] == "true" {
					got = append(got, ns.Name)
				}
			}
			sort.Strings(got)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("stack %s cluster %s: tenant namespaces in cluster-manifests %v, in the stack config (namespaceAccess, workloadIdentities) %v", st, spoke, got, want)
			}
			for _, ns := range want {
				checkTenant(t, st+"/"+spoke, ns, objs)
			}
		}
	}
}

func checkTenant(t *testing.T, where, ns string, objs []Object) {
	t.Helper()
	var quota, limits, deny, dns bool
	for _, o := range objs {
		if o.Namespace != ns && o.Name != ns {
			continue
		}
		switch v := o.Value.(type) {
		case *corev1.Namespace:
			for _, mode := range []string{"enforce", "audit", "warn"} {
				if v.Labels["pod-security.kubernetes.io/"+mode] != "restricted" {
					t.Errorf("%s: Namespace %s: label pod-security.kubernetes.io/%s is %q, want restricted", where, ns, mode, v.Labels["pod-security.kubernetes.io/"+mode])
				}
			}
		case *corev1.ResourceQuota:
			quota = len(v.Spec.Hard) > 0
		case *corev1.LimitRange:
			limits = limitRangeSatisfiesPolicy(t, where, v)
		case *networkingv1.NetworkPolicy:
			types := map[networkingv1.PolicyType]bool{}
			for _, pt := range v.Spec.PolicyTypes {
				types[pt] = true
			}
			if len(v.Spec.PodSelector.MatchLabels)+len(v.Spec.PodSelector.MatchExpressions) == 0 && types[networkingv1.PolicyTypeIngress] && types[networkingv1.PolicyTypeEgress] && len(v.Spec.Ingress)+len(v.Spec.Egress) == 0 {
				deny = true
			}
			for _, e := range v.Spec.Egress {
				for _, p := range e.Ports {
					if p.Port != nil && p.Port.IntValue() == 53 {
						dns = true
					}
				}
			}
		}
	}
	for what, ok := range map[string]bool{"a ResourceQuota": quota, "a LimitRange within the limits policy": limits, "a default-deny NetworkPolicy (Ingress and Egress)": deny, "a DNS egress allow": dns} {
		if !ok {
			t.Errorf("%s: tenant namespace %s has no %s", where, ns, what)
		}
	}
}

// limitRangeSatisfiesPolicy: a container the LimitRange defaults must pass
// the resource-limits policy, and max must not allow more than it.
func limitRangeSatisfiesPolicy(t *testing.T, where string, lr *corev1.LimitRange) bool {
	t.Helper()
	maxCPU, maxMem := resource.MustParse(defaultCPULimit), resource.MustParse(defaultMemoryLimit)
	for _, l := range lr.Spec.Limits {
		if l.Type != corev1.LimitTypeContainer {
			continue
		}
		ok := true
		for name, max := range map[corev1.ResourceName]resource.Quantity{corev1.ResourceCPU: maxCPU, corev1.ResourceMemory: maxMem} {
			d, hasD := l.Default[name]
			m, hasM := l.Max[name]
			if !hasD || d.Cmp(max) > 0 || !hasM || m.Cmp(max) > 0 {
				t.Errorf("%s: LimitRange %s/%s: %s default %v / max %v, want both set and at most %s", where, lr.Namespace, lr.Name, name, l.Default[name], l.Max[name], max.String())
				ok = false
			}
		}
		return ok
	}
	return false
}

// Service accounts of workload identities carry their cluster's client ID;
// the ingress controller's identity reads the vault through the CSI driver.
func TestIdentitiesAndIngress(t *testing.T) {
	for _, b := range buildAll(t) {
		c := loadStack(t, b.stack)
		where := b.stack + "/" + b.spoke + " " + b.kustomization
		sas := map[string]*corev1.ServiceAccount{}
		for _, o := range b.objects {
			switch v := o.Value.(type) {
			case *corev1.ServiceAccount:
				sas[v.Namespace+"/"+v.Name] = v
			case *SecretProviderClass:
				p := v.Spec.Parameters
				if p["usePodIdentity"] != "false" || p["clientID"] != b.vars[clustervars.IngressClientID] || p["keyvaultName"] != b.vars[clustervars.KeyVaultName] || p["tenantId"] != b.vars[clustervars.TenantID] {
					t.Errorf("%s: SecretProviderClass %s: parameters %v, want workload identity %s on vault %s", where, v.Name, p, b.vars[clustervars.IngressClientID], b.vars[clustervars.KeyVaultName])
				}
				if !strings.Contains(p["objects"], "objectName: "+clustervars.IngressCertificateName) {
					t.Errorf("%s: SecretProviderClass %s: objects do not read certificate %s", where, v.Name, clustervars.IngressCertificateName)
				}
			case *corev1.Service:
				if v.Spec.Type == corev1.ServiceTypeLoadBalancer && v.Annotations["service.beta.kubernetes.io/azure-load-balancer-internal-subnet"] != clustervars.IngressSubnetName {
					t.Errorf("%s: Service %s/%s: internal-subnet %q, want the spoke's ingress subnet %s", where, v.Namespace, v.Name, v.Annotations["service.beta.kubernetes.io/azure-load-balancer-internal-subnet"], clustervars.IngressSubnetName)
				}
			}
		}
		if b.kustomization == "infrastructure" {
			sa := sas[clustervars.IngressNamespace+"/"+clustervars.IngressServiceAccount]
			if sa == nil || sa.Annotations["azure.workload.identity/client-id"] != b.vars[clustervars.IngressClientID] {
				t.Errorf("%s: the ingress service account is missing or not annotated with the ingress identity", where)
			}
		}
		if b.kustomization == "apps" {
			owners := clustervars.ClientIDOwners(c, b.spoke)
			for _, name := range clustervars.ServiceAccounts(c) {
				sa := sas[name]
				if sa == nil {
					t.Errorf("%s: no ServiceAccount %s for workloadIdentities", where, name)
					continue
				}
				want := ""
				if owners[clustervars.ClientIDVar(name)] != "" {
					want = fakeClientID(b.spoke, owners[clustervars.ClientIDVar(name)])
				}
				if got := sa.Annotations["azure.workload.identity/client-id"]; got != want {
					t.Errorf("%s: ServiceAccount %s: client-id %q, want %q", where, name, got, want)
				}
			}
		}
	}
}

// Every image is the spoke's registry and a repository an ACR cache rule
// fills from upstream: nodes pull only through the private endpoint.
func TestImagesHaveCacheRules(t *testing.T) {
	targets := map[string]bool{}
	for _, r := range clustervars.CacheRules {
		targets[r.Target] = true
	}
	n := 0
	for _, b := range buildAll(t) {
		reg := b.vars[clustervars.Registry]
		for _, o := range b.objects {
			spec, path, ok := podSpec(o.Value)
			if !ok {
				continue
			}
			for _, k := range containers(spec, path) {
				n++
				repo, ok := strings.CutPrefix(k.c.Image, reg+"/")
				if i := strings.LastIndexAny(repo, ":@"); i > 0 {
					repo = repo[:i]
				}
				if !ok || !targets[repo] {
					t.Errorf("%s/%s: %s %s: image %q is not %s/<a cache rule's target repository>", b.stack, b.spoke, o.Ref(), k.path, k.c.Image, reg)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no container images found: the check would pass vacuously")
	}
}

// Each check fails on the input it guards: break one workload field and
// the finding names the policy, the object and the path.
func TestConformanceMutations(t *testing.T) {
	var base built
	for _, b := range buildAll(t) {
		if b.stack == "prod" && b.kustomization == "infrastructure" {
			base = b
			break
		}
	}
	deployment := func(objs []Object) *appsv1.Deployment {
		for _, o := range objs {
			if d, ok := o.Value.(*appsv1.Deployment); ok {
				return d
			}
		}
		t.Fatal("no Deployment in prod infrastructure")
		return nil
	}
	cases := []struct {
		name   string
		mutate func([]Object) []Object
		policy string
		object string
		path   string
	}{
		{"public registry image", func(o []Object) []Object {
			deployment(o).Spec.Template.Spec.Containers[0].Image = "docker.io/library/traefik:v3.5.3"
			return o
		}, PolicyAllowedImages, "Deployment ingress/traefik", "spec.template.spec.containers[0].image"},
		{"another ACR", func(o []Object) []Object {
			deployment(o).Spec.Template.Spec.Containers[0].Image = "evil.azurecr.io/library/traefik:v3.5.3"
			return o
		}, PolicyAllowedImages, "Deployment ingress/traefik", "spec.template.spec.containers[0].image"},
		{"no limits", func(o []Object) []Object {
			deployment(o).Spec.Template.Spec.Containers[0].Resources.Limits = nil
			return o
		}, PolicyResourceLimits, "Deployment ingress/traefik", "spec.template.spec.containers[0].resources.limits.cpu"},
		{"memory limit over the maximum", func(o []Object) []Object {
			deployment(o).Spec.Template.Spec.Containers[0].Resources.Limits[corev1.ResourceMemory] = resource.MustParse("8Gi")
			return o
		}, PolicyResourceLimits, "Deployment ingress/traefik", "spec.template.spec.containers[0].resources.limits.memory"},
		{"writable root filesystem", func(o []Object) []Object {
			f := false
			deployment(o).Spec.Template.Spec.Containers[0].SecurityContext.ReadOnlyRootFilesystem = &f
			return o
		}, PolicyReadOnlyRootFS, "Deployment ingress/traefik", "spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem"},
		{"privileged", func(o []Object) []Object {
			tr := true
			deployment(o).Spec.Template.Spec.Containers[0].SecurityContext.Privileged = &tr
			return o
		}, PolicyRestrictedPodSpec, "Deployment ingress/traefik", "spec.template.spec.containers[0].securityContext.privileged"},
		{"hostPath volume", func(o []Object) []Object {
			s := &deployment(o).Spec.Template.Spec
			s.Volumes = append(s.Volumes, corev1.Volume{Name: "host", VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/"}}})
			return o
		}, PolicyRestrictedPodSpec, "Deployment ingress/traefik", "spec.template.spec.volumes[3]"},
		{"public load balancer", func(o []Object) []Object {
			for _, x := range o {
				if s, ok := x.Value.(*corev1.Service); ok {
					delete(s.Annotations, AnnotationInternalLB)
				}
			}
			return o
		}, PolicyInternalLB, "Service ingress/traefik", "metadata.annotations[" + AnnotationInternalLB + "]"},
		{"plain-HTTP ingress", func(o []Object) []Object {
			in := &networkingv1.Ingress{}
			in.Kind, in.Name, in.Namespace = "Ingress", "web", "payments"
			return append(o, Object{Doc: Doc{APIVersion: "networking.k8s.io/v1", Kind: "Ingress", Namespace: "payments", Name: "web"}, Value: in})
		}, PolicyHTTPSIngress, "Ingress payments/web", "spec.tls"},
	}
	if got := Check(base.objects, constraints(base.vars)); len(got) != 0 {
		t.Fatalf("unmutated prod infrastructure has findings: %v", got)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			objs := tc.mutate(redecode(t, base.objects))
			var hit bool
			for _, f := range Check(objs, constraints(base.vars)) {
				if f.Policy == tc.policy && f.Object == tc.object && f.Path == tc.path {
					hit = true
					t.Logf("finding: %s", f)
				}
			}
			if !hit {
				t.Errorf("no %s finding for %s at %s; got %v", tc.policy, tc.object, tc.path, Check(objs, constraints(base.vars)))
			}
		})
	}
	// Excluded namespaces are skipped as Gatekeeper skips them.
	objs := redecode(t, base.objects)
	d := deployment(objs)
	d.Spec.Template.Spec.Containers[0].Image = "docker.io/library/traefik:v3.5.3"
	for i := range objs {
		objs[i].Namespace = "kube-system"
	}
	if got := Check(objs, constraints(base.vars)); len(got) != 0 {
		t.Errorf("kube-system is excluded from the assignments, got %v", got)
	}
}

// redecode gives a mutation its own copy of the objects.
func redecode(t *testing.T, objs []Object) []Object {
	t.Helper()
	docs := make([]Doc, len(objs))
	for i, o := range objs {
		docs[i] = o.Doc
	}
	out, err := Decode(docs)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The substitution and the decoder refuse what Flux or the API server would
// not take silently.
func TestStrictness(t *testing.T) {
	d := Doc{APIVersion: "v1", Kind: "ConfigMap", Name: "x", YAML: []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: ${NOT_SET}\n")}
	if _, err := Substitute([]Doc{d}, map[string]string{"SET": "1"}); err == nil || !strings.Contains(err.Error(), "${NOT_SET} is not set") {
		t.Errorf("an unset variable must fail, got %v", err)
	}
	d.YAML = []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: $HOME\n")
	if _, err := Substitute([]Doc{d}, nil); err == nil || !strings.Contains(err.Error(), "outside ${NAME}") {
		t.Errorf("a stray $ must fail, got %v", err)
	}
	d.YAML = []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labelz: {}\n")
	if _, err := Decode([]Doc{d}); err == nil || !strings.Contains(err.Error(), "labelz") {
		t.Errorf("an unknown field must fail strict decoding, got %v", err)
	}
	d.APIVersion, d.Kind = "example.com/v1", "Widget"
	if _, err := Decode([]Doc{d}); err == nil || !strings.Contains(err.Error(), "no Go type") {
		t.Errorf("an unknown kind must fail, got %v", err)
	}
	if !regexp.MustCompile(AllowedImagesRegex("acr.azurecr.io")).MatchString("acr.azurecr.io/library/traefik:v3") || regexp.MustCompile(AllowedImagesRegex("acr.azurecr.io")).MatchString("acrXazurecr.io/x") {
		t.Error("AllowedImagesRegex must match only the login server")
	}
}
