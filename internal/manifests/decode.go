package manifests

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"sigs.k8s.io/yaml"
)

// Object is a decoded object with the Doc it came from.
type Object struct {
	Doc
	// Value is a pointer to the typed object (*appsv1.Deployment, ...).
	Value any
}

// kinds maps apiVersion/kind to a constructor of its Go type: the
// Kubernetes API types of k8s.io/api for built-in kinds, and this package's
// own types for the custom resources the manifests use. A kind missing here
// is an error, so a new kind gets decoded strictly too.
var kinds = map[string]func() any{
	"v1/Namespace":                                      func() any { return &corev1.Namespace{} },
	"v1/ServiceAccount":                                 func() any { return &corev1.ServiceAccount{} },
	"v1/ConfigMap":                                      func() any { return &corev1.ConfigMap{} },
	"v1/Service":                                        func() any { return &corev1.Service{} },
	"v1/ResourceQuota":                                  func() any { return &corev1.ResourceQuota{} },
	"v1/LimitRange":                                     func() any { return &corev1.LimitRange{} },
	"v1/Pod":                                            func() any { return &corev1.Pod{} },
	"apps/v1/Deployment":                                func() any { return &appsv1.Deployment{} },
	"apps/v1/StatefulSet":                               func() any { return &appsv1.StatefulSet{} },
	"apps/v1/DaemonSet":                                 func() any { return &appsv1.DaemonSet{} },
	"batch/v1/Job":                                      func() any { return &batchv1.Job{} },
	"batch/v1/CronJob":                                  func() any { return &batchv1.CronJob{} },
	"networking.k8s.io/v1/NetworkPolicy":                func() any { return &networkingv1.NetworkPolicy{} },
	"networking.k8s.io/v1/Ingress":                      func() any { return &networkingv1.Ingress{} },
	"networking.k8s.io/v1/IngressClass":                 func() any { return &networkingv1.IngressClass{} },
	"policy/v1/PodDisruptionBudget":                     func() any { return &policyv1.PodDisruptionBudget{} },
	"rbac.authorization.k8s.io/v1/ClusterRole":          func() any { return &rbacv1.ClusterRole{} },
	"rbac.authorization.k8s.io/v1/ClusterRoleBinding":   func() any { return &rbacv1.ClusterRoleBinding{} },
	"rbac.authorization.k8s.io/v1/Role":                 func() any { return &rbacv1.Role{} },
	"rbac.authorization.k8s.io/v1/RoleBinding":          func() any { return &rbacv1.RoleBinding{} },
	"secrets-store.csi.x-k8s.io/v1/SecretProviderClass": func() any { return &SecretProviderClass{} },
	"cilium.io/v2/CiliumNetworkPolicy":                  func() any { return &CiliumNetworkPolicy{} },
}

// Decode decodes every doc strictly: an unknown field, a wrong type or an
// unknown kind is an error naming the object.
func Decode(docs []Doc) ([]Object, error) {
	out := make([]Object, 0, len(docs))
	for _, d := range docs {
		mk, ok := kinds[d.APIVersion+"/"+d.Kind]
		if !ok {
			return nil, fmt.Errorf("%s: apiVersion %s kind %s has no Go type to decode it strictly (add it to kinds)", d.Ref(), d.APIVersion, d.Kind)
		}
		v := mk()
		if err := yaml.UnmarshalStrict(d.YAML, v); err != nil {
			return nil, fmt.Errorf("%s: %w", d.Ref(), err)
		}
		out = append(out, Object{Doc: d, Value: v})
	}
	return out, nil
}
