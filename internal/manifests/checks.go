package manifests

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// Finding is one object failing one policy's constraint.
type Finding struct {
	// Policy is the assignment key (privateaks governance.go's BuiltinPolicy.Key).
	Policy string
	// Object is "Kind namespace/name"; Path the field at fault.
	Object, Path string
	Message      string
}

func (f Finding) String() string {
	return fmt.Sprintf("%s: %s %s: %s", f.Policy, f.Object, f.Path, f.Message)
}

// Constraints are the parameters of the stack's policy assignments.
type Constraints struct {
	// AllowedImages is the allowedContainerImagesRegex parameter.
	AllowedImages *regexp.Regexp
	// CPULimit and MemoryLimit are the resource-limits policy's maxima.
	CPULimit, MemoryLimit string
	// ExcludedNamespaces are skipped by every policy (excludedNamespaces).
	ExcludedNamespaces []string
}

// AllowedImagesRegex is the allowed-images value our assignment passes for a
// login server: the registry host, then a repository. The policy's own
// parameter description gives the form (^[^\/]+\.azurecr\.io\/.+$ for any
// ACR); tests/ holds it equal to privateaks.AllowedImagesRegex.
func AllowedImagesRegex(loginServer string) string {
	return "^" + regexp.QuoteMeta(loginServer) + "/.+$"
}

// Policy keys, as assigned in components/privateaks/governance.go.
const (
	PolicyAllowedImages     = "allowed-images"
	PolicyResourceLimits    = "container-resource-limits"
	PolicyReadOnlyRootFS    = "readonly-root-filesystem"
	PolicyInternalLB        = "internal-load-balancers"
	PolicyHTTPSIngress      = "https-ingress-only"
	PolicyRestrictedPodSpec = "pod-security-restricted"
)

