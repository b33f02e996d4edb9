package privateaks

import (
	"regexp"

	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	insights "github.com/pulumi/pulumi-azure-native-sdk/insights/v2/v20210501preview"
	operationalinsights "github.com/pulumi/pulumi-azure-native-sdk/operationalinsights/v2/v20230901"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/internal/alerts"
	"github.com/privateaks/privateaks/internal/diagsettings"
	"github.com/privateaks/privateaks/internal/resopt"
	"github.com/privateaks/privateaks/internal/untyped"
)

// AuditLogCategories are the control-plane log categories sent to the
// workspace: admin audit (not the full, costly kube-audit), Entra ID
// authentication (guard), API server, controller manager and autoscaler.
var AuditLogCategories = []string{"kube-audit-admin", "guard", "kube-apiserver", "kube-controller-manager", "cluster-autoscaler"}

// DiagnosticSettingName is the cluster's diagnostic setting.
const DiagnosticSettingName = "to-log-analytics"

func newDiagnostics(ctx *pulumi.Context, name string, comp *PrivateAKS, cluster *containerservice.ManagedCluster, ws *operationalinsights.Workspace) error {
	var logs insights.LogSettingsArray
	for _, c := range AuditLogCategories {
		logs = append(logs, &insights.LogSettingsArgs{Category: pulumi.String(c), Enabled: pulumi.Bool(true)})
	}
	_, err := insights.NewDiagnosticSetting(ctx, clusterDiagnosticsName(name), &insights.DiagnosticSettingArgs{
		Name:        pulumi.String(DiagnosticSettingName),
		ResourceUri: cluster.ID().ToStringOutput(),
		WorkspaceId: ws.ID().ToStringOutput(),
		// Resource-specific tables (AKSAudit, AKSAuditAdmin, AKSControlPlane).
		LogAnalyticsDestinationType: pulumi.String("Dedicated"),
		Logs:                        logs,
		Metrics: insights.MetricSettingsArray{&insights.MetricSettingsArgs{
			Category: pulumi.String("AllMetrics"),
			Enabled:  pulumi.Bool(true),
		}},
	}, resopt.Child(comp, pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String(name + "-aks-diagnostics")}}))...)
	return err
}

// newServiceDiagnostics sends the vault's and the registry's logs to the
// cluster's workspace (categories: internal/diagsettings) and adds the
// cluster's health alerts.
func newServiceDiagnostics(ctx *pulumi.Context, name string, comp *PrivateAKS, a PrivateAKSArgs, ws *operationalinsights.Workspace) error {
	if _, err := diagsettings.New(ctx, name+"-kv-diagnostics", comp.KeyVault.ID().ToStringOutput(), ws.ID().ToStringOutput(), diagsettings.KeyVault, resopt.Child(comp)...); err != nil {
		return err
	}
	if _, err := diagsettings.New(ctx, name+"-acr-diagnostics", comp.Registry.ID().ToStringOutput(), ws.ID().ToStringOutput(), diagsettings.Registry, resopt.Child(comp)...); err != nil {
		return err
	}
	// Node pressure alerts on the cluster (internal/alerts).
	for _, rule := range []alerts.Rule{alerts.NodeCPU, alerts.NodeMemory} {
		if _, err := alerts.New(ctx, name, "alert-"+a.ClusterName, rule, a.ResourceGroupName, comp.Cluster.ID().ToStringOutput(), resopt.Tags(a.Tags), resopt.Child(comp)...); err != nil {
			return err
		}
	}
	return nil
}

// BuiltinPolicy is a built-in Azure Policy definition or initiative.
type BuiltinPolicy struct {
	// Key is the assignment's name on the cluster (stable, short).
	Key string
	// ID is the definition's GUID; Set marks an initiative.
	ID  string
	Set bool
	// DisplayName is the built-in's display name.
	DisplayName string
}

