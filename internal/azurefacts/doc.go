// Package azurefacts holds the dated facts about Azure that our checks need
// and that change over time: the AKS Kubernetes release calendar, node OS
// image availability, the regions with availability zones and the VM sizes'
// capabilities. Each fact names the document it was read from and the date
// it was read, so that a stale fact is visible and can be refreshed from
// one place. The package has no Azure SDK dependency: stack validation, the
// component argument checks and the independent plan models all read it.
//
// Refreshing: re-read each Source, update the table and its ReadOn date, and
// run `go test ./internal/azurefacts/` (its tests restate the documents'
// own examples, not our code).
package azurefacts

import "time"

// Fact sources and when they were read. A fact table cites one of these.
const (
	// SourceCalendar is the AKS Kubernetes release calendar (the doc's own
	// ms.date is 08/05/2026).
	SourceCalendar = "MicrosoftDocs/azure-aks-docs articles/aks/supported-kubernetes-versions.md#aks-kubernetes-release-calendar-and-upcoming-versions (ms.date 08/05/2026)"
	// SourceLTS is the long-term support article (Premium tier plus the
	// AKSLongTermSupport plan; creation on an LTS version after community
	// support ends).
	SourceLTS = "MicrosoftDocs/azure-aks-docs articles/aks/long-term-support.md#enable-long-term-support"
	// SourceAzureLinux2 is the Azure Linux 2.0 retirement note.
	SourceAzureLinux2 = "MicrosoftDocs/azure-aks-docs articles/aks/includes/azure-linux-retirement.md (ms.date 12/16/2025)"
	// SourceAzureLinux3 says from which Kubernetes version osSKU AzureLinux
	// means Azure Linux 3.0.
	SourceAzureLinux3 = "MicrosoftDocs/azure-management-docs articles/azure-linux/how-to-enable-azure-linux-3.md#limitations"
	// SourceWindows2019 and SourceWindows2022 are the Windows Server node
	// pool retirement notes (both ms.date 01/14/2026).
	SourceWindows2019 = "MicrosoftDocs/azure-aks-docs articles/aks/includes/windows-server-2019-retirement.md"
	SourceWindows2022 = "MicrosoftDocs/azure-aks-docs articles/aks/includes/windows-server-2022-retirement.md"
	// SourceOSSKU is the 2024-09-01 OSSKU definition (the Windows default).
	SourceOSSKU = "azure-rest-api-specs specification/containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2024-09-01/managedClusters.json#/definitions/OSSKU"
	// SourceZones lists the regions with availability zones.
	SourceZones = "MicrosoftDocs/azure-docs articles/reliability/availability-zones-region-support.md (ms.date 11/20/2024)"
	// SourceEphemeral says an ephemeral OS disk lives on the VM's cache,
	// temp (resource) or NVMe disk and must fit there.
	SourceEphemeral = "MicrosoftDocs/azure-docs articles/virtual-machines/ephemeral-os-disks.md; ephemeral-os-disks-faq.md"
)

// ReadOn is the day the facts in this package were read from their sources.
var ReadOn = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
