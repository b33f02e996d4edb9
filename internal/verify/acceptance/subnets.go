package acceptance

import (
	"net/netip"
	"sort"
	"strings"

	"github.com/privateaks/privateaks/internal/mockengine"
)

const (
	docFirewallFAQ  = "MicrosoftDocs/azure-docs articles/firewall/firewall-faq.yml ('Why does Azure Firewall need a /26 subnet size?'; 'There's a 50 character limit for a firewall name')"
	docBastionSub   = "MicrosoftDocs/azure-docs includes/bastion-subnet-size.md (smallest AzureBastionSubnet is /27; create it without route tables or delegations)"
	docManageSubnet = "MicrosoftDocs/azure-docs articles/virtual-network/virtual-network-manage-subnet.md (a subnet's range lies within the virtual network's address space and does not overlap other subnets)"
	docPublicIPSKU  = "MicrosoftDocs/azure-docs articles/virtual-network/ip-services/public-ip-addresses.md#sku (Standard SKU addresses always use static allocation)"
)

func init() {
	register(Rule{ID: "AZ-SUBNETS", Title: "subnets inside their VNet and apart; AzureFirewallSubnet /26; AzureBastionSubnet /27 or larger without route table or delegation", Source: docManageSubnet, check: func(rn *run) {
		type placed struct {
			r      *mockengine.Resource
			prefix netip.Prefix
		}
		byVnet := map[string][]placed{}
		for _, s := range rn.byType("network", "Subnet") {
			name, _ := str(s, "subnetName")
			pt, ok := str(s, "addressPrefix")
			if !ok {
				continue
			}
			pfx, err := netip.ParsePrefix(pt)
			if err != nil {
				rn.checked++
				rn.flag(s, "addressPrefix", "", "%q is not a CIDR", pt)
				continue
			}
			pfx = pfx.Masked()
			switch name {
			case "AzureFirewallSubnet":
				rn.checked++
				if pfx.Bits() > 26 {
					rn.flag(s, "addressPrefix", docFirewallFAQ, "AzureFirewallSubnet %s is smaller than the /26 Azure Firewall needs", pt)
				}
			case "AzureBastionSubnet":
				rn.checked++
				if pfx.Bits() > 27 {
					rn.flag(s, "addressPrefix", docBastionSub, "AzureBastionSubnet %s is smaller than /27", pt)
				}
				for _, f := range []string{"routeTable", "delegations"} {
					if _, st := lookup(s, f); st == known && (f != "delegations" || length(s, f) > 0) {
						rn.flag(s, f, docBastionSub, "AzureBastionSubnet must have no %s", f)
					}
				}
			}
			rg, _ := str(s, "resourceGroupName")
			vn, _ := str(s, "virtualNetworkName")
			key := strings.ToLower(rg + "/" + vn)
			byVnet[key] = append(byVnet[key], placed{s, pfx})
		}
		var vnets []string
		for k := range byVnet {
			vnets = append(vnets, k)
		}
		sort.Strings(vnets)
		for _, key := range vnets {
			subs := byVnet[key]
			if v := rn.vnet(key); v != nil {
				spaces, ok := strs(v, "addressSpace.addressPrefixes")
				if ok && len(spaces) > 0 {
					for _, s := range subs {
						rn.checked++
						if !within(s.prefix, spaces) {
							rn.flag(s.r, "addressPrefix", "", "%s is outside the address space %s of %s", s.prefix, strings.Join(spaces, ", "), v.Name)
						}
					}
				}
			}
			for i := range subs {
				for j := i + 1; j < len(subs); j++ {
					rn.checked++
					if subs[i].prefix.Overlaps(subs[j].prefix) {
						a, b := subs[i], subs[j]
						if b.r.URN < a.r.URN {
							a, b = b, a
						}
						rn.flag(b.r, "addressPrefix", "", "%s overlaps %s (%s) in the same virtual network", b.prefix, a.prefix, a.r.Name)
					}
				}
			}
		}
	}})
	register(Rule{ID: "AZ-PUBLICIP", Title: "public IPs: SKU and allocation enums; Standard is static; the firewall name at most 50 characters", Source: docPublicIPSKU, check: func(rn *run) {
		for _, ip := range rn.byType("network", "PublicIPAddress") {
			sku, _ := str(ip, "sku.name")
			rn.enumAt(ip, "sku.name", def(specPublicIP, "PublicIPAddressSku")+".name", "Basic", "Standard")
			rn.enumAt(ip, "sku.tier", def(specPublicIP, "PublicIPAddressSku")+".tier", "Regional", "Global")
			rn.enumAt(ip, "publicIPAllocationMethod", specPublicIP+" (IPAllocationMethod)", "Static", "Dynamic")
			if alloc, ok := str(ip, "publicIPAllocationMethod"); ok && sku == "Standard" {
				rn.checked++
				if alloc != "Static" {
					rn.flag(ip, "publicIPAllocationMethod", "", "a Standard public IP is always static, have %s", alloc)
				}
			}
		}
		for _, fw := range rn.byType("network", "AzureFirewall") {
			if n, ok := str(fw, "azureFirewallName"); ok {
				rn.checked++
				if len(n) > 50 {
					rn.flag(fw, "azureFirewallName", docFirewallFAQ, "%q has %d characters; a firewall name has at most 50", n, len(n))
				}
			}
		}
	}})
}

const specPublicIP = "azure-rest-api-specs specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/publicIpAddress.json"

// vnet finds the planned VNet for "rg/name" (lowercase).
func (rn *run) vnet(key string) *mockengine.Resource {
	for _, v := range rn.byType("network", "VirtualNetwork") {
		rg, _ := str(v, "resourceGroupName")
		n, _ := str(v, "virtualNetworkName")
		if strings.ToLower(rg+"/"+n) == key {
			return v
		}
	}
	return nil
}

func within(p netip.Prefix, spaces []string) bool {
	for _, s := range spaces {
		sp, err := netip.ParsePrefix(s)
		if err == nil && sp.Bits() <= p.Bits() && sp.Masked().Contains(p.Addr()) {
			return true
		}
	}
	return false
}
