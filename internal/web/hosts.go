package web

import (
	"net"
	"os"
	"strings"
)

// allowedHosts are the Host header values a server listening on addr answers
// to (DNS rebinding: a hostile page whose name resolves to this machine still
// sends its own name as Host). Each is host:port with addr's port, and also
// the bare host when the port is 80, since browsers leave that out:
//
//   - addr itself, and localhost, 127.0.0.1 and [::1];
//   - on a wildcard address (0.0.0.0, ::, or no host, as in ":8765"), which
//     every address of the machine reaches, also the names it answers to:
//     the address of each network interface (net.InterfaceAddrs; IPv6 in
//     brackets), its host name (os.Hostname) with and without its domain,
//     and that name under .local (mDNS).
//
// The list is made once, when the server starts: an address the machine gets
// later (another network) is answered after a restart. Names are compared in
// lower case.
func allowedHosts(addr string) map[string]bool {
	hosts := map[string]bool{strings.ToLower(addr): true}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return hosts
	}
	add := func(h string) {
		h = strings.ToLower(strings.Trim(h, "[]"))
		hosts[net.JoinHostPort(h, port)] = true
		if port == "80" {
			if strings.Contains(h, ":") { // IPv6
				h = "[" + h + "]"
			}
			hosts[h] = true
		}
	}
	for _, h := range []string{"localhost", "127.0.0.1", "::1"} {
		add(h)
	}
	if ip := net.ParseIP(host); host != "" && (ip == nil || !ip.IsUnspecified()) {
		add(host)
		return hosts
	}
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			if ipn, ok := a.(*net.IPNet); ok {
				add(ipn.IP.String())
			}
		}
	}
	if name, err := os.Hostname(); err == nil && name != "" {
		short, _, _ := strings.Cut(name, ".")
		for _, h := range []string{name, short, short + ".local"} {
			add(h)
		}
	}
	return hosts
}
