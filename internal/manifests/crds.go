package manifests

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// SecretProviderClass is secrets-store.csi.x-k8s.io/v1 SecretProviderClass,
// field for field as in kubernetes-sigs/secrets-store-csi-driver
// apis/v1/secretproviderclass_types.go, so that the strict decoder refuses
// a misspelt field as the API server would.
type SecretProviderClass struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              SecretProviderClassSpec `json:"spec,omitempty"`
}

// SecretProviderClassSpec is the class's spec.
type SecretProviderClassSpec struct {
	Provider      string            `json:"provider,omitempty"`
	Parameters    map[string]string `json:"parameters,omitempty"`
	SecretObjects []*SecretObject   `json:"secretObjects,omitempty"`
}

// SecretObject is a Kubernetes Secret the driver syncs from mounted content.
type SecretObject struct {
	SecretName  string              `json:"secretName,omitempty"`
	Type        string              `json:"type,omitempty"`
	Labels      map[string]string   `json:"labels,omitempty"`
	Annotations map[string]string   `json:"annotations,omitempty"`
	Data        []*SecretObjectData `json:"data,omitempty"`
}

// SecretObjectData maps a mounted object to a key of the Secret.
type SecretObjectData struct {
	ObjectName string `json:"objectName,omitempty"`
	Key        string `json:"key,omitempty"`
}

// CiliumNetworkPolicy is cilium.io/v2 CiliumNetworkPolicy, limited to the
// L3/L4 subset AKS supports without Advanced Container Networking Services
// (MicrosoftDocs/azure-aks-docs azure-cni-powered-by-cilium.md, FAQ) and
// that our manifests use; field names as in cilium/cilium pkg/policy/api
// (Rule, EgressRule, PortRule, PortProtocol). Anything else is refused by
// the strict decoder, so a field this type does not know is a review point.
type CiliumNetworkPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              CiliumRule `json:"spec,omitempty"`
}

// CiliumRule selects endpoints and lists what they may send.
type CiliumRule struct {
	EndpointSelector metav1.LabelSelector `json:"endpointSelector"`
	Egress           []CiliumEgressRule   `json:"egress,omitempty"`
}

// CiliumEgressRule allows egress to entities on ports.
type CiliumEgressRule struct {
	ToEntities []string         `json:"toEntities,omitempty"`
	ToPorts    []CiliumPortRule `json:"toPorts,omitempty"`
}

// CiliumPortRule lists ports.
type CiliumPortRule struct {
	Ports []CiliumPortProtocol `json:"ports,omitempty"`
}

// CiliumPortProtocol is a port (a string in Cilium's API) and a protocol.
type CiliumPortProtocol struct {
	Port     string `json:"port"`
	Protocol string `json:"protocol,omitempty"`
}
