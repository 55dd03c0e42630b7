// Whether a host name is this machine: plain http is allowed for online
// checks only to such a host (a page served locally, local test servers).

/** The host names (as URL.hostname gives them) that mean this machine. */
const LOOPBACK = ["127.0.0.1", "localhost", "[::1]"];

/**
 * @param {string} hostname a URL's or location's hostname
 * @returns {boolean}
 */
export function isLoopbackHost(hostname) {
  return LOOPBACK.includes(hostname);
}
