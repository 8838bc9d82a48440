/**
 * The one reading of a `Host` value (or a forwarded host) into its name and port, as webob
 * reads `HTTP_HOST` for `domain`, `host_port` and `host_url`: the port follows the last colon,
 * unless the value ends with `]` (an IPv6 literal without a port, which keeps its brackets).
 * `port` is null when the value names none, and '' for a bare trailing colon (webob tells the
 * two apart: `host_port` is then '', not the scheme's default).
 */
export function splitHost(host: string): { name: string; port: string | null } {
  const colon = host.lastIndexOf(':');
  if (colon === -1 || host.endsWith(']')) return { name: host, port: null };
  return { name: host.slice(0, colon), port: host.slice(colon + 1) };
}

/** webob's `host_port`: the port a Host value names, or its scheme's default when it names none. */
export function hostPort(host: string, scheme: string): string {
  return splitHost(host).port ?? defaultPort(scheme);
}

/** The port http and https imply when a host names none; '' for any other scheme (Pyramid's URLs imply none for `ws`, say). */
export function defaultPort(scheme: string): string {
  return scheme === 'https' ? '443' : scheme === 'http' ? '80' : '';
}
