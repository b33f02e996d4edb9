package egress

import (
	"net/netip"
	"sort"
	"strings"

	"github.com/privateaks/privateaks/internal/mockengine"
	"github.com/privateaks/privateaks/internal/verify"
)

// Subnet roles, as the model derives them from the plan.
const (
	roleNode       = "node"
	roleManagement = "management"
	roleReserved   = "reserved" // AzureFirewallSubnet, AzureBastionSubnet, GatewaySubnet
	roleOther      = "other"
)

// reservedSubnets are the names Azure gives special roles and that host no
// workload of ours: the firewall's own subnet, Bastion's and the VPN/ER
// gateway's (azure-docs articles/firewall/tutorial-firewall-deploy-portal.md,
// articles/bastion/configuration-settings.md, articles/vpn-gateway
// /vpn-gateway-about-vpn-gateway-settings.md).
var reservedSubnets = map[string]bool{"azurefirewallsubnet": true, "azurebastionsubnet": true, "gatewaysubnet": true}

type firewall struct {
	res    *mockengine.Resource
	ip     string
	policy *policy
	vnet   string // lower-case resource group + "/" + VNet name of its subnet
}

type subnet struct {
	res      *mockengine.Resource
	name     string
	vnet     string // lower-case rg/vnet
	prefixes []netip.Prefix
	role     string
	fw       *firewall // nil: 0.0.0.0/0 does not lead to a planned firewall
	nextHop  string    // the default route's next hop IP, if any
	clusters []*cluster
	gpu      bool
}

func (s *subnet) cidr() string {
	var out []string
	for _, p := range s.prefixes {
		out = append(out, p.String())
	}
	return strings.Join(out, ",")
}

func (s *subnet) span() (span, bool) {
	if len(s.prefixes) == 0 {
		return span{}, false
	}
	return prefixSpan(s.prefixes[0]), true
}

type topology struct {
	firewalls []*firewall
	subnets   []*subnet
	clusters  []*cluster
	scaleSets []*scaleSet
	vnets     spanSet // every planned VNet address space
}

func vnetKey(rg, name string) string { return strings.ToLower(rg + "/" + name) }

func readTopology(p verify.Plan, pols map[string]*policy) *topology {
	t := &topology{}
	subnetsByID := map[string]*subnet{}
	for _, r := range byType(p, "network", "VirtualNetwork") {
		for _, s := range strsAt(inputs(r), "addressSpace.addressPrefixes") {
			if sp, ok := parseSpan(s); ok {
				t.vnets = t.vnets.add(sp)
			}
		}
	}
	for _, r := range byType(p, "network", "Subnet") {
		in := inputs(r)
		s := &subnet{res: r, name: strAt(in, "subnetName"), vnet: vnetKey(strAt(in, "resourceGroupName"), strAt(in, "virtualNetworkName"))}
		if s.name == "" {
			s.name = r.Name
		}
		prefixes := strsAt(in, "addressPrefixes")
		if a := strAt(in, "addressPrefix"); a != "" {
			prefixes = append([]string{a}, prefixes...)
		}
		for _, a := range prefixes {
			if pf, err := netip.ParsePrefix(a); err == nil && pf.Addr().Is4() {
				s.prefixes = append(s.prefixes, pf.Masked())
			}
		}
		t.subnets = append(t.subnets, s)
		subnetsByID[strings.ToLower(r.ID)] = s
	}
	for _, r := range byType(p, "network", "AzureFirewall") {
		fw := &firewall{res: r, ip: strAt(outputs(r), "ipConfigurations[0].privateIPAddress")}
		fw.policy = pols[strings.ToLower(strAt(inputs(r), "firewallPolicy.id"))]
		if s := subnetsByID[strings.ToLower(strAt(inputs(r), "ipConfigurations[0].subnet.id"))]; s != nil {
			fw.vnet = s.vnet
		}
		t.firewalls = append(t.firewalls, fw)
	}
	routes := readRoutes(p)
	for _, s := range t.subnets {
		hop := routes[strings.ToLower(strAt(inputs(s.res), "routeTable.id"))]
		s.nextHop = hop
		for _, fw := range t.firewalls {
			if hop != "" && fw.ip == hop {
				s.fw = fw
			}
		}
	}
	t.clusters = readClusters(p, subnetsByID)
	t.scaleSets = readScaleSets(p, subnetsByID)
	for _, s := range t.subnets {
		switch {
		case reservedSubnets[strings.ToLower(s.name)]:
			s.role = roleReserved
		case len(s.clusters) > 0:
			s.role = roleNode
		case s.fw != nil && s.vnet == s.fw.vnet:
			// A hub subnet (in the firewall's VNet) routed through the
			// firewall that no node pool uses: where operators' runners and
			// jump boxes live.
			s.role = roleManagement
		default:
			s.role = roleOther
		}
	}
	sort.Slice(t.subnets, func(i, j int) bool { return t.subnets[i].res.URN < t.subnets[j].res.URN })
	return t
}

// readRoutes maps each planned route table's ID to the next hop IP of its
// 0.0.0.0/0 route when that route goes to a VirtualAppliance
// (azure-docs articles/virtual-network/virtual-networks-udr-overview.md,
// "User-defined": next hop type Virtual appliance with its IP). Route
// tables take routes inline or as Route child resources.
func readRoutes(p verify.Plan) map[string]string {
	out := map[string]string{}
	consider := func(tableID string, rv propertyValue) {
		if strAt(rv, "addressPrefix") == "0.0.0.0/0" && strings.EqualFold(strAt(rv, "nextHopType"), "VirtualAppliance") {
			out[strings.ToLower(tableID)] = strAt(rv, "nextHopIpAddress")
		}
	}
	for _, r := range byType(p, "network", "RouteTable") {
		for _, rv := range arrAt(inputs(r), "routes") {
			consider(r.ID, rv)
		}
	}
	for _, r := range byType(p, "network", "Route") {
		consider(parentID(r.ID, 1), inputs(r))
	}
	return out
}