// The built-in policies assigned to every cluster (GUIDs as in the
// azure-policy built-ins and mspnp/aks-baseline).
var (
	// PolicyPodSecurityRestricted is the initiative "Kubernetes cluster pod
	// security restricted standards for Linux-based workloads".
	PolicyPodSecurityRestricted = BuiltinPolicy{"pod-security-restricted", "42b8ef37-b724-4e24-bbc8-7a7708edfe00", true, "Kubernetes cluster pod security restricted standards for Linux-based workloads"}
	// PolicyResourceLimits is "Kubernetes cluster containers CPU and memory
	// resource limits should not exceed the specified limits".
	PolicyResourceLimits = BuiltinPolicy{"container-resource-limits", "e345eecc-fa47-480f-9e88-67dcc122b164", false, "Kubernetes cluster containers CPU and memory resource limits should not exceed the specified limits"}
	// PolicyAllowedImages is "Kubernetes cluster containers should only use
	// allowed images".
	PolicyAllowedImages = BuiltinPolicy{"allowed-images", "febd0533-8e55-448f-b837-bd0e06f16469", false, "Kubernetes cluster containers should only use allowed images"}
	// PolicyReadOnlyRootFS is "Kubernetes cluster containers should run
	// with a read only root file system".
	PolicyReadOnlyRootFS = BuiltinPolicy{"readonly-root-filesystem", "df49d893-a74c-421d-bc95-c663042e5b80", false, "Kubernetes cluster containers should run with a read only root file system"}
	// PolicyInternalLoadBalancers is "Kubernetes clusters should use
	// internal load balancers".
	PolicyInternalLoadBalancers = BuiltinPolicy{"internal-load-balancers", "3fc4dc25-5baf-40d8-9b05-7fe74c1bc64e", false, "Kubernetes clusters should use internal load balancers"}
	// PolicyHTTPSIngress is "Kubernetes clusters should be accessible only
	// over HTTPS".
	PolicyHTTPSIngress = BuiltinPolicy{"https-ingress-only", "1a5b4dca-0b6f-4cf5-907c-56316bc1bf3d", false, "Kubernetes clusters should be accessible only over HTTPS"}
)

// The baseline's further Deny assignments (mspnp/aks-baseline
// cluster-stamp.bicep: pdAllowedExternalIPsId, pdAllowedHostPathsId,
// pdLocalAuthDisabledId; definitions in Azure/azure-policy
// built-in-policies/policyDefinitions/Kubernetes/).
var (
	// PolicyAllowedExternalIPs is "Kubernetes cluster services should only
	// use allowed external IPs" (ExternalIPs.json; CVE-2020-8554): none
	// allowed.
	PolicyAllowedExternalIPs = BuiltinPolicy{"allowed-external-ips", "d46c275d-1680-448d-b2ec-e495a3b6cc89", false, "Kubernetes cluster services should only use allowed external IPs"}
	// PolicyAllowedHostPaths is "Kubernetes cluster pod hostPath volumes
	// should only use allowed host paths" (AllowedHostPaths.json): none
	// allowed.
	PolicyAllowedHostPaths = BuiltinPolicy{"allowed-host-paths", "098fc59e-46c7-4d99-9b16-64990e543d75", false, "Kubernetes cluster pod hostPath volumes should only use allowed host paths"}
	// PolicyLocalAuthDisabled is "Azure Kubernetes Service Clusters should
	// have local authentication methods disabled"
	// (AKS_DisableLocalAccounts_Deny.json): an ARM-mode policy on the
	// cluster resource, with an effect parameter only.
	PolicyLocalAuthDisabled = BuiltinPolicy{"local-auth-disabled", "993c2fcd-2b29-49d2-9eb0-df2c3a730c32", false, "Azure Kubernetes Service Clusters should have local authentication methods disabled"}
)

// Policies are the built-ins assigned on the cluster, in creation order.
var Policies = []BuiltinPolicy{PolicyPodSecurityRestricted, PolicyResourceLimits, PolicyAllowedImages, PolicyReadOnlyRootFS, PolicyInternalLoadBalancers, PolicyHTTPSIngress,
	PolicyAllowedExternalIPs, PolicyAllowedHostPaths, PolicyLocalAuthDisabled}

// RegistryPolicies are the ARM-mode registry built-ins that fit a private
// registry, assigned on the registry with the cluster's effect (Azure/azure-policy
// built-in-policies/policyDefinitions/Container Registry/: ACR_PublicNetworkAccess_AuditDeny.json,
// ACR_AdminAccountDisabled_AuditDeny.json, ACR_ExportPolicy_AuditDeny.json).
// Left out: "ARM audience token authentication disabled" (the 2023-07-01
// API cannot set it, so Deny would block our own PUT; README "API versions")
// and "anonymous authentication disabled" (anonymousPullEnabled is not in
// 2023-07-01 either).
var RegistryPolicies = []BuiltinPolicy{PolicyACRPublicNetworkDisabled, PolicyACRAdminDisabled, PolicyACRExportsDisabled}

// The registry's built-ins, by name (RegistryPolicies).
var (
	PolicyACRPublicNetworkDisabled = BuiltinPolicy{"acr-public-network-disabled", "0fdf0491-d080-4575-b627-ad0e843cba0f", false, "Public network access should be disabled for Container registries"}
	PolicyACRAdminDisabled         = BuiltinPolicy{"acr-admin-disabled", "dc921057-6b28-4fbe-9b83-f7bec05db6c2", false, "Container registries should have local admin account disabled"}
	PolicyACRExportsDisabled       = BuiltinPolicy{"acr-exports-disabled", "524b0254-c285-4903-bee6-bb8126cde579", false, "Container registries should have exports disabled"}
)