// Check runs every constraint over the objects, skipping excluded
// namespaces as Gatekeeper does, and returns the findings sorted.
func Check(objs []Object, c Constraints) []Finding {
	excluded := map[string]bool{}
	for _, ns := range c.ExcludedNamespaces {
		excluded[ns] = true
	}
	var out []Finding
	for _, o := range objs {
		if excluded[o.Namespace] {
			continue
		}
		if spec, path, ok := podSpec(o.Value); ok {
			out = append(out, checkPod(o.Ref(), path, spec, c)...)
		}
		switch v := o.Value.(type) {
		case *corev1.Service:
			out = append(out, checkService(o.Ref(), v)...)
		case *networkingv1.Ingress:
			out = append(out, checkIngress(o.Ref(), v)...)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// podSpec finds the pod template of a workload: Gatekeeper reviews the Pods
// they create, whose spec is the template's.
func podSpec(v any) (*corev1.PodSpec, string, bool) {
	switch w := v.(type) {
	case *corev1.Pod:
		return &w.Spec, "spec", true
	case *appsv1.Deployment:
		return &w.Spec.Template.Spec, "spec.template.spec", true
	case *appsv1.StatefulSet:
		return &w.Spec.Template.Spec, "spec.template.spec", true
	case *appsv1.DaemonSet:
		return &w.Spec.Template.Spec, "spec.template.spec", true
	case *batchv1.Job:
		return &w.Spec.Template.Spec, "spec.template.spec", true
	case *batchv1.CronJob:
		return &w.Spec.JobTemplate.Spec.Template.Spec, "spec.jobTemplate.spec.template.spec", true
	}
	return nil, "", false
}

type container struct {
	c    corev1.Container
	path string
}

// containers are spec.containers and spec.initContainers, the two lists
// every template below reads (input_containers).
func containers(spec *corev1.PodSpec, path string) []container {
	var out []container
	for i, c := range spec.InitContainers {
		out = append(out, container{c, fmt.Sprintf("%s.initContainers[%d]", path, i)})
	}
	for i, c := range spec.Containers {
		out = append(out, container{c, fmt.Sprintf("%s.containers[%d]", path, i)})
	}
	return out
}

func checkPod(ref, path string, spec *corev1.PodSpec, c Constraints) []Finding {
	var out []Finding
	add := func(policy, p, format string, args ...any) {
		out = append(out, Finding{policy, ref, p, fmt.Sprintf(format, args...)})
	}
	maxCPU, maxMem := resource.MustParse(c.CPULimit), resource.MustParse(c.MemoryLimit)
	for _, k := range containers(spec, path) {
		// Azure/azure-policy built-in-references/Kubernetes/
		// container-allowed-images/template.yaml: re_match(imageRegex,
		// container.image) for containers and initContainers.
		if !c.AllowedImages.MatchString(k.c.Image) {
			add(PolicyAllowedImages, k.path+".image", "image %q does not match %s", k.c.Image, c.AllowedImages)
		}
		// container-resource-limits/template.yaml: limits.cpu and
		// limits.memory present, non-empty, parseable and at most the
		// cpuLimit and memoryLimit parameters.
		lim := k.c.Resources.Limits
		if q, ok := lim[corev1.ResourceCPU]; !ok {
			add(PolicyResourceLimits, k.path+".resources.limits.cpu", "no cpu limit")
		} else if q.Cmp(maxCPU) > 0 {
			add(PolicyResourceLimits, k.path+".resources.limits.cpu", "cpu limit %s is higher than the maximum allowed of %s", q.String(), c.CPULimit)
		}
		if q, ok := lim[corev1.ResourceMemory]; !ok {
			add(PolicyResourceLimits, k.path+".resources.limits.memory", "no memory limit")
		} else if q.Cmp(maxMem) > 0 {
			add(PolicyResourceLimits, k.path+".resources.limits.memory", "memory limit %s is higher than the maximum allowed of %s", q.String(), c.MemoryLimit)
		}
		// read-only-root-filesystem/template.yaml: a securityContext with
		// readOnlyRootFilesystem == true, or a violation.
		if sc := k.c.SecurityContext; sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
			add(PolicyReadOnlyRootFS, k.path+".securityContext.readOnlyRootFilesystem", "not true: only read-only root filesystem containers are allowed")
		}
	}
	out = append(out, restricted(ref, path, spec)...)
	return out
}

// restricted checks the controls of the initiative "Kubernetes cluster pod
// security restricted standards for Linux-based workloads" (policySet
// 42b8ef37-b724-4e24-bbc8-7a7708edfe00), which implements the Pod Security
// Standards' restricted profile (kubernetes.io, "Pod Security Standards",
// Restricted): each check names its member template under
// Azure/azure-policy built-in-references/Kubernetes/.
func restricted(ref, path string, spec *corev1.PodSpec) []Finding {
	var out []Finding
	add := func(p, format string, args ...any) {
		out = append(out, Finding{PolicyRestrictedPodSpec, ref, p, fmt.Sprintf(format, args...)})
	}
	// block-host-namespace: hostPID, hostIPC; host-network-ports: hostNetwork.
	if spec.HostPID || spec.HostIPC || spec.HostNetwork {
		add(path, "host namespaces (hostNetwork, hostPID, hostIPC) are not allowed")
	}
	// allowed-volume-types: the restricted profile's volume types.
	allowedVolumes := map[string]bool{"configMap": true, "csi": true, "downwardAPI": true, "emptyDir": true, "ephemeral": true, "persistentVolumeClaim": true, "projected": true, "secret": true}
	for i, v := range spec.Volumes {
		if t := volumeType(v.VolumeSource); !allowedVolumes[t] {
			add(fmt.Sprintf("%s.volumes[%d]", path, i), "volume type %q is not allowed (configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret)", t)
		}
	}
	podNonRoot := spec.SecurityContext != nil && spec.SecurityContext.RunAsNonRoot != nil && *spec.SecurityContext.RunAsNonRoot
	podSeccomp := spec.SecurityContext != nil && seccompOK(spec.SecurityContext.SeccompProfile)
	if spec.SecurityContext != nil && spec.SecurityContext.RunAsUser != nil && *spec.SecurityContext.RunAsUser == 0 {
		add(path+".securityContext.runAsUser", "0 (root) is not allowed")
	}
	for _, k := range containers(spec, path) {
		sc := k.c.SecurityContext
		if sc == nil {
			sc = &corev1.SecurityContext{}
		}
		// container-no-privilege.
		if sc.Privileged != nil && *sc.Privileged {
			add(k.path+".securityContext.privileged", "privileged containers are not allowed")
		}
		// container-no-privilege-escalation: must be set to false.
		if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
			add(k.path+".securityContext.allowPrivilegeEscalation", "must be false")
		}
		// container-allowed-capabilities with requiredDropCapabilities ALL
		// and allowedCapabilities NET_BIND_SERVICE (the restricted profile).
		if sc.Capabilities == nil || !hasCap(sc.Capabilities.Drop, "ALL") {
			add(k.path+".securityContext.capabilities.drop", "must include ALL")
		}
		if sc.Capabilities != nil {
			for j, a := range sc.Capabilities.Add {
				if a != "NET_BIND_SERVICE" {
					add(fmt.Sprintf("%s.securityContext.capabilities.add[%d]", k.path, j), "capability %s is not allowed (only NET_BIND_SERVICE)", a)
				}
			}
		}
		// allowed-users-groups: runAsNonRoot on the pod or the container,
		// and never user 0.
		if !(podNonRoot || (sc.RunAsNonRoot != nil && *sc.RunAsNonRoot)) {
			add(k.path+".securityContext.runAsNonRoot", "must be true (here or in the pod's securityContext)")
		}
		if sc.RunAsUser != nil && *sc.RunAsUser == 0 {
			add(k.path+".securityContext.runAsUser", "0 (root) is not allowed")
		}
		// allowed-seccomp-profiles: RuntimeDefault or Localhost.
		if !(podSeccomp || seccompOK(sc.SeccompProfile)) {
			add(k.path+".securityContext.seccompProfile", "must be RuntimeDefault or Localhost (here or in the pod's securityContext)")
		}
		// host-network-ports: no host ports.
		for j, p := range k.c.Ports {
			if p.HostPort != 0 {
				add(fmt.Sprintf("%s.ports[%d].hostPort", k.path, j), "host ports are not allowed")
			}
		}
	}
	return out
}

// checkService: load-balancer-no-public-ips/template.yaml. Outside
// kube-system, a Service of type LoadBalancer must carry
// service.beta.kubernetes.io/azure-load-balancer-internal: "true".
func checkService(ref string, s *corev1.Service) []Finding {
	if s.Namespace == "kube-system" || s.Spec.Type != corev1.ServiceTypeLoadBalancer {
		return nil
	}
	if s.Annotations[AnnotationInternalLB] == "true" {
		return nil
	}
	return []Finding{{PolicyInternalLB, ref, "metadata.annotations[" + AnnotationInternalLB + "]", "a LoadBalancer Service must be internal (annotation \"true\")"}}
}

// AnnotationInternalLB makes the Azure cloud provider create an internal
// load balancer (AKS internal-lb.md).
const AnnotationInternalLB = "service.beta.kubernetes.io/azure-load-balancer-internal"

// checkIngress: ingress-https-only/template.yaml. An Ingress needs at least
// one spec.tls entry and kubernetes.io/ingress.allow-http: "false".
func checkIngress(ref string, in *networkingv1.Ingress) []Finding {
	var out []Finding
	if len(in.Spec.TLS) == 0 {
		out = append(out, Finding{PolicyHTTPSIngress, ref, "spec.tls", "an Ingress must be HTTPS: at least one tls entry"})
	}
	if in.Annotations["kubernetes.io/ingress.allow-http"] != "false" {
		out = append(out, Finding{PolicyHTTPSIngress, ref, "metadata.annotations[kubernetes.io/ingress.allow-http]", "must be \"false\""})
	}
	return out
}

func seccompOK(p *corev1.SeccompProfile) bool {
	return p != nil && (p.Type == corev1.SeccompProfileTypeRuntimeDefault || p.Type == corev1.SeccompProfileTypeLocalhost)
}

func hasCap(caps []corev1.Capability, want corev1.Capability) bool {
	for _, c := range caps {
		if strings.EqualFold(string(c), string(want)) {
			return true
		}
	}
	return false
}

// volumeType is the JSON name of the one source a volume sets.
func volumeType(v corev1.VolumeSource) string {
	switch {
	case v.ConfigMap != nil:
		return "configMap"
	case v.CSI != nil:
		return "csi"
	case v.DownwardAPI != nil:
		return "downwardAPI"
	case v.EmptyDir != nil:
		return "emptyDir"
	case v.Ephemeral != nil:
		return "ephemeral"
	case v.PersistentVolumeClaim != nil:
		return "persistentVolumeClaim"
	case v.Projected != nil:
		return "projected"
	case v.Secret != nil:
		return "secret"
	case v.HostPath != nil:
		return "hostPath"
	}
	return "other"
}
