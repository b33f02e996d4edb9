package configgen

import (
	"fmt"
	"net/netip"
	"sort"

	"github.com/privateaks/privateaks/internal/cidr"
)

// subnetRequest asks for a subnet of a prefix length under a name.
type subnetRequest struct {
	name string
	bits int
}

// allocate carves the requests out of space, largest first so that every
// block stays aligned, and returns name -> prefix. ok is false when they
// do not fit.
func allocate(space netip.Prefix, reqs []subnetRequest) (map[string]string, bool) {
	sorted := append([]subnetRequest(nil), reqs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].bits < sorted[j].bits })
	out := map[string]string{}
	next := uint64(0)
	size := cidr.Size(space)
	for _, r := range sorted {
		if r.bits < space.Bits() || r.bits > 32 {
			return nil, false
		}
		block := uint64(1) << uint(32-r.bits)
		next = (next + block - 1) / block * block
		if next+block > size {
			return nil, false
		}
		a, ok := cidr.Host(space, next)
		if !ok {
			return nil, false
		}
		out[r.name] = netip.PrefixFrom(a, r.bits).String()
		next += block
	}
	return out, true
}

// nodeSubnetBits is the prefix a pool's subnet needs: every node at
// maxCount plus the upgrade surge node, and in nodeSubnet mode each node's
// pods, plus Azure's reserved addresses; then 0-2 bits of headroom.
func (g *gen) nodeSubnetBits(maxCount, maxPods int, nodeSubnetMode bool) int {
	need := uint64(maxCount + 1)
	if nodeSubnetMode {
		need *= uint64(maxPods + 1)
	}
	bits := cidr.SmallestPrefixFor(need)
	bits -= g.intn(3)
	if bits > 29 {
		bits = 29
	}
	return bits
}

// spokeSpace is spoke i's address space at a size.
func spokeSpace(first, i, bits int) netip.Prefix {
	return netip.MustParsePrefix(fmt.Sprintf("10.%d.0.0/%d", first+i, bits))
}