// DefinitionID is the tenant-level ARM ID of the built-in.
func (p BuiltinPolicy) DefinitionID() string {
	if p.Set {
		return "/providers/Microsoft.Authorization/policySetDefinitions/" + p.ID
	}
	return "/providers/Microsoft.Authorization/policyDefinitions/" + p.ID
}

// newRegistryPolicies assigns RegistryPolicies on the registry.
func newRegistryPolicies(ctx *pulumi.Context, name string, comp *PrivateAKS, a PrivateAKSArgs) error {
	for _, p := range RegistryPolicies {
		display := "[" + a.Registry.Name + "] " + p.DisplayName
		if len(display) > 128 {
			display = display[:128]
		}
		if _, err := untyped.Register(ctx, untyped.PolicyAssignment, name+"-policy-"+p.Key, pulumi.Map{
			"policyAssignmentName": pulumi.String(p.Key),
			"scope":                comp.Registry.ID().ToStringOutput(),
			"policyDefinitionId":   pulumi.String(p.DefinitionID()),
			"displayName":          pulumi.String(display),
			"enforcementMode":      pulumi.String("Default"),
			"parameters":           pulumi.Map{"effect": pulumi.Map{"value": pulumi.String(a.PolicyEffect)}},
		}, resopt.Child(comp)...); err != nil {
			return err
		}
	}
	return nil
}

// AllowedImagesRegex allows only images from the registry's login server.
func AllowedImagesRegex(loginServer string) string {
	return "^" + regexp.QuoteMeta(loginServer) + "/.+$"
}

// ExcludedNamespaces are the namespaces the policies skip for args: the
// system namespaces, calico's with network policy calico, and the extras.
func (a PrivateAKSArgs) ExcludedNamespaces() []string {
	ns := append([]string(nil), SystemNamespaces...)
	if a.Network.Policy == "calico" {
		ns = append(ns, calicoNamespaces...)
	}
	return sortedUnique(append(ns, a.PolicyExcludedNamespaces...))
}

func newPolicies(ctx *pulumi.Context, name string, comp *PrivateAKS, a PrivateAKSArgs, cluster *containerservice.ManagedCluster, loginServer pulumi.StringOutput) error {
	excluded := pulumi.ToStringArray(a.ExcludedNamespaces())
	value := func(v pulumi.Input) pulumi.Map { return pulumi.Map{"value": v} }
	for _, p := range Policies {
		params := pulumi.Map{
			"effect":             value(pulumi.String(a.PolicyEffect)),
			"excludedNamespaces": value(excluded),
		}
		switch p.Key {
		case PolicyLocalAuthDisabled.Key:
			// ARM mode: only an effect. With local accounts kept on (an
			// opt-out) a Deny would refuse every later update of the
			// cluster, so the assignment is left out.
			if a.LocalAccounts {
				continue
			}
			params = pulumi.Map{"effect": value(pulumi.String(a.PolicyEffect))}
		case PolicyAllowedExternalIPs.Key:
			params["allowedExternalIPs"] = value(pulumi.ToStringArray([]string{}))
		case PolicyAllowedHostPaths.Key:
			params["allowedHostPaths"] = value(pulumi.Map{"paths": pulumi.Array{}})
		case PolicyResourceLimits.Key:
			params["cpuLimit"] = value(pulumi.String(a.ContainerCPULimit))
			params["memoryLimit"] = value(pulumi.String(a.ContainerMemoryLimit))
		case PolicyAllowedImages.Key:
			params["allowedContainerImagesRegex"] = value(loginServer.ApplyT(AllowedImagesRegex).(pulumi.StringOutput))
		}
		display := "[" + a.ClusterName + "] " + p.DisplayName
		if len(display) > 128 {
			display = display[:128]
		}
		// Registered by token: the typed PolicyAssignmentArgs would cost
		// this package seconds of compile (internal/untyped).
		if _, err := untyped.Register(ctx, untyped.PolicyAssignment, name+"-policy-"+p.Key, pulumi.Map{
			"policyAssignmentName": pulumi.String(p.Key),
			"scope":                cluster.ID().ToStringOutput(),
			"policyDefinitionId":   pulumi.String(p.DefinitionID()),
			"displayName":          pulumi.String(display),
			"enforcementMode":      pulumi.String("Default"),
			"parameters":           params,
		}, resopt.Child(comp)...); err != nil {
			return err
		}
	}
	return nil
}
